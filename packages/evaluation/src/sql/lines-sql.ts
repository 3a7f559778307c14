/**
 * A run's stored lines built inside PostgreSQL (issue 16): from the results the SQL engine stored
 * (`sql_run_results`, the bundle statement's columns) and the enterprises' USCC and name, a page of
 * results becomes the page's run lines — `runLine(row, JSON.stringify(toJSON(row)))` of bundle-sql.ts,
 * byte for byte — as one text, so the Node process receives a chunk's payload, not its rows.
 *
 * The JSON text is assembled with the same key order as `toJSON` (and the order `JSON.stringify`
 * emits object keys in: integer-like keys first), free text (the name) escaped with PostgreSQL's
 * `to_json` (the same escapes as `JSON.stringify` for any text PostgreSQL can hold), codes that need
 * no escape merely put between quotes: the USCC (its schema's alphabet) and the grade codes, rule ids
 * and on-site values the bundle was compiled with when none of them needs one (else `to_json`). A
 * model's score is rounded as `Math.round(x × 100) / 100`; a sampling ratio or frequency of the
 * bundle's is written as JavaScript writes it (looked up). Other numbers print as in JavaScript only
 * in [1e-4, 1e15) (PostgreSQL writes others with an exponent): a line with a number outside that
 * range (or not finite) is left NULL and counted in `fallback`, for the caller to encode that page in
 * Node from the stored row. Pure: text and bind values, no IO.
 */
import type { Evaluator } from '../evaluator.ts';
import { samplingDocuments } from '../run/sampling.ts';
import { Binder } from './grading-sql.ts';

/**
 * Whether JSON.stringify (and PostgreSQL's to_json) writes `s` unchanged between quotes: no `"`, `\`,
 * control character nor (JavaScript's escape of a lone one) surrogate.
 */
function plain(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/**
 * `xs` concatenated with `||` as a balanced tree: each character is copied about log2(n) times, not
 * once per later part as in a chain (a line has some forty parts).
 */
function cat(xs: readonly string[]): string {
  if (xs.length === 1) return xs[0]!;
  const h = xs.length >> 1;
  return `(${cat(xs.slice(0, h))} || ${cat(xs.slice(h))})`;
}

/** One page of stored lines: rows `row_no > after` in order, `limit` of them (outside the register included, without a line). */
export interface ResultLinesPage {
  first_row: number | null;
  last_row: number | null;
  /** Rows of the page (with those outside the register) and those in the register (the lines). */
  rows: number;
  in_register: number;
  /** Lines left NULL (a number JavaScript prints otherwise): the caller encodes this page itself. */
  fallback: number;
  /** The page's lines, in row order. */
  payload: string;
}

/**
 * The page statement: `values(after, limit, chunkRows, end)` are its bind values for the `limit` rows
 * `row_no > after` (none beyond `end`, the last row the caller wants: default all), returned as pages
 * of `chunkRows` rows (default: one page of `limit`), in order.
 */
export interface ResultLinesSql {
  text: string;
  values(after: number, limit: number, chunkRows?: number, end?: number): unknown[];
  /**
   * Run without hash joins (the db's `sqlEngineSettings`): the page's rows and their enterprises,
   * both in row order and bounded by `after` and `end`, are merged.
   */
  mergeJoins: true;
}

/** The largest row number (`int`): the default `end` of a page statement, no bound. */
const LAST_ROW = 2 ** 31 - 1;

/**
 * The statement building a page of run `runId`'s stored lines over dataset `datasetId`, for the
 * bundle compiled in `ev` (the same evaluator the run's statement was compiled from).
 *
 * @example
 * const q = resultLinesSql(ev, run.id, dataset.id);
 * const [page] = (await pool.query(q.text, q.values(-1, 5000))).rows; // { first_row: 0, payload: '0\t{"uscc":…}\n…', … }
 */
export function resultLinesSql(ev: Evaluator, runId: number, datasetId: number): ResultLinesSql {
  const b = new Binder();
  const after = b.bind(-1, 'int');
  const limit = b.bind(0, 'int');
  const chunk = b.bind(1, 'int');
  const run = b.bind(runId, 'int');
  const ds = b.bind(datasetId, 'int');
  const end = b.bind(LAST_ROW, 'int');
  const endAt = b.values.length - 1;
  const json = (x: string) => `COALESCE(to_json(${x})::text, 'null')`;
  // a text JSON.stringify and to_json write as is between quotes (see `plain`): quoted by concatenation,
  // a fifth of the cost of to_json (all of a document's codes plain, else to_json for each)
  const code = (x: string) => `COALESCE('"' || ${x} || '"', 'null')`;
  const quote = (values: readonly string[]) => (values.every(plain) ? code : json);
  // a float as JavaScript prints it, or NULL (the line falls back) where PostgreSQL's text differs
  const num = (x: string) => `CASE WHEN ${x} = 0 THEN '0' WHEN abs(${x}) >= 1e-4 AND abs(${x}) < 1e15 THEN ${x}::text END`;

  const docs = [
    ...ev.gradings.map((g) => ({ id: g.doc.id, model: false, grades: g.grades, rules: g.rules })),
    ...ev.models.map((m) => ({ id: m.doc.id, model: true, grades: m.grades, rules: m.rules })),
  ];
  // the order JSON.stringify writes the results object's keys in (integer-like keys first)
  const order = Object.keys(Object.fromEntries(docs.map((d, k) => [d.id, k]))).map((id) => docs.findIndex((d) => d.id === id));
  // per model: its score rounded (once per row, in the page's subquery)
  const scores: string[] = [];
  const results: string[] = [];
  order.forEach((k, i) => {
    const d = docs[k]!;
    const g = `r.grades[${k + 1}]`;
    // the key and the separator before it: a comma unless no earlier key was written
    const key = (sep: string) => b.bind(`${sep}${JSON.stringify(d.id)}:{"grade":`, 'text');
    // a document's grade codes and rule ids are those it was compiled with (the in-memory engine's too)
    const head = [`CASE WHEN ${i === 0 ? 'true' : `r.w${k}`} THEN ${key('')} ELSE ${key(',')} END`, quote(d.grades)(g), `',"rule":'`, quote(d.rules)(`r.rules[${k + 1}]`)];
    if (!d.model) {
      results.push(cat([...head, `'}'`]));
    } else {
      const x = `(q.scores[${k + 1}] * 100)`;
      scores.push(`((CASE WHEN ${x} - floor(${x}) >= 0.5 THEN ceil(${x}) ELSE floor(${x}) END) / 100 + 0::float8) AS s${k}`);
      results.push(`CASE WHEN ${g} IS NULL THEN '' ELSE ${cat([...head, `',"score":'`, num(`r.s${k}`), `'}'`])} END`);
    }
  });
  // w<k>: whether no key was written before document k (models without a grade write none)
  const firsts = order.map((k, i) => {
    const before = order.slice(0, i).filter((j) => docs[j]!.model);
    const always = order.slice(0, i).some((j) => !docs[j]!.model);
    const test = always ? 'false' : before.length === 0 ? 'true' : before.map((j) => `q.grades[${j + 1}] IS NULL`).join(' AND ');
    return `${test} AS w${k}`;
  });

  const da = ev.domainAssignment?.content;
  const domainJson = b.bind((da?.domains ?? []).map((d) => JSON.stringify(d.id)), 'text[]');
  const departmentJson = b.bind((da?.departments ?? []).map((d) => JSON.stringify(d.id)), 'text[]');
  // an index list as its names joined by commas: up to four elements as one expression (an index
  // without a name makes the line NULL: the page falls back to Node), longer lists by a subquery — a
  // subquery per row was a third of the cost of building a line
  const list = (col: string, names: string) => {
    const el = (i: number) => `(${names})[r.${col}[${i}] + 1]`;
    const short = [1, 2, 3, 4].map((n) => `WHEN ${n} THEN ${cat(Array.from({ length: n }, (_, i) => (i === 0 ? [el(1)] : [`','`, el(i + 1)])).flat())}`).join(' ');
    const long = `array_to_string(ARRAY(SELECT (${names})[x.v + 1] FROM unnest(r.${col}) WITH ORDINALITY x(v, o) ORDER BY x.o), ',')`;
    return `CASE COALESCE(cardinality(r.${col}), 0) WHEN 0 THEN '' ${short} ELSE ${long} END`;
  };

  const deciding = samplingDocuments(ev);
  const reportsBasis = (ev.sampling?.content.domainBasis?.length ?? 0) > 0;
  const decidedBy = reportsBasis ? [`',"decidedBy":'`, `(${b.bind(deciding.map((id) => JSON.stringify(id)), 'text[]')})[r.s_by + 1]`] : [];
  // the sampling grade is a grade of the deciding document; on site, one of the sampling rows'
  const sGrade = quote(docs.flatMap((d) => d.grades))('r.s_grade');
  const sOnSite = quote((ev.sampling?.content.rows ?? []).map((r) => r.onSite))('r.s_onsite');
  // a ratio and a frequency are those of a sampling row or exception: their text as JavaScript writes
  // it, looked up (any other value printed by PostgreSQL, as any number)
  const sc = ev.sampling?.content;
  const known = (x: string, values: number[]) => {
    const distinct = [...new Set(values)];
    return distinct.length === 0 ? num(x) : `CASE ${x} ${distinct.map((v) => `WHEN ${b.bind(v, 'float8')} THEN ${b.bind(JSON.stringify(v), 'text')}`).join(' ')} ELSE ${num(x)} END`;
  };
  const ratio = known('r.s_ratio', [...(sc?.rows ?? []), ...(sc?.exceptions ?? [])].map((r) => r.ratioPercent));
  const freq = known('r.s_freq', [...(sc?.rows ?? []), ...(sc?.exceptions ?? [])].map((r) => r.frequencyPerYear));
  const sampling =
    `CASE WHEN r.s_ratio IS NULL THEN 'null' ELSE ` +
    `${cat([`'{"grade":'`, sGrade, `',"ratioPercent":'`, ratio, `',"frequencyPerYear":'`, freq, `',"onSite":'`, sOnSite, ...decidedBy, `'}'`])} END`;

  // the USCC: USCC_RE of @policy/schemas (every stored dataset's records passed it); the name: any text
  const line = cat([
    `r.row_no::text`, `E'\\t{"uscc":'`, code('e.uscc'), `',"name":'`, json('e.name'), `',"results":{'`, ...(results.length === 0 ? [] : results.map((x) => `(${x})`)),
    `'},"domains":['`, list('domains', domainJson), `'],"departments":['`, list('departments', departmentJson), `'],"sampling":'`, sampling, `E'}\\n'`,
  ]);
  // one statement for several chunks (planning the long expression once), each chunk one output row; the
  // lines in a derived table fenced with OFFSET 0, so each is built once (not once per reference); the
  // page's enterprises read along the primary key from its first row to `end` and merged with its rows
  // (a tenth less CPU than looking each up by its key: 200,000 lines 1.00 → 0.90 s of backend CPU)
  const text =
    `SELECT min(p.row_no) AS first_row, max(p.row_no) AS last_row, count(*)::int AS rows, (count(*) FILTER (WHERE NOT p.outside))::int AS in_register, ` +
    `(count(*) FILTER (WHERE NOT p.outside AND p.line IS NULL))::int AS fallback, COALESCE(string_agg(p.line, '' ORDER BY p.row_no), '') AS payload FROM (` +
    `SELECT r.row_no, r.chunk, r.outside, CASE WHEN r.outside THEN NULL ELSE ${line} END AS line ` +
    `FROM (SELECT q.*, (row_number() OVER (ORDER BY q.row_no) - 1) / ${chunk} AS chunk, ${[...(firsts.length === 0 ? ['true AS w_'] : firsts), ...scores].join(', ')} ` +
    `FROM (SELECT * FROM sql_run_results WHERE run_id = ${run} AND row_no > ${after} ORDER BY row_no LIMIT ${limit}) q) r ` +
    `JOIN (SELECT row_no, uscc, name FROM ds_enterprises WHERE dataset_id = ${ds} AND row_no > ${after} AND row_no <= ${end} ORDER BY row_no) e ON e.row_no = r.row_no ` +
    `OFFSET 0) p GROUP BY p.chunk ORDER BY p.chunk`;
  const values = b.values;
  return {
    text,
    values: (a, n, chunkRows = n, last = LAST_ROW) => {
      const v = [...values];
      v[0] = a;
      v[1] = n;
      v[2] = chunkRows;
      v[endAt] = last;
      return v;
    },
    mergeJoins: true,
  };
}
