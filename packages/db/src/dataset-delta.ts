/**
 * Incremental dataset updates (issue 17): a delta (format in dataset-delta-merge.ts and
 * docs/DELTA.md) applied to a stored dataset in ONE transaction — all or nothing, like imports: a
 * single bad item refuses the whole delta with every problem named, and nothing changes. Changed
 * enterprises keep their row; new ones are added at the end, filling the last chunk first, so the
 * stored chunks (and the content hash) are exactly those of a full import of the merged file.
 * The dataset's version advances by one, its content hash is stored, and the change is audited
 * (`dataset.update`: who, the versions, how many upserts, records, list changes, deregistrations).
 *
 * Concurrent deltas on one dataset are serialised: on PostgreSQL the dataset row is locked
 * (`select … for update`) before anything is read, on SQLite the one connection runs one transaction
 * at a time; each delta applies on top of the other (never a lost update). A delta naming a
 * `baseVersion` that is no longer current is refused (CONFLICT `stale-revision`).
 */
import { createHash } from 'node:crypto';
import type { EnterpriseRecord } from '@policy/schemas';
import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.repository.ts';
import type { Database } from './database.ts';
import { listDatasetChunks } from './dataset-chunks.repository.ts';
import type { DatasetChunk } from './dataset-chunks.repository.ts';
import { mergeEnterprise, parseDelta, searchColumns } from './dataset-delta-merge.ts';
import type { DeltaIssue, EnterpriseOps } from './dataset-delta-merge.ts';
import { asciiJson, CHUNK_ROWS } from './dataset-prepare.ts';
import { getDataset } from './dataset.repository.ts';
import { DbError } from './errors.ts';
import { dialectOf, sqliteHandle } from './raw.ts';
import { datasetContentHash } from './run.repository.ts';

export { DELTA_SECTIONS, parseDelta, mergeEnterprise } from './dataset-delta-merge.ts';
export type { DeltaIssue, DeltaSection, ParsedDelta } from './dataset-delta-merge.ts';

/** What a delta did. */
export interface DeltaCounts {
  /** Enterprises added (new USCCs). */
  added: number;
  /** Enterprises whose stored record changed (by any section). */
  changed: number;
  /** Items per section, as given. */
  upsert: number;
  records: number;
  lists: number;
  deregister: number;
}

export interface DatasetVersion {
  id: number;
  name: string;
  version: number;
  /** SHA-256 of the stored chunks (`datasetContentHash`). */
  contentHash: string;
  rowCount: number;
  /** When the last delta was applied; null for a dataset as imported. */
  updatedAt: string | null;
}

export type DeltaResult =
  | { success: true; dataset: DatasetVersion; previousVersion: number; counts: DeltaCounts; warnings: DeltaIssue[] }
  | { success: false; errors: DeltaIssue[]; errorCount: number; warnings: DeltaIssue[] };

export interface DeltaOptions {
  /** Stop listing errors after this many (the delta is refused either way); default 1,000. */
  maxErrors?: number;
}

/** USCCs per lookup statement. */
const LOOKUP_BATCH = 500;
/** Rows per PostgreSQL update / insert statement. */
const PG_BATCH = 5_000;

/** Thrown inside the transaction to roll it back when an item is refused. */
class Refused extends Error {
  constructor(readonly errors: DeltaIssue[]) {
    super('delta refused');
  }
}

/**
 * Reads a delta file's text as JSON; a syntax error is BAD_REQUEST naming the position.
 *
 * @example
 * const delta = readDeltaText(await readFile('delta.json', 'utf8'));
 */
export function readDeltaText(text: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new DbError('BAD_REQUEST', `增量文件不是有效的 JSON：${why} / the delta is not valid JSON: ${why}`, { reason: 'invalid-input' });
  }
}

/**
 * A dataset's version, content hash (computed when no delta has stored one), row count and last change.
 *
 * @example
 * const v = await getDatasetVersion(db, 3); // { version: 2, contentHash: '…', … }
 */
export async function getDatasetVersion(db: Kysely<Database>, datasetId: number): Promise<DatasetVersion> {
  const ds = await getDataset(db, datasetId);
  const row = await db.selectFrom('datasets').select(['version', 'content_hash', 'updated_at']).where('id', '=', datasetId).executeTakeFirstOrThrow();
  return {
    id: ds.id,
    name: ds.name,
    version: Number(row.version),
    contentHash: row.content_hash ?? (await datasetContentHash(db, datasetId)),
    rowCount: ds.rowCount,
    updatedAt: row.updated_at,
  };
}

/** Who may change a dataset: the credit office, or whoever imported it (as for deletion). */
function checkMayUpdate(actor: Actor, createdBy: string): void {
  if (actor.role === 'viewer' || (actor.role !== 'credit-office' && actor.username !== createdBy)) {
    throw new DbError('FORBIDDEN', '只有信用办或导入人可以更新数据集 / only the credit office or whoever imported it updates a dataset', { reason: 'role' });
  }
}

/** Stored row numbers (1-based) of the USCCs that are in the dataset. */
async function locate(trx: Transaction<Database>, datasetId: number, usccs: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < usccs.length; i += LOOKUP_BATCH) {
    const rows = await trx
      .selectFrom('dataset_enterprises')
      .select(['uscc', 'row_number'])
      .where('dataset_id', '=', datasetId)
      .where('uscc', 'in', usccs.slice(i, i + LOOKUP_BATCH))
      .execute();
    for (const r of rows) if (!out.has(r.uscc)) out.set(r.uscc, Number(r.row_number));
  }
  return out;
}

/** The chunk holding a row number (chunks in order, contiguous). */
function chunkOf(chunks: DatasetChunk[], row: number): number {
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (chunks[mid]!.firstRow <= row) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

type SearchRow = ReturnType<typeof searchColumns> & { row_number: number };

interface Writes {
  chunk(chunkNo: number, firstRow: number, rowCount: number, payload: string, isNew: boolean): Promise<void>;
  rows(changed: SearchRow[], added: SearchRow[]): Promise<void>;
}

const payloadOf = (records: EnterpriseRecord[]) => asciiJson(JSON.stringify(records));

function writesFor(db: Kysely<Database>, trx: Transaction<Database>, datasetId: number): Writes {
  const raw = sqliteHandle(db);
  if (raw) {
    // the transaction's own connection (SQLite has one), as imports write
    const update = raw.prepare('update dataset_chunks set payload = ?, row_count = ? where dataset_id = ? and chunk_no = ?');
    const insert = raw.prepare('insert into dataset_chunks (dataset_id, chunk_no, first_row, row_count, payload) values (?, ?, ?, ?, ?)');
    const updateRow = raw.prepare('update dataset_enterprises set name = ?, industry_code = ?, region_code = ? where dataset_id = ? and row_number = ?');
    const insertRow = raw.prepare('insert into dataset_enterprises (dataset_id, row_number, uscc, name, industry_code, region_code) values (?, ?, ?, ?, ?, ?)');
    return {
      chunk: async (no, first, n, payload, isNew) => {
        if (isNew) insert.run(datasetId, no, first, n, payload);
        else update.run(payload, n, datasetId, no);
      },
      rows: async (changed, added) => {
        for (const r of changed) updateRow.run(r.name, r.industry_code, r.region_code, datasetId, r.row_number);
        for (const r of added) insertRow.run(datasetId, r.row_number, r.uscc, r.name, r.industry_code, r.region_code);
      },
    };
  }
  const pg = dialectOf(db) === 'postgres';
  return {
    chunk: async (no, first, n, payload, isNew) => {
      if (isNew) await trx.insertInto('dataset_chunks').values({ dataset_id: datasetId, chunk_no: no, first_row: first, row_count: n, payload }).execute();
      else await trx.updateTable('dataset_chunks').set({ payload, row_count: n }).where('dataset_id', '=', datasetId).where('chunk_no', '=', no).execute();
    },
    rows: async (changed, added) => {
      if (pg) {
        for (let i = 0; i < changed.length; i += PG_BATCH) {
          const b = changed.slice(i, i + PG_BATCH);
          await sql`update dataset_enterprises d set name = v.name, industry_code = v.industry_code, region_code = v.region_code
            from unnest(${b.map((r) => r.row_number)}::int[], ${b.map((r) => r.name)}::text[], ${b.map((r) => r.industry_code)}::text[], ${b.map((r) => r.region_code)}::text[])
              as v(row_number, name, industry_code, region_code)
            where d.dataset_id = ${datasetId} and d.row_number = v.row_number`.execute(trx);
        }
        for (let i = 0; i < added.length; i += PG_BATCH) {
          const b = added.slice(i, i + PG_BATCH);
          await sql`insert into dataset_enterprises (dataset_id, row_number, uscc, name, industry_code, region_code)
            select ${datasetId}, * from unnest(${b.map((r) => r.row_number)}::int[], ${b.map((r) => r.uscc)}::text[], ${b.map((r) => r.name)}::text[],
              ${b.map((r) => r.industry_code)}::text[], ${b.map((r) => r.region_code)}::text[])`.execute(trx);
        }
        return;
      }
      for (const r of changed) {
        await trx.updateTable('dataset_enterprises').set({ name: r.name, industry_code: r.industry_code, region_code: r.region_code }).where('dataset_id', '=', datasetId).where('row_number', '=', r.row_number).execute();
      }
      for (let i = 0; i < added.length; i += 100) await trx.insertInto('dataset_enterprises').values(added.slice(i, i + 100).map((r) => ({ dataset_id: datasetId, ...r }))).execute();
    },
  };
}

/** Chunks read per round trip (about 8 MB of JSON). */
const PAGE_CHUNKS = 16;

/** Reads the payloads of chunks `from … to` (by chunk number) inside the transaction. */
function pageReader(db: Kysely<Database>, trx: Transaction<Database>, datasetId: number): (from: number, to: number) => Promise<Map<number, string>> {
  const raw = sqliteHandle(db);
  if (raw) {
    const stmt = raw.prepare('select chunk_no, payload from dataset_chunks where dataset_id = ? and chunk_no >= ? and chunk_no <= ?');
    return async (from, to) => new Map((stmt.all(datasetId, from, to) as { chunk_no: number; payload: string }[]).map((r) => [Number(r.chunk_no), r.payload]));
  }
  return async (from, to) => {
    const rows = await trx.selectFrom('dataset_chunks').select(['chunk_no', 'payload']).where('dataset_id', '=', datasetId).where('chunk_no', '>=', from).where('chunk_no', '<=', to).execute();
    return new Map(rows.map((r) => [Number(r.chunk_no), r.payload]));
  };
}

const sameSearch = (a: EnterpriseRecord, b: EnterpriseRecord) => a.name === b.name && a.industryCode === b.industryCode && a.regionCode === b.regionCode;

/**
 * Applies a delta (parsed JSON, see {@link parseDelta}) to a dataset in one transaction. Refused
 * items come back in `errors` (nothing changed); a `baseVersion` that is not current is CONFLICT;
 * a viewer, or someone other than the credit office and the importer, is FORBIDDEN.
 *
 * @example
 * const r = await applyDatasetDelta(db, actor, 3, { upsert: [record], deregister: [{ uscc, date: '2026-11-20' }] });
 * if (r.success) console.log(`version ${r.dataset.version}`); else for (const e of r.errors) console.error(e.message);
 */
export async function applyDatasetDelta(db: Kysely<Database>, actor: Actor, datasetId: number, delta: unknown, options: DeltaOptions = {}): Promise<DeltaResult> {
  const maxErrors = options.maxErrors ?? 1_000;
  const ds = await getDataset(db, datasetId);
  checkMayUpdate(actor, ds.createdBy);
  const parsed = parseDelta(delta);
  const refuse = (errors: DeltaIssue[]): DeltaResult => ({ success: false, errors: errors.slice(0, maxErrors), errorCount: errors.length, warnings: parsed.warnings });
  if (parsed.errors.length > 0) return refuse(parsed.errors);
  try {
    return await db.transaction().execute(async (trx) => {
      // the dataset row first: on PostgreSQL a concurrent delta waits here until this one commits
      let head = trx.selectFrom('datasets').select(['name', 'version', 'row_count', 'content_hash']).where('id', '=', datasetId).where('status', '=', 'ready');
      if (dialectOf(trx) === 'postgres') head = head.forUpdate();
      const current = await head.executeTakeFirst();
      if (!current) throw new DbError('NOT_FOUND', `数据集不存在 / no such dataset: ${datasetId}`, { reason: 'not-found' });
      const version = Number(current.version);
      if (parsed.baseVersion !== null && parsed.baseVersion !== version) {
        throw new DbError(
          'CONFLICT',
          `数据集“${current.name}”已是第 ${version} 版，增量基于第 ${parsed.baseVersion} 版，未应用；请基于当前版本重新生成增量 / dataset "${current.name}" is at version ${version}, the delta was made against version ${parsed.baseVersion}: not applied`,
          { reason: 'stale-revision' },
        );
      }
      const rowCount = Number(current.row_count);
      const rowOf = await locate(trx, datasetId, [...parsed.ops.keys()]);
      const chunks = await listDatasetChunks(trx, datasetId);
      const errors: DeltaIssue[] = [];
      const counts: DeltaCounts = { added: 0, changed: 0, ...parsed.counts };

      // new enterprises first (they may fill the last chunk), in the order of the delta
      const added: EnterpriseRecord[] = [];
      const byChunk = new Map<number, EnterpriseOps[]>();
      for (const ops of parsed.ops.values()) {
        const row = rowOf.get(ops.uscc);
        if (row === undefined) {
          const r = mergeEnterprise(undefined, ops);
          if (r.ok) added.push(r.record);
          else errors.push(...r.issues);
        } else {
          const c = chunkOf(chunks, row);
          let list = byChunk.get(c);
          if (!list) byChunk.set(c, (list = []));
          list.push(ops);
        }
      }
      counts.added = added.length;
      const last = chunks.length - 1;
      const fillLast = last >= 0 && chunks[last]!.rowCount < CHUNK_ROWS && added.length > 0;
      if (fillLast && !byChunk.has(last)) byChunk.set(last, []);

      const write = writesFor(db, trx, datasetId);
      const changedRows: SearchRow[] = [];
      let nextAdded = 0;
      // every chunk in order, a page at a time: the touched ones merged and rewritten, all of them
      // hashed as they now stand (the same digest as datasetContentHash, without reading them twice)
      const hash = createHash('sha256');
      const read = pageReader(db, trx, datasetId);
      for (let i = 0; i < chunks.length; i += PAGE_CHUNKS) {
        const page = chunks.slice(i, i + PAGE_CHUNKS);
        const payloads = await read(page[0]!.chunkNo, page[page.length - 1]!.chunkNo);
        for (let j = 0; j < page.length; j++) {
          const c = page[j]!;
          let payload = payloads.get(c.chunkNo);
          if (payload === undefined) throw new DbError('NOT_FOUND', `数据集在更新时已被删除或不完整 / dataset ${datasetId} was deleted or is incomplete`, { reason: 'not-found' });
          const ops = byChunk.get(i + j);
          if (ops) {
            const records = JSON.parse(payload) as EnterpriseRecord[];
            let dirty = false;
            for (const o of ops) {
              const row = rowOf.get(o.uscc)!;
              const at = row - c.firstRow;
              const stored = records[at]!;
              const r = mergeEnterprise(stored, o);
              if (!r.ok) {
                errors.push(...r.issues);
                continue;
              }
              if (!r.changed) continue;
              counts.changed++;
              dirty = true;
              records[at] = r.record;
              if (!sameSearch(stored, r.record)) changedRows.push({ row_number: row, ...searchColumns(r.record) });
            }
            if (i + j === last && fillLast) {
              const room = CHUNK_ROWS - records.length;
              for (; nextAdded < added.length && nextAdded < room; nextAdded++) records.push(added[nextAdded]!);
              dirty = true;
            }
            if (dirty && errors.length === 0) {
              payload = payloadOf(records);
              await write.chunk(c.chunkNo, c.firstRow, records.length, payload, false);
            }
          }
          if (errors.length === 0) hash.update(payload, 'utf8').update('\n');
        }
      }
      if (errors.length > 0) throw new Refused(errors);
      // the rest of the new enterprises in new chunks
      let chunkNo = last >= 0 ? chunks[last]!.chunkNo + 1 : 0;
      for (let i = nextAdded; i < added.length; i += CHUNK_ROWS) {
        const part = added.slice(i, i + CHUNK_ROWS);
        const payload = payloadOf(part);
        await write.chunk(chunkNo++, rowCount + i + 1, part.length, payload, true);
        hash.update(payload, 'utf8').update('\n');
      }
      const contentHash = hash.digest('hex');
      await write.rows(
        changedRows,
        added.map((e, i) => ({ row_number: rowCount + i + 1, ...searchColumns(e) })),
      );
      const newCount = rowCount + added.length;
      const at = new Date().toISOString();
      await trx
        .updateTable('datasets')
        .set({ row_count: newCount, version: version + 1, content_hash: contentHash, updated_at: at })
        .where('id', '=', datasetId)
        .execute();
      const stored = await trx.selectFrom('dataset_chunks').select((eb) => eb.fn.sum<number>('row_count').as('n')).where('dataset_id', '=', datasetId).executeTakeFirst();
      if (Number(stored?.n ?? 0) !== newCount) throw new Error(`delta on dataset ${datasetId}: ${Number(stored?.n ?? 0)} of ${newCount} rows in chunks`);
      await recordAudit(
        trx,
        actor,
        {
          action: 'dataset.update',
          target: `dataset:${datasetId}`,
          reason:
            `${current.name}: version ${version} → ${version + 1}; ${rowCount} → ${newCount} rows; ` +
            `upsert=${counts.upsert} (added ${counts.added}); records=${counts.records}; lists=${counts.lists}; deregister=${counts.deregister}; changed=${counts.changed}`,
          beforeHash: current.content_hash ?? undefined,
          afterHash: contentHash,
        },
        at,
      );
      return {
        success: true as const,
        dataset: { id: datasetId, name: current.name, version: version + 1, contentHash, rowCount: newCount, updatedAt: at },
        previousVersion: version,
        counts,
        warnings: parsed.warnings,
      };
    });
  } catch (e) {
    if (e instanceof Refused) return refuse(e.errors);
    throw e;
  }
}
