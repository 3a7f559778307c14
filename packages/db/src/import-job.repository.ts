/**
 * Durable import jobs: the server writes each upload or generation here as it goes (created,
 * progress now and then, finished), so that the uploader's status poll still has an answer after a
 * restart. At start-up {@link interruptUnfinishedImportJobs} marks the jobs a stopped process left
 * running as failed ("interrupted"); their half-written datasets are removed by
 * `removeUnfinishedDatasets` (dataset-import.repository.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { ImportJobPhase, ImportJobTable } from './import-job.table.ts';

/** One bad row of a refused file, as shown to the uploader. */
export interface ImportJobError {
  file?: string;
  row?: number;
  path: string;
  message: string;
  messageEn: string;
}

/** An import job as the API shows it. */
export interface ImportJobRecord {
  id: string;
  name: string;
  format: string;
  createdBy: string;
  phase: ImportJobPhase;
  bytesReceived: number;
  bytesTotal: number | null;
  rows: number;
  startedAt: string;
  finishedAt: string | null;
  datasetId: number | null;
  /** Bad rows (file, row, pointer, message) when the import was refused. */
  errors: ImportJobError[];
  errorCount: number;
  warningCount: number;
  message: string | null;
  /** True when a restart cut the job off (phase `failed`, nothing imported). */
  interrupted?: boolean;
}

/** What an interrupted job reads. */
export const INTERRUPTED_MESSAGE = '导入已中断：服务在导入过程中停止，未导入任何数据，请重新上传 / failed: interrupted — the server stopped during the import; nothing was imported, please upload again';

const toRow = (j: ImportJobRecord): ImportJobTable => ({
  id: j.id,
  name: j.name,
  format: j.format,
  created_by: j.createdBy,
  phase: j.phase,
  bytes_received: j.bytesReceived,
  bytes_total: j.bytesTotal,
  rows: j.rows,
  started_at: j.startedAt,
  finished_at: j.finishedAt,
  dataset_id: j.datasetId,
  errors: JSON.stringify(j.errors),
  error_count: j.errorCount,
  warning_count: j.warningCount,
  message: j.message,
  interrupted: j.interrupted ? 1 : 0,
});

const toRecord = (r: ImportJobTable): ImportJobRecord => ({
  id: r.id,
  name: r.name,
  format: r.format,
  createdBy: r.created_by,
  phase: r.phase,
  bytesReceived: Number(r.bytes_received),
  bytesTotal: r.bytes_total === null ? null : Number(r.bytes_total),
  rows: Number(r.rows),
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  datasetId: r.dataset_id === null ? null : Number(r.dataset_id),
  errors: JSON.parse(r.errors) as ImportJobError[],
  errorCount: Number(r.error_count),
  warningCount: Number(r.warning_count),
  message: r.message,
  ...(Number(r.interrupted) ? { interrupted: true } : {}),
});

/**
 * Writes a job as it is now (insert, or update of every field).
 *
 * @example
 * await saveImportJob(db, job);
 */
export async function saveImportJob(db: Kysely<Database>, job: ImportJobRecord): Promise<void> {
  const row = toRow(job);
  const { id: _id, ...rest } = row;
  await db
    .insertInto('import_jobs')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet(rest))
    .execute();
}

/** One job, or undefined. */
export async function getImportJob(db: Kysely<Database>, id: string): Promise<ImportJobRecord | undefined> {
  const row = await db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** The most recent jobs, newest first (default 50). */
export async function listImportJobs(db: Kysely<Database>, limit = 50): Promise<ImportJobRecord[]> {
  const rows = await db.selectFrom('import_jobs').selectAll().orderBy('started_at', 'desc').orderBy('id').limit(limit).execute();
  return rows.map(toRecord);
}

/**
 * Marks every job still receiving or importing as failed and interrupted (called at start-up: no
 * job of a stopped process is running any more). Returns the jobs so marked.
 *
 * @example
 * const cut = await interruptUnfinishedImportJobs(db);
 */
export async function interruptUnfinishedImportJobs(db: Kysely<Database>, at = new Date().toISOString()): Promise<string[]> {
  const open = await db.selectFrom('import_jobs').select('id').where('phase', 'in', ['receiving', 'importing']).execute();
  if (open.length === 0) return [];
  await db
    .updateTable('import_jobs')
    .set({ phase: 'failed', interrupted: 1, message: INTERRUPTED_MESSAGE, finished_at: at, dataset_id: null })
    .where('phase', 'in', ['receiving', 'importing'])
    .execute();
  return open.map((r) => r.id);
}

/** Deletes all but the `keep` most recent jobs. */
export async function pruneImportJobs(db: Kysely<Database>, keep = 200): Promise<void> {
  const cut = await db.selectFrom('import_jobs').select('started_at').orderBy('started_at', 'desc').offset(keep).limit(1).executeTakeFirst();
  if (cut) await db.deleteFrom('import_jobs').where('started_at', '<=', cut.started_at).execute();
}
