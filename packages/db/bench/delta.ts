/**
 * Delta update benchmark (issue 17, incremental data): a dataset of `--base N` generated enterprises
 * (default 1,000,000, bench/generate.ts) imported into SQLite and PostgreSQL, then one delta touching
 * `--delta M` distinct enterprises (default 100,000) applied with `applyDatasetDelta`: 40 % changed
 * enterprises (whole records, spread over every chunk), 30 % new ones, 15 % added dishonesty records,
 * 10 % list changes, 5 % deregistrations. Prints the delta's size, the time to parse it and to apply
 * it (one transaction, content hash included), the Node process's CPU, and for comparison the time of
 * the full import. `--only sqlite|postgres`, `--json`.
 * PostgreSQL: a fresh database on `TEST_PG_URL`, dropped afterwards.
 * Run (from packages/db): `node --max-old-space-size=4096 --import tsx bench/delta.ts --base 1000000`.
 */
import { loadavg } from 'node:os';
import { usccCheckChar } from '@policy/schemas';
import { SYSTEM_ACTOR } from '../src/actor.ts';
import { createDb } from '../src/client.ts';
import type { Dialect } from '../src/database.ts';
import { applyDatasetDelta } from '../src/dataset-delta.ts';
import { importDataset } from '../src/dataset-import.repository.ts';
import { migrateToLatest } from '../src/migrate.ts';
import { createScratchDatabase } from '../src/test-support.ts';
import { generate } from './generate.ts';

const argv = process.argv.slice(2);
const flag = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const baseCount = Number(flag('base') ?? 1_000_000);
const deltaCount = Number(flag('delta') ?? 100_000);
const only = flag('only') as Dialect | undefined;
const asJson = argv.includes('--json');

const usccOf = (i: number) => {
  const first17 = `913501${String(i).padStart(11, '0')}`;
  return first17 + usccCheckChar(first17);
};

/** The delta's text: which enterprises each section touches (distinct, spread over the dataset). */
function makeDelta(): { text: string; parts: Record<string, number> } {
  const changed = Math.round(deltaCount * 0.4);
  const added = Math.round(deltaCount * 0.3);
  const records = Math.round(deltaCount * 0.15);
  const lists = Math.round(deltaCount * 0.1);
  const deregister = deltaCount - changed - added - records - lists;
  const existing = changed + records + lists + deregister;
  if (existing > baseCount) throw new Error(`--delta ${deltaCount} touches more enterprises than --base ${baseCount} holds`);
  const stride = Math.floor(baseCount / existing);
  // enterprise k of the existing ones touched: row k * stride (licence-revoked ones, i % 97 === 0, are not deregistered)
  const rows: number[] = [];
  for (let k = 0, i = 1; k < existing; k++, i = k * stride + 1) rows.push(i % 97 === 0 ? i + 1 : i);
  const industries = ['C1391', 'C1411', 'E4812', 'F5211'];
  const upsert: unknown[] = [];
  let n = 0;
  for (; n < changed; n++) {
    const i = rows[n]!;
    upsert.push({ uscc: usccOf(i), name: `模拟企业${i}有限公司（变更）`, industryCode: industries[i % 4], regionCode: '350103', status: 'active', publicCreditScore: 50 + (i % 50) });
  }
  for (let j = 0; j < added; j++) {
    const i = baseCount + j;
    upsert.push({ uscc: usccOf(i), name: `新设企业${i}有限公司`, industryCode: industries[j % 4], regionCode: '350104', status: 'active', publicCreditScore: null });
  }
  const recs: unknown[] = [];
  for (let j = 0; j < records; j++, n++) recs.push({ uscc: usccOf(rows[n]!), record: { id: `D${j}`, kind: 'penalty.fine', date: '2026-10-15', authority: '某市市场监督管理局' } });
  const ls: unknown[] = [];
  for (let j = 0; j < lists; j++, n++) ls.push({ uscc: usccOf(rows[n]!), list: 'serious-dishonesty', from: '2026-10-01', until: null });
  const dr: unknown[] = [];
  for (let j = 0; j < deregister; j++, n++) dr.push({ uscc: usccOf(rows[n]!), date: '2026-11-01' });
  return { text: JSON.stringify({ upsert, records: recs, lists: ls, deregister: dr }), parts: { changed, added, records, lists, deregister } };
}

const cpu = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
};
const round = (x: number) => Math.round(x * 100) / 100;

const input = generate(baseCount);
const delta = makeDelta();
const results: Record<string, unknown>[] = [];

for (const dialect of (['sqlite', 'postgres'] as const).filter((d) => !only || d === only)) {
  const scratch = await createScratchDatabase(dialect, 'policy_bench_delta');
  const h = createDb(scratch.url);
  try {
    const m = await migrateToLatest(h.db);
    if (m.error) throw m.error;
    let t0 = performance.now();
    const imported = await importDataset(h.db, SYSTEM_ACTOR, { name: 'bench', format: 'jsonl', input });
    if (!imported.success) throw new Error('import failed');
    const importSeconds = (performance.now() - t0) / 1000;
    if (!asJson) process.stderr.write(`  ${dialect}: ${baseCount} imported in ${importSeconds.toFixed(1)} s\n`);
    t0 = performance.now();
    const c0 = process.cpuUsage();
    const parsed = JSON.parse(delta.text) as unknown;
    const parseSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const r = await applyDatasetDelta(h.db, SYSTEM_ACTOR, imported.dataset.id, parsed);
    const applySeconds = (performance.now() - t1) / 1000;
    const cpuSeconds = cpu(c0);
    if (!r.success) throw new Error(`delta refused: ${JSON.stringify(r.errors.slice(0, 3))}`);
    results.push({
      dialect,
      base: baseCount,
      deltaEnterprises: deltaCount,
      ...delta.parts,
      deltaMB: round(Buffer.byteLength(delta.text) / 1e6),
      parseSeconds: round(parseSeconds),
      applySeconds: round(applySeconds),
      cpuSeconds: round(cpuSeconds),
      enterprisesPerSecond: Math.round(deltaCount / applySeconds),
      fullImportSeconds: round(importSeconds),
      version: r.dataset.version,
      rowsAfter: r.dataset.rowCount,
      changedReported: r.counts.changed,
    });
  } finally {
    await h.destroy();
    await scratch.drop();
  }
}

const load = loadavg()[0]!.toFixed(1);
if (asJson) console.log(JSON.stringify({ loadAverage: Number(load), results }));
else {
  console.log(`delta update: ${deltaCount} enterprises into ${baseCount} (load average ${load})`);
  for (const r of results) {
    console.log(
      `${String(r.dialect).padEnd(9)} delta ${r.deltaMB} MB: parse ${r.parseSeconds} s, apply ${r.applySeconds} s (${r.enterprisesPerSecond}/s, CPU ${r.cpuSeconds} s), ` +
        `full import of the base ${r.fullImportSeconds} s; ${r.changedReported} changed, ${r.rowsAfter} rows, version ${r.version}`,
    );
  }
}
