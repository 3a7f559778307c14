/**
 * The impact report of a candidate set (evaluation.preview) computed inside PostgreSQL (issue 16):
 * on PostgreSQL, for a dataset of at least `POLICY_SQL_ENGINE_MIN_ENTERPRISES` enterprises, both
 * sides are evaluated there (each side's bundle statement into a temporary table of one transaction)
 * and the report's parts counted there — distributions overall and by department, domain, section
 * and region, near-threshold counts and samples, enterprises in no domain or several departments'
 * domains, workload per department, every document's migration matrix and one page of the moved
 * enterprises with their reasons (the deciding rules, as the in-memory report gives them). Only the
 * counts and the page's rows reach the process; the population is never loaded.
 *
 * A department editor's moved enterprises and samples are kept to its domains under the set in force
 * (as `readableRows`), inside the same transaction. Null (the in-memory engine then computes the
 * whole report): SQLite, a smaller dataset, a side the SQL compiler does not express, or a department
 * editor comparing against another base version (its rows are those of the set in force, a third
 * evaluation).
 *
 * Not computed here: trigger-based supervision and early warnings (their counts are null in the
 * report, and a note says so).
 */
import { dialectOf, ensureRelationalDataset, getDataset, relationalRegions, withSqlImpactTables } from '@policy/db';
import type { SqlImpactQuery } from '@policy/db';
import {
  buildPopulation,
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
  impactStatements,
  impactTableSql,
  impactWorkload,
  SqlUnsupportedError,
} from '@policy/evaluation';
import type {
  Aggregate, Comparison, EvaluationResult, Evaluator, ImpactCell, ImpactGroups, ImpactMovedFilter, ImpactMovedRow, ImpactNearRow, ImpactPair, ImpactSampleRow, ImpactSide,
} from '@policy/evaluation';
import { firmReadScope } from '@policy/schemas';
import type { Context } from './context.ts';
import { principalOf } from './firm-access.ts';
import type { EngineName } from './sql-engine-run.ts';

/** Near-threshold margin and sample size: `aggregate()`'s defaults. */
const MARGIN = 1;
const SAMPLE = 20;

/** One side of the report, in the fields the preview reads of an in-memory evaluation. */
export interface SqlImpactSide {
  aggregate: Aggregate;
  result: { departments: EvaluationResult['departments'] };
  triggers: null;
  warnings: null;
}

/** The impact report computed in SQL. `scoped`: the moved enterprises and samples are already the reader's. */
export interface SqlImpact {
  engine: Extract<EngineName, 'sql'>;
  n: number;
  rb: SqlImpactSide;
  rc: SqlImpactSide;
  comparison: Omit<Comparison, 'base' | 'candidate'>;
  scoped: boolean;
  timings: { evaluateMs: number; countMs: number };
}

interface ImpactInput {
  datasetId: number;
  at: string;
  base?: number;
  moved: { offset: number; limit: number; search?: string; document?: string };
}

/** One side's counts, near-threshold counts and domain-set samples. */
async function sideCounts(q: SqlImpactQuery, side: ImpactSide, ev: Evaluator, meta: EvaluationResult, datasetId: number) {
  const [groups] = await q<ImpactGroups>(impactGroupsSql(side));
  const near = new Map<number, { n: number; sample: ImpactNearRow[] }>();
  for (const d of impactNearDocuments(meta)) {
    const [r] = await q<{ n: number; sample: ImpactNearRow[] }>(impactNearSql(side, d, datasetId, MARGIN, SAMPLE));
    near.set(d.doc, r!);
  }
  const sets = impactDomainSets(ev, groups!);
  const sample = async (list: readonly (readonly number[])[]) => (list.length === 0 ? [] : q<ImpactSampleRow>(impactDomainSampleSql(side, list, datasetId, SAMPLE)));
  const samples = { noDomain: await sample(sets.noDomain), multiDepartment: await sample(sets.multiDepartment.map((s) => s.domains)) };
  return { groups: groups!, near, samples };
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
export async function sqlImpactReport(ctx: Context & { user: NonNullable<Context['user']> }, input: ImpactInput, evBase: Evaluator, evCand: Evaluator): Promise<SqlImpact | null> {
  const r = await sqlImpact(ctx, input, evBase, evCand, false);
  return r && 'engine' in r ? r : null;
}

/**
 * Only a page of the moved enterprises (evaluation.moved: another page or a search), computed inside
 * PostgreSQL on the same terms as {@link sqlImpactReport} (a department editor's: its domains' only),
 * or null when the in-memory engine is to compute it.
 */
export async function sqlMovedPage(ctx: Context & { user: NonNullable<Context['user']> }, input: ImpactInput, evBase: Evaluator, evCand: Evaluator): Promise<Comparison['moved'] | null> {
  const r = await sqlImpact(ctx, input, evBase, evCand, true);
  return r && !('engine' in r) ? r : null;
}

async function sqlImpact(
  ctx: Context & { user: NonNullable<Context['user']> },
  input: ImpactInput,
  evBase: Evaluator,
  evCand: Evaluator,
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
  await ensureRelationalDataset(ctx.db, ds.id);
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
      { name: IMPACT_TABLES.base, statement: impactTableSql('base', st.base) },
      { name: IMPACT_TABLES.candidate, statement: impactTableSql('candidate', st.candidate) },
    ],
    async (q) => {
      if (movedOnly) {
        const page = await q<ImpactMovedRow>(impactMovedPageSql(pairs, ds.id, filter, input.moved.offset, input.moved.limit));
        const [count] = await q<{ n: number }>(impactMovedCountSql(pairs, ds.id, filter));
        return { movedOnly: true as const, page, total: count?.n ?? 0 };
      }
      const b = await sideCounts(q, 'base', evBase, metaB, ds.id);
      const c = await sideCounts(q, 'candidate', evCand, metaC, ds.id);
      const cells = await q<ImpactCell>(impactMigrationSql(pairs));
      const page = await q<ImpactMovedRow>(impactMovedPageSql(pairs, ds.id, filter, input.moved.offset, input.moved.limit));
      const total = filtered ? ((await q<{ n: number }>(impactMovedCountSql(pairs, ds.id, filter)))[0]?.n ?? 0) : null;
      // a department editor's samples: its domains' enterprises only
      let readable: Set<number> | null = null;
      if (department !== undefined) {
        const rows = [...new Set([b, c].flatMap((x) => [...[...x.near.values()].flatMap((v) => v.sample), ...x.samples.noDomain, ...x.samples.multiDepartment].map((r) => r.row_no)))];
        readable = new Set(rows.length === 0 ? [] : (await q<{ row_no: number }>(impactReadableSql(rows, department))).map((r) => r.row_no));
      }
      return { movedOnly: false as const, b, c, cells, page, total, readable };
    },
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
  return {
    engine: 'sql',
    n: b.groups.n,
    rb: { aggregate: ab, result: { departments: metaB.departments }, triggers: null, warnings: null },
    rc: { aggregate: ac, result: { departments: metaC.departments }, triggers: null, warnings: null },
    comparison: {
      n: b.groups.n,
      at: input.at,
      documents,
      moved: { total, offset: input.moved.offset, limit: input.moved.limit, items },
      ...impactWorkload(ab, ac),
    },
    scoped: department !== undefined,
    timings: { evaluateMs: done.evaluateMs, countMs: done.countMs },
  };
}
