import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePopulation } from '@policy/evaluation';
import { deriveDrawSeed, listAudit, signOffRun } from '@policy/db';
import type { SeedInputs } from '@policy/db';
import { createDb } from '@policy/db/client';
import { createScratchDatabase, DIALECTS, makeActor } from '@policy/db/test-support';
import type { ScratchDatabase } from '@policy/db/test-support';
import type { CommandIo } from '../io.ts';
import { run as db } from './db.ts';
import { run as draws } from './draws.ts';
import { run as inspectors } from './inspectors.ts';
import { run as runs } from './runs.ts';

const POLICIES = resolve(import.meta.dirname, '../../../../policies');
const AT = '2026-10-31';
const COUNT = 3000;
const DEPT = 'market-regulation';

function capture(cwd: string): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { cwd, stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

interface DrawJson {
  id: number;
  seed: string;
  seedInputs: SeedInputs;
  load: Record<string, number>;
  inspections: { uscc: string; inspectors: [string, string] }[];
}

describe.each(DIALECTS)('policy inspectors / policy draws on %s', (dialect) => {
  let dir: string;
  let scratch: ScratchDatabase;
  let database: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-cli-draws-'));
    scratch = await createScratchDatabase(dialect, 'policy_cli_draws');
    database = scratch.url;
    writeFileSync(join(dir, 'pop.jsonl'), generatePopulation({ count: COUNT, seed: 'draws-cli', at: AT }).map((r) => JSON.stringify(r)).join('\n'));
    expect(await db(['seed', '--database', database, '--policies', POLICIES], capture(dir))).toBe(0);
    expect(await db(['import', '--database', database, '--name', 'gen', '--file', 'pop.jsonl'], capture(dir))).toBe(0);
  }, 180_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await scratch?.drop();
  });

  it('imports a directory from CSV, exports it as XLSX and imports that back; refuses a wrong file whole', async () => {
    const rows = ['工号,姓名,执法证号,可检查事项,回避企业', ...Array.from({ length: 6 }, (_, k) => `S${k},检查员${k},证${k},,`)];
    writeFileSync(join(dir, 'dir.csv'), '\uFEFF' + rows.join('\n'));
    const io = capture(dir);
    expect(await inspectors(['import', '--database', database, '--department', DEPT, '--file', 'dir.csv'], io)).toBe(0);
    expect(io.stdout.join('')).toContain('6 人');
    expect(await inspectors(['export', '--database', database, '--department', DEPT, '--out', 'dir.xlsx'], capture(dir))).toBe(0);
    expect(readFileSync(join(dir, 'dir.xlsx')).subarray(0, 2).toString()).toBe('PK');
    expect(await inspectors(['import', '--database', database, '--department', DEPT, '--file', 'dir.xlsx'], capture(dir))).toBe(0);
    const list = capture(dir);
    expect(await inspectors(['list', '--database', database, '--department', DEPT, '--json'], list)).toBe(0);
    expect((JSON.parse(list.stdout.join('')) as { id: string }[]).map((x) => x.id)).toEqual(['S0', 'S1', 'S2', 'S3', 'S4', 'S5']);
    writeFileSync(join(dir, 'bad.csv'), '工号,姓名\nS9,\n');
    const bad = capture(dir);
    expect(await inspectors(['import', '--database', database, '--department', DEPT, '--file', 'bad.csv'], bad)).toBe(1);
    expect(bad.stderr.join('')).toMatch(/^执法检查人员名录有误[\s\S]*缺少「执法证号」列/);
    const still = capture(dir);
    await inspectors(['list', '--database', database, '--department', DEPT, '--json'], still);
    expect(JSON.parse(still.stdout.join(''))).toHaveLength(6);
    expect(await inspectors(['import', '--database', database, '--department', DEPT, '--file', 'dir.txt'], capture(dir))).toBe(2);
  }, 60_000);

  it('draws once per round with a derived seed, refuses a second draw, and verifies (exit 0, tampered 1)', async () => {
    const unregistered = capture(dir);
    expect(await draws(['create', '--database', database, '--dataset', 'gen', '--department', DEPT, '--round', '2027-Q1', '--at', AT], unregistered)).toBe(1);
    expect(unregistered.stderr.join('')).toMatch(/^market-regulation 的 2027-Q1 轮尚未登记/);
    const io = capture(dir);
    expect(await draws(['create', '--database', database, '--dataset', 'gen', '--department', DEPT, '--round', '2027-Q1', '--at', AT, '--public-value', '372', '--json'], io)).toBe(0);
    const d = JSON.parse(io.stdout.join('')) as DrawJson;
    expect(d.seed).toBe(deriveDrawSeed(d.seedInputs));
    expect(d.seedInputs).toMatchObject({ department: DEPT, round: '2027-Q1', publicValue: '372', attempt: 1, source: { kind: 'dataset', at: AT } });
    expect(d.inspections.length).toBeGreaterThan(0);
    for (const x of d.inspections) {
      expect(x.inspectors[0]).not.toBe(x.inspectors[1]);
      expect(x.inspectors.every((id) => /^S[0-5]$/.test(id))).toBe(true);
    }
    expect(Math.max(...Object.values(d.load)) - Math.min(...Object.values(d.load))).toBeLessThanOrEqual(1);

    const again = capture(dir);
    expect(await draws(['create', '--database', database, '--dataset', 'gen', '--department', DEPT, '--round', '2027-Q1', '--at', AT, '--json'], again)).toBe(1);
    expect(again.stderr.join('')).toMatch(/^market-regulation 的 2027-Q1 轮已抽取，每轮只能抽取一次/);
    const changed = capture(dir);
    expect(await draws(['create', '--database', database, '--dataset', 'gen', '--department', DEPT, '--round', '2027-Q1', '--at', AT, '--public-value', '999'], changed)).toBe(1);
    expect(changed.stderr.join('')).toContain('不可更改');

    const ok = capture(dir);
    expect(await draws(['verify', '--database', database, '--id', String(d.id)], ok)).toBe(0);
    expect(ok.stdout.join('')).toContain(d.seed);
    const h = createDb(database);
    try {
      const audit = await listAudit(h.db, { limit: 5 });
      expect(audit.map((a) => a.action)).toContain('draw.refused');
      const stored = await h.db.selectFrom('draws').select(['result']).where('id', '=', d.id).executeTakeFirstOrThrow();
      await h.db.updateTable('draws').set({ result: stored.result.replace(d.inspections[0]!.uscc, d.inspections[1]!.uscc) }).where('id', '=', d.id).execute();
    } finally {
      await h.destroy();
    }
    const bad = capture(dir);
    expect(await draws(['verify', '--database', database, '--id', String(d.id)], bad)).toBe(1);
    expect(bad.stderr.join('')).toContain('校验失败');
  }, 120_000);

  it('draws from a signed-off run (and not from an unsigned one)', async () => {
    const r = capture(dir);
    expect(await runs(['create', '--database', database, '--dataset', 'gen', '--at', AT, '--json'], r)).toBe(0);
    const runId = (JSON.parse(r.stdout.join('')) as { id: number }).id;
    const unsigned = capture(dir);
    expect(await draws(['create', '--database', database, '--run', String(runId), '--department', DEPT, '--round', '2027-Q2', '--public-value', '815'], unsigned)).toBe(1);
    expect(unsigned.stderr.join('')).toContain('尚未签发');
    const h = createDb(database);
    try {
      await signOffRun(h.db, await makeActor(h.db, 'reviewer'), runId);
    } finally {
      await h.destroy();
    }
    const io = capture(dir);
    expect(await draws(['create', '--database', database, '--run', String(runId), '--department', DEPT, '--round', '2027-Q2', '--json'], io)).toBe(0);
    const d = JSON.parse(io.stdout.join('')) as DrawJson;
    expect(d.seedInputs.source).toMatchObject({ kind: 'run', runId });
    expect(await draws(['verify', '--database', database, '--id', String(d.id)], capture(dir))).toBe(0);
  }, 120_000);
});
