/**
 * The impact report of a candidate set inside PostgreSQL (issue 16): the statements that evaluate
 * the set in force and the candidate over a relational dataset (each side's bundle statement,
 * `bundleSql`, compiled with a row range so it runs in slices, into a scratch table of the report,
 * read under the names {@link IMPACT_TABLES}) and count there what the in-memory report
 * (`aggregate` and `compareResults`) counts over the population — grade distributions overall and by
 * department, domain, section and region, the sampling groups of the workload, the migration matrix
 * of every document, a page of the moved enterprises, the enterprises near a band bound and the
 * samples of those in no domain or in several departments' domains. Pure: text and bind values; the
 * tables are named by the caller's constants ({@link IMPACT_TABLES}), never by input.
 */
import type { Evaluator } from '../evaluator.ts';
import { bundleSql } from './bundle-sql.ts';
import type { BundleSql } from './bundle-sql.ts';
import type { SqlStatement } from './grading-sql.ts';
import { Binder } from './grading-sql.ts';

/** The names the report's statements read the two sides by (temporary views of each session over the report's scratch tables). */
export const IMPACT_TABLES = { base: 'impact_base', candidate: 'impact_cand' } as const;
export type ImpactSide = keyof typeof IMPACT_TABLES;

/** One document of the comparison: its id and its position in each side's statement (null: not in that side). */
export interface ImpactPair {
  id: string;
  base: number | null;
  candidate: number | null;
}

/** The two sides' statements and the documents of the comparison (base order, then the candidate's new ones: `compareResults`' order). */
export interface ImpactStatements {
  base: BundleSql;
  candidate: BundleSql;
  pairs: ImpactPair[];
}

/**
 * Both sides compiled for dataset `datasetId` at `at`, each with a row range (run in slices:
 * `BundleSql.sliced`). Throws SqlUnsupportedError (bundleSql) when a side holds a construct the SQL
 * compiler does not express.
 */
export function impactStatements(base: Evaluator, candidate: Evaluator, at: string, datasetId: number): ImpactStatements {
  const b = bundleSql(base, at, datasetId, { rowRange: true });
  const c = bundleSql(candidate, at, datasetId, { rowRange: true });
  const ids = [...new Set([...b.documents.map((d) => d.id), ...c.documents.map((d) => d.id)])];
  const pos = (s: BundleSql, id: string) => {
    const k = s.documents.findIndex((d) => d.id === id);
    return k < 0 ? null : k;
  };
  return { base: b, candidate: c, pairs: ids.map((id) => ({ id, base: pos(b, id), candidate: pos(c, id) })) };
}

/**
 * The counts of one side (as `sqlRunResultGroups` of a stored run): per document, grade, domain set,
 * section and region (`grades`), per domain set and sampling row (`sampling`), the rows and those
 * outside the register — one JSON row.
 */
export function impactGroupsSql(side: ImpactSide): SqlStatement & { hashAggregates: boolean } {
  const t = IMPACT_TABLES[side];
  return {
    text:
      `with g as materialized (select outside, grades, domains, departments, section, region_code, s_ratio, s_freq, s_diff, count(*)::int as n from ${t} group by 1, 2, 3, 4, 5, 6, 7, 8, 9), ` +
      'gg as (select (d.k - 1)::int as doc, d.grade, g.domains, g.departments, g.section, g.region_code, sum(g.n)::int as n ' +
      'from g cross join lateral unnest(g.grades) with ordinality d(grade, k) where not g.outside group by d.k, d.grade, g.domains, g.departments, g.section, g.region_code), ' +
      'sg as (select domains, departments, s_ratio, s_freq, s_diff, sum(n)::int as n from g where not outside group by 1, 2, 3, 4, 5) ' +
      'select coalesce((select json_agg(gg) from gg), \'[]\') as grades, coalesce((select json_agg(sg) from sg), \'[]\') as sampling, ' +
      '(select coalesce(sum(n), 0)::int from g) as n, (select coalesce(sum(n) filter (where outside), 0)::int from g) as outside',
    values: [],
    // a few thousand combinations, which the planner, from the columns' statistics, takes for millions
    // and groups by sorting every row on nine columns (at 10,000,000 on disk)
    hashAggregates: true,
  };
}

/** The documents as two parallel 1-based index arrays (NULL: the side has no such document). */
function pairArrays(pairs: readonly ImpactPair[], b: Binder): { bk: string; ck: string } {
  return {
    bk: b.bind(pairs.map((p) => (p.base === null ? null : p.base + 1)), 'int[]'),
    ck: b.bind(pairs.map((p) => (p.candidate === null ? null : p.candidate + 1)), 'int[]'),
  };
}

/** One cell of a document's migration matrix: document (index in the pairs), grade before, after (NULL: none), enterprises. */
export interface ImpactCell {
  doc: number;
  from_grade: string | null;
  to_grade: string | null;
  n: number;
}

/** Every document's migration matrix over all rows (those outside the register have no grade on either side, as in memory). */
export function impactMigrationSql(pairs: readonly ImpactPair[]): SqlStatement {
  const b = new Binder();
  const { bk, ck } = pairArrays(pairs, b);
  return {
    text:
      `select (p.k - 1)::int as doc, b.grades[p.bk] as from_grade, c.grades[p.ck] as to_grade, count(*)::int as n ` +
      `from ${IMPACT_TABLES.base} b join ${IMPACT_TABLES.candidate} c on c.row_no = b.row_no ` +
      `cross join unnest(${bk}, ${ck}) with ordinality p(bk, ck, k) group by 1, 2, 3`,
    values: b.values,
  };
}

/** Which moved enterprises: a search (USCC or name contains it, lower-cased), one document (index in the pairs), a reader's department (index in the base's departments). */
export interface ImpactMovedFilter {
  search?: string;
  document?: number;
  /** Only the enterprises in this department's domains under the base side (-1: none). */
  department?: number;
}

/** One moved (enterprise, document) of a page, with what the reasons need. */
export interface ImpactMovedRow {
  row_no: number;
  uscc: string;
  name: string;
  doc: number;
  from_grade: string | null;
  to_grade: string | null;
  from_rule: string | null;
  to_rule: string | null;
}

function movedFrom(pairs: readonly ImpactPair[], datasetId: number, f: ImpactMovedFilter, b: Binder): string {
  const { bk, ck } = pairArrays(pairs, b);
  const where = ['b.grades[p.bk] is distinct from c.grades[p.ck]'];
  if (f.document !== undefined) where.push(`p.k = ${b.bind(f.document + 1, 'int')}`);
  if (f.department !== undefined) where.push(`${b.bind(f.department, 'int')} = any(b.departments)`);
  const search = f.search?.trim().toLowerCase() ?? '';
  const join = search !== '' ? `join ds_enterprises e on e.dataset_id = ${b.bind(datasetId, 'int')} and e.row_no = b.row_no ` : '';
  if (search !== '') {
    const s = b.bind(search, 'text');
    where.push(`(strpos(lower(e.uscc), ${s}) > 0 or strpos(lower(e.name), ${s}) > 0)`);
  }
  return (
    `from ${IMPACT_TABLES.base} b join ${IMPACT_TABLES.candidate} c on c.row_no = b.row_no ${join}` +
    `cross join lateral unnest(${bk}, ${ck}) with ordinality p(bk, ck, k) where ${where.join(' and ')}`
  );
}

/** How many (enterprise, document) moves the filter keeps. */
export function impactMovedCountSql(pairs: readonly ImpactPair[], datasetId: number, f: ImpactMovedFilter): SqlStatement {
  const b = new Binder();
  return { text: `select count(*)::int as n ${movedFrom(pairs, datasetId, f, b)}`, values: b.values };
}

/** A page of the moves the filter keeps, in row order and, per row, document order (`compareResults`' order). */
export function impactMovedPageSql(pairs: readonly ImpactPair[], datasetId: number, f: ImpactMovedFilter, offset: number, limit: number): SqlStatement {
  const b = new Binder();
  const from = movedFrom(pairs, datasetId, f, b);
  const off = b.bind(offset, 'int');
  const lim = b.bind(limit, 'int');
  const ds = b.bind(datasetId, 'int');
  return {
    text:
      `select m.row_no, x.uscc, x.name, m.doc, m.from_grade, m.to_grade, m.from_rule, m.to_rule from (` +
      `select b.row_no, (p.k - 1)::int as doc, b.grades[p.bk] as from_grade, c.grades[p.ck] as to_grade, b.rules[p.bk] as from_rule, c.rules[p.ck] as to_rule ` +
      `${from} order by b.row_no, p.k offset ${off} limit ${lim}) m ` +
      `join ds_enterprises x on x.dataset_id = ${ds} and x.row_no = m.row_no order by m.row_no, m.doc`,
    values: b.values,
  };
}

/** What a document's near-threshold count reads: its position in the side's statement, bounds, and whether the value is the model score (else the public credit score). */
export interface ImpactNearDocument {
  doc: number;
  thresholds: readonly number[];
  modelScore: boolean;
}

/** One enterprise near a bound (the first bound within the margin, in the bounds' order). */
export interface ImpactNearRow {
  row_no: number;
  uscc: string;
  name: string;
  value: number;
  threshold: number;
}

function nearFrom(side: ImpactSide, d: ImpactNearDocument, datasetId: number, margin: number, b: Binder): { from: string; value: string } {
  const k = b.bind(d.doc + 1, 'int');
  const value = d.modelScore ? `r.scores[${k}]` : 'e.public_credit_score::float8';
  const th = b.bind([...d.thresholds], 'float8[]');
  const m = b.bind(margin, 'float8');
  const from =
    `from ${IMPACT_TABLES[side]} r join ds_enterprises e on e.dataset_id = ${b.bind(datasetId, 'int')} and e.row_no = r.row_no ` +
    `cross join lateral (select u.t from unnest(${th}) with ordinality u(t, o) where ${value} - u.t <= ${m} and ${value} - u.t >= -${m} order by u.o limit 1) t ` +
    `where r.grades[${k}] is not null and ${value} is not null and ${value} <> 'NaN'::float8`;
  return { from, value };
}

/** How many enterprises of one side's document are near one of its bounds, and the first `sampleSize` of them in row order. */
export function impactNearSql(side: ImpactSide, d: ImpactNearDocument, datasetId: number, margin: number, sampleSize: number): SqlStatement {
  const b = new Binder();
  const { from, value } = nearFrom(side, d, datasetId, margin, b);
  const lim = b.bind(sampleSize, 'int');
  return {
    text:
      `with near as (select r.row_no, e.uscc, e.name, ${value} as value, t.t as threshold ${from}) ` +
      `select (select count(*)::int from near) as n, coalesce((select json_agg(s) from (select * from near order by row_no limit ${lim}) s), '[]') as sample`,
    values: b.values,
  };
}

/** One enterprise of a domain-set sample. */
export interface ImpactSampleRow {
  row_no: number;
  uscc: string;
  name: string;
  domains: number[];
}

/** The first `sampleSize` enterprises (row order) in the register of one side whose domain set is one of `sets`. */
export function impactDomainSampleSql(side: ImpactSide, sets: readonly (readonly number[])[], datasetId: number, sampleSize: number): SqlStatement {
  const b = new Binder();
  const keys = b.bind(sets.map((s) => `{${s.join(',')}}`), 'text[]');
  return {
    text:
      `select r.row_no, e.uscc, e.name, r.domains from (select row_no, domains from ${IMPACT_TABLES[side]} where not outside and domains::text = any(${keys}) order by row_no limit ${b.bind(sampleSize, 'int')}) r ` +
      `join ds_enterprises e on e.dataset_id = ${b.bind(datasetId, 'int')} and e.row_no = r.row_no order by r.row_no`,
    values: b.values,
  };
}

/** Which of `rows` are in the department's domains under the base side (a reader's samples). */
export function impactReadableSql(rows: readonly number[], department: number): SqlStatement {
  const b = new Binder();
  return {
    text: `select row_no from ${IMPACT_TABLES.base} where row_no = any(${b.bind([...rows], 'int[]')}) and ${b.bind(department, 'int')} = any(departments)`,
    values: b.values,
  };
}
