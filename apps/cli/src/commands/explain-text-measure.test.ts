/**
 * `policy explain` on a grading that compares a key indicator with a number: a text value ("n/a") is
 * no number — the grading read it as no value — and the explanation says so beside the value.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passRateGradingFixture } from '@policy/schemas/fixtures';
import type { CommandIo } from '../io.ts';
import { run as explainRun } from './explain.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
let dir: string;

const PASS_RATE_CLASS = passRateGradingFixture();

const base = { industryCode: 'C1431', regionCode: '410481', status: 'active', publicCreditScore: 92 };
const rows = [
  { ...base, uscc: '91410481MA40TX001D', name: '舞钢市未填报食品有限公司', indicators: { 'food.inspectionPassRate': 'n/a' } },
  { ...base, uscc: '91410481MA40TX002G', name: '舞钢市合格率九十食品有限公司', indicators: { 'food.inspectionPassRate': 90 } },
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'policy-explain-text-'));
  cpSync(join(repo, 'policies'), join(dir, 'policies'), { recursive: true });
  mkdirSync(join(dir, 'policies', 'food-pass-rate-class'));
  writeFileSync(join(dir, 'policies', 'food-pass-rate-class', 'v1.json'), JSON.stringify(PASS_RATE_CLASS));
  writeFileSync(join(dir, 'pop.jsonl'), rows.map((e) => JSON.stringify(e)).join('\n') + '\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function explain(uscc: string, json = false): Promise<string> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = { out: (t) => out.push(t), err: (t) => err.push(t), cwd: dir };
  const code = await explainRun(['--policies', 'policies', '--input', 'pop.jsonl', '--at', '2026-10-31', '--uscc', uscc, ...(json ? ['--json'] : [])], io);
  expect(code, err.join('\n')).toBe(0);
  return out.join('\n');
}

describe('policy explain: a text measure a grading compares with a number', () => {
  it('says the text is no number, compared as no value (the missing grade decided); a number is shown as it is', async () => {
    const text = await explain(rows[0]!.uscc);
    expect(text).toContain('【食品抽检合格率分级】(food-pass-rate-class)');
    expect(text).toContain('决定规则「no-pass-rate」');
    expect(text).toContain('  · 食品安全抽检合格率(%)："n/a"（文字，不是数值，按无值比较 / text, not a number: compared as no value）');
    const ninety = await explain(rows[1]!.uscc);
    expect(ninety).toContain('  · 食品安全抽检合格率(%)：90\n');
    expect(ninety).not.toContain('不是数值');
  });

  it('--json carries notNumber on the measure', async () => {
    const e = JSON.parse(await explain(rows[0]!.uscc, true)) as { documents: { id: string; measures: unknown[] }[] };
    expect(e.documents.find((d) => d.id === 'food-pass-rate-class')!.measures).toEqual([
      { id: 'pass-rate', type: 'indicator', label: { zh: '食品安全抽检合格率(%)' }, value: 'n/a', notNumber: true },
    ]);
  });
});
