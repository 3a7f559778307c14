/**
 * An official run over generated enterprises on SQLite through the server's path (runs.create → the
 * evaluation worker → every result stored), and one department's XLSX export. Targets (issue 12):
 * run ≤ 10 s at 1,000,000 with peak RSS ≤ 1.5 GB; export ≤ 5 s. The dataset import is not timed.
 *
 * Usage: node --import tsx apps/server/bench/runs.ts [--count 1000000] [--json]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportRun, importDataset, toActor } from '@policy/db';
import { generatedJsonl } from '../src/generate-jsonl.ts';
import { createFixture } from '../src/test-fixture.ts';
import { runSettled } from '../src/router/runs.ts';

const arg = process.argv.indexOf('--count');
const count = arg > 0 ? Number(process.argv[arg + 1]) : 1_000_000;
const json = process.argv.includes('--json');
const AT = '2026-10-31';

const dir = mkdtempSync(join(tmpdir(), 'policy-bench-runs-'));
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
try {
  const f = await createFixture(join(dir, 'bench.sqlite'));
  const office = toActor(f.users['credit-office']!);
  const imported = await importDataset(f.handle.db, office, { name: 'bench', format: 'jsonl', input: generatedJsonl(count, 'bench-runs') });
  if (!imported.success) throw new Error('import failed');
  const datasetId = imported.dataset.id;
  peak = process.memoryUsage.rss();
  const t0 = performance.now();
  const started = await f.as('credit-office').runs.create({ datasetId, at: AT });
  await runSettled(started.id);
  const runMs = performance.now() - t0;
  const run = await f.as('credit-office').runs.get({ runId: started.id });
  if (run.status !== 'completed') throw new Error(`run ${run.status}: ${JSON.stringify(run.error)}`);
  const t1 = performance.now();
  const file = join(dir, 'transport.xlsx');
  const { count: exported } = await exportRun(f.handle.db, office, run.id, { format: 'xlsx', department: 'transport', file });
  const exportMs = performance.now() - t1;
  const out = { count, runMs: Math.round(runMs), peakRssMb: Math.round(peak / 2 ** 20), exportMs: Math.round(exportMs), exported, xlsxBytes: statSync(file).size, targets: { runMs: 10_000, peakRssMb: 1536, exportMs: 5000 } };
  if (json) process.stdout.write(`${JSON.stringify(out)}\n`);
  else process.stdout.write(`run over ${count}: ${out.runMs} ms (target ≤ 10000), peak RSS ${out.peakRssMb} MB (main thread process incl. worker; target ≤ 1536); XLSX of transport (${exported} enterprises): ${out.exportMs} ms (target ≤ 5000)\n`);
  await f.deps.services.close();
  await f.handle.destroy();
} finally {
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
}
