/**
 * runs.compare and the run export over generated enterprises on SQLite (a file database in a
 * temporary directory): two runs of one dataset a month apart, then
 * - the comparison's counting alone on the main thread (RunComparer over the stored chunks, parsed
 *   and read from the database beforehand): the figure that decides whether it belongs in a worker;
 * - runs.compare through the API, cold (counted in the jobs worker) and warm (the counted
 *   comparison kept there), with the longest event-loop stall meanwhile;
 * - one department's CSV and XLSX export (exportRun, as GET /export/runs/:id calls it): time, file
 *   size and the main thread's heap growth.
 *
 * Usage: node --expose-gc --import tsx apps/server/bench/runs-compare.ts [--count 200000]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { exportRun, forEachRunChunk, importDataset, toActor } from '@policy/db';
import { generatedJsonl } from '../src/generate-jsonl.ts';
import { RunComparer } from '../src/run-compare-ops.ts';
import { createFixture } from '../src/test-fixture.ts';
import { runSettled } from '../src/router/runs.ts';
import { warmUp } from '../src/worker-pool.ts';

const arg = process.argv.indexOf('--count');
const count = arg > 0 ? Number(process.argv[arg + 1]) : 200_000;
const dir = mkdtempSync(join(tmpdir(), 'policy-bench-compare-'));
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const ms = (t: number) => Math.round(performance.now() - t);

try {
  await warmUp();
  const f = await createFixture(join(dir, 'bench.sqlite'));
  const office = toActor(f.users['credit-office']!);
  const imported = await importDataset(f.handle.db, office, { name: 'bench', format: 'jsonl', input: generatedJsonl(count, 'bench-compare') });
  if (!imported.success) throw new Error('import failed');
  const datasetId = imported.dataset.id;
  const ids: number[] = [];
  for (const at of ['2026-09-30', '2026-10-31']) {
    const r = await f.as('credit-office').runs.create({ datasetId, at });
    await runSettled(r.id);
    ids.push(r.id);
  }
  const [baseRunId, candidateRunId] = ids as [number, number];

  // 1. counting on the main thread (database reads excluded)
  const payloads: string[][] = [[], []];
  for (const [k, id] of ids.entries()) await forEachRunChunk(f.handle.db, id, (c) => void payloads[k]!.push(c.payload));
  const t0 = performance.now();
  const c = new RunComparer('public-credit-class', 'row', ['A', 'B', 'C', 'D']);
  c.addBase(payloads[0]!);
  c.addCandidate(payloads[1]!);
  const view = c.view({ departments: null, rows: true, offset: 0, limit: 50 });
  const countMs = ms(t0);
  payloads.length = 0;

  // 2. through the API, with the event loop watched
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  let t = performance.now();
  const cold = await f.as('credit-office').runs.compare({ baseRunId, candidateRunId, movedPage: { offset: 0, limit: 200 } });
  const coldMs = ms(t);
  t = performance.now();
  await f.as('credit-office').runs.compare({ baseRunId, candidateRunId, movedPage: { offset: 200, limit: 200 } });
  const warmMs = ms(t);
  t = performance.now();
  await f.as('viewer').runs.compare({ baseRunId, candidateRunId });
  const viewerMs = ms(t);
  loop.disable();

  // 3. one department's export
  const exports: Record<string, unknown> = {};
  for (const format of ['csv', 'xlsx'] as const) {
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    let heapPeak = heap0;
    const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 10);
    const file = join(dir, `transport.${format}`);
    t = performance.now();
    const r = await exportRun(f.handle.db, office, baseRunId, { format, department: 'transport', file });
    exports[format] = { ms: ms(t), enterprises: r.count, bytes: statSync(file).size, heapGrowthMb: Math.round((heapPeak - heap0) / 1048576) };
    clearInterval(sampler);
  }

  console.log(
    JSON.stringify(
      {
        enterprises: count,
        mainThreadCountMs: countMs,
        moved: view.moved.all,
        both: view.both,
        api: { coldMs, warmMs, viewerMs, rowsWithReasons: cold.moved.rows.length, maxEventLoopStallMs: Math.round(loop.max / 1e6) },
        export: exports,
      },
      null,
      2,
    ),
  );
  await f.deps.services.close();
  await f.handle.destroy();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
