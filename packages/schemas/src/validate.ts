/**
 * Validation of policy documents, bundles and enterprise records: zod structure first, then the
 * semantic checks JSON Schema cannot express. Every issue has a stable code, a JSON pointer and a
 * Chinese and an English message; warnings never make `success` false.
 */
import type { DocumentKind, PolicyDocument } from './documents.ts';
import { DOCUMENT_KINDS, documentSchemas } from './documents.ts';
import type { Issue, ValidationResult } from './issues.ts';
import { makeIssue } from './messages.ts';
import { staleQuoteIssue, staleQuotes, textChecks } from './stale-text.ts';
import type { PlaceNames } from './places.ts';
import { parseStructure } from './zod-issues.ts';
import { collector } from './validate/collector.ts';
import { checkDomainAssignment } from './validate/domain-assignment.ts';
import { checkGrading } from './validate/grading.ts';
import { checkIndustryModel } from './validate/industry-model.ts';
import { checkSampling, samplingRemap } from './validate/sampling.ts';
import { checkSupervisionItems } from './validate/supervision-items.ts';
import { checkEarlyWarning } from './validate/early-warning.ts';

export { SAMPLING_LIMITS } from './validate/sampling.ts';
export { ITEM_REPORT_WORKING_DAYS } from './validate/supervision-items.ts';
export { validateBundle } from './validate/bundle.ts';
export { prefixIssues, validateEnterprise } from './validate/enterprise.ts';

/** Names a document cannot hold itself, for the messages (e.g. the grade labels of the grading a sampling table follows). */
export interface ValidateOptions {
  names?: PlaceNames;
}

/**
 * The structural half of `validateDocument`: the document parsed for its `kind` (defaults applied),
 * or the structural issues. Callers that need a document despite semantic errors (e.g. to check the
 * rest of a bundle without cascading "missing document" issues) use this.
 *
 * @example
 * const r = parseDocument(JSON.parse(text)); // r.success → r.data.kind
 */
export function parseDocument(input: unknown, options: ValidateOptions = {}): { success: true; data: PolicyDocument } | { success: false; issues: Issue[] } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    const got = input === null ? 'null' : Array.isArray(input) ? 'array' : typeof input;
    return {
      success: false,
      issues: [makeIssue('schema.invalid', '', { detail: `文档应为 JSON 对象，实际为 ${got}`, detailEn: `a document must be a JSON object, got ${got}` })],
    };
  }
  const kind = (input as { kind?: unknown }).kind;
  if (typeof kind !== 'string' || !(DOCUMENT_KINDS as readonly string[]).includes(kind)) {
    return { success: false, issues: [makeIssue('document.unknown-kind', '/kind', { kind: JSON.stringify(kind) ?? 'undefined' })] };
  }
  const parsed = parseStructure(documentSchemas[kind as DocumentKind], input, kind === 'sampling' ? samplingRemap : undefined, options);
  return parsed.success ? { success: true, data: parsed.data as PolicyDocument } : parsed;
}

/**
 * Validates one policy document: its structure for its `kind`, then the semantic checks of that kind.
 * `data` has zod defaults applied. Warnings leave `success` true.
 *
 * @example
 * const r = validateDocument(JSON.parse(text));
 * if (!r.success) for (const i of r.issues) console.log(i.path, i.code, i.message);
 */
export function validateDocument(input: unknown, options: ValidateOptions = {}): ValidationResult<PolicyDocument> {
  const parsed = parseDocument(input, options);
  if (!parsed.success) return parsed;
  const issues = semanticIssues(parsed.data, options);
  return issues.some((i) => i.severity === 'error') ? { success: false, issues } : { success: true, data: parsed.data, issues };
}

/** The semantic checks of a structurally valid document. */
export function semanticIssues(doc: PolicyDocument, options: ValidateOptions = {}): Issue[] {
  const { issues, push } = collector();
  switch (doc.kind) {
    case 'grading':
      checkGrading(doc, push);
      break;
    case 'industry-model':
      checkIndustryModel(doc, push);
      break;
    case 'sampling':
      checkSampling(doc, push, options.names);
      break;
    case 'domain-assignment':
      checkDomainAssignment(doc, push);
      break;
    case 'supervision-items':
      checkSupervisionItems(doc, push);
      break;
    case 'early-warning':
      checkEarlyWarning(doc, push);
      break;
  }
  checkTexts(doc, issues);
  return issues;
}

/** Labels, notes, descriptions and ids that quote a number the document does not use there. */
function checkTexts(doc: PolicyDocument, issues: Issue[]) {
  for (const check of textChecks(doc)) for (const s of staleQuotes(check)) issues.push(staleQuoteIssue(s));
}
