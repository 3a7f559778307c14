/**
 * Reading enterprise records from JSON Lines (CONTRACTS §1): every bad line is reported with its
 * number and reason, and nothing is returned half-read.
 */
import type { EnterpriseRecord } from '@policy/schemas';
import { checkUscc, enterpriseRecord, parseIndustryCode } from '@policy/schemas';
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

const pointer = (path: readonly PropertyKey[]) =>
  path.length === 0 ? '' : '/' + path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  values?: unknown[];
  keys?: string[];
  minimum?: unknown;
  maximum?: unknown;
}

function zhMessage(issue: ZodIssueLike): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.path.length > 0 && issue.message.includes('received undefined')
        ? '缺少必填字段'
        : `类型错误${issue.expected ? `，应为 ${issue.expected}` : ''}`;
    case 'invalid_format':
      return '格式不正确';
    case 'invalid_value':
      return `取值无效，应为 ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(' / ')}`;
    case 'too_small':
      return `小于允许的最小值或长度 ${String(issue.minimum)}`;
    case 'too_big':
      return `超过允许的最大值或长度 ${String(issue.maximum)}`;
    case 'unrecognized_keys':
      return `未知字段：${(issue.keys ?? []).join(', ')}`;
    case 'invalid_union':
      return '取值不符合任何允许的形式';
    default:
      return '取值无效';
  }
}

/** Checks one parsed value as an enterprise record; returns its problems (errors) and warnings. */
export function checkEnterprise(value: unknown, line: number): { record?: EnterpriseRecord; errors: LineProblem[]; warnings: LineProblem[] } {
  const errors: LineProblem[] = [];
  const warnings: LineProblem[] = [];
  const parsed = enterpriseRecord.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues as unknown as ZodIssueLike[]) {
      errors.push({ line, path: pointer(issue.path), message: zhMessage(issue), messageEn: issue.message });
    }
    return { errors, warnings };
  }
  const r = parsed.data;
  const ind = parseIndustryCode(r.industryCode);
  if (!ind.ok) {
    const zh =
      ind.code === 'industry.section-mismatch'
        ? `行业门类字母与大类不符，应为 ${ind.expectedSection}`
        : ind.code === 'industry.unknown-division'
          ? '国民经济行业分类中没有这个大类'
          : '行业代码格式不正确';
    const en =
      ind.code === 'industry.section-mismatch'
        ? `section letter does not match the division; expected ${ind.expectedSection}`
        : ind.code === 'industry.unknown-division'
          ? 'unknown GB/T 4754-2017 division'
          : 'invalid industry code';
    errors.push({ line, path: '/industryCode', message: zh, messageEn: en });
  }
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
  const u = checkUscc(r.uscc);
  if (!u.ok && u.code === 'uscc.check-digit') {
    warnings.push({
      line,
      path: '/uscc',
      message: `统一社会信用代码校验位不符（应为 ${u.expected ?? '?'}），按原样接受`,
      messageEn: `USCC check character does not match (expected ${u.expected ?? '?'}); accepted as is`,
    });
  }
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
