/** What the evaluator returns: the columnar evaluation result, its per-enterprise JSON view, and the explanation of one enterprise. */
import type { LocalizedText } from '@policy/schemas';

/** Grade index meaning "no grade" (e.g. an industry model for an enterprise outside its domain). */
export const NO_GRADE = 255;
/** Rule index meaning "no rule decided". */
export const NO_RULE = 65535;
export const ON_SITE = ['on-trigger', 'normal', 'focused', 'always', 'when-necessary'] as const;
export type OnSite = (typeof ON_SITE)[number];

/** Results of one grading or industry-model document: one entry per enterprise. */
export interface DocumentResult {
  id: string;
  kind: 'grading' | 'industry-model';
  title: string;
  /** Grade codes; `grade[i]` indexes this. The best→worst order holds for indexes < `ordered`. */
  grades: string[];
  gradeLabels: LocalizedText[];
  /** Number of grades in the best→worst order (an unrated grade, when present, comes after). */
  ordered: number;
  /** Rule (band / rule / override) ids; `rule[i]` indexes this. */
  rules: string[];
  ruleLabels: LocalizedText[];
  grade: Uint8Array;
  rule: Uint16Array;
  /** Weighted 0–100 score (industry models only; NaN outside the domain). */
  score?: Float64Array;
  /** Industry models: the domain id whose enterprises it grades. */
  domain?: string;
  /** Bounds of the score bands (for near-threshold analysis): measure values that sit on a bound. */
  thresholds: number[];
  /** Grading documents: the measure the bands apply to is the score (column used for near-threshold). */
  bandsOnScore: boolean;
}

export interface DomainSet {
  /** Indexes into EvaluationResult.domains. */
  domains: number[];
  /** Indexes into EvaluationResult.departments. */
  departments: number[];
  /**
   * The same, counting only domains matched by industry code (not the `all: true` domains such as
   * taxpayers): the set a reviewer means by "in no domain" / "in several departments' domains".
   */
  specificDomains: number[];
  specificDepartments: number[];
  /** The set of the enterprises outside the register on the day (deregistered): counted nowhere. */
  outside?: true;
}

/** No sampling row applies to the enterprise (e.g. no row for its grade and no 'normal' row). */
export const NO_SAMPLING = 65535;

/** One distinct sampling outcome; enterprises point at it through `SamplingResult.row`. */
export interface SamplingRowResult {
  ratioPercent: number;
  frequencyPerYear: number;
  onSite: OnSite;
  /** True when the ratio follows the enterprise's credit grade (differentiated sampling). */
  differentiated: boolean;
}

export interface SamplingResult {
  documentId: string;
  /** Id of the grading document whose grades drive sampling (the default of every domain without its own basis). */
  grading: string;
  /** Ids of the documents that can decide: `grading` first, then the per-domain basis documents (按领域的抽查依据). */
  deciding: string[];
  /** Per enterprise: index into `deciding` of the document whose grade decided its row (0 = `grading`). */
  by: Uint8Array;
  /** True when the sampling document has a per-domain basis: the JSON row then names the deciding document (`decidedBy`). */
  reportsBasis: boolean;
  /** Per enterprise: index into `rows`, or NO_SAMPLING. */
  row: Uint16Array;
  rows: SamplingRowResult[];
  differentiatedShareMinPercent: number;
}

export interface EnterpriseResultJson {
  uscc: string;
  name: string;
  results: Record<string, { grade: string | null; rule: string | null; score?: number }>;
  domains: string[];
  departments: string[];
  /**
   * `grade` is the grade, in the deciding document, that chose the row; `decidedBy` (only when the sampling
   * document has a per-domain basis, so that results of documents without one stay byte-identical) is that
   * document's id.
   */
  sampling: { grade: string | null; ratioPercent: number; frequencyPerYear: number; onSite: OnSite; decidedBy?: string } | null;
  /** Present (true) only for an enterprise outside the register on the day (deregistered). */
  outsideRegister?: true;
}

export interface EvaluationResult {
  n: number;
  /** Evaluation date, YYYY-MM-DD. */
  at: string;
  /** Grading documents first (bundle order), then industry models. */
  documents: DocumentResult[];
  byId: ReadonlyMap<string, DocumentResult>;
  /** Domain ids and names from the domain-assignment document ([] when there is none). */
  domains: { id: string; name: LocalizedText; departments: string[] }[];
  departments: { id: string; name: LocalizedText; shortName?: string }[];
  /** Per enterprise: index into `domainSets`. */
  domainSet: Uint32Array;
  domainSets: DomainSet[];
  sampling: SamplingResult | null;
  /** Per enterprise: its status on the day (index into STATUSES of population.ts; dated statuses resolved). */
  status: Uint8Array;
  /**
   * Enterprises outside the register on the day (deregistered), ascending: no grade in any document,
   * no domain or department, no sampling row; aggregates, workload and draws leave them out, and
   * `policy evaluate` does not write them.
   */
  outside: Uint32Array;
  /** True when enterprise i is outside the register on the day. */
  isOutside(i: number): boolean;
  /** The per-enterprise JSON shape used by the CLI, the server and the UI. */
  toJSON(i: number): EnterpriseResultJson;
}

/** Why a record does not count (see `recordExclusion` in counting.ts; `ignored-kind`: the grading ignores its kind). */
export type ExclusionReason = 'outside-window' | 'after-at' | 'publication-ended' | 'repaired' | 'objection-pending' | 'ignored-kind';

export interface RecordTrace {
  id: string;
  kind: string;
  date: string;
  severity: 'general' | 'serious' | 'ignore';
  /** True when the record caused serious consequences (造成严重后果). */
  seriousConsequence?: true;
  /** The record's domain (`records[].domain`), when it has one: publication periods may depend on it. */
  domain?: string;
  counted: boolean;
  reason?: ExclusionReason;
  reasonLabel?: LocalizedText;
}

export interface DocumentExplanation {
  id: string;
  kind: 'grading' | 'industry-model';
  title: string;
  grade: string | null;
  gradeLabel: LocalizedText | null;
  rule: string | null;
  ruleLabel: LocalizedText | null;
  score?: number;
  /**
   * Grading documents: each measure's value at `at` (null = no value). `notNumber`: the value is a text
   * (e.g. "n/a", "未填报") and the document compares the measure with a number or a boolean (its bands, a
   * rule or an override): a text is no number, so the decision read it as missing.
   */
  measures: { id: string; type: string; label?: LocalizedText; value: number | boolean | string | null; notNumber?: true }[];
  /** Grading documents: the records against the document's window. */
  records: RecordTrace[];
  window?: { from: string; to: string };
  /** Industry models: each indicator's value, points and weight. */
  indicators?: { id: string; label: LocalizedText; value: number | boolean | string | null; points: number; weight: number }[];
}

/** One supervision item an enterprise triggers (issue 13 finding 6): the trigger points that hold and the measures that apply. */
export interface EnterpriseTrigger {
  department: string;
  documentId: string;
  code: string;
  name: string;
  triggers: { id: string; description: string }[];
  measures: { id: string; description: string }[];
}

/**
 * One early warning of an enterprise (风险预警, issue 13 finding 5): the rule that fired, who owns it
 * and who is warned; in explanations, the value of each leaf of its condition (why it fired).
 */
export interface EnterpriseWarning {
  documentId: string;
  /** The department that owns the rule. */
  department: string;
  ruleId: string;
  label: LocalizedText;
  /** The departments warned. */
  notify: string[];
  /** The rule's condition in words. */
  condition: LocalizedText;
  /** Explanations only: each leaf of the condition with the enterprise's value and whether it holds. */
  values?: WarningLeafValue[];
}

/** A leaf of a warning rule's condition for one enterprise: a key indicator compared with its threshold, or a grade. */
export type WarningLeafValue =
  | {
      leaf: 'measure';
      measure: string;
      label: LocalizedText;
      /** The enterprise's value on the day (null: none, e.g. not rated). */
      value: number | boolean | string | null;
      op: string;
      threshold: number | boolean | string;
      holds: boolean;
      /**
       * True when the value is a text (e.g. "n/a", "未填报") compared with a number or a boolean: a text
       * is no number, so the comparison reads it as missing (it never holds, but `!=` does).
       */
      notNumber?: true;
    }
  | { leaf: 'grade'; document: string; title: LocalizedText; grade: string | null; grades: string[]; holds: boolean };

export interface Explanation {
  uscc: string;
  name: string;
  at: string;
  /** Status on the day `at` (a dated status resolved; see CONTRACTS: status as of a date). */
  status: string;
  industryCode: string;
  regionCode: string | null;
  /** Score known on the day `at` (null: not rated, or its `scoreDate` is after `at`). */
  publicCreditScore: number | null;
  documents: DocumentExplanation[];
  lists: { list: string; from: string; until: string | null; inForce: boolean }[];
  domains: { id: string; name: LocalizedText }[];
  departments: { id: string; name: LocalizedText }[];
  sampling: EnterpriseResultJson['sampling'] & {} | null;
  result: EnterpriseResultJson;
  /** Present when some trigger point of the bundle has a condition: the supervision items the enterprise triggers (触发式监管). */
  triggered?: EnterpriseTrigger[];
  /** Present when the bundle has early-warning rules: the rules that warn the enterprise, with the values that fired them. */
  warnings?: EnterpriseWarning[];
}
