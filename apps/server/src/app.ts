/**
 * Wiring: open the database, migrate, seed on first run, store the golden case files a database
 * seeded before they were stored is missing, import the sample dataset, build the server.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importDataset, importMissingCaseFiles, listDatasets, migrateToLatest, seed, SYSTEM_ACTOR, interruptUnfinishedRuns } from '@policy/db';
import type { ImportedCaseFile, SeedResult } from '@policy/db';
import { createDb } from '@policy/db/client';
import { populationColumnsCollector } from '@policy/evaluation';
import type { DbHandle } from '@policy/db/client';
import type { AppDeps } from './context.ts';
import { generatedJsonl, recoverImports } from './imports.ts';
import { warmUp } from './worker-pool.ts';
import type { Logger } from './logger.ts';
import { createServer } from './server.ts';
import type { AppServer } from './server.ts';
import { Services } from './services.ts';
import { purgeExpiredSessions, scheduleSessionPurge } from './sessions.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
// a dataset name is user data shown as is: Chinese, like the names users give their own imports
export const SAMPLE_DATASET_NAME = '示例数据集（生成，5 万户）';
export const SAMPLE_SEED = 20261031;

export interface AppOptions {
  databaseUrl: string;
  host?: string;
  port?: number;
  logger: Logger;
  /** Enterprises in the generated sample dataset on first run (0 = none). */
  sampleDatasetSize?: number;
  policiesDir?: string;
  adminDist?: string;
  /** Mark the session cookie `Secure` (behind TLS). */
  cookieSecure?: boolean;
  /** Calls allowed in one tRPC batch (default 10). */
  trpcMaxBatch?: number;
  /** Upload size limit in bytes (default 200 MB). */
  uploadLimit?: number;
  /** PostgreSQL pool size (default 10). */
  pgPoolSize?: number;
  /** How often expired sessions are deleted (default hourly); they are also deleted at start. */
  sessionPurgeIntervalMs?: number;
  /** Most enterprises `datasets.generate` makes (default 1,000,000). */
  generateMax?: number;
  /** On PostgreSQL, datasets of at least this many enterprises are evaluated in SQL (default 2,000,000). */
  sqlEngineMinEnterprises?: number;
}

export interface App {
  server: AppServer;
  deps: AppDeps;
  handle: DbHandle;
  /** What the first-run seed did (`seeded: false` on later starts). */
  seedResult: SeedResult;
  /** Golden case files stored at this start for versions that had none (a database seeded before they were stored). */
  caseFiles: ImportedCaseFile[];
  sampleDatasetId: number | null;
  close(): Promise<void>;
}

/**
 * Prepares everything short of listening: `await (await createApp(opts)).server.start()`.
 *
 * @example
 * const app = await createApp({ databaseUrl: ':memory:', port: 0, logger });
 * const url = await app.server.start();
 */
export async function createApp(opts: AppOptions): Promise<App> {
  const log = opts.logger;
  const handle = createDb(opts.databaseUrl, {
    baseDir: REPO_ROOT,
    poolSize: opts.pgPoolSize,
    // a dropped pooled connection (PostgreSQL restarted, failover, terminated) is logged; the pool reconnects
    onConnectionError: (e) => log.warn('database connection lost', { error: e }),
  });
  let purge: { stop(): void } | undefined;
  try {
    const m = await migrateToLatest(handle.db);
    if (m.error) throw m.error;
    // imports a stopped process left running read "failed: interrupted"; their invisible rows go
    await recoverImports(handle.db, log);
    // so do runs: this process (one per database) is the only one that could still be writing them
    const interruptedRuns = await interruptUnfinishedRuns(handle.db, 0);
    if (interruptedRuns > 0) log.warn('runs interrupted by the last stop', { runs: interruptedRuns });
    // the worker threads load their modules meanwhile (previews, samples, imports and generation run there)
    const warm = warmUp().catch((e: unknown) => log.warn('worker threads not started', { error: e }));
    const policiesDir = opts.policiesDir ?? join(REPO_ROOT, 'policies');
    const seedResult = await seed(handle.db, { policiesDir });
    if (seedResult.seeded) log.info('seeded', { users: seedResult.users.length, documents: seedResult.documents.length });
    // a database seeded before golden cases were stored gets its case files now (idempotent: nothing on later starts)
    const { imported: caseFiles, problems } = await importMissingCaseFiles(handle.db, SYSTEM_ACTOR, policiesDir);
    if (caseFiles.length > 0) {
      log.info('golden case files imported', { versions: caseFiles.length, cases: caseFiles.reduce((n, f) => n + f.cases, 0), files: caseFiles.map((f) => f.file) });
    }
    for (const p of problems) log.warn('golden case file not imported', { file: p.file, error: p.message });

    let sampleDatasetId: number | null = null;
    const size = opts.sampleDatasetSize ?? 0;
    if (seedResult.seeded && size > 0 && (await listDatasets(handle.db)).length === 0) {
      const started = performance.now();
      const r = await importDataset(handle.db, SYSTEM_ACTOR, {
        name: SAMPLE_DATASET_NAME.replace('5 万户', `${size.toLocaleString('en')} 户`),
        format: 'jsonl',
        input: generatedJsonl(size, SAMPLE_SEED),
        fileName: 'generated.jsonl',
        // stored with it: the first preview reads columns, no JSON
        columns: populationColumnsCollector(size),
      });
      if (!r.success) throw new Error(`示例数据集导入失败 / the sample dataset failed to import: ${r.errors.slice(0, 3).map((e) => e.message).join('; ')}`);
      sampleDatasetId = r.dataset.id;
      log.info('sample dataset imported', { datasetId: r.dataset.id, enterprises: r.dataset.rowCount, ms: Math.round(performance.now() - started) });
    }

    const purged = await purgeExpiredSessions(handle.db);
    if (purged > 0) log.info('expired sessions purged', { count: purged });
    purge = scheduleSessionPurge(handle.db, log, opts.sessionPurgeIntervalMs ?? 3600_000);

    const deps: AppDeps = { db: handle.db, dialect: handle.dialect, logger: log, services: new Services(handle.db, log, { generateMax: opts.generateMax, sqlEngineMinEnterprises: opts.sqlEngineMinEnterprises }), policiesDir };
    await warm;
    const adminDist = opts.adminDist ?? join(REPO_ROOT, 'apps/admin/dist');
    const server = createServer({
      deps,
      host: opts.host,
      port: opts.port,
      adminDist,
      cookieSecure: opts.cookieSecure,
      trpcMaxBatch: opts.trpcMaxBatch,
      uploadBodyLimit: opts.uploadLimit,
    });
    return {
      server,
      deps,
      handle,
      seedResult,
      caseFiles,
      sampleDatasetId,
      async close() {
        purge?.stop();
        await server.stop();
        await deps.services.jobs.settle();
        await deps.services.close();
        await handle.destroy();
      },
    };
  } catch (e) {
    purge?.stop();
    await handle.destroy();
    throw e;
  }
}

/** True when the admin build exists. */
export const adminBuilt = (adminDist = join(REPO_ROOT, 'apps/admin/dist')) => existsSync(join(adminDist, 'index.html'));
