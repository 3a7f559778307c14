/** Structural validation of stored documents and records, reported as `Issue`s with JSON pointers. */
import { documentSchemas, enterpriseRecord } from '@policy/schemas';
import type { DocumentKind, EnterpriseRecord, Issue } from '@policy/schemas';

interface ZodLikeIssue {
  path: PropertyKey[];
  message: string;
}

/** RFC 6901 pointer from a zod path. */
export function toPointer(path: readonly PropertyKey[]): string {
  return path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

function toIssues(issues: readonly ZodLikeIssue[]): Issue[] {
  return issues.map((i) => ({
    code: 'schema.invalid',
    severity: 'error',
    path: toPointer(i.path),
    message: `不符合格式要求：${i.message}`,
    messageEn: i.message,
  }));
}

/** Errors (severity `error`) of a policy document of the given kind; empty when it may be stored. */
export function documentErrors(kind: DocumentKind, document: unknown): Issue[] {
  const r = documentSchemas[kind].safeParse(document);
  return r.success ? [] : toIssues(r.error.issues);
}

/** Validates one enterprise record: the parsed record, or the issues. */
export function checkEnterprise(record: unknown): { success: true; data: EnterpriseRecord } | { success: false; issues: Issue[] } {
  const r = enterpriseRecord.safeParse(record);
  return r.success ? { success: true, data: r.data } : { success: false, issues: toIssues(r.error.issues) };
}
