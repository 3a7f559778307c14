/**
 * Validation of one enterprise record (CONTRACTS §1): its structure, the USCC check character and
 * the industry code.
 */
import type { EnterpriseRecord } from '../enterprise.ts';
import { enterpriseRecord } from '../enterprise.ts';
import { checkUscc, parseIndustryCode } from '../identifiers.ts';
import type { Issue, ValidationResult } from '../issues.ts';
import { valueAtPointer } from '../json.ts';
import { makeIssue } from '../messages.ts';
import { toPointer } from '../pointer.ts';
import type { StructuralRemap } from '../zod-issues.ts';
import { parseStructure } from '../zod-issues.ts';
import type { Push } from './collector.ts';

const enterpriseRemap: StructuralRemap = (issue, pointer, input) => {
  if (issue.code !== 'invalid_format') return undefined;
  const value = String(valueAtPointer(input, pointer));
  if (pointer === '/uscc') return { code: 'uscc.invalid', params: { value } };
  if (pointer === '/industryCode') return { code: 'industry.invalid', params: { value } };
  return undefined;
};

/**
 * Validates one enterprise record (CONTRACTS §1). A wrong USCC check character is a warning naming
 * the expected character; an industry section letter that does not match its division, or an unknown
 * division, is an error. With `line`, every message starts with the line number.
 *
 * @example
 * validateEnterprise({ uscc: '91350100M000100Y43', name: '某公司', industryCode: 'C1391', status: 'active' }, 3)
 * // → { success: true, data: {...}, issues: [] }
 */
export function validateEnterprise(input: unknown, line?: number): ValidationResult<EnterpriseRecord> {
  const parsed = parseStructure(enterpriseRecord, input, enterpriseRemap);
  const issues = parsed.success ? [] : parsed.issues;
  const push: Push = (code, path, params = {}, severity) => issues.push(makeIssue(code, path, params, severity));
  const rec = (input ?? {}) as Record<string, unknown>;
  if (typeof rec.uscc === 'string') {
    const check = checkUscc(rec.uscc);
    if (!check.ok && check.code === 'uscc.check-digit') {
      push('uscc.check-digit', '/uscc', { value: rec.uscc, expected: check.expected ?? '?', actual: rec.uscc[17] ?? '' });
    }
  }
  if (typeof rec.industryCode === 'string') {
    const parsedCode = parseIndustryCode(rec.industryCode);
    const division = /\d{2}/.exec(rec.industryCode)?.[0] ?? '';
    if (!parsedCode.ok && parsedCode.code === 'industry.section-mismatch') {
      push('industry.section-mismatch', '/industryCode', { value: rec.industryCode, division, expected: parsedCode.expectedSection ?? '?' });
    } else if (!parsedCode.ok && parsedCode.code === 'industry.unknown-division') {
      push('industry.unknown-division', '/industryCode', { value: rec.industryCode, division });
    }
  }
  if (line !== undefined) {
    for (const i of issues) {
      i.message = `第 ${line} 行：${i.message}`;
      i.messageEn = `line ${line}: ${i.messageEn}`;
    }
  }
  if (!parsed.success || issues.some((i) => i.severity === 'error')) return { success: false, issues };
  return { success: true, data: parsed.data, issues };
}

/** Prefixes every issue's pointer, e.g. to place an enterprise's issues inside a case file. */
export function prefixIssues(issues: readonly Issue[], prefix: readonly (string | number)[]): Issue[] {
  const p = toPointer(prefix);
  return issues.map((i) => ({ ...i, path: p + i.path }));
}
