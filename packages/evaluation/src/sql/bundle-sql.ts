/**
 * A whole compiled bundle in SQL (issue 16): the evaluator in force (gradings, industry models,
 * domain assignment, sampling) and a date `at` become one PostgreSQL statement (text + bind values,
 * no IO) over a relational dataset (`ds_enterprises`, `ds_statuses`, `ds_records`,
 * `ds_list_members`, `ds_indicator_values`) returning, per enterprise in row order, what `evaluate()` gives
 * it — decoded by {@link BundleSql.toJSON} into exactly `EvaluationResult.toJSON(i)`:
 *
 * - every document's grade and rule (gradings: grading-sql.ts; industry models: model-sql.ts), in
 *   the evaluator's order (gradings, then models); a model's raw score;
 * - domains and departments (run/domains.ts): a domain holds an enterprise whose normalised
 *   industry code (section letter + digits, as `parseIndustryCode`) starts with one of its prefixes,
 *   or every enterprise (`match.all`); departments are those of its domains, in the domain
 *   assignment's order; none for an enterprise outside the register (deregistered at `at`);
 * - the sampling row (run/sampling.ts): the deciding document is the first `domainBasis` entry of a
 *   domain of the enterprise whose document grades it, else the sampling's grading; the row of that
 *   grade (or the `normal` row), raised by the domain exceptions of the grade (the highest ratio,
 *   the first of equal ones) when the grade is one of the document's ordered grades with a row of its
 *   own (`differentiated`); none outside the register, nor for a revoked licence when
 *   `inspectLicenceRevoked` is false.
 *
 * Every number, code, id and list is a bind value (see grading-sql.ts): only the bundle's shape —
 * which documents, measures, indicators and rules — is in the text.
 */
import { INDUSTRY_SECTIONS } from '@policy/schemas';
import { dayOrThrow } from '../dates.ts';
import type { Evaluator } from '../evaluator.ts';
import type { EnterpriseResultJson, OnSite } from '../result.ts';
import { samplingDocuments } from '../run/sampling.ts';
import type { SqlStatement } from './grading-sql.ts';
import { Binder, gradingBody, SqlUnsupportedError, statusesAt } from './grading-sql.ts';
import { refinesSql } from './general-risk-sql.ts';
import { indicatorsJoin, modelJoins } from './model-sql.ts';
import type { SharedIndicators } from './model-sql.ts';
import { samplingSql } from './sampling-sql.ts';

/** One row of the bundle statement. */
export interface BundleSqlRow {
  row_no: number;
  uscc: string;
  name: string;
  outside: boolean;
  /** Normalised industry section letter and the region code (for the aggregates). */
  section: string | null;
  region_code: string | null;
  /** Indexes into the domain assignment's domains and departments, ascending. */
  domains: number[];
  departments: number[];
  /** Per document (evaluator order): grade code, rule id (NULL: none), score (industry models). */
  grades: (string | null)[];
  rules: (string | null)[];
  scores: (number | null)[];
  /** Sampling: index into `deciding` of the deciding document, its grade; NULL ratio = no row. */
  s_by: number | null;
  s_grade: string | null;
  s_ratio: number | null;
  s_freq: number | null;
  s_onsite: string | null;
  s_diff: boolean | null;
}

/** The statement of a bundle, the columns it returns, and the decoding of a row into the result JSON. */
export interface BundleSql extends SqlStatement {
  /** Document ids in the order of the `grades` / `rules` / `scores` arrays. */
  documents: { id: string; kind: 'grading' | 'industry-model' }[];
  /** Ids of the documents that can decide sampling (`s_by` indexes this). */
  deciding: string[];
  /** The result JSON of one row (`EvaluationResult.toJSON` of the same enterprise). */
  toJSON(row: BundleSqlRow): EnterpriseResultJson;
  /**
   * The same statement without its final `ORDER BY` (same values): for `INSERT … SELECT`, where the
   * order of the rows does not matter and sorting millions of wide rows costs seconds.
   */
  unorderedText: string;
  /**
   * Compiled with `rowRange`: the first two values are a slice of the rows (`from ≤ row_no < to`),
   * set per execution with `sliceValues` — the slices of a run are evaluated at once, each by its own
   * backend.
   */
  sliced: boolean;
  /**
   * Run without hash joins (`set local enable_hashjoin = off`, the db's `sqlEngineSettings`): every
   * per-enterprise input comes in row order (primary-key index scans, aggregates streaming along them),
   * and merging them along `row_no` beats hashing a million rows per join (see the statement's note).
   */
  mergeJoins: true;
}

/** Columns of the bundle statement besides `uscc` and `name` (the stored results; see the db's SQL-engine results table). */
export const BUNDLE_SQL_COLUMNS = [
  'row_no', 'outside', 'section', 'region_code', 'domains', 'departments', 'grades', 'rules', 'scores',
  's_by', 's_grade', 's_ratio', 's_freq', 's_onsite', 's_diff',
] as const;

/**
 * The evaluation of the bundle compiled in `ev` at `at` over dataset `datasetId`, as one statement.
 * `rowRange`: compile it to read a slice of the rows (see {@link BundleSql.sliced}).
 * Throws SqlUnsupportedError naming what it cannot express (indicator measures and text comparisons
 * of gradings; a `worst-of` with an industry model).
 *
 * @example
 * const q = bundleSql(compileOrThrow(bundle), '2026-10-31', 7);
 * for (const row of (await pool.query(q.text, q.values)).rows) out.write(JSON.stringify(q.toJSON(row)) + '\n');
 */
export function bundleSql(ev: Evaluator, at: string, datasetId: number, options: { rowRange?: boolean } = {}): BundleSql {
  const b = new Binder(options);
  const atDay = dayOrThrow(at);
  const ctes: string[] = [];
  const ds = b.bind(datasetId, 'int');
  const atP = b.bind(at, 'date');
  const dereg = b.bind('deregistered', 'text');

  // ---- the register on the day, industry codes → domains and departments, the base row
  const da = ev.domainAssignment?.content;
  const domains = da?.domains ?? [];
  const deptIndex = new Map((da?.departments ?? []).map((d, k) => [d.id, k]));
  const pairD: number[] = [];
  const pairP: (string | null)[] = [];
  domains.forEach((d, k) => {
    if (d.match.all) {
      pairD.push(k);
      pairP.push(null);
    }
    for (const p of d.match.industryPrefixes ?? []) {
      pairD.push(k);
      pairP.push(p);
    }
  });
  const depD: number[] = [];
  const depK: number[] = [];
  domains.forEach((d, k) => {
    for (const dep of d.departments) {
      const di = deptIndex.get(dep);
      if (di === undefined) continue;
      depD.push(k);
      depK.push(di);
    }
  });
  const divs: string[] = [];
  const secs: string[] = [];
  for (const s of INDUSTRY_SECTIONS) for (const d of s.divisions) {
    divs.push(d.code);
    secs.push(s.code);
  }
  const statusSub = statusesAt(ds, atP, b, true);
  ctes.push(
    `reg AS (SELECT e.row_no, e.uscc, e.name, e.industry_code, e.region_code, ` +
      `CASE WHEN e.status_since IS NULL THEN e.status ELSE COALESCE(st.status, 'active') END AS status, ` +
      `CASE WHEN e.score_date > ${atP} THEN NULL ELSE e.public_credit_score END AS score ` +
      `FROM ds_enterprises e LEFT JOIN (${statusSub}) st ON st.row_no = e.row_no WHERE ${b.scope(ds, 'e')})`,
  );
  // per distinct industry code (materialised: computed once per code, not once per enterprise; the
  // codes made distinct first, so the regular expression runs a few thousand times, not millions)
  const section = `(${b.bind(secs, 'text[]')})[array_position(${b.bind(divs, 'text[]')}, substr(c.digits, 1, 2))]`;
  ctes.push(
    `norm AS MATERIALIZED (SELECT c.industry_code, ${section} AS section, ${section} || c.digits AS code ` +
      `FROM (SELECT industry_code, regexp_replace(industry_code, '^[A-T]', '') AS digits FROM (SELECT DISTINCT industry_code FROM ds_enterprises WHERE ${b.scope(ds)}) u) c)`,
  );
  ctes.push(
    `doms AS MATERIALIZED (SELECT n.industry_code, n.section, ARRAY(SELECT DISTINCT x.d FROM unnest(${b.bind(pairD, 'int[]')}, ${b.bind(pairP, 'text[]')}) x(d, p) ` +
      `WHERE x.p IS NULL OR (x.p <> '' AND starts_with(n.code, x.p)) ORDER BY x.d) AS domains FROM norm n)`,
  );
  ctes.push(
    `codes AS MATERIALIZED (SELECT d.industry_code, d.section, d.domains, ` +
      `ARRAY(SELECT DISTINCT y.k FROM unnest(${b.bind(depD, 'int[]')}, ${b.bind(depK, 'int[]')}) y(d, k) WHERE y.d = ANY(d.domains) ORDER BY y.k) AS departments FROM doms d)`,
  );
  // an enterprise's code looked up in a lateral subquery, which PostgreSQL memoizes by the code (one
  // scan of the codes per distinct code; the rest from the cache): the enterprises stay in row order
  // for the merge joins (mergeJoins), where a join with the codes would hash or sort them by code
  ctes.push(
    `base AS NOT MATERIALIZED (SELECT r.row_no, r.uscc, r.name, r.status, r.score, r.region_code, c.section, (r.status = ${dereg}) AS outside, ` +
      `CASE WHEN r.status = ${dereg} THEN '{}'::int[] ELSE c.domains END AS domains, ` +
      `CASE WHEN r.status = ${dereg} THEN '{}'::int[] ELSE c.departments END AS departments ` +
      `FROM reg r CROSS JOIN LATERAL (SELECT c.section, c.domains, c.departments FROM codes c WHERE c.industry_code = r.industry_code OFFSET 0) c)`,
  );

  // ---- industry models: scored in the row of each enterprise (model-sql.ts), joined after the gradings
  const modelParts: string[] = [];
  // the models' indicators: one join for all of them, before the first model
  const indicators: SharedIndicators = { alias: 'mi', cols: [] };
  const gradingIds = ev.gradings.map((g) => g.doc.id);
  ev.models.forEach((m, j) => {
    const w = m.doc.content.combine.with;
    if (m.doc.content.combine.method === 'worst-of' && w !== undefined && !gradingIds.includes(w) && ev.models.some((x) => x.doc.id === w)) {
      throw new SqlUnsupportedError(`${m.doc.id}: worst-of with industry model ${w} is not compiled to SQL yet`);
    }
    const domain = domains.findIndex((d) => d.id === m.doc.content.domain);
    // record counts follow the grading the model combines with (run/models.ts `modelRecordRules`)
    const grading = w === undefined ? undefined : ev.gradings.find((g) => g.doc.id === w)?.doc;
    modelParts.push(modelJoins(`m${j}`, m, domain, { day: atDay, param: atP }, ds, b, grading, indicators));
  });
  if (indicators.cols.length > 0) modelParts[0] = `${indicatorsJoin(indicators.cols, indicators.alias, ds, b)} ${modelParts[0]!}`;

  // ---- every document's columns side by side
  const cols: string[] = [];
  const joins: string[] = [];
  const gradeOf: string[] = [];
  ev.gradings.forEach((g, j) => {
    // the grading in the enterprise's row (grading-sql.ts `row`): its aggregates in row order, its steps in a lateral g<j>
    joins.push(gradingBody(g.doc, at, datasetId, b, { row: { alias: 'b', name: `g${j}` } }));
    cols.push(`g${j}.grade AS d${j}_g, g${j}.rule AS d${j}_r, NULL::float8 AS d${j}_s`);
    gradeOf.push(`g${j}.grade`);
  });
  /** Each model's grade position expression (valid where its band is not NULL). */
  const modelPos: string[] = [];
  ev.models.forEach((m, j) => {
    const c = m.doc.content;
    const k = ev.gradings.length + j;
    const bandGrade = `(${b.bind(c.thresholds.map((t) => m.grades.indexOf(t.grade)), 'int[]')})[m${j}.band + 1]`;
    const w = c.combine.with;
    const gi = w === undefined ? -1 : gradingIds.indexOf(w);
    let grade = bandGrade;
    let rule = `m${j}.band`;
    if (c.combine.method === 'worst-of' && gi >= 0) {
      // the general grade's position among its ordered grades (NULL: no grade or the unrated grade)
      const general = ev.gradings[gi]!;
      const gg = `(array_position(${b.bind(general.doc.content.grades.map((x) => x.code), 'text[]')}, g${gi}.grade) - 1)`;
      const pos = `LEAST(${gg}, ${b.bind(m.grades.length - 1, 'int')})`;
      const worse = `(${pos} > ${bandGrade})`;
      grade = `CASE WHEN ${worse} THEN ${pos} ELSE ${bandGrade} END`;
      rule = `CASE WHEN ${worse} THEN ${b.bind(m.rules.length - 1, 'int')} ELSE m${j}.band END`;
    }
    // refining the general classification (general-risk.ts; evaluated first): no better than its grade
    const refined = refinesSql(ev, m, j, grade, rule, modelPos, b);
    grade = refined.grade;
    rule = refined.rule;
    modelPos.push(grade);
    joins.push(modelParts[j]!);
    const codes = b.bind(m.grades, 'text[]');
    const ids = b.bind(m.rules, 'text[]');
    cols.push(
      `CASE WHEN m${j}.band IS NULL THEN NULL ELSE (${codes})[${grade} + 1] END AS d${k}_g, ` +
        `CASE WHEN m${j}.band IS NULL THEN NULL ELSE (${ids})[${rule} + 1] END AS d${k}_r, m${j}.total AS d${k}_s`,
    );
  });
  const docCount = ev.gradings.length + ev.models.length;
  const docs = [...ev.gradings.map((g) => ({ id: g.doc.id, kind: 'grading' as const })), ...ev.models.map((m) => ({ id: m.doc.id, kind: 'industry-model' as const }))];
  ctes.push(`joined AS (SELECT b.*${cols.map((c) => `, ${c}`).join('')} FROM base b ${joins.join(' ')})`);
  const arr = (suffix: string, cast: string) => (docCount === 0 ? `'{}'::${cast}[]` : `ARRAY[${docs.map((_, k) => `d${k}_${suffix}`).join(', ')}]::${cast}[]`);

  // ---- sampling (sampling-sql.ts: each step computed once per enterprise, pushed down on Citus)
  const s = ev.sampling;
  const deciding = samplingDocuments(ev);
  const { columns: sampling, from } = samplingSql({ ev, docs, deciding, domainIds: domains.map((d) => d.id), source: 'joined' }, b);
  const unorderedText =
    `WITH ${ctes.join(',\n')}\n` +
    `SELECT j.row_no, j.uscc, j.name, j.outside, j.section, j.region_code, j.domains, j.departments, ` +
    `${arr('g', 'text').replace(/d(\d+)_g/g, 'j.d$1_g')} AS grades, ${arr('r', 'text').replace(/d(\d+)_r/g, 'j.d$1_r')} AS rules, ` +
    `${arr('s', 'float8').replace(/d(\d+)_s/g, 'j.d$1_s')} AS scores, ${sampling}\nFROM ${from}`;
  const text = `${unorderedText}\nORDER BY j.row_no`;

  const domainIds = domains.map((d) => d.id);
  const departmentIds = (da?.departments ?? []).map((d) => d.id);
  const reportsBasis = (s?.content.domainBasis?.length ?? 0) > 0;
  const toJSON = (row: BundleSqlRow): EnterpriseResultJson => {
    const results: EnterpriseResultJson['results'] = {};
    docs.forEach((d, k) => {
      const grade = row.grades[k] ?? null;
      if (d.kind === 'industry-model' && grade === null) return;
      const entry: { grade: string | null; rule: string | null; score?: number } = { grade, rule: row.rules[k] ?? null };
      if (d.kind === 'industry-model') entry.score = Math.round(row.scores[k]! * 100) / 100;
      results[d.id] = entry;
    });
    let samplingJson: EnterpriseResultJson['sampling'] = null;
    if (row.s_ratio !== null) {
      samplingJson = { grade: row.s_grade, ratioPercent: row.s_ratio, frequencyPerYear: row.s_freq!, onSite: row.s_onsite as OnSite };
      if (reportsBasis) samplingJson.decidedBy = deciding[row.s_by!]!;
    }
    return {
      uscc: row.uscc,
      name: row.name,
      results,
      domains: row.domains.map((d) => domainIds[d]!),
      departments: row.departments.map((d) => departmentIds[d]!),
      sampling: samplingJson,
      ...(row.outside ? { outsideRegister: true as const } : {}),
    };
  };
  return { text, unorderedText, values: b.values, documents: docs, deciding, toJSON, sliced: b.sliced, mergeJoins: true };
}
