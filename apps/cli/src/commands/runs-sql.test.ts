/**
 * `policy runs create --engine sql` on PostgreSQL: the run evaluated inside the database exports
 * byte for byte what the in-memory run of the same dataset and date exports (with and without a
 * jurisdiction), has the same hash, verifies by the in-memory recomputation, and carries the same
 * distributions; the dataset is loaded into the relational tables once.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePopulation } from '@policy/evaluation';
import { getRunDetail, listRunSignals } from '@policy/db';
import { createDb } from '@policy/db/client';
import { createScratchDatabase, DIALECTS } from '@policy/db/test-support';
import type { ScratchDatabase } from '@policy/db/test-support';
import type { CommandIo } from '../io.ts';
import { run as db } from './db.ts';
import { run as runs } from './runs.ts';

const POLICIES = resolve(import.meta.dirname, '../../../../policies');
const AT = '2026-10-31';
const COUNT = 4000;

function capture(cwd: string): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { cwd, stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

describe.skipIf(!DIALECTS.includes('postgres'))('policy runs create --engine sql', () => {
  let dir: string;
  let scratch: ScratchDatabase;
  let database: string;

  const create = async (...extra: string[]) => {
    const io = capture(dir);
    expect(await runs(['create', '--database', database, '--dataset', 'gen', '--at', AT, '--json', ...extra], io), io.stderr.join('\n')).toBe(0);
    return { run: JSON.parse(io.stdout.join('')) as { id: number; runHash: string }, stderr: io.stderr.join('\n') };
  };
  const exported = async (id: number, file: string) => {
    expect(await runs(['export', '--database', database, '--run', String(id), '--format', 'jsonl', '--out', file], capture(dir))).toBe(0);
    return readFileSync(join(dir, file));
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-cli-runs-sql-'));
    scratch = await createScratchDatabase('postgres', 'policy_cli_runs_sql');
    database = scratch.url;
    const records = generatePopulation({ count: COUNT, seed: 'runs-sql', at: AT });
    writeFileSync(join(dir, 'pop.jsonl'), records.map((r) => JSON.stringify(r)).join('\n'));
    expect(await db(['seed', '--database', database, '--policies', POLICIES], capture(dir))).toBe(0);
    expect(await db(['import', '--database', database, '--name', 'gen', '--file', 'pop.jsonl'], capture(dir))).toBe(0);
  }, 180_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await scratch?.drop();
  });

  it('exports exactly what the in-memory run exports, with the same hash and distributions; verifies; loads the dataset once', async () => {
    const memory = await create();
    const first = await create('--engine', 'sql');
    expect(first.stderr).toContain(`dataset loaded into the relational tables: ${COUNT} enterprises`);
    const a = await exported(memory.run.id, 'memory.jsonl');
    const b = await exported(first.run.id, 'sql.jsonl');
    expect(b.length).toBeGreaterThan(COUNT * 100);
    expect(b.equals(a)).toBe(true);
    expect(first.run.runHash).toBe(memory.run.runHash);
    const io = capture(dir);
    expect(await runs(['verify', '--database', database, '--run', String(first.run.id)], io), io.stderr.join('\n')).toBe(0);
    // recomputed inside PostgreSQL, not in this process
    expect(io.stdout.join('\n')).toContain(`run ${first.run.id} recomputes identically inside PostgreSQL`);

    // the distributions counted in PostgreSQL are the in-memory run's
    const h = createDb(database);
    try {
      const [dm, ds] = [await getRunDetail(h.db, memory.run.id), await getRunDetail(h.db, first.run.id)];
      type Agg = { n: number; outside: number; noDomain: number; multiDepartment: number; documents: { overall: unknown; byDepartment: unknown; byDomain: unknown; bySection: unknown; byRegion: unknown }[]; legend: unknown; workload: { department: string; enterprises: number; inspectionsPerYear: number }[] };
      const am = dm.aggregates as Agg;
      const as = ds.aggregates as Agg;
      expect([as.n, as.outside, as.noDomain, as.multiDepartment]).toEqual([am.n, am.outside, am.noDomain, am.multiDepartment]);
      expect(as.documents.map(({ overall, byDepartment, byDomain, bySection, byRegion }) => ({ overall, byDepartment, byDomain, bySection, byRegion }))).toEqual(
        am.documents.map(({ overall, byDepartment, byDomain, bySection, byRegion }) => ({ overall, byDepartment, byDomain, bySection, byRegion })),
      );
      expect(as.legend).toEqual(am.legend);
      expect(as.workload.map((w) => [w.department, w.enterprises])).toEqual(am.workload.map((w) => [w.department, w.enterprises]));
      as.workload.forEach((w, k) => expect(w.inspectionsPerYear).toBeCloseTo(am.workload[k]!.inspectionsPerYear, 6));
      expect(ds.counts).toEqual(dm.counts);
      // the early warnings and triggers stored with the run are the in-memory run's
      const sm = await listRunSignals(h.db, memory.run.id);
      expect(sm.length).toBeGreaterThan(0);
      expect(await listRunSignals(h.db, first.run.id)).toEqual(sm);
    } finally {
      await h.destroy();
    }

    // the relational tables already hold the dataset: not loaded again
    const again = await create('--engine', 'sql');
    expect(again.stderr).not.toContain('dataset loaded');
    expect(again.run.runHash).toBe(memory.run.runHash);
  }, 180_000);

  it('a jurisdiction: the same enterprises, lines and hash as in memory', async () => {
    const memory = await create('--jurisdiction', '4104');
    const sql = await create('--jurisdiction', '4104', '--engine', 'sql');
    const a = await exported(memory.run.id, 'memory-4104.jsonl');
    const b = await exported(sql.run.id, 'sql-4104.jsonl');
    expect(a.length).toBeGreaterThan(1000);
    expect(b.equals(a)).toBe(true);
    expect(sql.run.runHash).toBe(memory.run.runHash);
  }, 120_000);

  it('verify of a SQL run names the enterprise whose stored line was tampered with in the database (exit 1)', async () => {
    const sql = await create('--engine', 'sql');
    const h = createDb(database);
    let row: string;
    let uscc: string;
    try {
      const chunk = await h.db.selectFrom('run_results').select('payload').where('run_id', '=', sql.run.id).where('chunk_no', '=', 0).executeTakeFirstOrThrow();
      const lines = chunk.payload.split('\n');
      const [r, json] = lines[7]!.split('\t');
      const result = JSON.parse(json!) as { uscc: string; results: Record<string, { grade: string }> };
      const g = result.results['public-credit-class']!;
      g.grade = g.grade === 'A' ? 'D' : 'A';
      lines[7] = `${r}\t${JSON.stringify(result)}`;
      [row, uscc] = [r!, result.uscc];
      await h.db.updateTable('run_results').set({ payload: lines.join('\n') }).where('run_id', '=', sql.run.id).where('chunk_no', '=', 0).execute();
    } finally {
      await h.destroy();
    }
    const io = capture(dir);
    expect(await runs(['verify', '--database', database, '--run', String(sql.run.id)], io)).toBe(1);
    expect(io.stderr.join('\n')).toContain(`评价批次 ${sql.run.id} 校验失败 / run ${sql.run.id} does not verify: 第 ${row} 行 ${uscc} 的结果不同`);
  }, 120_000);

  it('POLICY_SQL_SLICES: three slices give the same run hash; a bad value is refused (exit 2) before any run starts', async () => {
    const memory = await create();
    const io = capture(dir);
    io.env = { ...io.env, sqlSlices: '3' };
    expect(await runs(['create', '--database', database, '--dataset', 'gen', '--at', AT, '--json', '--engine', 'sql'], io), io.stderr.join('\n')).toBe(0);
    expect((JSON.parse(io.stdout.join('')) as { runHash: string }).runHash).toBe(memory.run.runHash);
    const bad = capture(dir);
    bad.env = { ...bad.env, sqlSlices: 'many' };
    expect(await runs(['create', '--database', database, '--dataset', 'gen', '--at', AT, '--engine', 'sql'], bad)).toBe(2);
    expect(bad.stderr.join('\n')).toContain('环境变量 POLICY_SQL_SLICES 应为 1 到 64 的整数，实际为「many」');
  }, 120_000);

  it('refuses an unknown engine (exit 2)', async () => {
    const io = capture(dir);
    expect(await runs(['create', '--database', database, '--dataset', 'gen', '--at', AT, '--engine', 'gpu'], io)).toBe(2);
    expect(io.stderr.join('\n')).toContain('--engine must be memory or sql');
  });
});

describe.skipIf(!DIALECTS.includes('sqlite'))('policy runs create --engine sql on SQLite', () => {
  it('is refused (exit 2), naming PostgreSQL; no run is started', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-cli-runs-sql-lite-'));
    const scratch = await createScratchDatabase('sqlite', 'policy_cli_runs_sql');
    try {
      writeFileSync(join(dir, 'pop.jsonl'), generatePopulation({ count: 50, seed: 'lite', at: AT }).map((r) => JSON.stringify(r)).join('\n'));
      expect(await db(['seed', '--database', scratch.url, '--policies', POLICIES], capture(dir))).toBe(0);
      expect(await db(['import', '--database', scratch.url, '--name', 'gen', '--file', 'pop.jsonl'], capture(dir))).toBe(0);
      const io = capture(dir);
      expect(await runs(['create', '--database', scratch.url, '--dataset', 'gen', '--at', AT, '--engine', 'sql'], io)).toBe(2);
      expect(io.stderr.join('\n')).toContain('--engine sql needs a PostgreSQL database');
      const list = capture(dir);
      expect(await runs(['list', '--database', scratch.url, '--json'], list)).toBe(0);
      expect(JSON.parse(list.stdout.join(''))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await scratch.drop();
    }
  }, 60_000);
});
