/**
 * Reading enterprise records from JSON Lines (CONTRACTS §1): every bad line is reported with its
 * number and reason, and nothing is returned half-read.
 */
import type { EnterpriseRecord } from '@policy/schemas';
import { validateEnterprise } from '@policy/schemas';
import { parseDay } from './dates.ts';

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
  const r = v.data;
  const dateCheck = (text: string | null | undefined, path: string) => {
    if (text != null && Number.isNaN(parseDay(text))) {
      errors.push({ line, path, message: `日期不存在：${text}`, messageEn: `not a calendar date: ${text}` });
    }
  };
  r.records?.forEach((rec, k) => {
    dateCheck(rec.date, `/records/${k}/date`);
    dateCheck(rec.repairedAt, `/records/${k}/repairedAt`);
    dateCheck(rec.objection?.filed, `/records/${k}/objection/filed`);
    dateCheck(rec.objection?.resolved, `/records/${k}/objection/resolved`);
  });
  r.lists?.forEach((l, k) => {
    dateCheck(l.from, `/lists/${k}/from`);
    dateCheck(l.until, `/lists/${k}/until`);
  });
  return errors.length > 0 ? { errors, warnings } : { record: r, errors, warnings };
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
    let value: unknown;
    try {
      value = JSON.parse(s);
    } catch (e) {
      errors.push({ line, path: '', message: `不是有效的 JSON：${(e as Error).message}`, messageEn: `invalid JSON: ${(e as Error).message}` });
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors.push({ line, path: '', message: '每行必须是一个 JSON 对象', messageEn: 'each line must be a JSON object' });
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
