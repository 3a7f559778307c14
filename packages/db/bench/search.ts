/**
 * Search and chunk-read benchmark: N generated enterprises (default 1,000,000) imported into SQLite
 * and PostgreSQL, then `searchDatasetEnterprises` (USCC and name queries that hit early, late and
 * never), and reading the 40 chunks a 20,000 sample is drawn from (`readDatasetChunks`, what the
 * server's `sampleDataset` reads) against loading the whole dataset. Median of 5 runs per query.
 * `--count N`, `--only sqlite|postgres`. PostgreSQL: a fresh database on `TEST_PG_URL` (default
 * `postgres://postgres@127.0.0.1:5432/test`), dropped afterwards.
 */
import { loadavg } from 'node:os';
import { SYSTEM_ACTOR } from '../src/actor.ts';
import { createDb } from '../src/client.ts';
import type { Dialect } from '../src/database.ts';
import { listDatasetChunks, loadDataset, readDatasetChunks } from '../src/dataset-chunks.repository.ts';
import { importDataset } from '../src/dataset-import.repository.ts';
import { CHUNK_ROWS } from '../src/dataset-prepare.ts';
import { searchDatasetEnterprises } from '../src/dataset-search.repository.ts';
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

async function median(fn: () => Promise<unknown>, runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)]!;
}

const input = generate(count);
const last = count - 1;
const lastUscc = JSON.parse(input.subarray(input.lastIndexOf('\n', input.length - 2) + 1).toString()).uscc as string;
const queries: [string, string][] = [
  ['full USCC', lastUscc],
  ['USCC prefix (14 chars)', lastUscc.slice(0, 14)],
  ['name, many matches', '有限公司'],
  ['name, last row only', `模拟企业${last}有`],
  ['name, no match', '不存在的企业'],
  ['digits, no match', '12345678'],
];

console.log(`\n查询与抽样基准 / search and sample benchmark: ${count.toLocaleString('en')} enterprises (load average ${loadavg().map((x) => x.toFixed(1)).join(' ')})`);
console.log('| database   | query                    | matches | median ms |');
console.log('| ---------- | ------------------------ | ------- | --------- |');
for (const dialect of ['sqlite', 'postgres'] as const) {
  if (only && only !== dialect) continue;
  const scratch = await createScratchDatabase(dialect, 'policy_bench');
  const h = createDb(scratch.url);
  try {
    const m = await migrateToLatest(h.db);
    if (m.error) throw m.error;
    const r = await importDataset(h.db, SYSTEM_ACTOR, { name: 'bench', format: 'jsonl', input, progressEvery: 250_000 });
    if (!r.success) throw new Error('import refused');
    const id = r.dataset.id;
    for (const [label, q] of queries) {
      const found = await searchDatasetEnterprises(h.db, id, q);
      const ms = await median(() => searchDatasetEnterprises(h.db, id, q));
      console.log(`| ${dialect.padEnd(10)} | ${label.padEnd(24)} | ${String(found.length).padStart(7)} | ${ms.toFixed(1).padStart(9)} |`);
    }
    // the chunks a 20,000 sample is drawn from: 4 per chunk's worth, one from each of as many stretches
    const chunks = await listDatasetChunks(h.db, id);
    const strata = Math.min(chunks.length, Math.ceil(20_000 / CHUNK_ROWS) * 4);
    const picked = Array.from({ length: strata }, (_, k) => chunks[Math.floor((k * chunks.length) / strata)]!.chunkNo);
    const sample = await median(() => readDatasetChunks(h.db, id, picked), 3);
    console.log(`| ${dialect.padEnd(10)} | ${`readDatasetChunks ×${strata}`.padEnd(24)} | ${String(strata * CHUNK_ROWS).padStart(7)} | ${sample.toFixed(1).padStart(9)} |`);
    const whole = await median(() => loadDataset(h.db, id), 3);
    console.log(`| ${dialect.padEnd(10)} | ${'loadDataset (before)'.padEnd(24)} | ${String(count).padStart(7)} | ${whole.toFixed(1).padStart(9)} |`);
  } finally {
    await h.destroy();
    await scratch.drop();
    (globalThis as { gc?: () => void }).gc?.();
  }
}
