/**
 * Gradings compiled to SQL (issue 16): a grading document and a date `at` become one PostgreSQL
 * statement (text + bind values, no IO) computing, per enterprise of a relational dataset
 * (`ds_enterprises`, `ds_statuses`, `ds_records`, `ds_list_members`, see the db migration
 * `2026_11_26_12_00_00_relational_datasets`), the grade code and the id of the deciding rule — the
 * same meaning as the in-memory kernel (compiler/grading.ts, kernels/grading-kernel.ts):
 *
 * - the record rule of counting.ts: a record counts when `lo < date ≤ at` (`lo` = `windowStart`, so
 *   29 February minus one year is 28 February, as in memory), it is not repaired by `at`
 *   (`repaired_at` null or later) and no objection is pending at `at` (unless the document's
 *   `pendingObjection` is `counted`); a measure counts the kinds `measureCountsKind` says;
 * - list membership in force at `at`: `from ≤ at < until` (until null: still on the list);
 * - status as of `at` (`statusAt`): an enterprise with `status_since` takes the last of its dated
 *   statuses (`ds_statuses`, in the population's order `seq`) dated on or before `at`, else active;
 *   the score known at `at` (`scoreAt`): none when `score_date` is later;
 * - enterprises deregistered at `at` are outside the register: no grade, no rule (NULL);
 * - the decision: first branch that holds (rules, or the missing-value branch then the bands), then
 *   the overrides in order, each only worsening the grade unless `mayImprove` (or from no grade / the
 *   unrated grade); comparisons with a missing value are false except `!=` (JavaScript NaN).
 *
 * Every number (thresholds, compared values, the window starts, `at`), every record kind, list id,
 * status, grade code and rule id is a bind value: documents that differ in them only — an edited
 * threshold, a longer window, a kind moved to `serious` — give the same statement text, so PostgreSQL
 * reuses the prepared statement. Only the shape (which measures, rules, overrides) is in the text.
 * Publication periods (`publicationPeriods`, `repairBeforeMinimum`) follow counting.ts's `recordLifetimes`,
 * a period's `domains` reading `ds_records.domain`; a measure's `seriousConsequence` filter reads
 * `ds_records.serious_consequence`.
 * Indicator measures and text comparisons are not compiled to SQL yet (refused with an error).
 */
import type { Band, Condition, GradingDocument, MeasureDef } from '@policy/schemas';
import { severityOf, windowStart } from '../counting.ts';
import { dayOrThrow, formatDay } from '../dates.ts';

/** A statement: its text with `$1 …` placeholders and the values bound to them. */
export interface SqlStatement {
  text: string;
  values: unknown[];
}

/** Thrown for a document the SQL compiler cannot express yet. */
export class SqlUnsupportedError extends Error {}

const OPS: Record<string, string> = { '>': '>', '>=': '>=', '<': '<', '<=': '<=', '==': '=', '!=': '<>' };

interface Branch {
  test: string;
  /** Grade index, or null for no grade. */
  grade: number | null;
  /** Rule index, or null for no rule. */
  rule: number | null;
}

/**
 * Collects bind values: each `bind` returns its placeholder with an explicit cast. A binder made
 * with `rowRange` binds a slice of the dataset's rows first (`$1` from, `$2` to, half-open, values
 * set per execution: {@link sliceValues}): every scan of a dataset table ({@link Binder.scope}) then
 * reads only the enterprises `from ≤ row_no < to`, so the statement can run as several slices at
 * once, each in its own backend (a PostgreSQL `INSERT … SELECT` runs in one process).
 */
export class Binder {
  readonly values: unknown[] = [];
  private readonly range: { from: string; to: string } | null;
  constructor(options: { rowRange?: boolean } = {}) {
    this.range = options.rowRange ? { from: this.bind(0, 'int'), to: this.bind(0, 'int') } : null;
  }
  bind(v: unknown, cast: string): string {
    this.values.push(v);
    return `$${this.values.length}::${cast}`;
  }
  /** Whether the statement reads a slice of the rows (see the class note). */
  get sliced(): boolean {
    return this.range !== null;
  }
  /** `AND` the slice's bounds on `row_no` when sliced (for a table not keyed by dataset, e.g. a run's results), else nothing. */
  rowBounds(alias?: string): string {
    const a = alias ? `${alias}.` : '';
    return this.range ? ` AND ${a}row_no >= ${this.range.from} AND ${a}row_no < ${this.range.to}` : '';
  }
  /** The condition keeping the rows of dataset `ds` (a placeholder) of a table aliased `alias`: the dataset, and the slice when sliced. */
  scope(ds: string, alias?: string): string {
    return `${alias ? `${alias}.` : ''}dataset_id = ${ds}${this.rowBounds(alias)}`;
  }
}

/** The bind values of a statement compiled with a `rowRange` binder, for the slice `from ≤ row_no < to`. */
export function sliceValues(values: readonly unknown[], from: number, to: number): unknown[] {
  const v = [...values];
  v[0] = from;
  v[1] = to;
  return v;
}

/**
 * The rows of several slices' counts as the whole's: the counts `n` of rows with equal keys added up
 * (each slice counts its own enterprises), in the order the keys first appear.
 */
export function addUpCounts<T extends { n: number }>(lists: readonly (readonly T[])[], key: (x: T) => string): T[] {
  const out = new Map<string, T>();
  for (const list of lists) {
    for (const x of list) {
      const k = key(x);
      const had = out.get(k);
      if (had) had.n += x.n;
      else out.set(k, { ...x });
    }
  }
  return [...out.values()];
}

/** The kinds test of a record measure: `kind = ANY(list)` or its negation (see `measureCountsKind`). */
function kindsTest(m: Extract<MeasureDef, { type: 'recordCount' }>, severities: Readonly<Record<string, 'general' | 'serious' | 'ignore'>>, b: Binder): string {
  const listed = Object.keys(severities).sort();
  if (m.kinds) {
    const kinds = m.kinds.filter((k) => !m.severity || severityOf(severities, k) === m.severity);
    return `kind = ANY(${b.bind(kinds, 'text[]')})`;
  }
  if (m.severity === 'serious' || m.severity === 'ignore') {
    return `kind = ANY(${b.bind(listed.filter((k) => severities[k] === m.severity), 'text[]')})`;
  }
  // general (every kind not listed as serious or ignored), or no filter (every kind not ignored)
  const excluded = m.severity === 'general' ? listed.filter((k) => severities[k] !== 'general') : listed.filter((k) => severities[k] === 'ignore');
  return `NOT (kind = ANY(${b.bind(excluded, 'text[]')}))`;
}

/** A publication period as counting.ts reads it. */
interface Period {
  kinds?: readonly string[];
  severity?: 'general' | 'serious';
  domains?: readonly string[];
  minimum: { years?: number; months?: number };
  maximum: { years?: number; months?: number };
}

/**
 * Whether a record is of the kinds a publication period applies to (`periodOf` of counting.ts: its
 * kinds, and its severity under the document's severities, unlisted kinds being general).
 */
function periodKindsTest(p: Period, severities: Readonly<Record<string, 'general' | 'serious' | 'ignore'>>, b: Binder): string {
  const listed = Object.keys(severities).sort();
  if (p.kinds) return `kind = ANY(${b.bind(p.kinds.filter((k) => !p.severity || severityOf(severities, k) === p.severity), 'text[]')})`;
  if (p.severity === 'serious') return `kind = ANY(${b.bind(listed.filter((k) => severities[k] === 'serious'), 'text[]')})`;
  if (p.severity === 'general') return `NOT (kind = ANY(${b.bind(listed.filter((k) => severities[k] !== 'general'), 'text[]')}))`;
  return 'true';
}

/**
 * Whether a record matches a publication period (`periodOf` of counting.ts): its kinds and severity
 * ({@link periodKindsTest}) and, when the period names domains, the record's domain
 * (`ds_records.domain`) among them — a record without a domain (NULL) never matches such a period.
 * The domain codes are a bind value: only whether a period names domains is in the text.
 */
function periodTest(p: Period, severities: Readonly<Record<string, 'general' | 'serious' | 'ignore'>>, b: Binder): string {
  const kinds = periodKindsTest(p, severities, b);
  if (!p.domains) return kinds;
  // `domain = ANY(…)` is NULL for a NULL domain: COALESCE makes it false, so NOT (…) elsewhere cannot turn it true
  return `(${kinds} AND COALESCE(domain = ANY(${b.bind(p.domains, 'text[]')}), false))`;
}

/**
 * The record's own part of the rule after `date ≤ at` (counting.ts `recordExclusion`): not repaired
 * by `at`; with publication periods (the first period whose kinds, severity and domains match applies), not past its
 * maximum (`date > at − maximum`), and a repair counts only for a record dated `≤ at − minimum` when
 * repairs before the minimum are deferred (whether they are is a bind value).
 */
export function lifetimeTest(c: GradingDocument['content'], atDay: number, atP: string, b: Binder): string {
  const extra = c as { publicationPeriods?: readonly Period[]; repairBeforeMinimum?: 'effective' | 'deferred' };
  const periods = extra.publicationPeriods ?? [];
  const notRepaired = `repaired_at IS NULL OR repaired_at > ${atP}`;
  if (periods.length === 0) return `(${notRepaired})`;
  const matches = periods.map((p) => periodTest(p, c.severities, b));
  const maxTest = `CASE ${periods.map((p, k) => `WHEN ${matches[k]} THEN date > ${b.bind(formatDay(windowStart(atDay, p.maximum)), 'date')}`).join(' ')} ELSE true END`;
  const deferred = b.bind(extra.repairBeforeMinimum === 'deferred', 'boolean');
  const minTest = `CASE ${periods.map((p, k) => `WHEN ${matches[k]} THEN date > ${b.bind(formatDay(windowStart(atDay, p.minimum)), 'date')}`).join(' ')} ELSE false END`;
  return `(${maxTest}) AND (${notRepaired} OR (${deferred} AND ${minTest}))`;
}

/**
 * The rows of dataset table `table` that `where` keeps, as what follows a `FROM`; with `rowOrder` a
 * subquery in row order, so a `GROUP BY row_no` over it streams along the table's `(dataset_id, row_no, …)`
 * index (GroupAggregate) and gives its groups in row order, where it would otherwise hash every
 * enterprise (at 1,000,000 enterprises a hash table of up to 230 MB per aggregate) and sort the groups
 * after for the merge joins.
 */
export function datasetRows(table: string, where: string, rowOrder: boolean | undefined): string {
  return rowOrder ? `(SELECT * FROM ${table} WHERE ${where} ORDER BY row_no) ${table}` : `${table} WHERE ${where}`;
}

/**
 * `LEFT JOIN` of per-enterprise aggregates `cols` over the rows of dataset table `table` that `where`
 * keeps, as `alias`, joined on `<on>.row_no`; with `rowOrder` read and grouped in row order
 * ({@link datasetRows}) and given in row order, for merge joins.
 */
export function aggregateJoin(table: string, cols: readonly string[], where: string, alias: string, on: string, rowOrder: boolean): string {
  return `LEFT JOIN (SELECT row_no, ${cols.join(', ')} FROM ${datasetRows(table, where, rowOrder)} GROUP BY row_no${rowOrder ? ' ORDER BY row_no' : ''}) ${alias} ON ${alias}.row_no = ${on}.row_no`;
}

/** Each enterprise's latest dated status on day `atP` (dataset `ds`, placeholders), `row_no` and `status`; in row order with `rowOrder`. */
export function statusesAt(ds: string, atP: string, b: Binder, rowOrder: boolean): string {
  return `SELECT row_no, (array_agg(status ORDER BY seq DESC))[1] AS status FROM ds_statuses WHERE ${b.scope(ds)} AND since <= ${atP} GROUP BY row_no${rowOrder ? ' ORDER BY row_no' : ''}`;
}

/**
 * The grading's per-enterprise statement body (without ORDER BY): columns `row_no`, `grade`, `rule`.
 * `rowOrder`: every per-enterprise input and the result in row order (aggregates over
 * {@link datasetRows}), for merge joins along the primary keys.
 * `row`: instead, the grading in the row of each enterprise of a statement that already reads them
 * (the bundle's `base`, aliased `row.alias`, columns `row_no`, `status`, `score`): the joins that follow
 * its FROM — the grading's record and list aggregates (in row order), then the lateral `row.name` with
 * columns `grade` and `rule`, its steps (measures, decision, each override) a chain of one-row
 * subqueries fenced with `OFFSET 0` (each computed once, as sampling-sql.ts) — so the enterprises are
 * read once for every document, not once per grading.
 */
export function gradingBody(
  doc: GradingDocument,
  at: string,
  datasetId: number,
  b: Binder,
  options: { rowOrder?: boolean; row?: { alias: string; name: string } } = {},
): string {
  const c = doc.content;
  const atDay = dayOrThrow(at);
  const ds = b.bind(datasetId, 'int');
  const atP = b.bind(at, 'date');
  // the engine's grade list: an unrated grade outside the grade set comes after the ordered ones
  const grades = c.grades.map((g) => g.code);
  if (c.unratedGrade !== undefined && !grades.includes(c.unratedGrade)) grades.push(c.unratedGrade);
  const unrated = c.unratedGrade === undefined ? -1 : grades.indexOf(c.unratedGrade);
  const gradeIndex = (code: string) => grades.indexOf(code);
  const measureIndex = new Map(c.measures.map((m, k) => [m.id, k]));
  const nullable = new Set<number>();

  // ---- measures: record counts (one pass over the records), list memberships (one over the lists), the rest per enterprise
  const recordCols: string[] = [];
  const listCols: string[] = [];
  const measureExpr: string[] = [];
  // the enterprise's row and its aggregates: the grading's own (`s`, `r`, `l`), or the statement's row (`row`)
  const row = options.row;
  const sA = row ? row.alias : 's';
  const rA = row ? `${row.name}_r` : 'r';
  const lA = row ? `${row.name}_l` : 'l';
  c.measures.forEach((m, k) => {
    switch (m.type) {
      case 'recordCount': {
        const lo = b.bind(formatDay(windowStart(atDay, m.window ?? c.window)), 'date');
        // `seriousConsequence` (counting.ts `countRecords`): only records that did (true) or did not (false) cause serious consequences
        const only = (m as { seriousConsequence?: boolean }).seriousConsequence;
        const consequence = only === undefined ? '' : ` AND serious_consequence = ${b.bind(only, 'boolean')}`;
        recordCols.push(`count(*) FILTER (WHERE date > ${lo} AND ${kindsTest(m, c.severities, b)}${consequence})::int AS m${k}`);
        measureExpr.push(`COALESCE(${rA}.m${k}, 0)`);
        break;
      }
      case 'listMember':
        listCols.push(`bool_or(list = ${b.bind(m.list, 'text')}) AS m${k}`);
        measureExpr.push(`COALESCE(${lA}.m${k}, false)::int`);
        break;
      case 'status':
        measureExpr.push(`(${sA}.status = ${b.bind(m.equals, 'text')})::int`);
        break;
      case 'score':
        nullable.add(k);
        measureExpr.push(`${sA}.score`);
        break;
      case 'indicator':
        throw new SqlUnsupportedError(`${doc.id}: indicator measure ${m.id} is not compiled to SQL yet`);
    }
  });

  const cond = (x: Condition): string => {
    if ('all' in x) return `(${x.all.map(cond).join(' AND ')})`;
    if ('any' in x) return `(${x.any.map(cond).join(' OR ')})`;
    if ('not' in x) return `(NOT ${cond(x.not)})`;
    if ('always' in x) return 'true';
    const k = measureIndex.get(x.measure)!;
    if (typeof x.value === 'string') throw new SqlUnsupportedError(`${doc.id}: text comparison on ${x.measure} is not compiled to SQL yet`);
    const v = typeof x.value === 'boolean' ? (x.value ? 1 : 0) : x.value;
    const test = `m${k} ${OPS[x.op]!} ${b.bind(v, 'float8')}`;
    // a missing value (NULL, NaN in memory) fails every comparison but `!=`
    return nullable.has(k) ? `COALESCE(${test}, ${x.op === '!=' ? 'true' : 'false'})` : `(${test})`;
  };
  const bandTest = (m: string, band: Band): string => {
    const parts: string[] = [];
    if (band.min) parts.push(`${m} ${band.min.inclusive ? '>=' : '>'} ${b.bind(band.min.value, 'float8')}`);
    if (band.max) parts.push(`${m} ${band.max.inclusive ? '<=' : '<'} ${b.bind(band.max.value, 'float8')}`);
    return parts.length ? `COALESCE(${parts.join(' AND ')}, false)` : 'true';
  };

  // ---- decision branches, in order (the first that holds decides)
  const rules: string[] = [];
  const branches: Branch[] = [];
  const d = c.decision;
  if (d.type === 'bands') {
    const k = measureIndex.get(d.measure)!;
    const missingGrade = d.missingGrade ?? c.unratedGrade;
    if (missingGrade !== undefined) {
      branches.push({ test: `m${k} IS NULL`, grade: gradeIndex(missingGrade), rule: rules.length });
      rules.push(d.missingRuleId ?? 'missing');
    } else branches.push({ test: `m${k} IS NULL`, grade: null, rule: null });
    for (const band of d.bands) {
      branches.push({ test: bandTest(`m${k}`, band), grade: gradeIndex(band.grade), rule: rules.length });
      rules.push(band.id);
    }
  } else {
    for (const rule of d.rules) {
      branches.push({ test: cond(rule.when), grade: gradeIndex(rule.grade), rule: rules.length });
      rules.push(rule.id);
    }
  }
  const lit = (x: number | null) => (x === null ? 'NULL::int' : String(x));
  const decide = (pick: (br: Branch) => number | null) => `CASE ${branches.map((br) => `WHEN ${br.test} THEN ${lit(pick(br))}`).join(' ')} ELSE NULL::int END`;

  // ---- stages: measures → decision → one stage per override
  const mcols = c.measures.map((_, k) => `m${k}`);
  const carry = ['row_no', 'outside', ...mcols].join(', ');
  const stages: string[] = [];
  // rowOrder: every per-enterprise input and the result in row order, for merge joins along the primary keys
  const inOrder = options.rowOrder === true || row !== undefined;
  const order = inOrder ? ' ORDER BY row_no' : '';
  const statusSub = statusesAt(ds, atP, b, inOrder);
  const enterprises =
    `SELECT e.row_no, CASE WHEN e.status_since IS NULL THEN e.status ELSE COALESCE(st.status, 'active') END AS status, ` +
    `CASE WHEN e.score_date > ${atP} THEN NULL ELSE e.public_credit_score END AS score ` +
    `FROM ds_enterprises e LEFT JOIN (${statusSub}) st ON st.row_no = e.row_no WHERE ${b.scope(ds, 'e')}`;
  const joins: string[] = [];
  if (recordCols.length > 0) {
    // whether records under a pending objection count is a bind value too (`true`: the document counts them)
    const pending = ` AND (${b.bind(c.pendingObjection === 'counted', 'boolean')} OR objection_filed IS NULL OR objection_filed > ${atP} OR objection_resolved <= ${atP})`;
    const kept = `${b.scope(ds)} AND date <= ${atP} AND ${lifetimeTest(c, atDay, atP, b)}${pending}`;
    joins.push(aggregateJoin('ds_records', recordCols, kept, rA, sA, inOrder));
  }
  if (listCols.length > 0) {
    const kept = `${b.scope(ds)} AND from_date <= ${atP} AND (until_date IS NULL OR until_date > ${atP})`;
    joins.push(aggregateJoin('ds_list_members', listCols, kept, lA, sA, inOrder));
  }
  const outside = `(${sA}.status = ${b.bind('deregistered', 'text')})`;
  if (row) return gradingInRow(c, row.name, joins, outside, measureExpr, decide, cond, rules, gradeIndex, unrated, grades, b);
  stages.push(
    `measures AS (SELECT s.row_no, ${outside} AS outside${measureExpr.map((e, k) => `, ${e} AS m${k}`).join('')}\n  FROM (${enterprises}) s${joins.map((j) => `\n  ${j}`).join('')})`,
  );
  stages.push(`decided AS (SELECT ${carry}, ${decide((br) => br.grade)} AS g, ${decide((br) => br.rule)} AS r FROM measures)`);
  let prev = 'decided';
  c.overrides.forEach((o, j) => {
    const gi = gradeIndex(o.grade);
    const ri = rules.length;
    rules.push(o.id);
    const allowed = o.mayImprove ? 'true' : `(g IS NULL OR g = ${unrated} OR g < ${gi})`;
    const hit = `(${cond(o.when)} AND ${allowed})`;
    const name = `override${j}`;
    stages.push(`${name} AS (SELECT ${carry}, CASE WHEN ${hit} THEN ${gi} ELSE g END AS g, CASE WHEN ${hit} THEN ${ri} ELSE r END AS r FROM ${prev})`);
    prev = name;
  });
  const codes = b.bind(grades, 'text[]');
  const ids = b.bind(rules, 'text[]');
  return (
    `WITH ${stages.join(',\n')}\n` +
    `SELECT row_no, CASE WHEN outside THEN NULL ELSE (${codes})[g + 1] END AS grade, CASE WHEN outside THEN NULL ELSE (${ids})[r + 1] END AS rule FROM ${prev}${order}`
  );
}

/** gradingBody's `row` form: the joins, then the lateral `name` (see gradingBody). */
function gradingInRow(
  c: GradingDocument['content'],
  name: string,
  joins: readonly string[],
  outside: string,
  measureExpr: readonly string[],
  decide: (pick: (br: Branch) => number | null) => string,
  cond: (x: Condition) => string,
  rules: string[],
  gradeIndex: (code: string) => number,
  unrated: number,
  grades: readonly string[],
  b: Binder,
): string {
  const mcols = measureExpr.map((_, k) => `v.m${k}`);
  // innermost the measures (reading the row and the aggregates), then the decision, then each override
  let chain = `SELECT ${outside} AS outside${measureExpr.map((e, k) => `, ${e} AS m${k}`).join('')} OFFSET 0`;
  chain = `SELECT v.*, ${decide((br) => br.grade)} AS g, ${decide((br) => br.rule)} AS r FROM (${chain}) v OFFSET 0`;
  c.overrides.forEach((o) => {
    const gi = gradeIndex(o.grade);
    const ri = rules.length;
    rules.push(o.id);
    const allowed = o.mayImprove ? 'true' : `(g IS NULL OR g = ${unrated} OR g < ${gi})`;
    const hit = `(${cond(o.when)} AND ${allowed})`;
    chain = `SELECT v.outside${mcols.map((m) => `, ${m}`).join('')}, CASE WHEN ${hit} THEN ${gi} ELSE g END AS g, CASE WHEN ${hit} THEN ${ri} ELSE r END AS r FROM (${chain}) v OFFSET 0`;
  });
  const codes = b.bind(grades, 'text[]');
  const ids = b.bind(rules, 'text[]');
  return (
    `${joins.map((j) => `${j} `).join('')}CROSS JOIN LATERAL (SELECT CASE WHEN outside THEN NULL ELSE (${codes})[g + 1] END AS grade, ` +
    `CASE WHEN outside THEN NULL ELSE (${ids})[r + 1] END AS rule FROM (${chain}) v OFFSET 0) ${name}`
  );
}

/**
 * The grade and deciding rule of every enterprise of dataset `datasetId` under grading `doc` at
 * `at` (YYYY-MM-DD): rows `(row_no, grade, rule)` in row order; grade and rule NULL outside the
 * register (deregistered at `at`) or when no branch holds.
 *
 * @example
 * const { text, values } = gradingSql(doc, '2026-10-31', 7);
 * const rows = (await pool.query(text, values)).rows; // [{ row_no: 0, grade: 'A', rule: 'a-no-record' }, …]
 */
export function gradingSql(doc: GradingDocument, at: string, datasetId: number): SqlStatement {
  const b = new Binder();
  const body = gradingBody(doc, at, datasetId, b);
  return { text: `${body}\nORDER BY row_no`, values: b.values };
}

/**
 * The grade distribution of `doc` at `at` over dataset `datasetId`: rows `(grade, rule, n)`, one per
 * grade and deciding rule; grade and rule NULL for the enterprises outside the register.
 */
export function gradeDistributionSql(doc: GradingDocument, at: string, datasetId: number): SqlStatement {
  const b = new Binder();
  const body = gradingBody(doc, at, datasetId, b);
  return { text: `SELECT grade, rule, count(*)::int AS n FROM (\n${body}\n) per_enterprise GROUP BY grade, rule ORDER BY grade, rule`, values: b.values };
}

/**
 * gradingBody's record counting in two pieces, for a statement counting the record measures of
 * several one-measure gradings in one pass over `ds_records` (signal-leaves-sql.ts). The rule: the
 * records of grading `doc` that count at `at` (`atP` its placeholder) — dated on or before `at`,
 * {@link lifetimeTest}, pending objections — the same for every record measure of the document.
 */
export function recordRuleSql(doc: GradingDocument, at: string, atP: string, b: Binder): string {
  const c = doc.content;
  const pending = `(${b.bind(c.pendingObjection === 'counted', 'boolean')} OR objection_filed IS NULL OR objection_filed > ${atP} OR objection_resolved <= ${atP})`;
  return `date <= ${atP} AND ${lifetimeTest(c, dayOrThrow(at), atP, b)} AND ${pending}`;
}

/**
 * Record measure `m`'s own part of the counting (window, kinds, serious consequences): `count(*)
 * FILTER (WHERE filter)` over the records {@link recordRuleSql} keeps is the measure's value.
 */
export function recordFilterSql(doc: GradingDocument, m: Extract<MeasureDef, { type: 'recordCount' }>, at: string, b: Binder): string {
  const c = doc.content;
  const lo = b.bind(formatDay(windowStart(dayOrThrow(at), m.window ?? c.window)), 'date');
  const only = (m as { seriousConsequence?: boolean }).seriousConsequence;
  const consequence = only === undefined ? '' : ` AND serious_consequence = ${b.bind(only, 'boolean')}`;
  return `date > ${lo} AND ${kindsTest(m, c.severities, b)}${consequence}`;
}
