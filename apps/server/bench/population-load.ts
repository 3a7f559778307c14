/**
 * The population load of a dataset on SQLite (a file database in a temporary directory), as an
 * official run pays it: `loadPopulation` (chunks read on the main thread, decoded and built in the
 * worker threads), repeated; prints wall and process CPU time of each, best and median, and the load
 * average (the machine may be shared). With `--split`, also where a single thread's time goes:
 * reading the chunks, `JSON.parse`, and the columnar builder.
 *
 * Usage: node --import tsx apps/server/bench/population-load.ts [--count 1000000] [--repeat 3] [--split] [--json]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { importDataset, toActor } from '@policy/db';
import { PopulationBuilder } from '@policy/evaluation';
import type { EnterpriseRecord } from '@policy/schemas';
import { generatedJsonl } from '../src/generate-jsonl.ts';
import { loadPopulation, loadSettings } from '../src/population.ts';
import { createFixture } from '../src/test-fixture.ts';
import { warmUp } from '../src/worker-pool.ts';

const argOf = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const count = argOf('--count', 1_000_000);
const repeat = argOf('--repeat', 3);
const json = process.argv.includes('--json');
const split = process.argv.includes('--split');
/** `--single`: the evaluation worker alone (as before the jobs worker took half); `--both`: alternate. */
const mode = process.argv.includes('--single') ? 'single' : process.argv.includes('--both') ? 'both' : 'split';

const dir = mkdtempSync(join(tmpdir(), 'policy-bench-load-'));
try {
  await warmUp();
  const f = await createFixture(join(dir, 'bench.sqlite'));
  const office = toActor(f.users['credit-office']!);
  const imported = await importDataset(f.handle.db, office, { name: 'bench', format: 'jsonl', input: generatedJsonl(count, 'bench-runs') });
  if (!imported.success) throw new Error('import failed');
  const datasetId = imported.dataset.id;
  const runs: { way: string; wallMs: number; cpuMs: number; load: number }[] = [];
  for (let k = 0; k < (mode === 'both' ? 2 * repeat : repeat); k++) {
    const way = mode === 'both' ? (k % 2 === 0 ? 'single' : 'split') : mode;
    loadSettings.splitMinChunks = way === 'single' ? Infinity : 4;
    (globalThis as { gc?: () => void }).gc?.();
    const load = loadavg()[0]!;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const pop = await loadPopulation(f.handle.db, datasetId);
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    if (pop.n !== count) throw new Error(`loaded ${pop.n} of ${count}`);
    runs.push({ way, wallMs: Math.round(wallMs), cpuMs: Math.round((cpu.user + cpu.system) / 1000), load: +load.toFixed(2) });
  }
  const stats = (way: string) => {
    const sorted = runs.filter((r) => r.way === way).map((r) => r.wallMs).sort((a, b) => a - b);
    return sorted.length === 0 ? undefined : { bestMs: sorted[0], medianMs: sorted[Math.floor(sorted.length / 2)] };
  };
  const out: Record<string, unknown> = { count, runs, single: stats('single'), split: stats('split') };
  if (split) {
    const t0 = performance.now();
    const rows = await f.handle.db.selectFrom('dataset_chunks').select('payload').where('dataset_id', '=', datasetId).orderBy('chunk_no').execute();
    const payloads = rows.map((r) => r.payload);
    const t1 = performance.now();
    const parsed: EnterpriseRecord[][] = payloads.map((p) => JSON.parse(p) as EnterpriseRecord[]);
    const t2 = performance.now();
    const b = new PopulationBuilder(count + 1);
    for (const rs of parsed) for (const r of rs) b.add(r);
    b.finish();
    const t3 = performance.now();
    out.split = { readMs: Math.round(t1 - t0), parseMs: Math.round(t2 - t1), buildMs: Math.round(t3 - t2), mb: Math.round(payloads.reduce((n, p) => n + p.length, 0) / 2 ** 20) };
  }
  if (json) process.stdout.write(`${JSON.stringify(out)}\n`);
  else {
    process.stdout.write(
      `population load of ${count.toLocaleString('en')} enterprises: one worker ${JSON.stringify(out.single ?? '-')}, both workers ${JSON.stringify(out.split ?? '-')}\n` +
        runs.map((r, k) => `  #${k + 1} (${r.way}): ${r.wallMs} ms wall, ${r.cpuMs} ms CPU (all threads), load average ${r.load}\n`).join('') +
        (out.split ? `  one thread: ${JSON.stringify(out.split)}\n` : ''),
    );
  }
  await f.deps.services.close();
  await f.handle.destroy();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
