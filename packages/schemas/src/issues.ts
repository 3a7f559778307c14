/** Validation issues: results as data, one shape for the form, the code editor, the API and the CLI. */

export type Severity = 'error' | 'warning';

/** A problem found in a document or record, located by a JSON pointer (RFC 6901). */
export interface Issue {
  /** Stable machine code, e.g. `bands.gap`. */
  code: IssueCode;
  severity: Severity;
  /** JSON pointer into the document, e.g. `/content/decision/bands/1/min`. */
  path: string;
  /** Chinese message (default UI language). */
  message: string;
  /** English message. */
  messageEn: string;
  /** Id of the document the issue belongs to (set by bundle checks and by callers that validate many documents). */
  documentId?: string;
}

export type ValidationResult<T> =
  | { success: true; data: T; issues: Issue[] } // issues may still hold warnings
  | { success: false; issues: Issue[] };

/** The closed set of issue codes. Keep in sync with the messages in `messages.ts`. */
export type IssueCode =
  | 'json.syntax'
  | 'schema.invalid'
  | 'document.duplicate-id'
  | 'document.unknown-kind'
  | 'grades.duplicate'
  | 'grades.unknown'
  | 'measures.duplicate'
  | 'measures.unknown'
  | 'measures.type-mismatch'
  | 'kinds.unknown'
  | 'publication.minimum-exceeds-maximum'
  | 'publication.duplicate'
  | 'publication.unreachable'
  | 'publication.minimum-too-short'
  | 'publication.maximum-too-long'
  | 'bands.gap'
  | 'bands.overlap'
  | 'bands.empty'
  | 'bands.out-of-range'
  | 'bands.unclear-bound'
  | 'rules.no-catch-all'
  | 'rules.unreachable'
  | 'rules.duplicate-id'
  | 'overrides.improves'
  | 'sampling.ratio-decreasing'
  | 'sampling.out-of-range'
  | 'sampling.ratio-outside-range'
  | 'sampling.range-inverted'
  | 'sampling.grade-missing'
  | 'sampling.unknown-grading'
  | 'domains.no-department'
  | 'domains.unknown-department'
  | 'domains.code-claimed-twice'
  | 'domains.invalid-code'
  | 'domains.duplicate'
  | 'departments.duplicate'
  | 'ahp.size-mismatch'
  | 'ahp.not-reciprocal'
  | 'ahp.inconsistent'
  | 'ahp.out-of-scale'
  | 'indicators.duplicate'
  | 'indicators.unknown'
  | 'indicators.unassigned'
  | 'indicators.list-scoring'
  | 'indicators.list-rewarded'
  | 'model.domain-missing'
  | 'general.has-domain'
  | 'general.refines'
  | 'general.dimension-missing'
  | 'general.dimension-absent'
  | 'items.duplicate-code'
  | 'items.report-late'
  | 'items.report-missing'
  | 'items.unknown-domain'
  | 'triggers.unknown-measure'
  | 'triggers.type-mismatch'
  | 'triggers.unknown-document'
  | 'triggers.unknown-grade'
  | 'triggers.measure-severity'
  | 'warnings.duplicate-rule'
  | 'warnings.unknown-measure'
  | 'warnings.type-mismatch'
  | 'warnings.measure-severity'
  | 'warnings.unknown-document'
  | 'warnings.unknown-grade'
  | 'warnings.always'
  | 'warnings.duplicate-notify'
  | 'uscc.invalid'
  | 'uscc.check-digit'
  | 'industry.invalid'
  | 'industry.section-mismatch'
  | 'industry.unknown-division'
  | 'bundle.unknown-reference'
  | 'bundle.duplicate-document'
  | 'bundle.one-of-kind'
  | 'draw.no-sampling'
  | 'draw.unknown-department'
  | 'draw.too-few-inspectors'
  | 'scope.foreign-department'
  | 'scope.domain-not-assigned'
  | 'sampling.ratio-zero'
  | 'sampling.all-zero'
  | 'sampling.worst-below-best'
  | 'sampling.rows-out-of-order'
  | 'sampling.basis-duplicate'
  | 'sampling.basis-domain-mismatch'
  | 'sampling.plan-duplicate'
  | 'sampling.differentiated-share-below'
  | 'grades.unreachable'
  | 'rules.never-matches'
  | 'text.stale-number';
