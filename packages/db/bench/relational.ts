/**
 * Relational dataset load benchmark (issue 16): N generated enterprises (default 1,000,000, the
 * records of bench/generate.ts) loaded into the PostgreSQL relational dataset tables (`ds_*`) by
 * `loadRelationalDataset` — INSERT … SELECT FROM unnest batches in one transaction — then the
 * table sizes. `--count N`, `--batch ROWS` (default 5,000), `--json`. A fresh database on `TEST_PG_URL`, dropped afterwards.
 * Run (from packages/db): `node --max-old-space-size=4096 --import tsx bench/relational.ts`.
 */
import type { EnterpriseRecord } from '@policy/schemas';
import { sql } from 'kysely';
import { createDb } from '../src/client.ts';
import { migrateToLatest } from '../src/migrate.ts';
import { BATCH_ROWS, loadRelationalDataset } from '../src/relational-dataset.ts';
import { createScratchDatabase } from '../src/test-support.ts';
import { generate } from './generate.ts';

const argv = process.argv.slice(2);
const flag = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const count = Number(flag('count') ?? 1_000_000);
const asJson = argv.includes('--json');
const batchRows = Number(flag('batch') ?? BATCH_ROWS);

const records = generate(count).toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as EnterpriseRecord);
const scratch = await createScratchDatabase('postgres', 'policy_bench_rel');
const h = createDb(scratch.url);
try {
  const m = await migrateToLatest(h.db);
  if (m.error) throw m.error;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const loaded = await loadRelationalDataset(h.db, 1, records, { batchRows });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const size = await sql<{ bytes: string }>`select pg_total_relation_size('ds_enterprises') + pg_total_relation_size('ds_records') + pg_total_relation_size('ds_list_members') + pg_total_relation_size('ds_statuses') as bytes`.execute(h.db);
  const out = {
    enterprises: loaded.enterprises,
    records: loaded.records,
    listMembers: loaded.listMembers,
    batchRows,
    loadSeconds: Math.round(seconds * 100) / 100,
    nodeCpuSeconds: Math.round(((cpu.user + cpu.system) / 1e6) * 100) / 100,
    rowsPerSecond: Math.round(loaded.enterprises / seconds),
    tableMegabytes: Math.round(Number(size.rows[0]!.bytes) / 1e6),
  };
  if (asJson) console.log(JSON.stringify(out));
  else {
    console.log(`relational load (PostgreSQL, INSERT … SELECT unnest, ${batchRows} rows per statement, one transaction)`);
    console.log(`  ${out.enterprises.toLocaleString('en')} enterprises, ${out.records.toLocaleString('en')} records, ${out.listMembers.toLocaleString('en')} list entries`);
    console.log(`  load ${out.loadSeconds} s (Node CPU ${out.nodeCpuSeconds} s), ${out.rowsPerSecond.toLocaleString('en')} enterprises/s, tables ${out.tableMegabytes} MB`);
  }
} finally {
  await h.destroy();
  await scratch.drop();
}
