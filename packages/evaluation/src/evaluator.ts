/**
 * The evaluator's types, in the spirit of a query builder's compiler / executor split: `compile()`
 * (compile.ts, compiler/) turns documents into these compiled forms and generated kernels
 * (kernels/); `evaluate()` (run/) executes them over a population; `explain()` (explain.ts) reads
 * them for one enterprise. Types only: every module may import this one.
 */
import type { Band, DomainAssignmentDocument, GradingDocument, IndustryModelDocument, Issue, LocalizedText, PolicyBundle, SamplingDocument } from '@policy/schemas';
import type { RecordLifetimes } from './counting.ts';
import type { Population } from './population.ts';
import type { EvaluationResult, Explanation } from './result.ts';

/** One entry of a kernel's legend: a local of the generated code (or a bit of a bitmask) and what it stands for. */
export interface LegendEntry {
  name: string;
  meaning: LocalizedText;
}

/**
 * The generated pieces of one grading document. Identifiers start with `$`, replaced per slot
 * (`g0_`, `g1_`, …) when several documents are fused into one kernel. Numbers are not in the
 * source: the kernel reads them from typed arrays before its loop.
 */
export interface GradingFragment {
  /** Count of numeric constants `$C0…` (thresholds, compared values): read from `CF`. */
  consts: number;
  /** Count of integer constants `$I0…` (grade indexes, codes, the decision's tables): read from `CI`. */
  intConsts: number;
  /** Count of string constants `$S0…` (dictionary indexes of compared texts): read from `CF`. */
  strings: number;
  /** Indexes of the recordCount measures (counted in the shared pass over the records). */
  recordMeasures: number[];
  /** Per record measure (same order): its `seriousConsequence` filter (undefined: none). */
  recordConsequence?: (boolean | undefined)[];
  /** True when the document counts records under a pending objection (`pendingObjection: counted`). */
  countsPendingObjections?: boolean;
  /** True when the document has publication periods: its record measures read `$XL` / `$MN` (per kind, from `KS`) instead of the shared repair test. */
  recordLifetimes?: boolean;
  /** Indexes of the listMember measures (from the shared pass over list memberships). */
  listMeasures: number[];
  /** Indexes of the indicator measures (`$V`, `$T` columns, `$H` = column present). */
  indicatorMeasures: number[];
  /** Per-enterprise measures (status, score, indicators). */
  perEnterprise: string[];
  /** The decision: rules or bands, then overrides; sets `$g` and `$r`. */
  decision: string[];
  /** What the fragment's `$` names stand for (measures, constants, the decision's bits). */
  legend: LegendEntry[];
}

/** Per (population, date) constants of a compiled grading document. */
export interface GradingConstants {
  /** Per measure: last day before its window (recordCount measures). */
  lo: Int32Array;
  /** Per measure: which record kinds it counts (recordCount measures; 1 = counted). */
  km: (Uint8Array | null)[];
  /** Per measure: index of its list in `pop.lists` (listMember measures; -1 = no such list). */
  L: Int32Array;
  /** Per measure: the indicator column's values and value kinds (indicator measures present in the population). */
  V: (Float64Array | null)[];
  T: (Uint8Array | null)[];
  /** Dictionary index of each compared text in its indicator column (-1: no enterprise has it). */
  S: Float64Array;
  /** Numeric constants of the document (thresholds, compared values), read into locals before the loop. */
  C: Float64Array;
  /** Integer constants (grade indexes, status and severity codes, the decision's tables). */
  CI: Int32Array;
  /** Publication periods per record kind (documents with `publicationPeriods`; see `recordLifetimes` in counting.ts). */
  life?: RecordLifetimes;
}

export interface CompiledGrading {
  doc: GradingDocument;
  /** Id of the document's unit: equal for equal documents (results are shared between them). */
  uid: number;
  grades: string[];
  gradeLabels: LocalizedText[];
  ordered: number;
  unrated: number;
  rules: string[];
  ruleLabels: LocalizedText[];
  measureIndex: Map<string, number>;
  /** Generated source of the document's kernel alone (for inspection and debugging). */
  source: string;
  /** Generated pieces, fused with other documents' into one kernel per evaluation. */
  fragment: GradingFragment;
  prepare(pop: Population, at: number): GradingConstants;
  thresholds: number[];
  bandsOnScore: boolean;
}

export interface CompiledIndustryModel {
  doc: IndustryModelDocument;
  /** Id of the document's unit: equal for equal documents. */
  uid: number;
  grades: string[];
  gradeLabels: LocalizedText[];
  rules: string[];
  ruleLabels: LocalizedText[];
  /** Final weight of each indicator (criteria weight × weight within its criterion). */
  weights: number[];
  criteria: { id: string; weight: number; lambdaMax: number; ci: number; cr: number; indicatorWeights: number[] }[];
  criteriaAhp: { weights: number[]; lambdaMax: number; ci: number; cr: number };
  thresholds: Band[];
}

/** A generated kernel as `Evaluator.kernels()` lists it. */
export interface KernelListing {
  /** `grading`: one fused pass for these grading documents; `industry-model`: one model's scoring pass. */
  kind: 'grading' | 'industry-model';
  /** Ids of the documents the kernel evaluates. */
  documents: string[];
  /** The generated JavaScript, exactly as it is compiled with `new Function`. */
  source: string;
  /** Which local is which measure or constant, which bit is which rule. */
  legend: LegendEntry[];
}

export interface Evaluator {
  bundle: PolicyBundle;
  gradings: CompiledGrading[];
  models: CompiledIndustryModel[];
  domainAssignment: DomainAssignmentDocument | null;
  sampling: SamplingDocument | null;
  /** Unit ids of the domain-assignment and sampling documents (0 when absent). */
  units: { domainAssignment: number; sampling: number };
  /** Evaluates every enterprise at the date `at` (YYYY-MM-DD). */
  evaluate(pop: Population, at: string): EvaluationResult;
  /** Why enterprise `i` got its grades at `at`. */
  explain(pop: Population, i: number, at: string): Explanation;
  /** Every kernel an evaluation runs when nothing is cached: the fused grading kernels, then one per industry model. */
  kernels(): KernelListing[];
}

export type CompileResult = { success: true; evaluator: Evaluator; issues: Issue[] } | { success: false; issues: Issue[] };
