/**
 * Issue 13, finding 1, through the command line: a food business graded D by the food model is
 * sampled as D by `policy evaluate` and in runs (`runs create` + `runs export`), a non-food business
 * with the same indicators keeps the public class. On SQLite (the run is the encoder's lines; the
 * PostgreSQL path stores the same bytes and is covered by runs.test.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase } from '@policy/db/test-support';
import type { ScratchDatabase } from '@policy/db/test-support';
import type { CommandIo } from '../io.ts';
import { run as db } from './db.ts';
import { run as evaluate } from './evaluate.ts';
import { run as runs } from './runs.ts';

const POLICIES = resolve(import.meta.dirname, '../../../../policies');
const AT = '2026-10-31';
/** Values the food model scores 13.02 points (class D); neither enterprise has a dishonesty record. */
const POOR_FOOD = { 'food.inspectionPassRate': 80, 'food.incidents': 2, 'food.inspectionResult': 'non-compliant', 'food.complaints': 10, 'food.traceability': false, 'food.safetyOfficer': false };
const ENTERPRISES = [
  { uscc: '91410481MA40007119', name: '舞钢市抽检不合格食品有限公司', industryCode: 'C1431', regionCode: '410481', status: 'active', indicators: POOR_FOOD },
  { uscc: '91410481MA4000712C', name: '舞钢市同指标工艺品有限公司', industryCode: 'C2438', regionCode: '410481', status: 'active', indicators: POOR_FOOD },
];

function capture(cwd: string): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { cwd, stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

describe('sampling follows the class that applies (policy evaluate and runs)', () => {
  let dir: string;
  let scratch: ScratchDatabase;
  const lines = (file: string) => readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-cli-basis-'));
    writeFileSync(join(dir, 'two.jsonl'), ENTERPRISES.map((r) => JSON.stringify(r)).join('\n'));
    scratch = await createScratchDatabase('sqlite', 'policy_cli_basis');
  }, 60_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await scratch?.drop();
  });

  const check = (out: Record<string, any>[]) => {
    const [food, other] = out;
    expect(food!.results['public-credit-class'].grade).toBe('A');
    expect(food!.results['industry-model-food-safety'].grade).toBe('D');
    expect(food!.sampling).toEqual({ grade: 'D', ratioPercent: 100, frequencyPerYear: 4, onSite: 'when-necessary', decidedBy: 'industry-model-food-safety' });
    expect(other!.results['public-credit-class'].grade).toBe('A');
    expect(other!.results['industry-model-food-safety']).toBeUndefined();
    expect(other!.sampling).toEqual({ grade: 'A', ratioPercent: 3, frequencyPerYear: 1, onSite: 'on-trigger', decidedBy: 'public-credit-class' });
  };

  it('a food business graded D by the food model is sampled as D by policy evaluate and in runs, a non-food business with the same indicators keeps the public class', async () => {
    expect(await evaluate(['--policies', POLICIES, '--input', 'two.jsonl', '--at', AT, '--out', 'evaluated.jsonl'], capture(dir))).toBe(0);
    check(lines('evaluated.jsonl'));

    const database = scratch.url;
    expect(await db(['seed', '--database', database, '--policies', POLICIES], capture(dir))).toBe(0);
    expect(await db(['import', '--database', database, '--name', 'two', '--file', 'two.jsonl'], capture(dir))).toBe(0);
    const io = capture(dir);
    expect(await runs(['create', '--database', database, '--dataset', 'two', '--at', AT, '--json'], io)).toBe(0);
    const runId = (JSON.parse(io.stdout.join('')) as { id: number }).id;
    expect(await runs(['export', '--database', database, '--run', String(runId), '--format', 'jsonl', '--out', 'run.jsonl'], capture(dir))).toBe(0);
    check(lines('run.jsonl'));
    expect(await runs(['verify', '--database', database, '--run', String(runId)], capture(dir))).toBe(0);
  }, 120_000);
});
