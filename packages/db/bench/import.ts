/**
 * Import benchmark: N generated enterprises (default 1,000,000) as JSONL, imported into SQLite and
 * PostgreSQL, then loaded back as records and streamed chunk by chunk (what the server's columnar
 * population is built from). `--count N`, `--json`, `--only sqlite|postgres`.
 * PostgreSQL: a fresh database on `TEST_PG_URL` (default `postgres://postgres@127.0.0.1:5432/test`),
 * dropped afterwards.
 */
import { loadavg } from 'node:os';
import { SYSTEM_ACTOR } from '../src/actor.ts';
import { createDb } from '../src/client.ts';
import type { Dialect } from '../src/database.ts';
import { forEachDatasetChunk, loadDataset } from '../src/dataset-chunks.repository.ts';
import { importDataset } from '../src/dataset-import.repository.ts';
import { migrateToLatest } from '../src/migrate.ts';
import { createScratchDatabase } from '../src/test-support.ts';
import { generate } from './generate.ts';

const argv = process.argv.slice(2);
const flag = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const count = Number(flag('count') ?? 1_000_000);
const only = flag('only') as Dialect | undefined;
const asJson = argv.includes('--json');

interface Row {
  dialect: Dialect;
  rows: number;
  importSeconds: number;
  /** CPU time of this Node process (user + system); the PostgreSQL server's own CPU is not included. */
  importCpuSeconds: number;
  rowsPerSecond: number;
  loadSeconds: number;
  loadCpuSeconds: number;
  /** Streaming the chunks' records without keeping them (the server builds its columnar population so). */
  streamSeconds: number;
  streamCpuSeconds: number;
}

const cpu = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
};

async function runOne(dialect: Dialect, input: Buffer): Promise<Row> {
  const scratch = await createScratchDatabase(dialect, 'policy_bench');
  const h = createDb(scratch.url);
  try {
    const m = await migrateToLatest(h.db);
    if (m.error) throw m.error;
    let t0 = performance.now();
    let c0 = process.cpuUsage();
    const r = await importDataset(h.db, SYSTEM_ACTOR, {
      name: 'bench',
      format: 'jsonl',
      input,
      progressEvery: 250_000,
      onProgress: (p) => {
        if (!asJson && p.phase === 'read') process.stderr.write(`  ${dialect}: ${p.rows} rows…\n`);
      },
    });
    const importSeconds = (performance.now() - t0) / 1000;
    const importCpuSeconds = cpu(c0);
    if (!r.success) throw new Error(`import refused: ${JSON.stringify(r.errors.slice(0, 3))}`);
    t0 = performance.now();
    c0 = process.cpuUsage();
    let back: unknown[] | undefined = await loadDataset(h.db, r.dataset.id);
    const loadSeconds = (performance.now() - t0) / 1000;
    const loadCpuSeconds = cpu(c0);
    if (back.length !== count) throw new Error(`loaded ${back.length} of ${count}`);
    back = undefined;
    t0 = performance.now();
    c0 = process.cpuUsage();
    let streamed = 0;
    await forEachDatasetChunk(h.db, r.dataset, (records) => {
      streamed += records.length;
    });
    const streamSeconds = (performance.now() - t0) / 1000;
    const streamCpuSeconds = cpu(c0);
    if (streamed !== count) throw new Error(`streamed ${streamed} of ${count}`);
    return {
      dialect,
      rows: r.dataset.rowCount,
      importSeconds,
      importCpuSeconds,
      rowsPerSecond: Math.round(r.dataset.rowCount / importSeconds),
      loadSeconds,
      loadCpuSeconds,
      streamSeconds,
      streamCpuSeconds,
    };
  } finally {
    await h.destroy();
    await scratch.drop();
  }
}

const t0 = performance.now();
const input = generate(count);
const generateSeconds = (performance.now() - t0) / 1000;
const results: Row[] = [];
for (const d of ['sqlite', 'postgres'] as const) {
  if (only && only !== d) continue;
  results.push(await runOne(d, input));
  // Start the next dialect from a collected heap, not with the previous run's garbage.
  (globalThis as { gc?: () => void }).gc?.();
}
if (asJson) {
  process.stdout.write(JSON.stringify({ count, bytes: input.length, generateSeconds, loadavg: loadavg(), results }, null, 2) + '\n');
} else {
  console.log(`\n导入基准 / import benchmark: ${count.toLocaleString('en')} enterprises, ${(input.length / 1e6).toFixed(0)} MB JSONL (generated in ${generateSeconds.toFixed(1)} s)`);
  console.log(`(load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; wall-clock seconds, CPU seconds of this process in brackets)`);
  console.log('| database   | rows      | import (s)     | rows/s    | load records (s) | stream chunks (s) |');
  console.log('| ---------- | --------- | -------------- | --------- | ---------------- | ----------------- |');
  for (const r of results) {
    const both = (w: number, c: number) => `${w.toFixed(1)} [${c.toFixed(1)}]`;
    console.log(
      `| ${r.dialect.padEnd(10)} | ${String(r.rows).padEnd(9)} | ${both(r.importSeconds, r.importCpuSeconds).padStart(14)} | ${String(r.rowsPerSecond).padStart(9)} | ${both(r.loadSeconds, r.loadCpuSeconds).padStart(16)} | ${both(r.streamSeconds, r.streamCpuSeconds).padStart(17)} |`,
    );
  }
}
