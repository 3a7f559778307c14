/**
 * Search and sample benchmark: N generated enterprises (default 1,000,000) imported into SQLite and
 * PostgreSQL, then `searchDatasetEnterprises` (USCC and name queries that hit early, late and never)
 * and `sampleDataset` (20,000) against loading the whole dataset. Median of 5 runs per query.
 * `--count N`, `--only sqlite|postgres`. PostgreSQL: `BENCH_DATABASE_URL` or
 * `postgres://postgres@127.0.0.1:5432/test` (a fresh database is created and dropped).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { SYSTEM_ACTOR } from '../src/actor.ts';
import { createDb } from '../src/client.ts';
import type { Dialect } from '../src/database.ts';
import { importDataset, loadDataset, sampleDataset, searchDatasetEnterprises } from '../src/dataset.repository.ts';
import { migrateToLatest } from '../src/migrate.ts';
import { generate } from './generate.ts';

const argv = process.argv.slice(2);
const flag = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const count = Number(flag('count') ?? 1_000_000);
const only = flag('only') as Dialect | undefined;
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function open(dialect: Dialect): Promise<{ url: string; cleanup: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'policy-bench-'));
    return { url: join(dir, 'bench.sqlite'), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `policy_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    cleanup: async () => {
      const a = new pg.Client({ connectionString: PG_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

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
  const { url, cleanup } = await open(dialect);
  const h = createDb(url);
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
    const sample = await median(() => sampleDataset(h.db, id, 20_000, 'admin-live-preview'), 3);
    console.log(`| ${dialect.padEnd(10)} | ${'sampleDataset 20,000'.padEnd(24)} | ${'20000'.padStart(7)} | ${sample.toFixed(1).padStart(9)} |`);
    const whole = await median(() => loadDataset(h.db, id), 3);
    console.log(`| ${dialect.padEnd(10)} | ${'loadDataset (before)'.padEnd(24)} | ${String(count).padStart(7)} | ${whole.toFixed(1).padStart(9)} |`);
  } finally {
    await h.destroy();
    await cleanup();
    (globalThis as { gc?: () => void }).gc?.();
  }
}
