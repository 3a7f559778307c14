/**
 * What every semantic check of `validate/` shares: the issue collector (`push` a code, a pointer and
 * the message parameters), the repeated-value check and the known record kinds.
 */
import { RECORD_KINDS } from '../enterprise.ts';
import type { Issue, IssueCode, Severity } from '../issues.ts';
import type { MessageParams } from '../messages.ts';
import { makeIssue } from '../messages.ts';

/** Adds one issue of the catalogue (message from `code` and `params`) at a JSON pointer. */
export type Push = (code: IssueCode, path: string, params?: MessageParams, severity?: Severity) => void;

/** A fresh list of issues and the `push` that adds to it. */
export function collector(): { issues: Issue[]; push: Push } {
  const issues: Issue[] = [];
  return { issues, push: (code, path, params = {}, severity) => issues.push(makeIssue(code, path, params, severity)) };
}

/** The record kinds of the enterprise contract. */
export const KNOWN_RECORD_KINDS: ReadonlySet<string> = new Set(RECORD_KINDS);

/** Reports every repeated value of `items` (at the second and later occurrence). */
export function duplicates<T>(items: readonly T[], key: (item: T) => string, onDuplicate: (index: number, key: string) => void) {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) onDuplicate(i, k);
    seen.add(k);
  });
}

/** An unknown record kind in a list of kinds (a measure's or an indicator's). */
export function checkKinds(kinds: readonly string[] | undefined, base: string, push: Push) {
  kinds?.forEach((k, j) => {
    if (!KNOWN_RECORD_KINDS.has(k)) push('kinds.unknown', `${base}/${j}`, { kind: k });
  });
}
