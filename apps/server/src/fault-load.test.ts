/**
 * Fault and load suite (loopback only, bounded in time):
 * - `kill -9` of a server process in the middle of an import, then a restart on the same database:
 *   the uploader's status poll reads "failed: interrupted" and nothing of the dataset is left;
 * - the event loop stays free while heavy work runs: cheap calls complete while a generation job
 *   and a cold preview are under way (counted completions, not timings);
 * - a short load run (20 clients, list + preview) with zero errors; req/s, p50, p99 and RSS printed
 *   (the README's performance section has the figures; nothing here asserts a time).
 * On SQLite and PostgreSQL (POLICY_TEST_DIALECTS limits them).
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@policy/db/client';
import { createScratchDatabase, DIALECTS } from '@policy/db/test-support';
import type { ScratchDatabase } from '@policy/db/test-support';
import { createApp } from './app.ts';
import type { App } from './app.ts';
import { silentLogger } from './logger.ts';
import { httpClient, signIn } from './test-client.ts';
import type { Client, CookieJar } from './test-client.ts';

const SERVER_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const AT = '2026-10-31';

/** The server as a child process (`tsx src/index.ts`, as `pnpm start` runs it): its URL and first-run passwords. */
async function startChild(databaseUrl: string): Promise<{ child: ChildProcessWithoutNullStreams; base: string; passwords: Map<string, string> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: SERVER_DIR,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', SAMPLE_DATASET_SIZE: '0', LOG_LEVEL: 'error' },
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving at: (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!.replace(/\/$/, ''));
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
  const passwords = new Map<string, string>();
  for (const m of out.matchAll(/^\s{2}(\S+)\s+(\S+)\s+(credit-office|viewer|department-editor|reviewer)/gm)) passwords.set(m[1]!, m[2]!);
  return { child, base, passwords };
}

const exited = (child: ChildProcessWithoutNullStreams) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));

describe.each(DIALECTS)('fault and load on %s', (dialect) => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await createScratchDatabase(dialect, 'policy_fault');
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  it('kill -9 in the middle of an import, then a restart: the job reads "failed: interrupted" and nothing of it is stored', async () => {
    const first = await startChild(scratch.url);
    let password: string;
    let jobId: string;
    try {
      const c = httpClient(first.base);
      password = await signIn(c, 'credit-office', first.passwords.get('credit-office')!);
      ({ jobId } = await c.datasets.generate.mutate({ name: 'killed midway', count: 150_000, seed: 7 }));
      // wait until rows are being written, then kill the process outright
      await expect
        .poll(async () => (await c.datasets.importStatus.query({ jobId })).rows, { timeout: 60_000, interval: 50 })
        .toBeGreaterThan(0);
      const mid = await c.datasets.importStatus.query({ jobId });
      expect(mid.phase).toBe('importing');
    } finally {
      first.child.kill('SIGKILL');
      await exited(first.child);
    }
    expect(first.child.signalCode).toBe('SIGKILL');

    const second = await startChild(scratch.url);
    try {
      const c = httpClient(second.base);
      await signIn(c, 'credit-office', password);
      const job = await c.datasets.importStatus.query({ jobId });
      expect(job).toMatchObject({ phase: 'failed', interrupted: true, datasetId: null });
      expect(job.message).toMatch(/中断/);
      expect(job.message).toMatch(/interrupted/);
      expect((await c.datasets.imports.query()).find((j) => j.id === jobId)?.phase).toBe('failed');
      expect((await c.datasets.list.query()).map((d) => d.name)).not.toContain('killed midway');
    } finally {
      second.child.kill('SIGTERM');
      await exited(second.child);
    }
    // and in the database itself: no dataset, no rows, no chunks
    const h = createDb(scratch.url);
    try {
      expect(await h.db.selectFrom('datasets').select('id').execute()).toEqual([]);
      expect(await h.db.selectFrom('dataset_enterprises').select('dataset_id').limit(1).execute()).toEqual([]);
      expect(await h.db.selectFrom('dataset_chunks').select('dataset_id').limit(1).execute()).toEqual([]);
    } finally {
      await h.destroy();
    }
  }, 120_000);

  describe('in process', () => {
    let app: App;
    let base: string;
    let c: Client;
    let datasetId: number;
    beforeAll(async () => {
      const s = await createScratchDatabase(dialect, 'policy_load');
      app = await createApp({ databaseUrl: s.url, port: 0, logger: silentLogger, sampleDatasetSize: 30_000, adminDist: join(SERVER_DIR, 'no-admin-build') });
      const close = app.close.bind(app);
      app.close = async () => {
        await close();
        await s.drop();
      };
      base = await app.server.start();
      datasetId = app.sampleDatasetId!;
      c = httpClient(base);
      await signIn(c, 'credit-office', app.seedResult.users.find((u) => u.username === 'credit-office')!.password);
    }, 120_000);
    afterAll(async () => {
      await app?.close();
    });

    /** Sequential `auth.me` calls until `done` settles; how many completed before it did. */
    async function cheapCallsDuring(done: Promise<unknown>): Promise<number> {
      let settled = false;
      void done.then(
        () => (settled = true),
        () => (settled = true),
      );
      let n = 0;
      while (!settled) {
        await c.auth.me.query();
        if (!settled) n++;
      }
      return n;
    }

    it('answers cheap calls while a generation job and a cold preview run', async () => {
      const { jobId } = await c.datasets.generate.mutate({ name: 'generated while answering', count: 60_000, seed: 3 });
      const finished = expect
        .poll(async () => (await c.datasets.importStatus.query({ jobId })).phase, { timeout: 100_000, interval: 200 })
        .toMatch(/done|failed/);
      // while the job generates, checks and writes 60,000 enterprises, the server keeps answering
      expect(await cheapCallsDuring(finished)).toBeGreaterThanOrEqual(5);
      const job = await c.datasets.importStatus.query({ jobId });
      expect(job).toMatchObject({ phase: 'done', rows: 60_000 });

      // a cold preview (population load and two evaluations) leaves the event loop free as well
      const preview = c.evaluation.preview.query({ datasetId: job.datasetId!, at: AT });
      expect(await cheapCallsDuring(preview)).toBeGreaterThanOrEqual(5);
      expect((await preview).n).toBe(60_000);
    }, 120_000);

    it('refuses a generation beyond GENERATE_MAX in Chinese and English', async () => {
      const e = await c.datasets.generate.mutate({ name: 'too big', count: 1_000_001, seed: 1 }).then(
        () => undefined,
        (err: unknown) => err as Error & { data?: { code?: string; httpStatus?: number } },
      );
      expect(e?.data?.httpStatus).toBe(400);
      expect(e?.message).toMatch(/一次至多生成 1,000,000 户.*at most 1,000,000 enterprises/);
    });

    it('serves 20 concurrent clients over list and preview without an error (figures printed)', async () => {
      const seconds = Number(process.env.LOAD_SECONDS ?? 5);
      await c.evaluation.preview.query({ datasetId, at: AT }); // warm, as a running server would be
      // 20 tabs of one signed-in viewer
      const jar: CookieJar = { cookie: '' };
      await signIn(httpClient(base, jar), 'viewer', app.seedResult.users.find((u) => u.username === 'viewer')!.password);
      const clients = Array.from({ length: 20 }, () => httpClient(base, jar));
      const latencies: number[] = [];
      const errors: unknown[] = [];
      const until = performance.now() + seconds * 1000;
      const started = performance.now();
      await Promise.all(
        clients.map(async (k, i) => {
          for (let j = 0; performance.now() < until; j++) {
            const t0 = performance.now();
            try {
              if ((i + j) % 2 === 0) await k.datasets.list.query();
              else await k.evaluation.preview.query({ datasetId, at: AT, moved: { offset: (j % 5) * 50, limit: 50 } });
              latencies.push(performance.now() - t0);
            } catch (e) {
              errors.push(e);
            }
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
      const line = `load ${dialect}: 20 clients × ${seconds} s, list + preview (30,000 enterprises): ${(latencies.length / elapsed).toFixed(0)} req/s, p50 ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms, RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB, errors ${errors.length}`;
      process.stdout.write(line + '\n');
      expect(errors.map((e) => String(e))).toEqual([]);
      expect(latencies.length).toBeGreaterThan(0);
    }, 120_000);
  });
});
