/**
 * Datasets as relational tables on PostgreSQL (issue 16): fills `ds_enterprises`, `ds_statuses`,
 * `ds_records` and `ds_list_members` (migration `2026_11_26_12_00_00_relational_datasets`) from
 * enterprise records — a generated population, or the stored JSON chunks of an imported dataset —
 * for the SQL engine (`gradingSql` of `@policy/evaluation`). `row_no` is the record's 0-based
 * position, the row of the in-memory population built from the same records.
 *
 * All or nothing: one transaction replaces whatever the tables held for the dataset. `COPY … FROM
 * STDIN` needs `pg-copy-streams`, which is not installed; the rows go in as `INSERT … SELECT FROM
 * unnest(…)` of {@link BATCH_ROWS} rows per statement, one array parameter per column (a handful of
 * parameters per statement instead of one per cell, so no 65,535-parameter limit and little parsing).
 * Records must be valid (`validateEnterpriseRecord`): the loader does not check them again.
 */
import type { EnterpriseRecord } from '@policy/schemas';
import { CompiledQuery, PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import { listDatasetChunks, readDatasetChunks } from './dataset-chunks.repository.ts';
import { DbError } from './errors.ts';

/** Rows per INSERT statement (per table), unless `batchRows` says otherwise. */
export const BATCH_ROWS = 5000;

/** What a load wrote. */
export interface RelationalLoad {
  enterprises: number;
  statuses: number;
  records: number;
  listMembers: number;
}

type Col = unknown[];

class Batches {
  e = { ds: [] as Col, row: [] as Col, uscc: [] as Col, name: [] as Col, status: [] as Col, since: [] as Col, industry: [] as Col, region: [] as Col, score: [] as Col, scoreDate: [] as Col };
  s = { ds: [] as Col, row: [] as Col, seq: [] as Col, since: [] as Col, status: [] as Col };
  r = { ds: [] as Col, row: [] as Col, id: [] as Col, kind: [] as Col, date: [] as Col, repaired: [] as Col, filed: [] as Col, resolved: [] as Col, consequence: [] as Col, authority: [] as Col };
  l = { ds: [] as Col, row: [] as Col, list: [] as Col, from: [] as Col, until: [] as Col };
}

const clear = (o: Record<string, Col>) => {
  for (const k of Object.keys(o)) o[k] = [];
};

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
  options: { batchRows?: number } = {},
): Promise<RelationalLoad> {
  requirePostgres(db);
  const BATCH = options.batchRows ?? BATCH_ROWS;
  return db.transaction().execute(async (trx) => {
    await clearRelational(trx, datasetId);
    const b = new Batches();
    const counts: RelationalLoad = { enterprises: 0, statuses: 0, records: 0, listMembers: 0 };
    const flush = async (force: boolean) => {
      if (b.e.row.length > 0 && (force || b.e.row.length >= BATCH)) {
        const e = b.e;
        await sql`insert into ds_enterprises (dataset_id, row_no, uscc, name, status, status_since, industry_code, region_code, public_credit_score, score_date)
          select * from unnest(${e.ds}::int[], ${e.row}::int[], ${e.uscc}::text[], ${e.name}::text[], ${e.status}::text[], ${e.since}::date[], ${e.industry}::text[], ${e.region}::text[], ${e.score}::float8[], ${e.scoreDate}::date[])`.execute(trx);
        clear(e);
      }
      if (b.s.row.length > 0 && (force || b.s.row.length >= BATCH)) {
        const s = b.s;
        await sql`insert into ds_statuses (dataset_id, row_no, seq, since, status)
          select * from unnest(${s.ds}::int[], ${s.row}::int[], ${s.seq}::int[], ${s.since}::date[], ${s.status}::text[])`.execute(trx);
        clear(s);
      }
      if (b.r.row.length > 0 && (force || b.r.row.length >= BATCH)) {
        const r = b.r;
        await sql`insert into ds_records (dataset_id, row_no, record_id, kind, date, repaired_at, objection_filed, objection_resolved, serious_consequence, authority)
          select * from unnest(${r.ds}::int[], ${r.row}::int[], ${r.id}::text[], ${r.kind}::text[], ${r.date}::date[], ${r.repaired}::date[], ${r.filed}::date[], ${r.resolved}::date[], ${r.consequence}::boolean[], ${r.authority}::text[])`.execute(trx);
        clear(r);
      }
      if (b.l.row.length > 0 && (force || b.l.row.length >= BATCH)) {
        const l = b.l;
        await sql`insert into ds_list_members (dataset_id, row_no, list, from_date, until_date)
          select * from unnest(${l.ds}::int[], ${l.row}::int[], ${l.list}::text[], ${l.from}::date[], ${l.until}::date[])`.execute(trx);
        clear(l);
      }
    };
    let row = 0;
    for await (const x of records) {
      addRecord(b, datasetId, row++, x, counts);
      if (b.e.row.length >= BATCH || b.s.row.length >= BATCH || b.r.row.length >= BATCH || b.l.row.length >= BATCH) await flush(false);
    }
    await flush(true);
    counts.enterprises = row;
    return counts;
  });
}

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
  for (const t of ['ds_enterprises', 'ds_statuses', 'ds_records', 'ds_list_members']) {
    await sql`delete from ${sql.table(t)} where dataset_id = ${datasetId}`.execute(db);
  }
}

function requirePostgres(db: Kysely<Database>): void {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    throw new Error('关系型数据集表只在 PostgreSQL 上 / relational dataset tables exist on PostgreSQL only');
  }
}

function addRecord(b: Batches, ds: number, row: number, x: EnterpriseRecord, counts: RelationalLoad): void {
  const e = b.e;
  const rated = x.publicCreditScore != null;
  e.ds.push(ds);
  e.row.push(row);
  e.uscc.push(x.uscc);
  e.name.push(x.name);
  e.status.push(x.status);
  e.since.push(x.statusSince ?? null);
  e.industry.push(x.industryCode);
  e.region.push(x.regionCode ?? null);
  e.score.push(rated ? x.publicCreditScore : null);
  e.scoreDate.push(rated ? (x.scoreDate ?? null) : null);
  if (x.statusSince !== undefined) {
    // the population's order: the history by date (stable), then the current status
    const dated = [...(x.statusHistory ?? [])].map((h) => ({ since: h.since, status: h.status as string }));
    dated.sort((p, q) => (p.since < q.since ? -1 : p.since > q.since ? 1 : 0));
    dated.push({ since: x.statusSince, status: x.status });
    dated.forEach((d, seq) => {
      b.s.ds.push(ds);
      b.s.row.push(row);
      b.s.seq.push(seq);
      b.s.since.push(d.since);
      b.s.status.push(d.status);
    });
    counts.statuses += dated.length;
  }
  for (const r of x.records ?? []) {
    const q = b.r;
    q.ds.push(ds);
    q.row.push(row);
    q.id.push(r.id);
    q.kind.push(r.kind);
    q.date.push(r.date);
    q.repaired.push(r.repairedAt ?? null);
    q.filed.push(r.objection ? r.objection.filed : null);
    q.resolved.push(r.objection ? (r.objection.resolved ?? null) : null);
    q.consequence.push((r as { seriousConsequence?: boolean }).seriousConsequence === true);
    q.authority.push(r.authority ?? null);
    counts.records++;
  }
  for (const l of x.lists ?? []) {
    const q = b.l;
    q.ds.push(ds);
    q.row.push(row);
    q.list.push(l.list);
    q.from.push(l.from);
    q.until.push(l.until ?? null);
    counts.listMembers++;
  }
}
