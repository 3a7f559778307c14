/** Validation of stored documents and imported records, through `@policy/schemas` (issues with JSON pointers). */
import { checkUscc, enterpriseRecord, parseIndustryCode, pointer, validateDocument, validateEnterprise } from '@policy/schemas';
import type { DocumentKind, EnterpriseRecord, Issue } from '@policy/schemas';

/**
 * Errors (severity `error`) of a policy document — structure and semantic checks — that must be
 * fixed before it may be stored; empty when it is fine. `kind` is checked against the document's own.
 */
export function documentErrors(kind: DocumentKind, document: unknown): Issue[] {
  const r = validateDocument(document);
  const issues = r.issues.filter((i) => i.severity === 'error');
  if ((document as { kind?: unknown } | null)?.kind !== kind) {
    issues.unshift({ code: 'document.unknown-kind', severity: 'error', path: pointer('kind'), message: `文档类型应为 ${kind}`, messageEn: `kind must be ${kind}` });
  }
  return issues;
}

/** Validates one enterprise record: the parsed record (with warnings), or the issues. */
export function checkEnterprise(
  record: unknown,
): { success: true; data: EnterpriseRecord; warnings: Issue[] } | { success: false; issues: Issue[] } {
  // Fast path for the common valid record (about 8× faster than the full validator); any doubt
  // goes through validateEnterprise, which produces the issue list and warnings.
  const fast = enterpriseRecord.safeParse(record);
  if (fast.success && checkUscc(fast.data.uscc).ok && parseIndustryCode(fast.data.industryCode).ok) {
    return { success: true, data: fast.data, warnings: [] };
  }
  const r = validateEnterprise(record);
  return r.success ? { success: true, data: r.data, warnings: r.issues } : { success: false, issues: r.issues.filter((i) => i.severity === 'error') };
}
