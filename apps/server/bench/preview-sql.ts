/**
 * The impact report (evaluation.preview) of a draft over a large dataset on PostgreSQL, computed
 * inside the database (issue 16) against the in-memory engine, each in a fresh process so the
 * figures are cold: the time of the preview and the process's RSS (peak, sampled every 20 ms).
 *
 * Usage (from apps/server):
 *   node --import tsx bench/preview-sql.ts prepare 1000000     # scratch database + dataset; prints URL and id
 *   node --import tsx bench/preview-sql.ts measure URL ID sql   # or memory; prints one JSON line
 *   node --import tsx bench/preview-sql.ts run URL ID           # a SQL run of the published set at the date:
 *                                                               # the next `measure … sql` takes the base side from it
 * The scratch database is left for the measurements: drop it afterwards (`dropdb` with its name).
 */
import { join } from 'node:path';
import { importDataset, listUsers, toActor } from '@policy/db';
import { createDb } from '@policy/db/client';
import { createScratchDatabase } from '@policy/db/test-support';
import { REPO_ROOT } from '../src/app.ts';
import { contextFor } from '../src/context.ts';
import type { AppDeps } from '../src/context.ts';
import { generatedJsonl } from '../src/generate-jsonl.ts';
import { silentLogger } from '../src/logger.ts';
import { runSettled } from '../src/router/runs.ts';
import { Services } from '../src/services.ts';
import { createCaller, createFixture } from '../src/test-fixture.ts';

const AT = '2026-10-31';
const [mode, a1, a2, a3] = process.argv.slice(2);

if (mode === 'prepare') {
  const count = Number(a1 ?? 1_000_000);
  const scratch = await createScratchDatabase('postgres', 'policy_bench_impact');
  const f = await createFixture(scratch.url);
  const t0 = performance.now();
  const r = await importDataset(f.handle.db, toActor(f.users['credit-office']!), { name: `bench ${count}`, format: 'jsonl', input: generatedJsonl(count, 'bench-impact') });
  if (!r.success) throw new Error('import failed');
  console.log(JSON.stringify({ url: scratch.url, datasetId: r.dataset.id, importMs: Math.round(performance.now() - t0) }));
  await f.deps.services.close();
  await f.handle.destroy();
} else if (mode === 'run') {
  const handle = createDb(a1!);
  const services = new Services(handle.db, silentLogger, { sqlEngineMinEnterprises: 50 });
  const deps: AppDeps = { db: handle.db, dialect: handle.dialect, logger: silentLogger, services, policiesDir: join(REPO_ROOT, 'policies') };
  const user = (await listUsers(handle.db)).find((u) => u.username === 'credit-office')!;
  const caller = createCaller(contextFor(deps, user));
  const t0 = performance.now();
  const run = await caller.runs.create({ datasetId: Number(a2), at: AT });
  await runSettled(run.id);
  const done = await caller.runs.get({ runId: run.id });
  console.log(JSON.stringify({ runId: run.id, engine: run.engine, status: done.status, runMs: Math.round(performance.now() - t0) }));
  await services.close();
  await handle.destroy();
} else if (mode === 'measure') {
  const url = a1!;
  const datasetId = Number(a2);
  const engine = a3 as 'sql' | 'memory';
  const handle = createDb(url);
  const services = new Services(handle.db, silentLogger, { sqlEngineMinEnterprises: engine === 'sql' ? 50 : 1e12 });
  const deps: AppDeps = { db: handle.db, dialect: handle.dialect, logger: silentLogger, services, policiesDir: join(REPO_ROOT, 'policies') };
  const user = (await listUsers(handle.db)).find((u) => u.username === 'credit-office')!;
  const caller = createCaller(contextFor(deps, user));
  const inForce = await caller.documents.inForce({ at: AT });
  const score = structuredClone(inForce.find((v) => v.documentId === 'public-credit-score')!.content) as { content: { decision: { bands: { min?: { value: number }; max?: { value: number } }[] } } };
  score.content.decision.bands[1]!.min!.value = 75;
  score.content.decision.bands[2]!.max!.value = 75;
  let peak = process.memoryUsage().rss;
  const rssBefore = peak;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const times: number[] = [];
  const inSql: unknown[] = [];
  let last;
  const calls = Number(process.env.CALLS ?? 2);
  for (let k = 0; k < calls; k++) {
    const t0 = performance.now();
    last = await caller.evaluation.preview({ datasetId, at: AT, candidate: { versionIds: [], documents: [score] }, moved: { offset: 0, limit: 50 } });
    times.push(Math.round(performance.now() - t0));
    inSql.push(last.timings.sql);
  }
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const mb = (x: number) => Math.round(x / 1048576);
  console.log(JSON.stringify({ engine: last!.engine, baseRun: last!.baseRun, n: last!.n, moved: last!.comparison.moved.total, firstMs: times[0], secondMs: times[1] ?? null, times, minMs: Math.min(...times), inSql, timings: last!.timings, rssBeforeMb: mb(rssBefore), rssPeakMb: mb(peak) }));
  await services.close();
  await handle.destroy();
}
