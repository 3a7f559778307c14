/**
 * A run's early warnings and triggers compiled to SQL (issues 13 and 16): the early-warning rules
 * (warnings.ts) and the conditioned trigger points of the supervision items (triggers.ts) of the
 * bundle compiled in `ev`, at `at`, become one PostgreSQL `SELECT` (text + bind values, no IO) whose
 * rows are the `run_signals` rows the in-memory run stores (`runSignals` of run/store.ts) for the
 * run whose per-enterprise results are in `sql_run_results` — same kinds, documents, rule ids / item
 * codes, owners, enterprises, supervising departments, detail JSON (byte for byte) and order (`seq`:
 * enterprise in row order, then the warnings in rule order, then the triggered items in list order).
 *
 * - Enterprises: the run's rows of `sql_run_results` inside the register (a jurisdiction's run holds
 *   only its rows), with the USCC and name from `ds_enterprises`.
 * - A grade leaf (`{ document, grades }`) reads the named document's grade from the run's `grades`.
 * - A comparison leaf has the meaning of the one-measure grading warnings.ts / triggers.ts build
 *   (hit / miss; grading-sql.ts's `gradingBody`: every counting rule of the gradings — windows,
 *   repairs, objections, publication periods, lists in force, status and score of the day), an
 *   indicator measure that of the grading kernel's indicator column: a number, a boolean as 0 / 1;
 *   missing — and a text compared with a number, which is no number — as NaN (every comparison
 *   false but `!=`); a text comparison holds for that text only. The leaves are read with one pass
 *   per dataset table (signal-leaves-sql.ts), not one grading per leaf.
 * - A rule is gated by its domains (any of them), an item by its domain, from the run's `domains`.
 *
 * Every number (thresholds, window starts, `at`), id, code, label and JSON part is a bind value.
 */
import type { MeasureDef, TriggerCondition } from '@policy/schemas';
import type { Evaluator } from '../evaluator.ts';
import type { SqlStatement } from './grading-sql.ts';
import { Binder, SqlUnsupportedError } from './grading-sql.ts';
import { SignalLeaves } from './signal-leaves-sql.ts';

/** The columns of the statement, in order: those of `run_signals`. */
export const RUN_SIGNAL_SQL_COLUMNS = ['run_id', 'seq', 'kind', 'document_id', 'code', 'owner', 'row_no', 'uscc', 'name', 'departments', 'detail'] as const;


/** One signal a row of the run can give: a warning rule or a supervision item. */
interface Signal {
  kind: 'warning' | 'trigger';
  documentId: string;
  code: string;
  owner: string;
  /** Boolean SQL over the leaf columns `q<k>` and `domains`: the signal holds. */
  hit: string;
  /** The detail JSON: a warning's itself (a constant), a trigger's as SQL text over the leaf columns (its points that hold). */
  detail: string;
}

/**
 * The `run_signals` rows of run `runId` (its results in `sql_run_results`, dataset `datasetId`,
 * evaluated by `ev` at `at`), as a `SELECT` with the columns {@link RUN_SIGNAL_SQL_COLUMNS}. Throws
 * SqlUnsupportedError for a condition it cannot express (a grade leaf naming a document the run
 * does not grade; the comparison leaves gradingBody refuses).
 *
 * `rowRange`: compiled for a slice of the rows (`sliced`; its first two values are the slice,
 * `sliceValues`): the signals of the slice's enterprises, `seq` numbering them within the slice from
 * 0 — counted in slices (the impact report), or stored in slices (`insertSqlRunSignals` of @policy/db
 * adds to each slice's `seq` a base that keeps the slices in row order).
 *
 * @example
 * const q = signalsSql(ev, '2026-10-31', run.id, datasetId, { rowRange: true });
 * await insertSqlRunSignals(db, run.id, q, { datasetId }); // INSERT INTO run_signals (…) SELECT …, in slices at once
 */
export function signalsSql(
  ev: Evaluator,
  at: string,
  runId: number,
  datasetId: number,
  options: { rowRange?: boolean } = {},
): SqlStatement & { sliced: boolean } {
  const b = new Binder({ rowRange: options.rowRange === true });
  const ctes: string[] = [];
  const leafKeys = new Map<string, string>();
  /** The leaves' boolean SQL over the joined tables, selected as `q<k>` in the first stage. */
  const leafCols: string[] = [];
  const docs = [...ev.gradings.map((g) => g.doc.id), ...ev.models.map((m) => m.doc.id)];
  const domains = (ev.domainAssignment?.content.domains ?? []).map((d) => d.id);
  const deptIds = (ev.domainAssignment?.content.departments ?? []).map((d) => d.id);
  const ds = b.bind(datasetId, 'int');
  const tables = new SignalLeaves(at, ds, b);

  /** The boolean SQL of a leaf, computed once per distinct leaf. */
  const leaf = (key: string, make: (k: number) => string): string => {
    let x = leafKeys.get(key);
    if (x === undefined) {
      const k = leafCols.length;
      leafCols.push(make(k));
      leafKeys.set(key, (x = `q${k}`));
    }
    return x;
  };
  const condition = (c: TriggerCondition, measures: ReadonlyMap<string, MeasureDef>, where: string): string => {
    if ('all' in c) return `(${c.all.map((y) => condition(y, measures, where)).join(' AND ')})`;
    if ('any' in c) return `(${c.any.map((y) => condition(y, measures, where)).join(' OR ')})`;
    if ('not' in c) return `(NOT ${condition(c.not, measures, where)})`;
    if ('always' in c) return 'true';
    if ('grades' in c) {
      const k = docs.indexOf(c.document);
      if (k < 0) throw new SqlUnsupportedError(`${where}: ${c.document} is not a grading or industry model of the run`);
      return leaf(`g\u0000${c.document}\u0000${[...c.grades].sort().join('\u0000')}`, () => `COALESCE(r.grades[${k + 1}] = ANY(${b.bind(c.grades, 'text[]')}), false)`);
    }
    const m = measures.get(c.measure);
    if (!m) throw new SqlUnsupportedError(`${where}: measure ${c.measure} is not defined`);
    return leaf(`m\u0000${JSON.stringify(m)}\u0000${c.op}\u0000${JSON.stringify(c.value)}`, (k) => tables.leaf(m, c, `${where}.leaf${k}`));
  };
  const inDomains = (ids: readonly string[]) => {
    const idx = ids.map((id) => domains.indexOf(id)).filter((k) => k >= 0);
    return `(domains && ${b.bind(idx, 'int[]')})`;
  };

  const signals: Signal[] = [];
  for (const doc of ev.bundle.documents) {
    if (doc.kind !== 'early-warning') continue;
    const measures = new Map(doc.content.measures.map((m) => [m.id, m]));
    for (const r of doc.content.rules) {
      const gate = r.domains ? `${inDomains(r.domains)} AND ` : '';
      const label = { zh: r.label.zh, en: r.label.en ?? r.label.zh };
      signals.push({
        kind: 'warning',
        documentId: doc.id,
        code: r.id,
        owner: doc.content.department,
        hit: `(${gate}${condition(r.when, measures, `${doc.id}.${r.id}`)})`,
        detail: JSON.stringify({ label, notify: r.notify }),
      });
    }
  }
  for (const doc of ev.bundle.documents) {
    if (doc.kind !== 'supervision-items') continue;
    const measures = new Map((doc.content.measures ?? []).map((m) => [m.id, m]));
    for (const it of doc.content.items) {
      const points = (it.triggers ?? []).filter((t) => t.condition);
      if (points.length === 0) continue;
      const gate = inDomains([it.domain]);
      const holds = points.map((t) => `(${gate} AND ${condition(t.condition!, measures, `${doc.id}.${it.code}.${t.id}`)})`);
      const head = JSON.stringify({ label: { zh: it.name, en: it.name }, triggers: [] }).slice(0, -2);
      const tail = `],"measures":${JSON.stringify((it.measures ?? []).map((x) => x.id))}}`;
      const ids = holds.map((h, q) => `CASE WHEN ${h} THEN ${b.bind(JSON.stringify(points[q]!.id), 'text')} END`);
      signals.push({
        kind: 'trigger',
        documentId: doc.id,
        code: it.code,
        owner: doc.content.department,
        hit: `(${holds.join(' OR ')})`,
        detail: `${b.bind(head, 'text')} || concat_ws(',', ${ids.join(', ')}) || ${b.bind(tail, 'text')}`,
      });
    }
  }

  if (signals.length === 0) {
    // no rows: a statement of its own values (the slice's bounds, if any, and the run), each read so that it has a type
    const e = new Binder({ rowRange: options.rowRange === true });
    const text =
      `SELECT ${e.bind(runId, 'int')} AS run_id, 0 AS seq, ''::text AS kind, ''::text AS document_id, ''::text AS code, ''::text AS owner, z.row_no, ` +
      `''::text AS uscc, ''::text AS name, ''::text AS departments, ''::text AS detail FROM (SELECT 0 AS row_no) z WHERE false${e.rowBounds('z')}`;
    return { text, values: e.values, sliced: e.sliced };
  }
  const run = b.bind(runId, 'int');
  // stage 1, per row of the run: the leaves over the run's rows, the enterprise and the one-pass tables
  // of the leaves — each in row order (ORDER BY: the planner then merges them along the primary keys
  // instead of hashing a million rows per table, under INSERT serially; a fifth less CPU); stage 2
  // (materialised, only the enterprises with a signal): the signals that hold (`hits`, their positions
  // in order) with the columns their details read
  const leaves =
    `SELECT r.row_no, r.domains, r.departments, e.uscc, e.name${leafCols.map((c, k) => `,\n  ${c} AS q${k}`).join('')}\n` +
    `FROM (SELECT row_no, domains, departments, grades FROM sql_run_results WHERE run_id = ${run}${b.rowBounds()} AND NOT outside ORDER BY row_no) r\n` +
    `JOIN (SELECT row_no, uscc, name, status, status_since, public_credit_score, score_date FROM ds_enterprises WHERE ${b.scope(ds)} ORDER BY row_no) e ON e.row_no = r.row_no` +
    tables.joins().map((j) => `\n${j}`).join('');
  ctes.push(`lv AS (\n${leaves}\n)`);
  const hits = `array_remove(ARRAY[${signals.map((s, k) => `CASE WHEN ${s.hit} THEN ${k} END`).join(',\n    ')}]::int[], NULL)`;
  const any = signals.map((s) => s.hit).join(' OR ');
  ctes.push(`f AS (SELECT row_no, departments, uscc, name, domains${leafCols.map((_, k) => `, q${k}`).join('')}, ${hits} AS hits FROM lv WHERE ${any})`);
  // the supervising departments as JSON.stringify writes them: each id JSON-quoted, in the run's
  // order — up to four as one expression, longer lists by a subquery (a table of the distinct lists
  // joined back by hashing lost the rows' order: every signal was sorted again, on disk at millions)
  const deptJson = b.bind(deptIds.map((d) => JSON.stringify(d)), 'text[]');
  const dept = (i: number) => `(${deptJson})[f.departments[${i}] + 1]`;
  const short = [1, 2, 3, 4].map((n) => `WHEN ${n} THEN ${Array.from({ length: n }, (_, i) => dept(i + 1)).join(` || ',' || `)}`).join(' ');
  const long = `array_to_string(ARRAY(SELECT (${deptJson})[u.d + 1] FROM unnest(f.departments) WITH ORDINALITY u(d, o) ORDER BY u.o), ',')`;
  const departments = `'[' || CASE COALESCE(cardinality(f.departments), 0) WHEN 0 THEN '' ${short} ELSE ${long} END || ']'`;
  const kinds = b.bind(signals.map((s) => s.kind), 'text[]');
  const documents = b.bind(signals.map((s) => s.documentId), 'text[]');
  const codes = b.bind(signals.map((s) => s.code), 'text[]');
  const owners = b.bind(signals.map((s) => s.owner), 'text[]');
  // a warning's detail is one text (an element of one bind value); a trigger's lists its points that hold
  const fixed = b.bind(signals.map((s) => (s.kind === 'warning' ? s.detail : null)), 'text[]');
  const variable = signals.flatMap((s, k) => (s.kind === 'trigger' ? [`WHEN ${k} THEN ${s.detail}`] : []));
  const detail = variable.length ? `CASE v.k ${variable.join(' ')} ELSE (${fixed})[v.k + 1] END` : `(${fixed})[v.k + 1]`;
  const text =
    `WITH ${ctes.join(',\n')}\n` +
    `SELECT ${run} AS run_id, (row_number() OVER (ORDER BY f.row_no, v.k) - 1)::int AS seq, (${kinds})[v.k + 1] AS kind, (${documents})[v.k + 1] AS document_id, ` +
    `(${codes})[v.k + 1] AS code, (${owners})[v.k + 1] AS owner, f.row_no, f.uscc, f.name, ${departments} AS departments, ${detail} AS detail\n` +
    `FROM f CROSS JOIN LATERAL unnest(f.hits) v(k)`;
  return { text, values: b.values, sliced: b.sliced };
}
