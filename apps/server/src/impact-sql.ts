/**
 * The impact report of a candidate set (evaluation.preview) computed inside PostgreSQL (issue 16):
 * on PostgreSQL, for a dataset of at least `POLICY_SQL_ENGINE_MIN_ENTERPRISES` enterprises, both
 * sides are evaluated there (each side's bundle statement in slices at once into a scratch table of
 * the report, sql-impact.repository.ts) and the report's parts counted there, several statements at
 * once — distributions overall and by department, domain, section
 * and region, near-threshold counts and samples, enterprises in no domain or several departments'
 * domains, workload per department, every document's migration matrix and one page of the moved
 * enterprises with their reasons (the deciding rules, as the in-memory report gives them). Only the
 * counts and the page's rows reach the process; the population is never loaded.
 *
 * A department editor's moved enterprises and samples are kept to its domains under the set in force
 * (as `readableRows`), inside the database as well. Null (the in-memory engine then computes the
 * whole report): SQLite, a smaller dataset, a side the SQL compiler does not express, or a department
 * editor comparing against another base version (its rows are those of the set in force, a third
 * evaluation).
 *
 * The base side is not evaluated again when a stored run of the SQL engine has its rows: the same
 * dataset content, date and exactly the base set's versions, the whole dataset (no jurisdiction),
 * its `sql_run_results` rows still kept (sql-run-retention.ts) — its table is filled from those rows
 * (they hold every column the report reads) and its signals counted from the run's `run_signals`;
 * the report is the same either way (`baseRun` names the run used).
 *
 * Trigger-based supervision and early warnings are counted for both sides from their signals
 * (`signalsSql` over each side's table, impact-signals.ts), the numbers the in-memory report gives;
 * a side whose signals the SQL compiler does not express leaves both sides' counts null
 * (`signalsPartial`, and the preview notes it).
 */
import { dialectOf, ensureRelationalDataset, getDataset, relationalRegions, reusableSqlRun, withSqlImpactTables } from '@policy/db';
import type { SqlImpactQuery } from '@policy/db';
import {
  buildPopulation,
  hasTriggerConditions,
  hasWarningRules,
  IMPACT_SIGNALS_RUN,
  IMPACT_TABLES,
  impactAggregate,
  impactDocuments,
  impactDomainSampleSql,
  impactDomainSets,
  impactGroupsSql,
  impactMigrationSql,
  impactMovedCountSql,
  impactMovedItems,
  impactMovedPageSql,
  impactNearDocuments,
  impactNearSql,
  impactReadableSql,
  impactSignalCountsSql,
  impactSignals,
  impactSignalsViewSql,
  impactStatements,
  impactWorkload,
  mergeSignalCounts,
  signalsSql,
  SqlUnsupportedError,
  storedSignalsSql,
} from '@policy/evaluation';
import type {
  Aggregate, Comparison, DepartmentTriggers, EvaluationResult, Evaluator, ImpactCell, ImpactGroups, ImpactMovedFilter, ImpactMovedRow, ImpactNearRow, ImpactPair, ImpactSampleRow,
  ImpactSide, ImpactSignalCounts, ImpactWarnings, SqlStatement,
} from '@policy/evaluation';
import { firmReadScope } from '@policy/schemas';
import type { Context } from './context.ts';
import { principalOf } from './firm-access.ts';
import type { VersionSet } from './services.ts';
import type { EngineName } from './sql-engine-run.ts';

/** Near-threshold margin and sample size: `aggregate()`'s defaults. */
const MARGIN = 1;
const SAMPLE = 20;

/** One side of the report, in the fields the preview reads of an in-memory evaluation. */
export interface SqlImpactSide {
  aggregate: Aggregate;
  result: { departments: EvaluationResult['departments'] };
  triggers: DepartmentTriggers[] | null;
  warnings: ImpactWarnings | null;
}

/** The impact report computed in SQL. `scoped`: the moved enterprises and samples are already the reader's. */
export interface SqlImpact {
  engine: Extract<EngineName, 'sql'>;
  n: number;
  rb: SqlImpactSide;
  rc: SqlImpactSide;
  comparison: Omit<Comparison, 'base' | 'candidate'>;
  scoped: boolean;
  /** The stored SQL run whose rows stood for the base side (null: the base evaluated here). */
  baseRun: number | null;
  /** True when the signals of a side are not expressed in SQL: triggers and warnings are then null on both sides. */
  signalsPartial: boolean;
  /** Milliseconds: filling the sides' tables; all the counting (the signals included: they run beside the other statements); the longer of the two sides' signal counts. */
  timings: { evaluateMs: number; countMs: number; signalsMs: number };
}

interface ImpactInput {
  datasetId: number;
  at: string;
  base?: number;
  moved: { offset: number; limit: number; search?: string; document?: string };
}

/** One side's counts, near-threshold counts and domain-set samples (`q`: each statement a task, run beside the others). */
async function sideCounts(q: SqlImpactQuery, side: ImpactSide, ev: Evaluator, meta: EvaluationResult, datasetId: number) {
  const nearDocs = impactNearDocuments(meta);
  const [[groups], nearRows] = await Promise.all([
    q<ImpactGroups>(impactGroupsSql(side)),
    Promise.all(nearDocs.map(async (d) => (await q<{ n: number; sample: ImpactNearRow[] }>(impactNearSql(side, d, datasetId, MARGIN, SAMPLE)))[0]!)),
  ]);
  const near = new Map<number, { n: number; sample: ImpactNearRow[] }>(nearDocs.map((d, k) => [d.doc, nearRows[k]!]));
  const sets = impactDomainSets(ev, groups!);
  const sample = async (list: readonly (readonly number[])[]) => (list.length === 0 ? [] : q<ImpactSampleRow>(impactDomainSampleSql(side, list, datasetId, SAMPLE)));
  const [noDomain, multiDepartment] = await Promise.all([sample(sets.noDomain), sample(sets.multiDepartment.map((s) => s.domains))]);
  return { groups: groups!, near, samples: { noDomain, multiDepartment } };
}

/** Keeps an aggregate's samples to the rows in `readable` (the counts stay whole), as `scopeAggregate`. */
function keepSamples(a: Aggregate, readable: ReadonlySet<number>): Aggregate {
  const keep = <T extends { index: number }>(list: T[]): T[] => list.filter((x) => readable.has(x.index));
  return {
    ...a,
    documents: a.documents.map((d) => ({ ...d, nearThreshold: { ...d.nearThreshold, sample: keep(d.nearThreshold.sample) } })),
    noDomain: { ...a.noDomain, sample: keep(a.noDomain.sample) },
    multiDepartment: { ...a.multiDepartment, sample: keep(a.multiDepartment.sample) },
  };
}

/**
 * The report of `evCand` against `evBase` over the input's dataset at its date, computed inside
 * PostgreSQL, or null when the in-memory engine is to compute it (see the module note).
 */
export async function sqlImpactReport(
  ctx: Context & { user: NonNullable<Context['user']> },
  input: ImpactInput,
  evBase: Evaluator,
  evCand: Evaluator,
  base: VersionSet,
): Promise<SqlImpact | null> {
  const r = await sqlImpact(ctx, input, evBase, evCand, base, false);
  return r && 'engine' in r ? r : null;
}

/**
 * Only a page of the moved enterprises (evaluation.moved: another page or a search), computed inside
 * PostgreSQL on the same terms as {@link sqlImpactReport} (a department editor's: its domains' only),
 * or null when the in-memory engine is to compute it.
 */
export async function sqlMovedPage(
  ctx: Context & { user: NonNullable<Context['user']> },
  input: ImpactInput,
  evBase: Evaluator,
  evCand: Evaluator,
  base: VersionSet,
): Promise<Comparison['moved'] | null> {
  const r = await sqlImpact(ctx, input, evBase, evCand, base, true);
  return r && !('engine' in r) ? r : null;
}

async function sqlImpact(
  ctx: Context & { user: NonNullable<Context['user']> },
  input: ImpactInput,
  evBase: Evaluator,
  evCand: Evaluator,
  baseSet: VersionSet,
  movedOnly: boolean,
): Promise<SqlImpact | Comparison['moved'] | null> {
  if (dialectOf(ctx.db) !== 'postgres') return null;
  const ds = await getDataset(ctx.db, input.datasetId);
  if (ds.rowCount < ctx.services.limits.sqlEngineMinEnterprises) return null;
  const scope = firmReadScope(principalOf(ctx.user));
  if (scope.kind === 'departments' && input.base !== undefined) return null;
  let st;
  try {
    st = impactStatements(evBase, evCand, input.at, ds.id);
  } catch (e) {
    if (e instanceof SqlUnsupportedError) return null;
    throw e;
  }
  const load = await ensureRelationalDataset(ctx.db, ds.id);
  // the base side's rows from a stored SQL run of exactly its versions, when one is kept (same statement: same rows)
  const stored = await reusableSqlRun(ctx.db, { datasetId: ds.id, at: input.at, contentHash: load.contentHash, versions: baseSet.members });
  let baseRun = stored && sameList(stored.documents, st.base.documents.map((d) => d.id)) ? stored.id : null;
  // the signals of each side (null: not expressed in SQL; the base's stored ones when its run is used)
  const sigCand = movedOnly ? null : signalsOf(evCand, input.at, ds.id);
  const sigBase = movedOnly ? null : signalsOf(evBase, input.at, ds.id);
  const signalsPartial = !movedOnly && (sigCand === null || sigBase === null);
  const empty = buildPopulation([]);
  const metaB = evBase.evaluate(empty, input.at);
  const metaC = evCand.evaluate(empty, input.at);
  const pairs: ImpactPair[] = st.pairs;
  const department = scope.kind === 'departments' ? metaB.departments.findIndex((d) => scope.departments.includes(d.id)) : undefined;
  const search = input.moved.search?.trim() ?? '';
  const filter: ImpactMovedFilter = {
    ...(search !== '' ? { search } : {}),
    ...(input.moved.document !== undefined ? { document: pairs.findIndex((p) => p.id === input.moved.document) } : {}),
    ...(department !== undefined ? { department } : {}),
  };
  const filtered = filter.search !== undefined || filter.document !== undefined || filter.department !== undefined;
  const done = await withSqlImpactTables(
    ctx.db,
    [
      { name: IMPACT_TABLES.base, statement: st.base, ...(baseRun !== null ? { stored: { runId: baseRun, rows: load.enterprises } } : {}) },
      { name: IMPACT_TABLES.candidate, statement: st.candidate },
    ],
    async ({ task, query, slices, stored }) => {
      // the run's rows pruned meanwhile (sql-run-retention.ts): the base was evaluated after all
      if (!stored[0]) baseRun = null;
      if (movedOnly) {
        const [page, count] = await Promise.all([
          query<ImpactMovedRow>(impactMovedPageSql(pairs, ds.id, filter, input.moved.offset, input.moved.limit)),
          query<{ n: number }>(impactMovedCountSql(pairs, ds.id, filter)),
        ]);
        return { movedOnly: true as const, page, total: count[0]?.n ?? 0 };
      }
      // the counts as tasks at once (each its own session: as many at once as the run's slices)
      const anySignals = [evBase, evCand].some((ev) => hasTriggerConditions(ev.bundle) || hasWarningRules(ev.bundle));
      // a side's signals counted in slices of the rows at once (counts of rows or of distinct enterprises: they add up)
      const timedSignals = async (side: ImpactSide, signals: SqlStatement & { sliced?: boolean }, viaView: boolean) => {
        const s0 = performance.now();
        const parts = await Promise.all((await slices(signals)).map((st) => task((q) => countSignals(q, side, st, viaView))));
        return { counts: mergeSignalCounts(parts), ms: performance.now() - s0 };
      };
      const [b, c, cells, page, total, sb, sc] = await Promise.all([
        sideCounts(query, 'base', evBase, metaB, ds.id),
        sideCounts(query, 'candidate', evCand, metaC, ds.id),
        query<ImpactCell>(impactMigrationSql(pairs)),
        query<ImpactMovedRow>(impactMovedPageSql(pairs, ds.id, filter, input.moved.offset, input.moved.limit)),
        filtered ? query<{ n: number }>(impactMovedCountSql(pairs, ds.id, filter)).then((r) => r[0]?.n ?? 0) : Promise.resolve(null),
        signalsPartial || !anySignals ? null : timedSignals('base', baseRun === null ? sigBase! : storedSignalsSql(baseRun), baseRun === null),
        signalsPartial || !anySignals ? null : timedSignals('candidate', sigCand!, true),
      ]);
      // a department editor's samples: its domains' enterprises only
      let readable: Set<number> | null = null;
      if (department !== undefined) {
        const rows = [...new Set([b, c].flatMap((x) => [...[...x.near.values()].flatMap((v) => v.sample), ...x.samples.noDomain, ...x.samples.multiDepartment].map((r) => r.row_no)))];
        readable = new Set(rows.length === 0 ? [] : (await query<{ row_no: number }>(impactReadableSql(rows, department))).map((r) => r.row_no));
      }
      const signals = signalsPartial ? null : !anySignals ? { b: NO_SIGNALS, c: NO_SIGNALS } : { b: sb!.counts, c: sc!.counts };
      // the signals' share of the counting time: the longer of the two tasks (they ran beside the others)
      const signalsMs = Math.round(Math.max(sb?.ms ?? 0, sc?.ms ?? 0));
      return { movedOnly: false as const, b, c, cells, page, total, readable, signals, signalsMs };
    },
    { datasetId: ds.id },
  );
  if (done.value.movedOnly) {
    const { page, total } = done.value;
    return { total, offset: input.moved.offset, limit: input.moved.limit, items: impactMovedItems(page, pairs, metaB, metaC) };
  }
  const value = done.value;
  const { b, c, cells, page } = value;
  const regions = await relationalRegions(ctx.db, ds.id);
  let ab = impactAggregate(evBase, metaB, b.groups, regions, b.near, b.samples, MARGIN);
  let ac = impactAggregate(evCand, metaC, c.groups, regions, c.near, c.samples, MARGIN);
  if (value.readable) {
    ab = keepSamples(ab, value.readable);
    ac = keepSamples(ac, value.readable);
  }
  const documents = impactDocuments(metaB, metaC, pairs, cells);
  const items = impactMovedItems(page, pairs, metaB, metaC);
  const total = value.total ?? documents.reduce((s, d) => s + d.moved, 0);
  const none = { triggers: null, warnings: null };
  const sb = value.signals ? impactSignals(evBase, metaB, value.signals.b) : none;
  const sc = value.signals ? impactSignals(evCand, metaC, value.signals.c) : none;
  return {
    engine: 'sql',
    n: b.groups.n,
    rb: { aggregate: ab, result: { departments: metaB.departments }, ...sb },
    rc: { aggregate: ac, result: { departments: metaC.departments }, ...sc },
    comparison: {
      n: b.groups.n,
      at: input.at,
      documents,
      moved: { total, offset: input.moved.offset, limit: input.moved.limit, items },
      ...impactWorkload(ab, ac),
    },
    scoped: department !== undefined,
    baseRun,
    signalsPartial,
    timings: { evaluateMs: done.evaluateMs, countMs: done.countMs, signalsMs: value.signalsMs },
  };
}

const NO_SIGNALS: ImpactSignalCounts = { codes: [], points: [], trigger_departments: [], warning_departments: [], warned: 0 };

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, k) => x === b[k]);

/** The signals statement of one side over its table (read through the view), or null when the SQL compiler does not express them. */
function signalsOf(ev: Evaluator, at: string, datasetId: number): (SqlStatement & { sliced: boolean }) | null {
  try {
    return signalsSql(ev, at, IMPACT_SIGNALS_RUN, datasetId, { rowRange: true });
  } catch (e) {
    if (e instanceof SqlUnsupportedError) return null;
    throw e;
  }
}

/**
 * Counts one side's signals: a stored run's (`run_signals`) as they are; `signalsSql`'s over the
 * side's table through the temporary view `sql_run_results`, created and dropped around it (and
 * checked to be the view, never the stored table).
 */
async function countSignals(q: SqlImpactQuery, side: ImpactSide, signals: SqlStatement, viaView: boolean): Promise<ImpactSignalCounts> {
  if (!viaView) return (await q<ImpactSignalCounts>(impactSignalCountsSql(signals)))[0]!;
  const view = impactSignalsViewSql(side);
  await q(view.create);
  const [ok] = await q<{ ok: boolean }>(view.check);
  if (!ok?.ok) throw new Error('sql_run_results does not name the temporary view of the impact report');
  const [counts] = await q<ImpactSignalCounts>(impactSignalCountsSql(signals));
  await q(view.drop);
  return counts!;
}
