/**
 * A run's stored lines built inside PostgreSQL (issue 16): from the results the SQL engine stored
 * (`sql_run_results`, the bundle statement's columns) and the enterprises' USCC and name, a page of
 * results becomes the page's run lines — `runLine(row, JSON.stringify(toJSON(row)))` of bundle-sql.ts,
 * byte for byte — as one text, so the Node process receives a chunk's payload, not its rows.
 *
 * The JSON text is assembled with the same key order as `toJSON` (and the order `JSON.stringify`
 * emits object keys in: integer-like keys first), strings escaped with PostgreSQL's `to_json` (the
 * same escapes as `JSON.stringify` for any text PostgreSQL can hold), a model's score rounded as
 * `Math.round(x × 100) / 100`. Numbers print as in JavaScript only in [1e-4, 1e15) (PostgreSQL writes
 * others with an exponent): a line with a number outside that range (or not finite) is left NULL and
 * counted in `fallback`, for the caller to encode that page in Node from the stored row. Pure: text
 * and bind values, no IO.
 */
import type { Evaluator } from '../evaluator.ts';
import { samplingDocuments } from '../run/sampling.ts';
import { Binder } from './grading-sql.ts';

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
 * The page statement: `values(after, limit, chunkRows)` are its bind values for the `limit` rows
 * `row_no > after`, returned as pages of `chunkRows` rows (default: one page of `limit`), in order.
 */
export interface ResultLinesSql {
  text: string;
  values(after: number, limit: number, chunkRows?: number): unknown[];
}

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
  const json = (x: string) => `COALESCE(to_json(${x})::text, 'null')`;
  // a float as JavaScript prints it, or NULL (the line falls back) where PostgreSQL's text differs
  const num = (x: string) => `CASE WHEN ${x} = 0 THEN '0' WHEN abs(${x}) >= 1e-4 AND abs(${x}) < 1e15 THEN ${x}::text END`;

  const docs = [...ev.gradings.map((g) => ({ id: g.doc.id, model: false })), ...ev.models.map((m) => ({ id: m.doc.id, model: true }))];
  // the order JSON.stringify writes the results object's keys in (integer-like keys first)
  const order = Object.keys(Object.fromEntries(docs.map((d, k) => [d.id, k]))).map((id) => docs.findIndex((d) => d.id === id));
  const parts: string[] = [];
  order.forEach((k, i) => {
    const d = docs[k]!;
    const g = `r.grades[${k + 1}]`;
    // the key and the separator before it: a comma unless no earlier key was written
    const key = (sep: string) => b.bind(`${sep}${JSON.stringify(d.id)}:{"grade":`, 'text');
    const rule = `',"rule":' || ${json(`r.rules[${k + 1}]`)}`;
    if (!d.model) {
      parts.push(`CASE WHEN ${i === 0 ? 'true' : `r.w${k}`} THEN ${key('')} ELSE ${key(',')} END || ${json(g)} || ${rule} || '}'`);
    } else {
      const x = `(r.scores[${k + 1}] * 100)`;
      const score = `((CASE WHEN ${x} - floor(${x}) >= 0.5 THEN ceil(${x}) ELSE floor(${x}) END) / 100 + 0::float8)`;
      parts.push(`CASE WHEN ${g} IS NULL THEN '' ELSE CASE WHEN ${i === 0 ? 'true' : `r.w${k}`} THEN ${key('')} ELSE ${key(',')} END || ${json(g)} || ${rule} || ',"score":' || ${num(score)} || '}' END`);
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
  // an index list as its names joined by commas (NULLs skipped, as array_to_string does): up to four
  // elements as one expression (concat_ws), longer lists by a subquery — a subquery per row was a third
  // of the cost of building a line
  const list = (col: string, names: string) => {
    const el = (i: number) => `(${names})[r.${col}[${i}] + 1]`;
    const short = [1, 2, 3, 4].map((n) => `WHEN ${n} THEN concat_ws(',', ${Array.from({ length: n }, (_, i) => el(i + 1)).join(', ')})`).join(' ');
    const long = `array_to_string(ARRAY(SELECT (${names})[x.v + 1] FROM unnest(r.${col}) WITH ORDINALITY x(v, o) ORDER BY x.o), ',')`;
    return `CASE COALESCE(cardinality(r.${col}), 0) WHEN 0 THEN '' ${short} ELSE ${long} END`;
  };

  const deciding = samplingDocuments(ev);
  const reportsBasis = (ev.sampling?.content.domainBasis?.length ?? 0) > 0;
  const decidedBy = reportsBasis ? ` || ',"decidedBy":' || (${b.bind(deciding.map((id) => JSON.stringify(id)), 'text[]')})[r.s_by + 1]` : '';
  const sampling =
    `CASE WHEN r.s_ratio IS NULL THEN 'null' ELSE '{"grade":' || ${json('r.s_grade')} || ',"ratioPercent":' || ${num('r.s_ratio')} || ` +
    `',"frequencyPerYear":' || ${num('r.s_freq')} || ',"onSite":' || ${json('r.s_onsite')}${decidedBy} || '}' END`;

  const results = parts.length === 0 ? "''" : parts.map((p) => `(${p})`).join(' || ');
  const line =
    `r.row_no::text || E'\\t' || '{"uscc":' || ${json('e.uscc')} || ',"name":' || ${json('e.name')} || ',"results":{' || ${results} || '}' || ` +
    `',"domains":[' || ${list('domains', domainJson)} || '],"departments":[' || ${list('departments', departmentJson)} || '],"sampling":' || ${sampling} || E'}\\n'`;
  // one statement for several chunks (planning the long expression once), each chunk one output row; the
  // lines in a derived table fenced with OFFSET 0, so each is built once (not once per reference); each
  // row's enterprise looked up by its key (fenced too: joined, the planner would scan all enterprises)
  const text =
    `SELECT min(p.row_no) AS first_row, max(p.row_no) AS last_row, count(*)::int AS rows, (count(*) FILTER (WHERE NOT p.outside))::int AS in_register, ` +
    `(count(*) FILTER (WHERE NOT p.outside AND p.line IS NULL))::int AS fallback, COALESCE(string_agg(p.line, '' ORDER BY p.row_no), '') AS payload FROM (` +
    `SELECT r.row_no, r.chunk, r.outside, CASE WHEN r.outside THEN NULL ELSE ${line} END AS line ` +
    `FROM (SELECT q.*, (row_number() OVER (ORDER BY q.row_no) - 1) / ${chunk} AS chunk, ${firsts.length === 0 ? 'true AS w_' : firsts.join(', ')} ` +
    `FROM (SELECT * FROM sql_run_results WHERE run_id = ${run} AND row_no > ${after} ORDER BY row_no LIMIT ${limit}) q) r ` +
    `CROSS JOIN LATERAL (SELECT uscc, name FROM ds_enterprises WHERE dataset_id = ${ds} AND row_no = r.row_no OFFSET 0) e OFFSET 0) p GROUP BY p.chunk ORDER BY p.chunk`;
  const values = b.values;
  return {
    text,
    values: (a, n, chunkRows = n) => {
      const v = [...values];
      v[0] = a;
      v[1] = n;
      v[2] = chunkRows;
      return v;
    },
  };
}
