/**
 * Grade names as a reviewer reads them ("C 类", "优") and the changes of a grade set (added, removed,
 * relabelled, reordered), shared by gradings and industry models.
 */
import type { LocalizedText } from '../documents.ts';
import type { Out } from './sentences.ts';
import { enName, matchBy, same } from './sentences.ts';

/** Chinese and English name of a grade code. */
export interface Grades {
  zh(code: string): string;
  en(code: string): string;
}

/** Names of the grades of one or more grade sets (the first label of a code wins). */
export function gradeNames(...sets: (readonly { code: string; label: LocalizedText }[] | undefined)[]): Grades {
  const map = new Map<string, LocalizedText>();
  for (const s of sets) for (const g of s ?? []) if (!map.has(g.code)) map.set(g.code, g.label);
  // single-letter classes read "C 类"; named grades read by their label ("优")
  return {
    zh: (code) => (code.length <= 2 ? `${code} 类` : (map.get(code)?.zh ?? code)),
    en: (code) => (code.length <= 2 ? `class ${code}` : (map.get(code)?.en ?? code)),
  };
}

/** Grades added, removed and relabelled, and a changed order of the grades both versions share. */
export function diffGradeSet(
  out: Out,
  base: string,
  before: readonly { code: string; label: LocalizedText }[],
  after: readonly { code: string; label: LocalizedText }[],
) {
  const m = matchBy(before, after, (g) => g.code);
  for (const g of m.added)
    out.add(`${base}/${g.i}`, `新增等级 ${g.key}（${g.t.label.zh}）`, `grade ${g.key} (${enName(g.t.label, g.key)}) added`);
  for (const g of m.removed)
    out.add(`${base}/${g.i}`, `删除等级 ${g.key}（${g.t.label.zh}）`, `grade ${g.key} (${enName(g.t.label, g.key)}) removed`);
  for (const g of m.kept) {
    if (!same(g.before.label, g.after.label))
      out.add(
        `${base}/${g.ai}/label`,
        `等级 ${g.key} 名称 ${g.before.label.zh} → ${g.after.label.zh}`,
        `grade ${g.key} label ${enName(g.before.label, g.key)} → ${enName(g.after.label, g.key)}`,
      );
  }
  const orderB = before.map((g) => g.code).filter((c) => after.some((x) => x.code === c));
  const orderA = after.map((g) => g.code).filter((c) => before.some((x) => x.code === c));
  if (!same(orderA, orderB))
    out.add(base, `等级顺序 ${orderB.join(' > ')} → ${orderA.join(' > ')}`, `grade order ${orderB.join(' > ')} → ${orderA.join(' > ')}`);
}
