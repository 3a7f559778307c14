/**
 * Industry models compiled to SQL (issue 16), the part of the bundle statement (bundle-sql.ts) that
 * scores the members of a model's domain — the same meaning as the generated model kernel
 * (kernels/model-kernel.ts) and `indicatorPoints` (compiler/industry-model.ts):
 *
 * - an indicator's value: an element of the enterprise's value arrays (`ds_indicator_values`: number,
 *   boolean 0/1 or text, at the key's position in `ds_indicator_keys`), the
 *   public credit score known at `at`, or a record count (the record rule of counting.ts: dated in
 *   the window and not after `at`, not repaired by `at`, no objection pending; the source's kinds —
 *   the rule of the grading the model combines with, as `modelRecordRules` of run/models.ts: its
 *   publication periods and deferred repairs, and its `pendingObjection: counted`), or
 *   whether the enterprise is on a list at `at` (`ds_list_members`, from ≤ at < until: 1 / 0, boolean);
 * - its points: linear (clamped to 0–100), bands, boolean, or a map of texts (a number or boolean
 *   looked up by its JavaScript text, `String(v)` / `'true'` / `'false'`); missing → `missingPoints`;
 * - the weighted sum in indicator order (`s = 0; s += w × p` one by one: the same floating-point
 *   additions, so the same score to the last bit), then the first threshold band that holds; with
 *   `worst-of`, the worse of that grade and the general grading's (by position).
 *
 * Weights, points, bounds and the map's values are bind values: models differing in them only give
 * the same statement text.
 */
import type { GradingDocument, IndustryModelDocument } from '@policy/schemas';
import { ONE_YEAR, windowStart } from '../counting.ts';
import { formatDay } from '../dates.ts';
import type { CompiledIndustryModel } from '../evaluator.ts';
import type { Binder } from './grading-sql.ts';
import { aggregateJoin, datasetRows, lifetimeTest, SqlUnsupportedError } from './grading-sql.ts';

type Indicator = IndustryModelDocument['content']['indicators'][number];

/** The canonical JavaScript text of a number (`String(Number(k)) === k`): keys a number can match. */
const numericKey = (k: string): number | null => {
  const x = Number(k);
  return k.trim() !== '' && String(x) === k ? x : null;
};

/** `lo ≤ v` / `v < hi` tests of a band (absent bounds hold). */
function bandTest(v: string, band: { min?: { value: number; inclusive: boolean }; max?: { value: number; inclusive: boolean } }, b: Binder): string {
  const parts: string[] = [];
  if (band.min) parts.push(`${v} ${band.min.inclusive ? '>=' : '>'} ${b.bind(band.min.value, 'float8')}`);
  if (band.max) parts.push(`${v} ${band.max.inclusive ? '<=' : '<'} ${b.bind(band.max.value, 'float8')}`);
  return parts.length ? parts.join(' AND ') : 'true';
}

/** Points of indicator `def` for value `v` (float8, NULL = missing), value kind `t` (1 number, 2 boolean, 3 text) and text `x`. */
function pointsExpr(def: Indicator, v: string, t: string, x: string, b: Binder): string {
  const miss = b.bind(def.missingPoints, 'float8');
  const missing = `(${t} IS NULL OR (${v} IS NULL AND ${t} <> 3))`;
  const s = def.scoring;
  switch (s.type) {
    case 'linear': {
      const worst = b.bind(s.worst, 'float8');
      const best = b.bind(s.best, 'float8');
      const span = b.bind(s.best - s.worst, 'float8');
      const p = `((${v} - ${worst}) / ${span}) * 100::float8`;
      return `CASE WHEN ${missing} OR ${t} = 3 THEN ${miss} WHEN ${span} = 0 THEN CASE WHEN ${v} = ${best} THEN 100::float8 ELSE 0::float8 END ` +
        `WHEN ${p} < 0 THEN 0::float8 WHEN ${p} > 100 THEN 100::float8 ELSE ${p} END`;
    }
    case 'bands':
      return `CASE WHEN ${missing} OR ${t} = 3 THEN ${miss}${s.bands.map((band) => ` WHEN ${bandTest(v, band, b)} THEN ${b.bind(band.points, 'float8')}`).join('')} ELSE ${miss} END`;
    case 'boolean':
      return `CASE WHEN ${missing} OR ${t} = 3 THEN ${miss} WHEN ${v} <> 0 THEN ${b.bind(s.whenTrue, 'float8')} ELSE ${b.bind(s.whenFalse, 'float8')} END`;
    case 'map': {
      const keys = Object.keys(s.values);
      const textKeys = b.bind(keys, 'text[]');
      const textPts = b.bind(keys.map((k) => s.values[k]!), 'float8[]');
      const nums = keys.map((k) => [numericKey(k), s.values[k]!] as const).filter((e): e is readonly [number, number] => e[0] !== null);
      const otherwise = b.bind(s.otherwise, 'float8');
      return `CASE WHEN ${t} = 3 THEN COALESCE((${textPts})[array_position(${textKeys}, ${x})], ${otherwise}) WHEN ${missing} THEN ${miss} ` +
        `WHEN ${t} = 2 THEN COALESCE((${textPts})[array_position(${textKeys}, CASE WHEN ${v} <> 0 THEN 'true' ELSE 'false' END)], ${otherwise}) ` +
        `ELSE COALESCE((${b.bind(nums.map((e) => e[1]), 'float8[]')})[array_position(${b.bind(nums.map((e) => e[0]), 'float8[]')}, ${v})], ${otherwise}) END`;
    }
  }
}

/**
 * The position of indicator `key` (a bind placeholder) in the value arrays of dataset `ds`
 * (`ds_indicator_keys`; NULL when no enterprise of the dataset has the key): an uncorrelated scalar
 * subquery, computed once per statement (an init plan), so reading a value is `nums[pos]` per row.
 */
export const indicatorPos = (ds: string, key: string): string => `(SELECT pos FROM ds_indicator_keys WHERE dataset_id = ${ds} AND key = ${key})`;

/**
 * The indicator columns of all the models of a statement: each model's {@link modelJoins} adds its
 * columns (named after it, each an element of the enterprise's value arrays in `ds_indicator_values`);
 * {@link indicatorsJoin} then joins them once, before the models — the values read once in row order
 * for all the models.
 */
export interface SharedIndicators {
  alias: string;
  cols: string[];
}

/** `LEFT JOIN` of the per-enterprise indicator columns `cols` (dataset `ds`, one row per enterprise with a value), as `alias`, in row order. */
export function indicatorsJoin(cols: readonly string[], alias: string, ds: string, b: Binder): string {
  return `LEFT JOIN (SELECT row_no, ${cols.join(', ')} FROM ${datasetRows('ds_indicator_values', b.scope(ds), true)}) ${alias} ON ${alias}.row_no = b.row_no`;
}

/**
 * Model `m` scored in the bundle's row (`base b`, columns `row_no`, `outside`, `domains`, `score`): the
 * joins that follow `FROM base b` — its inputs per enterprise (record counts, list memberships,
 * indicators: each an aggregate over its table read in row order, so it streams along the table's
 * index and is joined by merging, see `datasetRows`), then the lateral `name` with columns `total` (the
 * weighted score) and `band` (0-based index of the first threshold band that holds, NULL: none), NULL
 * for an enterprise outside the members of its domain (domain index `domain`; every enterprise in the
 * register for the general classification, which has no domain). Record counts follow the record rule
 * of `grading`, the grading the model combines with (undefined: none — the default rule, pending
 * objections excluded, no publication periods). Its indicator columns go into `shared`, which the
 * caller joins before the models ({@link indicatorsJoin}).
 */
export function modelJoins(
  name: string,
  m: CompiledIndustryModel,
  domain: number,
  at: { day: number; param: string },
  ds: string,
  b: Binder,
  grading: GradingDocument | undefined,
  shared: SharedIndicators,
): string {
  const rc = `${name}_rc`;
  const lm = `${name}_lm`;
  // the model's indicator columns, named after it, in the statement's one indicator join
  const ind = shared.alias;
  const col = (c: string) => `${name}_${c}`;
  const c = m.doc.content;
  const recordCols: string[] = [];
  const listCols: string[] = [];
  const terms: string[] = [];
  c.indicators.forEach((def, k) => {
    const src = def.source;
    let v: string;
    let t: string;
    let x = 'NULL::text';
    if (src.from === 'indicator') {
      const pos = indicatorPos(ds, b.bind(src.key, 'text'));
      if (def.scoring.type === 'map') {
        shared.cols.push(`nums[${pos}] AS ${col(`v${k}`)}, kinds[${pos}] AS ${col(`t${k}`)}, txts[${pos}] AS ${col(`x${k}`)}`);
        v = `${ind}.${col(`v${k}`)}`;
        t = `${ind}.${col(`t${k}`)}`;
        x = `${ind}.${col(`x${k}`)}`;
      } else {
        // linear, bands and boolean points read a text value as missing: a text's number is NULL (value
        // kind 1: `missing` below is then `v IS NULL`)
        shared.cols.push(`nums[${pos}] AS ${col(`v${k}`)}`);
        v = `${ind}.${col(`v${k}`)}`;
        t = '1';
      }
    } else if (src.from === 'score') {
      v = 'b.score';
      t = 'CASE WHEN b.score IS NULL THEN NULL ELSE 1 END';
    } else if (src.from === 'recordCount') {
      const lo = b.bind(formatDay(windowStart(at.day, src.window ?? ONE_YEAR)), 'date');
      const kinds = src.kinds ? ` AND kind = ANY(${b.bind(src.kinds, 'text[]')})` : '';
      recordCols.push(`count(*) FILTER (WHERE date > ${lo}${kinds})::float8 AS c${k}`);
      v = `COALESCE(${rc}.c${k}, 0::float8)`;
      t = '1';
    } else if (src.from === 'listMember') {
      // on the list at `at` (as a grading's list condition): 1 / 0, a boolean, never missing
      listCols.push(`bool_or(list = ${b.bind(src.list, 'text')}) AS l${k}`);
      v = `COALESCE(${lm}.l${k}, false)::int::float8`;
      t = '2';
    } else throw new SqlUnsupportedError(`${m.doc.id}: indicator ${def.id} has a source the SQL engine does not know`);
    terms.push(`${b.bind(m.weights[k]!, 'float8')} * (${pointsExpr(def, v, t, x, b)})`);
  });
  const joins: string[] = [];
  if (recordCols.length > 0) {
    // the combining grading's rule (run/models.ts `modelRecordRules`): its publication periods, deferred repairs and pending objections
    const repairTest = grading ? lifetimeTest(grading.content, at.day, at.param, b) : `(repaired_at IS NULL OR repaired_at > ${at.param})`;
    const pendingTest =
      grading?.content.pendingObjection === 'counted' ? '' : ` AND (objection_filed IS NULL OR objection_filed > ${at.param} OR objection_resolved <= ${at.param})`;
    const kept = `${b.scope(ds)} AND date <= ${at.param} AND ${repairTest}${pendingTest}`;
    joins.push(aggregateJoin('ds_records', recordCols, kept, rc, 'b', true));
  }
  if (listCols.length > 0) {
    const kept = `${b.scope(ds)} AND from_date <= ${at.param} AND (until_date IS NULL OR until_date > ${at.param})`;
    joins.push(aggregateJoin('ds_list_members', listCols, kept, lm, 'b', true));
  }
  // s = 0; s += w × p, in indicator order
  const total = terms.reduce((s, term) => `(${s} + ${term})`, '0::float8');
  const band = c.thresholds.length === 0 ? 'NULL::int' : `CASE ${c.thresholds.map((th, k) => `WHEN ${bandTest('t.total', th, b)} THEN ${k}`).join(' ')} ELSE NULL::int END`;
  // the weighted sum in a one-row lateral subquery fenced with OFFSET 0: computed once, the band tests read
  // it instead of copies of it (Citus pushes this down; a fenced derived table of the whole domain it does
  // not); the membership test reads only the row, so PostgreSQL checks it first (a one-time filter) and
  // scores members only; fenced too, so the test stays inside, not a condition of the outer join
  const member = `NOT b.outside${c.domain === undefined ? '' : ` AND ${b.bind(domain, 'int')} = ANY(b.domains)`}`;
  return `${joins.join(' ')}${joins.length ? ' ' : ''}` +
    `LEFT JOIN LATERAL (SELECT t.total, ${band} AS band FROM (SELECT ${total} AS total OFFSET 0) t WHERE ${member} OFFSET 0) ${name} ON true`;
}
