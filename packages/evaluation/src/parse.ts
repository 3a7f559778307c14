/**
 * Reading enterprise records from JSON Lines (CONTRACTS §1): every bad line is reported with its
 * number and reason, and nothing is returned half-read.
 */
import type { EnterpriseRecord } from '@policy/schemas';
import { makeIssue, parseJson, validateEnterprise } from '@policy/schemas';

export interface LineProblem {
  /** 1-based line number in the file. */
  line: number;
  /** JSON pointer inside the line's object ('' = the whole line). */
  path: string;
  message: string;
  messageEn: string;
}

export type ParseEnterprisesResult =
  | { success: true; records: EnterpriseRecord[]; warnings: LineProblem[] }
  | { success: false; errors: LineProblem[]; warnings: LineProblem[] };

/** Checks one parsed value as an enterprise record; returns its problems (errors) and warnings. */
export function checkEnterprise(value: unknown, line: number): { record?: EnterpriseRecord; errors: LineProblem[]; warnings: LineProblem[] } {
  const errors: LineProblem[] = [];
  const warnings: LineProblem[] = [];
  const v = validateEnterprise(value);
  for (const i of v.issues) {
    const target = i.severity === 'warning' ? warnings : errors;
    target.push({ line, path: i.path, message: i.message, messageEn: i.messageEn });
  }
  if (!v.success) return { errors, warnings };
  // every date is a real calendar date: the schema's `calendarDate` checks it (and names the field)
  return { record: v.data, errors, warnings };
}

/**
 * Parses a `.jsonl` text of enterprise records. Blank lines are skipped. Any bad line makes the
 * whole result a failure listing every bad line; a wrong USCC check character is only a warning.
 *
 * @example
 * const r = parseEnterprisesJsonl('{"uscc":"91350100M000100Y43","name":"甲","industryCode":"5211","status":"active"}\n');
 * r.success && r.records.length // → 1
 */
export function parseEnterprisesJsonl(text: string): ParseEnterprisesResult {
  const records: EnterpriseRecord[] = [];
  const errors: LineProblem[] = [];
  const warnings: LineProblem[] = [];
  let start = 0;
  let line = 0;
  const len = text.length;
  if (text.charCodeAt(0) === 0xfeff) start = 1;
  while (start <= len) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = len;
    line++;
    let s = text.slice(start, end);
    if (s.endsWith('\r')) s = s.slice(0, -1);
    start = end + 1;
    if (s.trim() === '') {
      if (end === len) break;
      continue;
    }
    const parsed = parseJson(s);
    if (!parsed.success) {
      // the position inside the line (line 1 of its text, the column where it breaks)
      for (const i of parsed.issues) errors.push({ line, path: '', message: i.message, messageEn: i.messageEn });
      continue;
    }
    const value = parsed.data;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      const i = makeIssue('schema.invalid', '', { detail: '每行必须是一个 JSON 对象', detailEn: 'each line must be a JSON object' });
      errors.push({ line, path: '', message: i.message, messageEn: i.messageEn });
      continue;
    }
    const checked = checkEnterprise(value, line);
    warnings.push(...checked.warnings);
    if (checked.record) records.push(checked.record);
    else errors.push(...checked.errors);
  }
  return errors.length > 0 ? { success: false, errors, warnings } : { success: true, records, warnings };
}

/** One line problem as text: `第 3 行 /industryCode：… / line 3 /industryCode: …`. */
export function formatLineProblem(p: LineProblem): string {
  const where = p.path ? ` ${p.path}` : '';
  return `第 ${p.line} 行${where}：${p.message} / line ${p.line}${where}: ${p.messageEn}`;
}
