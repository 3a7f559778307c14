/**
 * Datasets as relational tables on PostgreSQL (issue 16): fills `ds_enterprises`, `ds_statuses`,
 * `ds_records` and `ds_list_members` (migration `2026_11_26_12_00_00_relational_datasets`) from
 * enterprise records — a generated population, or the stored JSON chunks of an imported dataset —
 * for the SQL engine (`gradingSql` of `@policy/evaluation`). `row_no` is the record's 0-based
 * position, the row of the in-memory population built from the same records.
 *
 * All or nothing: one transaction replaces whatever the tables held for the dataset; an error at any
 * point (a bad value, the records' source throwing, the connection dropping) leaves the tables as
 * they were.
 *
 * The rows go in with `COPY … FROM STDIN` (text format, `pg-copy-streams`) on a connection of the
 * pool behind the Kysely instance (`createDb` registers it). Enterprises stream into one COPY while
 * their statuses, records and list memberships are encoded into memory; when those exceed
 * {@link SIDE_BUFFER_CHARS} (or at the end) the enterprise COPY ends, they are copied, and a new
 * enterprise COPY goes on — memory stays bounded for any dataset size. The encoding of the next
 * chunk overlaps with the server ingesting the previous one.
 *
 * `method: 'insert'` (and a Kysely instance without a registered pool) uses the earlier path:
 * `INSERT … SELECT FROM unnest(…)` of {@link BATCH_ROWS} rows per statement, one array parameter per
 * column. Records must be valid (`validateEnterpriseRecord`): the loader does not check them again.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EnterpriseRecord } from '@policy/schemas';
import { CompiledQuery, PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from './database.ts';
import { listDatasetChunks, readDatasetChunks } from './dataset-chunks.repository.ts';
import { DbError } from './errors.ts';
import { pgPool } from './raw.ts';
import { ensureCitusLayout } from './citus.ts';

/** Rows per INSERT statement (per table) of the `insert` method, unless `batchRows` says otherwise. */
export const BATCH_ROWS = 5000;

/** Characters of COPY text per chunk written to the connection. */
const CHUNK_CHARS = 1 << 18;

/** Characters of statuses, records and list memberships held in memory before they are copied. */
export const SIDE_BUFFER_CHARS = 64 << 20;

/** What a load wrote. */
export interface RelationalLoad {
  enterprises: number;
  statuses: number;
  records: number;
  listMembers: number;
}

export interface RelationalLoadOptions {
  /** `copy` (default when the pool is known) or `insert` (the INSERT … unnest batches). */
  method?: 'copy' | 'insert';
  /** `insert`: rows per statement (default {@link BATCH_ROWS}). */
  batchRows?: number;
  /** `copy`: characters of statuses / records / list memberships buffered (default {@link SIDE_BUFFER_CHARS}). */
  sideBufferChars?: number;
}

type Cell = string | number | boolean | null;
type TableKey = 'e' | 's' | 'r' | 'l';

/** The tables, their columns in row order, and the PostgreSQL types of the `insert` method's arrays. */
const TABLES: Record<TableKey, { name: string; title: string; columns: readonly (readonly [string, string])[] }> = {
  e: {
    name: 'ds_enterprises',
    title: '企业',
    columns: [
      ['dataset_id', 'int'],
      ['row_no', 'int'],
      ['uscc', 'text'],
      ['name', 'text'],
      ['status', 'text'],
      ['status_since', 'date'],
      ['industry_code', 'text'],
      ['region_code', 'text'],
      ['public_credit_score', 'float8'],
      ['score_date', 'date'],
    ],
  },
  s: {
    name: 'ds_statuses',
    title: '登记状态',
    columns: [
      ['dataset_id', 'int'],
      ['row_no', 'int'],
      ['seq', 'int'],
      ['since', 'date'],
      ['status', 'text'],
    ],
  },
  r: {
    name: 'ds_records',
    title: '失信记录',
    columns: [
      ['dataset_id', 'int'],
      ['row_no', 'int'],
      ['record_id', 'text'],
      ['kind', 'text'],
      ['date', 'date'],
      ['repaired_at', 'date'],
      ['objection_filed', 'date'],
      ['objection_resolved', 'date'],
      ['serious_consequence', 'boolean'],
      ['authority', 'text'],
      ['domain', 'text'],
    ],
  },
  l: {
    name: 'ds_list_members',
    title: '名单',
    columns: [
      ['dataset_id', 'int'],
      ['row_no', 'int'],
      ['list', 'text'],
      ['from_date', 'date'],
      ['until_date', 'date'],
    ],
  },
};
const SIDE_TABLES = ['s', 'r', 'l'] as const;

/** Receives the rows of one enterprise record, table by table. */
interface RowSink {
  add(t: TableKey, cells: Cell[]): void;
}

/**
 * Replaces the relational rows of dataset `datasetId` by `records` (numbered 0, 1, … in order), in one
 * transaction. PostgreSQL only (throws on SQLite).
 *
 * @example
 * const counts = await loadRelationalDataset(db, 7, generateEnterprises({ count: 1000, seed: 1 }));
 */
export async function loadRelationalDataset(
  db: Kysely<Database>,
  datasetId: number,
  records: Iterable<EnterpriseRecord> | AsyncIterable<EnterpriseRecord>,
  options: RelationalLoadOptions = {},
): Promise<RelationalLoad> {
  requirePostgres(db);
  // on Citus: the tables distributed and co-located first (once; nothing on plain PostgreSQL)
  await ensureCitusLayout(db);
  const pool = pgPool(db);
  if (options.method === 'insert' || !pool) return loadByInsert(db, datasetId, records, options.batchRows ?? BATCH_ROWS);
  return loadByCopy(pool, datasetId, records, options.sideBufferChars ?? SIDE_BUFFER_CHARS);
}

// ---------------------------------------------------------------------------------------------
// COPY

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;

/** One cell in COPY text format: `\N` for null, backslash, tab, newline and carriage return escaped. */
export function copyCell(v: Cell): string {
  if (v === null) return '\\N';
  if (typeof v === 'string') return SPECIAL.test(v) ? v.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : v;
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return String(v);
}

/** COPY text of each table: finished chunks, the chunk being filled, and the row of each side table's line (for errors). */
class CopyText implements RowSink {
  readonly chunks: Record<TableKey, string[]> = { e: [], s: [], r: [], l: [] };
  readonly open: Record<TableKey, string> = { e: '', s: '', r: '', l: '' };
  readonly lineRows: Record<TableKey, number[]> = { e: [], s: [], r: [], l: [] };
  sideChars = 0;

  add(t: TableKey, cells: Cell[]): void {
    let line = copyCell(cells[0]!);
    for (let i = 1; i < cells.length; i++) line += '\t' + copyCell(cells[i]!);
    line += '\n';
    if (t !== 'e') {
      this.lineRows[t].push(cells[1] as number);
      this.sideChars += line.length;
    }
    const open = this.open[t] + line;
    if (open.length >= CHUNK_CHARS) {
      this.chunks[t].push(open);
      this.open[t] = '';
    } else this.open[t] = open;
  }

  /** Takes the finished chunks of `t` (and the open one when `all`). */
  take(t: TableKey, all: boolean): string[] {
    const out = this.chunks[t];
    this.chunks[t] = [];
    if (all && this.open[t] !== '') {
      out.push(this.open[t]);
      this.open[t] = '';
    }
    return out;
  }
}

async function loadByCopy(
  pool: pg.Pool,
  ds: number,
  records: Iterable<EnterpriseRecord> | AsyncIterable<EnterpriseRecord>,
  sideLimit: number,
): Promise<RelationalLoad> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const counts: RelationalLoad = { enterprises: 0, statuses: 0, records: 0, listMembers: 0 };
  try {
    await client.query('begin');
    for (const t of Object.values(TABLES)) await client.query(`delete from ${t.name} where dataset_id = $1`, [ds]);
    const state = { next: iterate(records), text: new CopyText(), ds, sideLimit, counts, row: 0, done: false };
    while (!state.done) {
      // one COPY of enterprises, until the records run out or the side tables' text is large
      const firstRow = state.row;
      await copyTable(client, 'e', enterpriseChunks(state), (line) => firstRow + line - 1);
      for (const t of SIDE_TABLES) {
        const chunks = state.text.take(t, true);
        const lineRows = state.text.lineRows[t];
        if (chunks.length > 0) await copyTable(client, t, chunks, (line) => lineRows[line - 1]);
        state.text.lineRows[t] = [];
      }
      state.text.sideChars = 0;
    }
    await client.query('commit');
    counts.enterprises = state.row;
    return counts;
  } catch (e) {
    try {
      await client.query('rollback');
    } catch (r) {
      broken = r instanceof Error ? r : new Error(String(r));
    }
    throw e;
  } finally {
    client.release(broken);
  }
}

interface CopyState {
  next: () => IteratorResult<EnterpriseRecord> | Promise<IteratorResult<EnterpriseRecord>>;
  text: CopyText;
  ds: number;
  sideLimit: number;
  counts: RelationalLoad;
  row: number;
  done: boolean;
}

/** The enterprise COPY text, chunk by chunk, until the records run out or the side tables' text is large. */
async function* enterpriseChunks(s: CopyState): AsyncGenerator<string> {
  for (;;) {
    const n = await s.next();
    if (n.done) {
      s.done = true;
      break;
    }
    addRecord(s.text, s.ds, s.row++, n.value, s.counts);
    if (s.text.chunks.e.length > 0) yield* s.text.take('e', false);
    if (s.text.sideChars >= s.sideLimit) break;
  }
  yield* s.text.take('e', true);
}

/** `next()` over a sync or async iterable, without a promise per record for a sync one. */
function iterate<T>(items: Iterable<T> | AsyncIterable<T>): () => IteratorResult<T> | Promise<IteratorResult<T>> {
  if (Symbol.asyncIterator in items) {
    const it = items[Symbol.asyncIterator]();
    return () => it.next();
  }
  const it = items[Symbol.iterator]();
  return () => it.next();
}

async function copyTable(
  client: pg.PoolClient,
  t: TableKey,
  chunks: Iterable<string> | AsyncIterable<string>,
  rowOfLine: (line: number) => number | undefined,
): Promise<void> {
  const table = TABLES[t];
  const stream = client.query(copyFrom(`copy ${table.name} (${table.columns.map((c) => c[0]).join(', ')}) from stdin`));
  try {
    await pipeline(Readable.from(chunks), stream);
  } catch (e) {
    throw copyError(e, t, rowOfLine);
  }
}

/** A server error during COPY names the table and the enterprise (row number) whose line it stopped at. */
function copyError(e: unknown, t: TableKey, rowOfLine: (line: number) => number | undefined): unknown {
  const where = (e as { where?: unknown }).where;
  const m = typeof where === 'string' ? /COPY \w+, line (\d+)(?:, column (\w+))?/.exec(where) : null;
  if (!m) return e;
  const row = rowOfLine(Number(m[1]));
  const table = TABLES[t];
  const at = row === undefined ? '' : `第 ${row + 1} 家企业的`;
  const atEn = row === undefined ? '' : ` of enterprise #${row + 1}`;
  const col = m[2] ? `（${m[2]}）` : '';
  const colEn = m[2] ? ` (${m[2]})` : '';
  const cause = e instanceof Error ? e.message : String(e);
  return new DbError('BAD_REQUEST', `关系型数据集载入失败：${at}${table.title}${col}有误，未写入任何数据 / relational dataset load failed at the ${table.name} row${atEn}${colEn}, nothing was written: ${cause}`, {
    reason: 'invalid-input',
  });
}

// ---------------------------------------------------------------------------------------------
// INSERT … SELECT FROM unnest

class ColumnBatches implements RowSink {
  readonly cols: Record<TableKey, Cell[][]> = { e: [], s: [], r: [], l: [] };
  constructor() {
    for (const t of Object.keys(TABLES) as TableKey[]) this.cols[t] = TABLES[t].columns.map(() => []);
  }
  add(t: TableKey, cells: Cell[]): void {
    const cols = this.cols[t];
    for (let i = 0; i < cells.length; i++) cols[i]!.push(cells[i]!);
  }
  size(t: TableKey): number {
    return this.cols[t][0]!.length;
  }
  async flush(db: Kysely<Database>, t: TableKey): Promise<void> {
    if (this.size(t) === 0) return;
    const table = TABLES[t];
    const arrays = table.columns.map(([, type], i) => sql`${this.cols[t][i]}::${sql.raw(type)}[]`);
    await sql`insert into ${sql.table(table.name)} (${sql.join(table.columns.map((c) => sql.ref(c[0])))}) select * from unnest(${sql.join(arrays)})`.execute(db);
    this.cols[t] = table.columns.map(() => []);
  }
}

async function loadByInsert(
  db: Kysely<Database>,
  datasetId: number,
  records: Iterable<EnterpriseRecord> | AsyncIterable<EnterpriseRecord>,
  batch: number,
): Promise<RelationalLoad> {
  return db.transaction().execute(async (trx) => {
    await clearRelational(trx, datasetId);
    const b = new ColumnBatches();
    const counts: RelationalLoad = { enterprises: 0, statuses: 0, records: 0, listMembers: 0 };
    const keys = Object.keys(TABLES) as TableKey[];
    let row = 0;
    for await (const x of records) {
      addRecord(b, datasetId, row++, x, counts);
      for (const t of keys) if (b.size(t) >= batch) await b.flush(trx, t);
    }
    for (const t of keys) await b.flush(trx, t);
    counts.enterprises = row;
    return counts;
  });
}

// ---------------------------------------------------------------------------------------------

/**
 * Loads an imported dataset's stored JSON chunks into the relational tables (replacing what they
 * held for it), chunk pages in import order.
 */
export async function loadRelationalDatasetFromChunks(db: Kysely<Database>, datasetId: number): Promise<RelationalLoad> {
  const chunks = await listDatasetChunks(db, datasetId);
  if (chunks.length === 0) throw new DbError('NOT_FOUND', `数据集不存在或为空 / dataset ${datasetId} not found or empty`, { reason: 'not-found' });
  async function* all(): AsyncIterable<EnterpriseRecord> {
    for (let k = 0; k < chunks.length; k += 16) {
      const page = await readDatasetChunks(db, datasetId, chunks.slice(k, k + 16).map((c) => c.chunkNo));
      for (const records of page) yield* records;
    }
  }
  return loadRelationalDataset(db, datasetId, all());
}

/**
 * Runs a statement of the SQL engine (text with `$1 …` placeholders and its values, e.g. from
 * `gradingSql`) and returns its rows. PostgreSQL only.
 */
export async function queryRelational<R>(db: Kysely<Database>, statement: { text: string; values: readonly unknown[] }): Promise<R[]> {
  requirePostgres(db);
  return (await db.executeQuery<R>(CompiledQuery.raw(statement.text, [...statement.values]))).rows;
}

/** Removes the relational rows of dataset `datasetId` (PostgreSQL; nothing on SQLite). */
export async function dropRelationalDataset(db: Kysely<Database>, datasetId: number): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await db.transaction().execute((trx) => clearRelational(trx, datasetId));
}

async function clearRelational(db: Kysely<Database>, datasetId: number): Promise<void> {
  for (const t of Object.values(TABLES)) {
    await sql`delete from ${sql.table(t.name)} where dataset_id = ${datasetId}`.execute(db);
  }
}

function requirePostgres(db: Kysely<Database>): void {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    throw new Error('关系型数据集表只在 PostgreSQL 上 / relational dataset tables exist on PostgreSQL only');
  }
}

function addRecord(sink: RowSink, ds: number, row: number, x: EnterpriseRecord, counts: RelationalLoad): void {
  const rated = x.publicCreditScore != null;
  sink.add('e', [
    ds,
    row,
    x.uscc,
    x.name,
    x.status,
    x.statusSince ?? null,
    x.industryCode,
    x.regionCode ?? null,
    rated ? x.publicCreditScore! : null,
    rated ? (x.scoreDate ?? null) : null,
  ]);
  if (x.statusSince !== undefined) {
    // the population's order: the history by date (stable), then the current status
    const dated = [...(x.statusHistory ?? [])].map((h) => ({ since: h.since, status: h.status as string }));
    dated.sort((p, q) => (p.since < q.since ? -1 : p.since > q.since ? 1 : 0));
    dated.push({ since: x.statusSince, status: x.status });
    dated.forEach((d, seq) => sink.add('s', [ds, row, seq, d.since, d.status]));
    counts.statuses += dated.length;
  }
  for (const r of x.records ?? []) {
    sink.add('r', [
      ds,
      row,
      r.id,
      r.kind,
      r.date,
      r.repairedAt ?? null,
      r.objection ? r.objection.filed : null,
      r.objection ? (r.objection.resolved ?? null) : null,
      (r as { seriousConsequence?: boolean }).seriousConsequence === true,
      r.authority ?? null,
      // '' is no domain, as in the population (records[].domain is a non-empty code when valid)
      r.domain || null,
    ]);
    counts.records++;
  }
  for (const l of x.lists ?? []) {
    sink.add('l', [ds, row, l.list, l.from, l.until ?? null]);
    counts.listMembers++;
  }
}
