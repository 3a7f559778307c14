/** Dataset import jobs: run in the background, progress polled through tRPC (`datasets.importStatus`). */
import { randomUUID } from 'node:crypto';
import { importDataset } from '@policy/db';
import type { Actor, ImportFormat } from '@policy/db';
import { generateEnterprises } from '@policy/evaluation';
import type { AppDeps } from './context.ts';
import type { ImportJob } from './services.ts';

export function newJob(deps: AppDeps, input: { name: string; format: string; createdBy: string; bytesTotal: number | null }): ImportJob {
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
  deps.services.imports.set(job.id, job);
  // keep the last 50 jobs
  const ids = [...deps.services.imports.keys()];
  for (const id of ids.slice(0, Math.max(0, ids.length - 50))) deps.services.imports.delete(id);
  return job;
}

/** The received files of an import: the main file and, for CSV, the records / lists side files. */
export interface ImportFiles {
  input: Buffer;
  /** The main file's name as uploaded (named in error rows); default by format. */
  fileName?: string;
  extraFiles?: { records?: Buffer; lists?: Buffer };
}

/** Imports received files into a new dataset, updating the job as rows are read. */
export async function runImport(deps: AppDeps, actor: Actor, job: ImportJob, format: ImportFormat, files: ImportFiles): Promise<ImportJob> {
  job.phase = 'importing';
  try {
    const r = await importDataset(deps.db, actor, {
      name: job.name,
      format,
      input: files.input,
      fileName: files.fileName,
      extraFiles: files.extraFiles,
      onProgress: (p) => {
        job.rows = p.rows;
      },
    });
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
  deps.logger.info('import finished', { job: job.id, name: job.name, phase: job.phase, rows: job.rows, datasetId: job.datasetId });
  return job;
}

/** A generated sample dataset (deterministic from the seed), imported as JSONL. */
export function generatedJsonl(count: number, seed: number | string): Buffer {
  const parts: Buffer[] = [];
  let chunk: string[] = [];
  for (const r of generateEnterprises({ count, seed })) {
    chunk.push(JSON.stringify(r));
    if (chunk.length === 10_000) {
      parts.push(Buffer.from(chunk.join('\n') + '\n'));
      chunk = [];
    }
  }
  if (chunk.length) parts.push(Buffer.from(chunk.join('\n') + '\n'));
  return Buffer.concat(parts);
}
