import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPopulation, compileOrThrow, generatePopulation, runSignals } from '@policy/evaluation';
import { listRunSignals } from '@policy/db';
import { policyBundleAt } from '@policy/schemas/node';
import { createDb } from '@policy/db/client';
import { createScratchDatabase, DIALECTS } from '@policy/db/test-support';
import type { ScratchDatabase } from '@policy/db/test-support';
import type { CommandIo } from '../io.ts';
import { run as db } from './db.ts';
import { run as evaluate } from './evaluate.ts';
import { run as runs } from './runs.ts';


const POLICIES = resolve(import.meta.dirname, '../../../../policies');
const AT = '2026-10-31';
const COUNT = 6500;

function capture(cwd: string): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { cwd, stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

describe.each(DIALECTS)('policy runs on %s', (dialect) => {
  let dir: string;
  let scratch: ScratchDatabase;
  let database: string;
  let runId: number;
  const lines = (file: string) => readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-cli-runs-'));
    scratch = await createScratchDatabase(dialect, 'policy_cli_runs');
    database = scratch.url;
    const records = generatePopulation({ count: COUNT, seed: 'runs-cli', at: AT });
    writeFileSync(join(dir, 'pop.jsonl'), records.map((r) => JSON.stringify(r)).join('\n'));
    expect(await db(['seed', '--database', database, '--policies', POLICIES], capture(dir))).toBe(0);
    expect(await db(['import', '--database', database, '--name', 'gen', '--file', 'pop.jsonl'], capture(dir))).toBe(0);
    const io = capture(dir);
    expect(await runs(['create', '--database', database, '--dataset', 'gen', '--at', AT, '--json'], io)).toBe(0);
    runId = (JSON.parse(io.stdout.join('')) as { id: number }).id;
  }, 180_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await scratch?.drop();
  });

  it('gives for every enterprise exactly what policy evaluate gives on the same file', async () => {
    expect(await evaluate(['--policies', POLICIES, '--input', 'pop.jsonl', '--at', AT, '--out', 'evaluated.jsonl'], capture(dir))).toBe(0);
    expect(await runs(['export', '--database', database, '--run', String(runId), '--format', 'jsonl', '--out', 'run.jsonl'], capture(dir))).toBe(0);
    const expected = lines('evaluated.jsonl');
    const got = lines('run.jsonl');
    // deregistered enterprises are absent from both (outside the register on the day)
    expect(got.length).toBe(expected.length);
    expect(got.length).toBeGreaterThan(COUNT * 0.9);
    for (let i = 0; i < expected.length; i++) if (got[i] !== expected[i]) expect(got[i]).toBe(expected[i]);
  }, 60_000);

  it('keeps the early warnings and triggers of every enterprise, as the evaluator gives them (issue 13)', async () => {
    const records = readFileSync(join(dir, 'pop.jsonl'), 'utf8').split('\n').map((l) => JSON.parse(l));
    const ev = compileOrThrow(policyBundleAt(AT));
    const pop = buildPopulation(records);
    const expected = runSignals(ev, pop, ev.evaluate(pop, AT), null);
    expect(expected.length).toBeGreaterThan(0);
    const h = createDb(database);
    try {
      expect(await listRunSignals(h.db, runId)).toEqual(JSON.parse(JSON.stringify(expected)));
    } finally {
      await h.destroy();
    }
  }, 60_000);

  it('lists the run completed with its hash and verifies it (exit 0)', async () => {
    const list = capture(dir);
    expect(await runs(['list', '--database', database, '--json'], list)).toBe(0);
    const [r] = JSON.parse(list.stdout.join('')) as { id: number; status: string; runHash: string; progress: { done: number; total: number } }[];
    expect(r).toMatchObject({ id: runId, status: 'completed', progress: { done: COUNT, total: COUNT } });
    expect(r!.runHash).toMatch(/^[0-9a-f]{64}$/);
    const io = capture(dir);
    expect(await runs(['verify', '--database', database, '--run', String(runId)], io)).toBe(0);
    expect(io.stdout.join('')).toContain(r!.runHash);
  }, 60_000);

  it('exports one department: only the enterprises of its domains, with Chinese headers', async () => {
    expect(await runs(['export', '--database', database, '--run', String(runId), '--department', 'transport', '--format', 'jsonl', '--out', 't.jsonl'], capture(dir))).toBe(0);
    const all = lines('evaluated.jsonl').map((l) => JSON.parse(l) as { uscc: string; departments: string[] });
    const transport = all.filter((r) => r.departments.includes('transport')).map((r) => r.uscc);
    expect(transport.length).toBeGreaterThan(0);
    expect(transport.length).toBeLessThan(COUNT);
    expect(lines('t.jsonl').map((l) => (JSON.parse(l) as { uscc: string }).uscc)).toEqual(transport);
    expect(await runs(['export', '--database', database, '--run', String(runId), '--department', 'transport', '--format', 'csv', '--out', 't.csv'], capture(dir))).toBe(0);
    const csv = lines('t.csv');
    expect(csv[0]).toMatch(/^\uFEFF统一社会信用代码,名称,.*决定规则,抽查比例,抽查频次$/);
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(transport);
    expect(await runs(['export', '--database', database, '--run', String(runId), '--department', 'transport', '--format', 'xlsx', '--out', 't.xlsx'], capture(dir))).toBe(0);
    expect(readFileSync(join(dir, 't.xlsx')).subarray(0, 2).toString()).toBe('PK');
  }, 60_000);

  it('fails verify (exit 1) on a tampered result, naming the enterprise', async () => {
    const h = createDb(database);
    try {
      const chunk = await h.db.selectFrom('run_results').select(['chunk_no', 'payload']).where('run_id', '=', runId).where('chunk_no', '=', 1).executeTakeFirstOrThrow();
      const [first, ...rest] = chunk.payload.split('\n');
      const json = JSON.parse(first!.split('\t')[1]!) as { uscc: string; results: Record<string, { grade: string }> };
      json.results['public-credit-class']!.grade = json.results['public-credit-class']!.grade === 'A' ? 'D' : 'A';
      const tampered = [`${first!.split('\t')[0]}\t${JSON.stringify(json)}`, ...rest].join('\n');
      await h.db.updateTable('run_results').set({ payload: tampered }).where('run_id', '=', runId).where('chunk_no', '=', 1).execute();
      const io = capture(dir);
      expect(await runs(['verify', '--database', database, '--run', String(runId)], io)).toBe(1);
      expect(io.stderr.join('')).toContain(json.uscc);
    } finally {
      await h.destroy();
    }
  }, 60_000);
});
