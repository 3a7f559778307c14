/**
 * The early-warning summary of a run evaluated in SQL (issue 16): what the in-memory run keeps with
 * its aggregates as `earlyWarnings` — every rule with its count, per warned department (in order of
 * first mention) the distinct enterprises and the rules, the enterprises warned — counted from the
 * run's stored `run_signals` rows, so the run page shows it for a SQL run as for any other. Only the
 * warnings are read (the departments a rule warns are the bundle's, bind values here: no JSON of the
 * stored details is parsed). Pure: text and values, and the summary from the counts.
 */
import type { Evaluator } from '../evaluator.ts';
import type { DepartmentWarnings, WarningRuleCount } from '../warnings.ts';
import { compileWarnings, hasWarningRules, warningCounts } from '../warnings.ts';
import type { SqlStatement } from './grading-sql.ts';

/** The counts {@link runWarningsSql} returns (one row). */
export interface RunWarningCounts {
  /** Enterprises per warning rule. */
  codes: { document_id: string; code: string; n: number }[];
  /** Distinct enterprises per warned department. */
  departments: { dep: string; n: number }[];
  /** Distinct enterprises warned by at least one rule. */
  warned: number;
}

/** A run's `earlyWarnings`, in the shape the in-memory run stores. */
export interface RunEarlyWarnings {
  enterprises: number;
  rules: WarningRuleCount[];
  departments: DepartmentWarnings[];
}

/**
 * The statement counting the early warnings stored for run `runId` under the bundle compiled in `ev`,
 * or null when the bundle has no early-warning rules (the in-memory run then keeps no summary either).
 *
 * @example
 * const q = runWarningsSql(ev, run.id);
 * const [counts] = q ? (await pool.query(q.text, q.values)).rows : [];
 */
export function runWarningsSql(ev: Evaluator, runId: number): SqlStatement | null {
  const cw = hasWarningRules(ev.bundle) ? compileWarnings(ev.bundle) : null;
  if (!cw) return null;
  const pairs = cw.rules.flatMap((r) => r.notify.map((dep) => [r.documentId, r.id, dep] as const));
  const agg = (q: string) => `coalesce((SELECT json_agg(x) FROM (${q}) x), '[]')`;
  return {
    text:
      `WITH s AS MATERIALIZED (SELECT document_id, code, row_no FROM run_signals WHERE run_id = $1::int AND kind = 'warning') SELECT ` +
      `${agg('SELECT document_id, code, count(*)::int AS n FROM s GROUP BY 1, 2')} AS codes, ` +
      `${agg('SELECT d.dep, count(DISTINCT s.row_no)::int AS n FROM s JOIN unnest($2::text[], $3::text[], $4::text[]) d(document_id, code, dep) ON d.document_id = s.document_id AND d.code = s.code GROUP BY 1')} AS departments, ` +
      '(SELECT count(DISTINCT row_no)::int FROM s) AS warned',
    values: [runId, pairs.map((p) => p[0]), pairs.map((p) => p[1]), pairs.map((p) => p[2])],
  };
}

/**
 * The `earlyWarnings` of a run from the counts of its warnings ({@link runWarningsSql}, or a side of
 * the impact report's), as `earlyWarnings(…)` gives them for the same run in memory; null when the
 * bundle has no rules. `names`: the departments' names (default: as the in-memory result lists them,
 * the domain assignment's).
 */
export function runEarlyWarnings(
  ev: Evaluator,
  counts: RunWarningCounts,
  names: ReadonlyMap<string, DepartmentWarnings['name']> = new Map((ev.domainAssignment?.content.departments ?? []).map((d) => [d.id, d.name])),
): RunEarlyWarnings | null {
  const cw = hasWarningRules(ev.bundle) ? compileWarnings(ev.bundle) : null;
  if (!cw) return null;
  const key = (document: string, code: string) => `${document}\u0000${code}`;
  const byCode = new Map(counts.codes.map((c) => [key(c.document_id, c.code), c.n]));
  const byDep = new Map(counts.departments.map((d) => [d.dep, d.n]));
  const { rules, departments } = warningCounts(cw, (k) => byCode.get(key(cw.rules[k]!.documentId, cw.rules[k]!.id)) ?? 0, names, (dep) => byDep.get(dep) ?? 0);
  return { enterprises: counts.warned, rules, departments };
}
