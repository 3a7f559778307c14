/**
 * The sentence list every part of the semantic diff writes to, and the helpers they share: equality
 * by JSON text, names of localized labels, and array elements matched by key.
 */
import type { LocalizedText } from '../documents.ts';
import { formatNumber as num } from '../phrasing.ts';

/** One change in policy language. */
export interface DiffSentence {
  zh: string;
  en: string;
  /** JSON pointer of the changed place (in the newer version; in the older one for removals). */
  path: string;
  /** True for a consequence the reviewer must look at, not a change: e.g. a text the change made false. */
  warning?: boolean;
}

/** Same JSON text (the diff's notion of "unchanged"). */
export const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
export const zhName = (l: LocalizedText | undefined, fallback: string) => l?.zh ?? fallback;
export const enName = (l: LocalizedText | undefined, fallback: string) => l?.en ?? l?.zh ?? fallback;
export const pct = (n: number) => `${num(n)}%`;

/** Elements of two arrays matched by key: added, removed and kept (with both indexes). */
export function matchBy<T>(before: readonly T[], after: readonly T[], key: (t: T) => string) {
  const b = new Map(before.map((t, i) => [key(t), { t, i }] as const));
  const a = new Map(after.map((t, i) => [key(t), { t, i }] as const));
  const added = [...a].filter(([k]) => !b.has(k)).map(([k, v]) => ({ key: k, ...v }));
  const removed = [...b].filter(([k]) => !a.has(k)).map(([k, v]) => ({ key: k, ...v }));
  const kept = [...a]
    .filter(([k]) => b.has(k))
    .map(([k, v]) => ({ key: k, after: v.t, ai: v.i, before: b.get(k)!.t, bi: b.get(k)!.i }));
  return { added, removed, kept };
}

/** The sentences of a diff, in the order they are added. */
export class Out {
  readonly sentences: DiffSentence[] = [];
  add(path: string, zh: string, en: string) {
    this.sentences.push({ zh, en, path });
  }
}
