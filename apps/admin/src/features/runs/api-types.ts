/** Outputs of the procedures the run screens use (inferred from the server's router). */
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@policy/server/router';

type RouterOutputs = inferRouterOutputs<AppRouter>;

export type RunRow = RouterOutputs['runs']['list'][number];
export type RunDetail = RouterOutputs['runs']['get'];
export type RunVerify = RouterOutputs['runs']['verify'];
export type DatasetRow = RouterOutputs['datasets']['list'][number];

/** `{ zh, en }` as the evaluator labels grades, rules, departments. */
export interface Label {
  zh: string;
  en?: string;
}

/** One breakdown of a stored run's aggregates: enterprises per grade (grades order), then with no grade. */
export interface Breakdown {
  key: string;
  label?: Label;
  counts: number[];
  total: number;
}

/**
 * The aggregates a run stores (`runAggregates` of @policy/evaluation; `runs.get` returns them as
 * `unknown`): distributions per document, overall and by department, and the workload.
 */
export interface RunAggregates {
  n: number;
  outside: number;
  at: string;
  documents: {
    id: string;
    kind: 'grading' | 'industry-model';
    title: string;
    grades: string[];
    /** Absent in runs stored before the labels were kept. */
    gradeLabels?: Label[];
    overall: Breakdown;
    byDepartment: Breakdown[];
  }[];
  workload: { department: string; label?: Label; enterprises: number; inspectionsPerYear: number; differentiatedPerYear: number }[];
  totalInspectionsPerYear: number;
  differentiatedSharePercent: number;
  noDomain: number;
  multiDepartment: number;
  legend: { id: string; kind: string; title: string; rules: string[]; ruleLabels: Label[] }[];
  /** Early warnings (issue 13 finding 5): runs made by the server whose set has early-warning rules. */
  earlyWarnings?: {
    enterprises: number;
    rules: { documentId: string; ruleId: string; label: Label; condition: Label; notify: string[]; count: number }[];
    departments: { department: string; name: Label | null; enterprises: number }[];
  };
}

/** The aggregates of a run, or null while it has none (running, failed). */
export const aggregatesOf = (run: { aggregates: unknown }): RunAggregates | null =>
  run.aggregates && typeof run.aggregates === 'object' && Array.isArray((run.aggregates as RunAggregates).documents)
    ? (run.aggregates as RunAggregates)
    : null;

export type RunResults = RouterOutputs['runs']['results'];
export type RunResultRow = RunResults['rows'][number];
export type RunDecision = RunResultRow['decisions'][number];

export type RunComparison = RouterOutputs['runs']['compare'];
export type RunMovedRow = RunComparison['moved']['rows'][number];
