/**
 * Dataset import jobs (uploads and generations): run in the background, progress polled through
 * tRPC (`datasets.importStatus`). The file is read and checked in the jobs worker thread
 * (worker-pool.ts), which also builds the dataset's population columns as it reads (stored with the
 * dataset, so that its first preview parses no JSON), and written here in short transactions (`importPrepared`); each job is recorded
 * in the database as it goes (`import_jobs`), so that after a restart an interrupted import reads
 * "failed: interrupted" ({@link recoverImports}) instead of being forgotten.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  getImportJob,
  importPrepared,
  interruptUnfinishedImportJobs,
  listImportJobs,
  pruneImportJobs,
  removeUnfinishedDatasets,
  saveImportJob,
} from '@policy/db';
import type { Actor, Database, ImportFormat, ImportJobRecord, ImportResult, PreparedBatch, PreparedSummary } from '@policy/db';
import type { Logger } from './logger.ts';
import { lanes, ownArrayBuffer } from './worker-pool.ts';

/** An import job (upload or generation) as the API shows it; recorded in `import_jobs`. */
export type ImportJob = ImportJobRecord;

/** What running an import needs of the app (a narrow view of the context's `AppDeps`). */
export interface ImportDeps {
  db: Kysely<Database>;
  logger: Logger;
  services: { readonly jobs: ImportJobStore };
}

export { generatedJsonl } from './generate-jsonl.ts';

/** Jobs kept in memory (the database keeps them all, pruned to the last {@link JOBS_KEPT}). */
const LIVE_JOBS = 50;
const JOBS_KEPT = 200;

/**
 * The import jobs of this process, mirrored to the database: a job object is changed in place by
 * whoever runs it (upload, import, generation) and written when its state changed — at once by
 * {@link persist}, otherwise within `flushMs` by a timer — so the database never lags far behind.
 */
export class ImportJobStore {
  /** This process's recent jobs (live objects), oldest first. */
  readonly live = new Map<string, ImportJob>();
  private readonly written = new Map<string, string>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly logger: Logger,
    flushMs = 500,
  ) {
    this.timer = setInterval(() => this.flushAll(), flushMs);
    this.timer.unref();
  }

  add(job: ImportJob): void {
    this.live.set(job.id, job);
    for (const id of [...this.live.keys()].slice(0, Math.max(0, this.live.size - LIVE_JOBS))) {
      this.live.delete(id);
      this.written.delete(id);
    }
    void this.persist(job);
  }

  /** Writes the job when it changed since it was last written (writes of one job in order). */
  persist(job: ImportJob): Promise<void> {
    const snapshot = JSON.stringify(job);
    const prev = this.chains.get(job.id) ?? Promise.resolve();
    if (this.written.get(job.id) === snapshot) return prev;
    this.written.set(job.id, snapshot);
    const next = prev.then(
      () => saveImportJob(this.db, JSON.parse(snapshot) as ImportJob),
    ).catch((e: unknown) => {
      this.written.delete(job.id); // written again at the next flush
      this.logger.warn('import job not recorded', { job: job.id, error: e });
    });
    this.chains.set(job.id, next);
    return next;
  }

  private flushAll(): void {
    for (const job of this.live.values()) void this.persist(job);
  }

  /** A job of this process, else the recorded one (an earlier process's, interrupted or finished). */
  async get(id: string): Promise<ImportJob | undefined> {
    return this.live.get(id) ?? (await getImportJob(this.db, id));
  }

  /** The recent jobs, newest first (this process's in their current state). */
  async list(): Promise<ImportJob[]> {
    const stored = await listImportJobs(this.db, LIVE_JOBS);
    const out = stored.map((j) => this.live.get(j.id) ?? j);
    for (const j of this.live.values()) if (!out.some((o) => o.id === j.id)) out.push(j);
    return out.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
  }

  /** Waits for every pending write. */
  async settle(): Promise<void> {
    this.flushAll();
    await Promise.all(this.chains.values());
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Deletes recorded jobs beyond the most recent ones. */
  prune(): Promise<void> {
    return pruneImportJobs(this.db, JOBS_KEPT).catch((e: unknown) => this.logger.warn('import jobs not pruned', { error: e }));
  }
}

/**
 * At start-up: every job a stopped process left running reads "failed: interrupted", and the rows
 * its import had written (an invisible `importing` dataset) are deleted.
 *
 * @example
 * await recoverImports(db, logger);
 */
export async function recoverImports(db: Kysely<Database>, logger: Logger): Promise<{ jobs: string[]; datasets: number[] }> {
  const jobs = await interruptUnfinishedImportJobs(db);
  const datasets = await removeUnfinishedDatasets(db);
  if (jobs.length > 0 || datasets.length > 0) logger.warn('interrupted imports', { jobs, datasets });
  return { jobs, datasets };
}

export function newJob(deps: ImportDeps, input: { name: string; format: string; createdBy: string; bytesTotal: number | null }): ImportJob {
  const job: ImportJob = {
    id: randomUUID(),
    name: input.name,
    format: input.format,
    createdBy: input.createdBy,
    phase: 'receiving',
    bytesReceived: 0,
    bytesTotal: input.bytesTotal,
    rows: 0,
    startedAt: new Date().toISOString(),
    finishedAt: null,
    datasetId: null,
    errors: [],
    errorCount: 0,
    warningCount: 0,
    message: null,
  };
  deps.services.jobs.add(job);
  return job;
}

/** The received files of an import: the main file and, for CSV, the records / lists side files. */
export interface ImportFiles {
  input: Buffer;
  /** The main file's name as uploaded (named in error rows); default by format. */
  fileName?: string;
  extraFiles?: { records?: Buffer; lists?: Buffer };
}

/** What the jobs worker's `import` operation is given: the file's bytes, or what to generate. */
type WorkerImport = {
  format: ImportFormat;
  fileName?: string;
  input?: ArrayBuffer;
  extraFiles?: { records?: ArrayBuffer; lists?: ArrayBuffer };
  generate?: { count: number; seed: number | string };
  /** Build the population columns as the rows are read, stored with the dataset (issue 16). */
  columns?: boolean;
};

type Item = { batch: PreparedBatch; ack: () => void } | { summary: PreparedSummary } | { error: unknown };

/**
 * Runs the worker's reading of an import and hands its batches to `importPrepared` as an async
 * iterator; a batch is acknowledged (the worker may read on) once the next one is asked for, that
 * is once it is written.
 */
async function importInWorker(deps: ImportDeps, actor: Actor, job: ImportJob, work: WorkerImport, transfer: ArrayBuffer[]): Promise<ImportResult> {
  const items: Item[] = [];
  const waiters: ((i: Item) => void)[] = [];
  let draining = false;
  let columns: Uint8Array | undefined;
  const push = (i: Item) => {
    const w = waiters.shift();
    if (w) w(i);
    else items.push(i);
  };
  void lanes.jobs
    .call<PreparedSummary>('import', work, {
      transfer,
      onEvent: (e, ack) => {
        const event = e as { type: 'batch'; batch: PreparedBatch } | { type: 'generated'; bytes: number } | { type: 'columns'; bytes: Uint8Array };
        if (event.type === 'generated') {
          job.bytesReceived = job.bytesTotal = event.bytes;
        } else if (event.type === 'columns') {
          columns = event.bytes;
        } else if (draining) ack();
        else push({ batch: event.batch, ack });
      },
    })
    .then(
      (summary) => push({ summary: columns ? { ...summary, columns } : summary }),
      (error: unknown) => push({ error }),
    );
  let pendingAck: (() => void) | undefined;
  const batches: AsyncIterator<PreparedBatch, PreparedSummary> = {
    async next() {
      pendingAck?.();
      pendingAck = undefined;
      const item = items.shift() ?? (await new Promise<Item>((resolve) => waiters.push(resolve)));
      if ('error' in item) throw item.error;
      if ('summary' in item) return { done: true, value: item.summary };
      pendingAck = item.ack;
      return { done: false, value: item.batch };
    },
    async return() {
      // the import stopped here: let the worker read to its end without waiting for us
      draining = true;
      pendingAck?.();
      for (const i of items.splice(0)) if ('ack' in i) i.ack();
      return { done: true, value: undefined as never };
    },
  };
  const r = await importPrepared(deps.db, actor, { name: job.name, format: work.format, onProgress: (p) => (job.rows = p.rows) }, batches);
  if (r.success) {
    if (r.columns.stored) deps.logger.info('population columns stored with the import', { datasetId: r.dataset.id, bytes: r.columns.bytes });
    else deps.logger.warn('population columns not stored with the import', { datasetId: r.dataset.id, error: r.columns.message });
  }
  return r;
}

async function runJob(deps: ImportDeps, actor: Actor, job: ImportJob, work: WorkerImport, transfer: ArrayBuffer[]): Promise<ImportJob> {
  job.phase = 'importing';
  void deps.services.jobs.persist(job);
  try {
    const r = await importInWorker(deps, actor, job, work, transfer);
    if (r.success) {
      job.phase = 'done';
      job.datasetId = r.dataset.id;
      job.rows = r.dataset.rowCount;
      job.warningCount = r.warnings.length;
      job.message = `已导入 ${r.dataset.rowCount} 户 / imported ${r.dataset.rowCount} enterprises`;
    } else {
      job.phase = 'failed';
      job.errors = r.errors.map((e) => ({ file: e.file, row: e.row, path: e.path, message: e.message, messageEn: e.messageEn }));
      job.errorCount = r.errorCount;
      job.warningCount = r.warnings.length;
      job.message = `文件有 ${r.errorCount} 处错误，未导入任何数据 / the file has ${r.errorCount} error(s); nothing was imported`;
    }
  } catch (e) {
    job.phase = 'failed';
    job.message = e instanceof Error ? e.message : String(e);
    deps.logger.warn('import failed', { job: job.id, error: e });
  }
  job.finishedAt = new Date().toISOString();
  await deps.services.jobs.persist(job);
  void deps.services.jobs.prune();
  deps.logger.info('import finished', { job: job.id, name: job.name, phase: job.phase, rows: job.rows, datasetId: job.datasetId });
  return job;
}

/** Imports received files into a new dataset, updating the job as rows are read (the bytes move to the worker). */
export function runImport(deps: ImportDeps, actor: Actor, job: ImportJob, format: ImportFormat, files: ImportFiles): Promise<ImportJob> {
  const input = ownArrayBuffer(files.input);
  const records = files.extraFiles?.records && ownArrayBuffer(files.extraFiles.records);
  const lists = files.extraFiles?.lists && ownArrayBuffer(files.extraFiles.lists);
  const extraFiles = files.extraFiles ? { records, lists } : undefined;
  const transfer = [input, records, lists].filter((b): b is ArrayBuffer => b !== undefined);
  return runJob(deps, actor, job, { format, fileName: files.fileName, input, extraFiles, columns: true }, [...new Set(transfer)]);
}

/** Generates a synthetic dataset in the worker (deterministic from the seed) and imports it as JSONL. */
export function runGenerate(deps: ImportDeps, actor: Actor, job: ImportJob, count: number, seed: number | string): Promise<ImportJob> {
  return runJob(deps, actor, job, { format: 'jsonl', fileName: 'generated.jsonl', generate: { count, seed }, columns: true }, []);
}
