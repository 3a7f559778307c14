/**
 * The trigger-based supervision and early-warning counts of one side of an impact report computed
 * inside PostgreSQL (issue 16), in the shapes the in-memory report gives (`supervisionTriggers(…)
 * .departments`, and `earlyWarnings(…)`'s enterprises, rules and departments).
 *
 * The signals themselves are `signalsSql`'s (signals-sql.ts: the `run_signals` rows of a run) —
 * either the rows of a stored SQL run (`run_signals`) or `signalsSql` over a side's temporary table,
 * which it reads as `sql_run_results` through a temporary view of that name ({@link impactSignalsViewSql}:
 * a temporary relation is found before the table of the same name). Here they are only counted —
 * per warning rule and supervision item, per trigger point, distinct enterprises per item's
 * department and per warned department — and the counts put into the compiled rules' and items'
 * structure. Pure: text, bind values and the assembly of the counts.
 */
import type { DepartmentTriggers } from '../triggers.ts';
import { compileTriggers, hasTriggerConditions } from '../triggers.ts';
import type { Evaluator } from '../evaluator.ts';
import type { EvaluationResult } from '../result.ts';
import type { SqlStatement } from './grading-sql.ts';
import { addUpCounts } from './grading-sql.ts';
import { IMPACT_TABLES } from './impact-sql.ts';
import { runEarlyWarnings } from './run-warnings-sql.ts';
import type { RunEarlyWarnings } from './run-warnings-sql.ts';
import type { ImpactSide } from './impact-sql.ts';

/** The run id `signalsSql` is given when it reads a side's table through the view (the view's rows all carry it). */
export const IMPACT_SIGNALS_RUN = 0;

/**
 * The temporary view `sql_run_results` over one side's table (the columns `signalsSql` reads, the run
 * id {@link IMPACT_SIGNALS_RUN}), created before and dropped after that side's signals; `check`
 * returns `ok` true only when the name resolves to the temporary view (never the stored table).
 */
export function impactSignalsViewSql(side: ImpactSide): { create: SqlStatement; check: SqlStatement; drop: SqlStatement } {
  return {
    create: {
      text:
        `CREATE TEMP VIEW sql_run_results AS SELECT ${IMPACT_SIGNALS_RUN}::int AS run_id, row_no, outside, section, region_code, domains, departments, grades, rules, scores ` +
        `FROM ${IMPACT_TABLES[side]}`,
      values: [],
    },
    check: { text: "SELECT (SELECT relnamespace FROM pg_class WHERE oid = 'sql_run_results'::regclass) = pg_my_temp_schema() AS ok", values: [] },
    drop: { text: 'DROP VIEW pg_temp.sql_run_results', values: [] },
  };
}

/** The signals of a stored run, in the columns {@link impactSignalCountsSql} reads. */
export function storedSignalsSql(runId: number): SqlStatement {
  return { text: 'SELECT kind, document_id, code, owner, row_no, detail FROM run_signals WHERE run_id = $1', values: [runId] };
}

/** The counts of one side's signals (one JSON row). */
export interface ImpactSignalCounts {
  /** Enterprises per warning rule / supervision item. */
  codes: { kind: string; document_id: string; code: string; n: number }[];
  /** Enterprises per trigger point of an item. */
  points: { document_id: string; code: string; id: string; n: number }[];
  /** Distinct enterprises per owner of the triggered items. */
  trigger_departments: { owner: string; n: number }[];
  /** Distinct enterprises per warned department. */
  warning_departments: { dep: string; n: number }[];
  /** Distinct enterprises warned by at least one rule. */
  warned: number;
}

/** Counts the rows of `signals` (a `SELECT` with kind, document_id, code, owner, row_no, detail: `signalsSql`'s or {@link storedSignalsSql}). */
export function impactSignalCountsSql(signals: SqlStatement): SqlStatement {
  const agg = (q: string) => `coalesce((select json_agg(x) from (${q}) x), '[]')`;
  return {
    text:
      `with s as materialized (select kind, document_id, code, owner, row_no, detail from (\n${signals.text}\n) s0) select ` +
      `${agg('select kind, document_id, code, count(*)::int as n from s group by 1, 2, 3')} as codes, ` +
      `${agg("select document_id, code, t.id, count(*)::int as n from s cross join lateral json_array_elements_text(s.detail::json -> 'triggers') t(id) where kind = 'trigger' group by 1, 2, 3")} as points, ` +
      `${agg("select owner, count(distinct row_no)::int as n from s where kind = 'trigger' group by 1")} as trigger_departments, ` +
      `${agg("select t.dep, count(distinct s.row_no)::int as n from s cross join lateral json_array_elements_text(s.detail::json -> 'notify') t(dep) where kind = 'warning' group by 1")} as warning_departments, ` +
      "(select count(distinct row_no)::int from s where kind = 'warning') as warned",
    values: signals.values,
  };
}

/**
 * The counts of the whole register from those of its slices (each {@link impactSignalCountsSql} over
 * `signalsSql(…, { rowRange: true })` of one slice): every count is of rows or of distinct
 * enterprises, and the slices hold distinct enterprises, so the counts of equal keys add up.
 */
export function mergeSignalCounts(parts: readonly ImpactSignalCounts[]): ImpactSignalCounts {
  const k = (...p: string[]) => p.join('\u0000');
  return {
    codes: addUpCounts(parts.map((p) => p.codes), (x) => k(x.kind, x.document_id, x.code)),
    points: addUpCounts(parts.map((p) => p.points), (x) => k(x.document_id, x.code, x.id)),
    trigger_departments: addUpCounts(parts.map((p) => p.trigger_departments), (x) => x.owner),
    warning_departments: addUpCounts(parts.map((p) => p.warning_departments), (x) => x.dep),
    warned: parts.reduce((a, p) => a + p.warned, 0),
  };
}

/** The early-warning counts of one side, as the in-memory report's `warnings` (a stored run's summary's shape). */
export type ImpactWarnings = RunEarlyWarnings;

/**
 * One side's trigger-based supervision (null: no trigger point of the set has a condition) and early
 * warnings (null: the set has no early-warning rules) from the counts of its signals, in the order
 * and shapes of `supervisionTriggers` and `earlyWarnings`. `meta`: the side's evaluation of no
 * enterprise (the departments' names).
 */
export function impactSignals(ev: Evaluator, meta: Pick<EvaluationResult, 'departments'>, counts: ImpactSignalCounts): { triggers: DepartmentTriggers[] | null; warnings: ImpactWarnings | null } {
  const key = (...p: string[]) => p.join('\u0000');
  const code = new Map(counts.codes.map((c) => [key(c.kind, c.document_id, c.code), c.n]));
  const point = new Map(counts.points.map((c) => [key(c.document_id, c.code, c.id), c.n]));
  const names = new Map(meta.departments.map((d) => [d.id, d.name]));
  let triggers: DepartmentTriggers[] | null = null;
  const ct = hasTriggerConditions(ev.bundle) ? compileTriggers(ev.bundle) : null;
  if (ct) {
    const byOwner = new Map(counts.trigger_departments.map((d) => [d.owner, d.n]));
    triggers = [];
    for (const it of ct.items) {
      let dep = triggers.find((d) => d.department === it.department);
      if (!dep) triggers.push((dep = { department: it.department, name: names.get(it.department) ?? null, items: [], enterprises: byOwner.get(it.department) ?? 0 }));
      dep.items.push({
        documentId: it.documentId,
        code: it.code,
        name: it.name,
        domain: it.domain,
        count: code.get(key('trigger', it.documentId, it.code)) ?? 0,
        triggers: it.triggers.map((tr) => ({ id: tr.id, description: tr.description, condition: tr.label, count: point.get(key(it.documentId, it.code, tr.id)) ?? 0 })),
        measures: it.measures,
        textOnlyTriggers: it.textOnly,
      });
    }
  }
  // the warnings as a stored SQL run's summary is made (run-warnings-sql.ts)
  const codes = counts.codes.filter((c) => c.kind === 'warning');
  const warnings = runEarlyWarnings(ev, { codes, departments: counts.warning_departments, warned: counts.warned }, names);
  return { triggers, warnings };
}
