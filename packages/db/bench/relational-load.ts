/**
 * Relational dataset load, COPY against INSERT (issue 16): N generated enterprises (default
 * 1,000,000, the records of bench/generate.ts, parsed before the clock starts) loaded by
 * `loadRelationalDataset` into the PostgreSQL `ds_*` tables of a fresh database on `TEST_PG_URL`
 * (dropped afterwards), once per method, each into empty tables and then again as a second dataset
 * beside the first (tables shared with another dataset). Prints seconds, enterprises/s and rows/s
 * (all tables) per method.
 * `--count N`, `--methods copy,insert` (default both), `--json`.
 * Run (from packages/db): `pnpm bench:relational -- --count 200000`.
 */
import type { EnterpriseRecord } from '@policy/schemas';
import { sql } from 'kysely';
import { createDb } from '../src/client.ts';
import { migrateToLatest } from '../src/migrate.ts';
import { loadRelationalDataset } from '../src/relational-dataset.ts';
import type { RelationalLoad } from '../src/relational-dataset.ts';
import { createScratchDatabase } from '../src/test-support.ts';
import { generate } from './generate.ts';

const argv = process.argv.slice(2);
const flag = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const count = Number(flag('count') ?? 1_000_000);
const asJson = argv.includes('--json');
const methods = (flag('methods') ?? 'copy,insert').split(',') as ('copy' | 'insert')[];

const records = generate(count).toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as EnterpriseRecord);
const round = (x: number) => Math.round(x * 100) / 100;
const results: Record<string, unknown>[] = [];

for (const method of methods) {
  const scratch = await createScratchDatabase('postgres', 'policy_bench_rel');
  const h = createDb(scratch.url);
  try {
    const m = await migrateToLatest(h.db);
    if (m.error) throw m.error;
    for (const [ds, tables] of [
      [1, 'empty'],
      [2, 'shared'],
    ] as const) {
      await sql`checkpoint`.execute(h.db);
      global.gc?.();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const loaded: RelationalLoad = await loadRelationalDataset(h.db, ds, records, { method });
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(c0);
      const rows = loaded.enterprises + loaded.statuses + loaded.records + loaded.listMembers;
      const stored = await sql<{ n: string }>`select count(*) as n from ds_enterprises where dataset_id = ${ds}`.execute(h.db);
      if (Number(stored.rows[0]!.n) !== count) throw new Error(`stored ${stored.rows[0]!.n} enterprises, expected ${count}`);
      results.push({
        method,
        tables,
        enterprises: loaded.enterprises,
        rows,
        seconds: round(seconds),
        nodeCpuSeconds: round((cpu.user + cpu.system) / 1e6),
        enterprisesPerSecond: Math.round(loaded.enterprises / seconds),
        rowsPerSecond: Math.round(rows / seconds),
      });
    }
  } finally {
    await h.destroy();
    await scratch.drop();
  }
}

if (asJson) console.log(JSON.stringify(results));
else {
  const first = results[0] as { enterprises: number; rows: number };
  console.log(`relational dataset load, PostgreSQL, one transaction each: ${first.enterprises.toLocaleString('en')} enterprises, ${first.rows.toLocaleString('en')} rows in all tables`);
  for (const r of results as { method: string; tables: string; seconds: number; nodeCpuSeconds: number; enterprisesPerSecond: number; rowsPerSecond: number }[]) {
    console.log(
      `  ${r.method.padEnd(6)} into ${r.tables.padEnd(6)} tables: ${String(r.seconds).padStart(6)} s (Node CPU ${r.nodeCpuSeconds} s), ${r.enterprisesPerSecond.toLocaleString('en')} enterprises/s, ${r.rowsPerSecond.toLocaleString('en')} rows/s`,
    );
  }
}
