/**
 * Imports of enterprise populations ("datasets"). Imports are all-or-nothing: a dataset is written
 * `importing` in short transactions and becomes visible (`ready`) in the last one, so a file with
 * bad rows leaves nothing behind and a crash mid-import leaves nothing visible (removed at the next
 * start by `removeUnfinishedDatasets`). The file is read and checked by `prepareImport`
 * (dataset-prepare.ts).
 */
import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.repository.ts';
import type { Database } from './database.ts';
import type { Chunk, PreparedBatch, PreparedSummary, Row } from './dataset-prepare.ts';
import { prepareImport } from './dataset-prepare.ts';
import type { Dataset } from './dataset.repository.ts';
import { storeImportColumns } from './dataset-columns.repository.ts';
import type { ImportColumnsCollector } from './dataset-columns.repository.ts';
import { claimDefaultDataset } from './default-dataset.repository.ts';
import { DbError } from './errors.ts';
import type { ImportFormat, ImportInput, RowIssue } from './import/sources.ts';
import { dialectOf, sqliteHandle } from './raw.ts';

export type { ImportFormat, RowIssue, RowLocation } from './import/sources.ts';
export type { ImportColumnsCollector } from './dataset-columns.repository.ts';

export interface ImportProgress {
  /** `read`: rows read and checked so far (and written while no error was found); `done`: committed. */
  phase: 'read' | 'done';
  rows: number;
}

export interface ImportOptions extends ImportInput {
  /** Unique dataset name. */
  name: string;
  /** Called every `progressEvery` rows and once at the end. */
  onProgress?: (p: ImportProgress) => void;
  /** Default 10,000. */
  progressEvery?: number;
  /** Stop listing errors after this many (the import is refused either way); default 1,000. */
  maxErrors?: number;
  /**
   * Builds the dataset's population columns as the file is read (`populationColumnsCollector()` of
   * @policy/evaluation: this package does not know their format), stored with the dataset.
   */
  columns?: ImportColumnsCollector;
}

/** What became of an import's population columns. */
export type ImportColumnsOutcome =
  /** stored with the dataset: its first load parses no JSON */
  | { stored: true; bytes: number }
  /** none built (not asked for, or building them failed) or not stored: the first load builds them from the JSON chunks */
  | { stored: false; message?: string };

export type ImportResult =
  | { success: true; dataset: Dataset; warnings: RowIssue[]; columns: ImportColumnsOutcome }
  | {
      success: false;
      /** Every bad row with its file, row number, JSON pointer and reason (up to `maxErrors`). */
      errors: RowIssue[];
      /** Total number of errors, also beyond `maxErrors`. */
      errorCount: number;
      warnings: RowIssue[];
    };

interface Writer {
  rows(rows: Row[]): Promise<void>;
  chunks(chunks: Chunk[]): Promise<void>;
}

function writerFor(db: Kysely<Database>, trx: Transaction<Database>, datasetId: number): Writer {
  const raw = sqliteHandle(db);
  if (raw) {
    // Prepared statements reused inside the open transaction (same connection as `trx`):
    // 50 rows per statement to cross into native code less often, single rows for the rest.
    const cols = 'insert into dataset_enterprises (dataset_id, row_number, uscc, name, industry_code, region_code) values ';
    const one = raw.prepare(cols + '(?, ?, ?, ?, ?, ?)');
    const many = raw.prepare(cols + Array.from({ length: 50 }, () => '(?, ?, ?, ?, ?, ?)').join(', '));
    const chunk = raw.prepare('insert into dataset_chunks (dataset_id, chunk_no, first_row, row_count, payload) values (?, ?, ?, ?, ?)');
    return {
      rows: async (rows) => {
        let i = 0;
        const params: unknown[] = [];
        for (; i + 50 <= rows.length; i += 50) {
          params.length = 0;
          for (let j = i; j < i + 50; j++) {
            const r = rows[j]!;
            params.push(datasetId, r.row_number, r.uscc, r.name, r.industry_code, r.region_code);
          }
          many.run(params);
        }
        for (; i < rows.length; i++) {
          const r = rows[i]!;
          one.run(datasetId, r.row_number, r.uscc, r.name, r.industry_code, r.region_code);
        }
      },
      chunks: async (chunks) => {
        for (const c of chunks) chunk.run(datasetId, c.chunk_no, c.first_row, c.row_count, c.payload);
      },
    };
  }
  if (dialectOf(db) === 'postgres') {
    // unnest: one array parameter per column instead of one parameter per value.
    return {
      rows: async (rows) => {
        await sql`insert into dataset_enterprises (dataset_id, row_number, uscc, name, industry_code, region_code)
          select ${datasetId}, * from unnest(${rows.map((r) => r.row_number)}::int[], ${rows.map((r) => r.uscc)}::text[],
            ${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.industry_code)}::text[],
            ${rows.map((r) => r.region_code)}::text[])`.execute(trx);
      },
      chunks: async (chunks) => {
        await trx
          .insertInto('dataset_chunks')
          .values(chunks.map((c) => ({ dataset_id: datasetId, ...c })))
          .execute();
      },
    };
  }
  return {
    rows: async (rows) => {
      for (let i = 0; i < rows.length; i += 100) {
        await trx
          .insertInto('dataset_enterprises')
          .values(rows.slice(i, i + 100).map((r) => ({ dataset_id: datasetId, ...r })))
          .execute();
      }
    },
    chunks: async (chunks) => {
      for (const c of chunks) await trx.insertInto('dataset_chunks').values({ dataset_id: datasetId, ...c }).execute();
    },
  };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Removes the rows of a dataset in short statements (so that other requests get the connection meanwhile), then the dataset. */
async function removeDatasetRows(db: Kysely<Database>, datasetId: number): Promise<void> {
  for (;;) {
    const last = await db
      .selectFrom('dataset_enterprises')
      .select('row_number')
      .where('dataset_id', '=', datasetId)
      .orderBy('row_number')
      .offset(STAGE_DELETE_ROWS - 1)
      .limit(1)
      .executeTakeFirst();
    if (!last) break;
    await db.deleteFrom('dataset_enterprises').where('dataset_id', '=', datasetId).where('row_number', '<=', Number(last.row_number)).execute();
    await tick();
  }
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('dataset_chunks').where('dataset_id', '=', datasetId).execute();
    await trx.deleteFrom('dataset_enterprises').where('dataset_id', '=', datasetId).execute();
    await trx.deleteFrom('datasets').where('id', '=', datasetId).execute();
  });
}

/** Rows deleted per statement when an unfinished dataset is removed. */
const STAGE_DELETE_ROWS = 20_000;

/**
 * Deletes every dataset left `importing` (an import cut off by a crash or a restart): called at
 * start-up, when no import of this database is running. Returns the ids removed.
 *
 * @example
 * const removed = await removeUnfinishedDatasets(db);
 */
export async function removeUnfinishedDatasets(db: Kysely<Database>): Promise<number[]> {
  const rows = await db.selectFrom('datasets').select('id').where('status', '=', 'importing').execute();
  for (const r of rows) await removeDatasetRows(db, Number(r.id));
  return rows.map((r) => Number(r.id));
}

/**
 * Writes the batches of {@link prepareImport} (from this thread or a worker) into a new dataset.
 * All-or-nothing as seen from outside: the dataset is created `importing` (invisible to every read),
 * each batch is written in its own short transaction (other requests use the connection between
 * them), and only the last transaction — with the row count and the audit entry — makes it `ready`.
 * A refused file or a failure removes what was written; a crash leaves an invisible `importing`
 * dataset that {@link removeUnfinishedDatasets} deletes at the next start.
 *
 * @example
 * const r = await importPrepared(db, actor, { name, format: 'jsonl' }, prepareImport({ format: 'jsonl', input }));
 */
export async function importPrepared(
  db: Kysely<Database>,
  actor: Actor,
  target: { name: string; format: ImportFormat; onProgress?: (p: ImportProgress) => void },
  batches: AsyncIterator<PreparedBatch, PreparedSummary>,
): Promise<ImportResult> {
  if (actor.role === 'viewer') {
    throw new DbError('FORBIDDEN', '只读用户不能导入数据 / viewers cannot import datasets', { reason: 'role' });
  }
  const name = target.name.trim();
  if (!name) throw new DbError('BAD_REQUEST', '数据集名称不能为空 / the dataset name is empty', { reason: 'invalid-input' });
  const at = new Date().toISOString();
  const datasetId = await db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('datasets').select('id').where('name', '=', name).executeTakeFirst();
    if (taken) throw new DbError('CONFLICT', `数据集名称已存在 / dataset name taken: ${name}`, { reason: 'duplicate' });
    const inserted = await trx
      .insertInto('datasets')
      .values({ name, created_by: actor.username, created_at: at, row_count: 0, status: 'importing', source_format: target.format })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(inserted.id);
  });
  let summary: PreparedSummary;
  let columns: ImportColumnsOutcome;
  try {
    for (;;) {
      const next = await batches.next();
      if (next.done) {
        summary = next.value;
        break;
      }
      const b = next.value;
      if (b.rows.length > 0 || b.chunks.length > 0) {
        await db.transaction().execute(async (trx) => {
          const write = writerFor(db, trx, datasetId);
          if (b.rows.length > 0) await write.rows(b.rows);
          if (b.chunks.length > 0) await write.chunks(b.chunks);
        });
      }
      if (b.progress) {
        target.onProgress?.({ phase: 'read', rows: b.read });
        await tick();
      }
    }
    if (summary.errorCount > 0) {
      await removeDatasetRows(db, datasetId);
      return { success: false, errors: summary.errors, errorCount: summary.errorCount, warnings: summary.warnings };
    }
    const count = summary.count;
    columns = await db.transaction().execute(async (trx): Promise<ImportColumnsOutcome> => {
      const stored = await trx.selectFrom('dataset_chunks').select((eb) => eb.fn.sum<number>('row_count').as('n')).where('dataset_id', '=', datasetId).executeTakeFirst();
      if (Number(stored?.n ?? 0) !== count) throw new Error(`import ${name}: ${Number(stored?.n ?? 0)} of ${count} rows written`);
      await trx.updateTable('datasets').set({ row_count: count, status: 'ready' }).where('id', '=', datasetId).execute();
      // the columns become visible with the dataset; failing to store them does not refuse the import
      let outcome: ImportColumnsOutcome = summary.columnsError !== undefined ? { stored: false, message: summary.columnsError } : { stored: false };
      if (summary.columns) {
        const v = await trx.selectFrom('datasets').select('version').where('id', '=', datasetId).executeTakeFirstOrThrow();
        const failed = await storeImportColumns(trx, datasetId, Number(v.version), summary.columns);
        outcome = failed === null ? { stored: true, bytes: summary.columns.byteLength } : { stored: false, message: failed };
      }
      await recordAudit(trx, actor, { action: 'dataset.import', target: `dataset:${datasetId}`, reason: `${name} (${count} rows, ${target.format})` }, at);
      // the first dataset of an installation becomes the default; an existing default never changes on import
      await claimDefaultDataset(trx, actor, { id: datasetId, name }, at);
      return outcome;
    });
    target.onProgress?.({ phase: 'done', rows: count });
  } catch (e) {
    await batches.return?.(undefined as never)?.catch(() => undefined);
    await removeDatasetRows(db, datasetId).catch(() => undefined); // at worst removed at the next start
    throw e;
  }
  // Fresh statistics, so that PostgreSQL's planner reads a name search along the primary key and
  // stops at the first matches instead of sorting every match of the dataset (1 ms instead of 0.8 s
  // at a million rows). SQLite plans that way without them.
  if (dialectOf(db) === 'postgres') await sql`analyze dataset_enterprises`.execute(db);
  return {
    success: true,
    dataset: { id: datasetId, name, createdBy: actor.username, createdAt: at, rowCount: summary.count, sourceFormat: target.format },
    warnings: summary.warnings,
    columns,
  };
}

/**
 * Imports enterprises from JSONL, CSV (+ records.csv / lists.csv) or XLSX into a new named dataset.
 * All-or-nothing: when any row is bad, nothing is stored and every bad row is returned with its
 * file, row number and reason (see {@link importPrepared} for how the rows are written). Warnings
 * (a USCC with a wrong check character, ignored columns) do not stop the import. Audit-logged. With
 * `columns`, the dataset's population columns are built as the file is read and stored in the same
 * transaction that makes the dataset visible (the first preview then parses no JSON); a failure to
 * build or store them leaves the import as it is (the JSON chunks are the source of truth) and is
 * returned in `columns`.
 *
 * @example
 * const r = await importDataset(db, actor, { name: '2026-10 全市', format: 'jsonl', input: await readFile(f),
 *   onProgress: (p) => console.log(p.rows) });
 * if (!r.success) for (const e of r.errors) console.error(`${e.file}:${e.row} ${e.path} ${e.message}`);
 */
export async function importDataset(db: Kysely<Database>, actor: Actor, options: ImportOptions): Promise<ImportResult> {
  if (actor.role === 'viewer') {
    throw new DbError('FORBIDDEN', '只读用户不能导入数据 / viewers cannot import datasets', { reason: 'role' });
  }
  if (!options.name.trim()) throw new DbError('BAD_REQUEST', '数据集名称不能为空 / the dataset name is empty', { reason: 'invalid-input' });
  const collector = options.columns;
  const batches = prepareImport(collector ? { ...options, onRecord: (r) => collector.add(r) } : options);
  return importPrepared(db, actor, { name: options.name, format: options.format, onProgress: options.onProgress }, collector ? withColumns(batches, collector) : batches);
}

/** The batches, with the collector's column bytes added to the summary (none when building them fails). */
function withColumns(batches: AsyncGenerator<PreparedBatch, PreparedSummary>, collector: ImportColumnsCollector): AsyncIterator<PreparedBatch, PreparedSummary> {
  return {
    async next() {
      const r = await batches.next();
      if (!r.done || r.value.errorCount > 0) return r;
      try {
        return { done: true, value: { ...r.value, columns: collector.finish() } };
      } catch (e) {
        return { done: true, value: { ...r.value, columnsError: e instanceof Error ? e.message : String(e) } };
      }
    },
    return: (v) => batches.return(v as never),
  };
}
