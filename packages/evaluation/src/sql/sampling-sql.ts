/**
 * The sampling row of the bundle statement (bundle-sql.ts; run/sampling.ts in memory): per enterprise
 * the deciding document (`s_by`: the first `domainBasis` entry of a domain of the enterprise whose
 * document grades it, else the sampling's grading), its grade, the row of that grade (or the `normal`
 * row), raised by the domain exceptions of the grade (the highest ratio, the first of equal ones) when
 * the grade is one of the document's ordered grades with a row of its own (`differentiated`); none
 * outside the register, nor for a revoked licence when `inspectLicenceRevoked` is false.
 *
 * Each step reads the values of the steps before it, several times over: were they written as
 * expressions of one another, PostgreSQL would copy every step into every reference (minutes at a
 * million enterprises). So the steps — first the documents' columns that are expressions (the industry
 * models' grades and rules), then the deciding document and its grade, the row and whether it is
 * differentiated, the exception — are a chain of subqueries, each fenced with `OFFSET 0` and reading
 * the one inside it, in one `CROSS JOIN LATERAL` over the enterprise's row: computed once per
 * enterprise, read as columns (one nested loop per enterprise; measured at 1,000,000 enterprises
 * cheaper than the five derived tables it replaces, and than one lateral subquery per step). Every
 * step references the outer row, so Citus pushes the chain down with the rest of the statement: it
 * pushes down a correlated subquery whatever its OFFSET, whereas a derived table of the whole
 * population fenced with `OFFSET 0` is a global step it plans recursively (every enterprise's row
 * through the coordinator).
 */
import type { Evaluator } from '../evaluator.ts';
import type { Binder } from './grading-sql.ts';

/** What the sampling columns are computed from: the bundle's documents and domains, the source CTE. */
export interface SamplingSqlInput {
  ev: Evaluator;
  /** The documents in the order of the `d<k>_g` / `d<k>_r` / `d<k>_s` columns of `source`. */
  docs: readonly { id: string; kind: 'grading' | 'industry-model' }[];
  /** Ids of the documents that can decide sampling (`s_by` indexes this). */
  deciding: readonly string[];
  /** Domain ids of the domain assignment, in its order (`domains` columns hold their indexes). */
  domainIds: readonly string[];
  /**
   * The CTE of the enterprises' rows: `row_no`, `uscc`, `name`, `status`, `outside`, `section`,
   * `region_code`, `domains`, `departments` and the documents' columns `d<k>_g`, `d<k>_r`, `d<k>_s`.
   */
  source: string;
}

/** Base columns of the source row passed through to the final select. */
const PASSED = ['row_no', 'uscc', 'name', 'outside', 'section', 'region_code', 'domains', 'departments'] as const;

/**
 * The final select's sampling columns (`s_by`, `s_grade`, `s_ratio`, `s_freq`, `s_onsite`, `s_diff`)
 * and its FROM: a derived table `j` with the source's columns (read once) and the steps' values.
 * Without a sampling document: NULL columns over the source.
 */
export function samplingSql(input: SamplingSqlInput, b: Binder): { columns: string; from: string } {
  const { ev, docs, deciding, domainIds, source } = input;
  const s = ev.sampling;
  if (!s) {
    return {
      columns: 'NULL::int AS s_by, NULL::text AS s_grade, NULL::float8 AS s_ratio, NULL::float8 AS s_freq, NULL::text AS s_onsite, NULL::boolean AS s_diff',
      from: `${source} j`,
    };
  }
  const docIndex = (id: string) => docs.findIndex((d) => d.id === id);
  // the documents' columns: a grading's are its CTE's plain columns; an industry model's grade and rule
  // are expressions (bands, worst-of, refinement): computed once, in the first step, and read from it
  const modelCols = docs.flatMap((d, k) => (d.kind === 'grading' ? [] : [`d${k}_g`, `d${k}_r`]));
  const col = (name: string) => (modelCols.includes(name) ? `v.${name}` : `r.${name}`);
  const dg = (id: string) => col(`d${docIndex(id)}_g`);
  // the first basis entry of a domain of the enterprise whose document grades it (else 0: the sampling's
  // grading), and that document's grade; an entry naming no deciding document never holds
  const basis = (s.content.domainBasis ?? [])
    .map((x) => ({ d: domainIds.indexOf(x.domain), k: deciding.indexOf(x.document) }))
    .filter((x) => x.d >= 0 && x.k >= 0)
    .map((x) => ({ ...x, when: `${b.bind(x.d, 'int')} = ANY(v.domains) AND ${dg(deciding[x.k]!)} IS NOT NULL` }));
  const by = basis.length === 0 ? '0' : `CASE ${basis.map((x) => `WHEN ${x.when} THEN ${b.bind(x.k, 'int')}`).join(' ')} ELSE 0 END`;
  const first = deciding.length === 0 ? 'NULL::text' : dg(deciding[0]!);
  const grade = basis.length === 0 ? first : `CASE ${basis.map((x) => `WHEN ${x.when} THEN ${dg(deciding[x.k]!)}`).join(' ')} ELSE ${first} END`;
  // the ordered grades of each deciding document (a grading's unrated grade outside its grade set is not one)
  const ordered = deciding.map((id) => {
    const g = ev.gradings.find((x) => x.doc.id === id);
    return g ? g.doc.content.grades.map((x) => x.code) : ev.models.find((x) => x.doc.id === id)!.grades;
  });
  const rows = s.content.rows;
  const normal = rows.findIndex((r) => r.onSite === 'normal');
  // the domain exceptions, highest ratio first (the first of equal ones): the first that holds raises the row
  const exc = s.content.exceptions
    .map((e, o) => ({ ...e, o, d: domainIds.indexOf(e.domain) }))
    .filter((e) => e.d >= 0)
    .sort((x, y) => y.ratioPercent - x.ratioPercent || x.o - y.o);
  const revokedOut = s.content.inspectLicenceRevoked === false;
  const row = `array_position(${b.bind(rows.map((r) => r.grade), 'text[]')}, v.s_grade)`;
  const rated = ordered.length === 0
    ? 'false'
    : `(${row} IS NOT NULL AND COALESCE(CASE v.s_by ${ordered.map((codes, k) => `WHEN ${k} THEN v.s_grade = ANY(${b.bind(codes, 'text[]')})`).join(' ')} END, false))`;
  const none = `(v.outside OR (${b.bind(revokedOut, 'boolean')} AND v.status = ${b.bind('licence-revoked', 'text')}))`;
  const base = `CASE WHEN ${none} THEN NULL ELSE COALESCE(${row}, ${b.bind(normal < 0 ? null : normal + 1, 'int')}) END`;
  const exi = exc.length === 0
    ? 'NULL::int'
    : `CASE WHEN v.s_rated THEN CASE ${exc.map((e, i) => `WHEN v.s_grade = ${b.bind(e.grade, 'text')} AND ${b.bind(e.d, 'int')} = ANY(v.domains) THEN ${i + 1}`).join(' ')} END END`;
  // the steps, innermost first, each reading the one inside it (`v`); the innermost reads the row (`r`),
  // so every step references the outer row (Citus pushes down a correlated subquery with OFFSET)
  const inner = `SELECT r.outside, r.status, r.domains${modelCols.map((c) => `, r.${c}`).join('')} OFFSET 0`;
  const steps = [`${by} AS s_by, ${grade} AS s_grade`, `${rated} AS s_rated, ${base} AS s_base`, `${exi} AS s_exc`];
  const chain = steps.reduce((q, cols) => `SELECT v.*, ${cols} FROM (${q}) v OFFSET 0`, inner);
  const passed = [...PASSED.map((c) => `r.${c}`), ...docs.flatMap((_, k) => [`${col(`d${k}_g`)} AS d${k}_g`, `${col(`d${k}_r`)} AS d${k}_r`, `r.d${k}_s`])];
  const from =
    `(SELECT ${passed.join(', ')}, v.s_by, v.s_grade, v.s_rated, v.s_base, v.s_exc ` +
    `FROM ${source} r CROSS JOIN LATERAL (${chain}) v) j`;
  const exRatio = b.bind(exc.map((e) => e.ratioPercent), 'float8[]');
  const exFreq = b.bind(exc.map((e) => e.frequencyPerYear), 'float8[]');
  const ratio = b.bind(rows.map((r) => r.ratioPercent), 'float8[]');
  const freq = b.bind(rows.map((r) => r.frequencyPerYear), 'float8[]');
  const onSite = b.bind(rows.map((r) => r.onSite), 'text[]');
  const has = 'j.s_base IS NOT NULL';
  const columns =
    `CASE WHEN ${has} THEN j.s_by END AS s_by, CASE WHEN ${has} THEN j.s_grade END AS s_grade, ` +
    `CASE WHEN ${has} THEN COALESCE((${exRatio})[j.s_exc], (${ratio})[j.s_base]) END AS s_ratio, CASE WHEN ${has} THEN COALESCE((${exFreq})[j.s_exc], (${freq})[j.s_base]) END AS s_freq, ` +
    `CASE WHEN ${has} THEN (${onSite})[j.s_base] END AS s_onsite, CASE WHEN ${has} THEN j.s_rated END AS s_diff`;
  return { columns, from };
}
