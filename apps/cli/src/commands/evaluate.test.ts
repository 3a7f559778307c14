/** The evaluation commands end to end, on files generated into a temporary directory. */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandIo } from '../io.ts';
import { run as compareRun } from './compare.ts';
import { run as evaluateRun } from './evaluate.ts';
import { run as explainRun } from './explain.ts';
import { run as generateRun } from './generate.ts';
import { run as testRun } from './test.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
let dir: string;
const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = { out: (t) => out.push(t), err: (t) => err.push(t), cwd: dir };
  return { io, out, err, text: () => out.join('\n'), errors: () => err.join('\n') };
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'policy-cli-'));
  cpSync(join(repo, 'policies'), join(dir, 'policies'), { recursive: true });
  const c = capture();
  expect(await generateRun(['--count', '500', '--seed', '3', '--out', 'pop.jsonl'], c.io)).toBe(0);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('policy generate', () => {
  it('writes the requested number of valid, reproducible lines', async () => {
    const lines = readFileSync(join(dir, 'pop.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(500);
    const c = capture();
    await generateRun(['--count', '500', '--seed', '3'], c.io);
    expect(c.text().trim().split('\n')).toEqual(lines);
  });
});

describe('policy evaluate', () => {
  it('writes one result per enterprise of the register, in input order (deregistered ones absent)', async () => {
    const c = capture();
    expect(await evaluateRun(['--policies', 'policies', '--input', 'pop.jsonl', '--at', '2026-10-31', '--out', 'out.jsonl'], c.io)).toBe(0);
    const input = readFileSync(join(dir, 'pop.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const out = readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const registered = input.filter((i) => i.status !== 'deregistered');
    expect(registered.length).toBeLessThan(input.length);
    expect(out.map((o) => o.uscc)).toEqual(registered.map((i) => i.uscc));
    expect(c.errors()).toContain(`${input.length - registered.length} deregistered, not written`);
    for (const o of out) {
      expect(['A', 'B', 'C', 'D']).toContain(o.results['public-credit-class'].grade);
      expect(typeof o.results['public-credit-class'].rule).toBe('string');
      expect(o.results['public-credit-score'].grade).toBeTruthy();
    }
  });

  it('--jurisdiction keeps the enterprises whose region code starts with the prefix', async () => {
    const input = readFileSync(join(dir, 'pop.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const prefix = input[0].regionCode.slice(0, 6);
    const c = capture();
    expect(await evaluateRun(['--policies', 'policies', '--input', 'pop.jsonl', '--at', '2026-10-31', '--jurisdiction', prefix], c.io)).toBe(0);
    const out = c.text().trim().split('\n').map((l) => JSON.parse(l));
    const want = input.filter((i) => i.status !== 'deregistered' && i.regionCode?.startsWith(prefix)).map((i) => i.uscc);
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(input.length);
    expect(out.map((o) => o.uscc)).toEqual(want);
    expect(await evaluateRun(['--policies', 'policies', '--input', 'pop.jsonl', '--at', '2026-10-31', '--jurisdiction', 'x1'], capture().io)).toBe(2);
  });

  it('rejects a file with bad lines: every line named, exit 1, no output file', async () => {
    const good = readFileSync(join(dir, 'pop.jsonl'), 'utf8').trim().split('\n');
    const bad = [good[0], '{"uscc":"91350100M000100Y43","name":"x","industryCode":"A1391","status":"active"}', good[1], 'not json', good[2]];
    writeFileSync(join(dir, 'bad.jsonl'), bad.join('\n'));
    const c = capture();
    const code = await evaluateRun(['--policies', 'policies', '--input', 'bad.jsonl', '--at', '2026-10-31', '--out', 'bad-out.jsonl'], c.io);
    expect(code).toBe(1);
    expect(c.errors()).toContain('第 2 行 /industryCode');
    expect(c.errors()).toContain('第 4 行');
    expect(c.errors()).toContain('line 4');
    expect(existsSync(join(dir, 'bad-out.jsonl'))).toBe(false);
    expect(readdirSync(dir).some((f) => f.startsWith('bad-out'))).toBe(false);
  });

  it('rejects an impossible date', async () => {
    const c = capture();
    expect(await evaluateRun(['--policies', 'policies', '--input', 'pop.jsonl', '--at', '2026-02-30'], c.io)).toBe(2);
    expect(c.errors()).toContain('--at');
  });

  it('checks --at with the platform calendar: the reason is named, leap days only in leap years, years 1900–2199', async () => {
    for (const [bad, reason] of [
      ['2026-02-29', '2026 年 2 月只有 28 天'],
      ['2026-04-31', '2026 年 4 月只有 30 天'],
      ['2026-13-01', '月份应为 01–12'],
      ['0226-10-31', '1900–2199'],
    ] as const) {
      const c = capture();
      expect(await evaluateRun(['--policies', 'policies', '--input', 'pop.jsonl', '--at', bad], c.io)).toBe(2);
      expect(c.errors()).toContain(reason);
    }
    const ok = capture();
    expect(await evaluateRun(['--policies', 'policies', '--input', 'pop.jsonl', '--at', '2024-02-29', '--out', 'leap.jsonl'], ok.io)).toBe(0);
  });
});

describe('policy test', () => {
  it('passes on the repository policies', async () => {
    const c = capture();
    expect(await testRun(['policies'], c.io)).toBe(0);
    expect(c.text()).toMatch(/^\d+ 通过，0 失败/);
  });

  it('names the failing file and case with expected and actual', async () => {
    const broken = join(dir, 'broken');
    cpSync(join(dir, 'policies'), broken, { recursive: true });
    const file = join(broken, 'public-credit-class', 'v1.cases.json');
    const cases = JSON.parse(readFileSync(file, 'utf8'));
    cases.cases[0].expect = { grade: 'D' };
    writeFileSync(file, JSON.stringify(cases));
    const c = capture();
    expect(await testRun(['broken'], c.io)).toBe(1);
    expect(c.errors()).toContain(`broken/public-credit-class/v1.cases.json › ${cases.cases[0].name}`);
    expect(c.errors()).toContain('预期 expected: {"grade":"D"}');
    expect(c.text()).toMatch(/1 失败/);
  });
});

describe('policy compare and explain', () => {
  it('prints the distribution, the migration matrix and the workload, or JSON', async () => {
    const cand = join(dir, 'candidate');
    cpSync(join(dir, 'policies'), cand, { recursive: true });
    const f = join(cand, 'public-credit-class', 'v2.json'); // the newest version is the one evaluated
    const doc = JSON.parse(readFileSync(f, 'utf8'));
    for (const r of doc.content.decision.rules) if (r.when.measure === 'general-records' && r.when.op === '>') r.when.value = 2;
    writeFileSync(f, JSON.stringify(doc));
    const c = capture();
    expect(await compareRun(['--base', 'policies', '--candidate', 'candidate', '--input', 'pop.jsonl', '--at', '2026-10-31'], c.io)).toBe(0);
    expect(c.text()).toContain('等级分布');
    expect(c.text()).toContain('迁移矩阵');
    expect(c.text()).toContain('抽查工作量');
    const j = capture();
    expect(await compareRun(['--base', 'policies', '--candidate', 'candidate', '--input', 'pop.jsonl', '--at', '2026-10-31', '--json'], j.io)).toBe(0);
    const data = JSON.parse(j.text());
    const cls = data.documents.find((d: { id: string }) => d.id === 'public-credit-class');
    expect(cls.moved).toBeGreaterThan(0);
    expect(data.moved.items[0].after.grade).toBe('C');
    expect(data.workload.total.delta).toBeGreaterThan(0);
  });

  it('explains one enterprise', async () => {
    const first = JSON.parse(readFileSync(join(dir, 'pop.jsonl'), 'utf8').split('\n')[0]!);
    const c = capture();
    expect(await explainRun(['--policies', 'policies', '--input', 'pop.jsonl', '--uscc', first.uscc, '--at', '2026-10-31'], c.io)).toBe(0);
    expect(c.text()).toContain(first.uscc);
    expect(c.text()).toContain('决定规则');
    const missing = capture();
    expect(await explainRun(['--policies', 'policies', '--input', 'pop.jsonl', '--uscc', '91350100M000100Y43', '--at', '2026-10-31'], missing.io)).toBe(1);
    expect(missing.errors()).toContain('91350100M000100Y43');
  });
});
