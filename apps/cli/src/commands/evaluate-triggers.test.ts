/**
 * `policy evaluate` with trigger-based supervision (issue 13 finding 6, CONTRACTS §12): the stderr
 * summary per department, `--triggers FILE.json` and `--with-triggers`; the default lines unchanged.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandIo } from '../io.ts';
import { run as evaluateRun } from './evaluate.ts';
import { run as explainRun } from './explain.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
let dir: string;
const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = { out: (t) => out.push(t), err: (t) => err.push(t), cwd: dir };
  return { io, out, err };
};
const GOOD = { 'food.inspectionPassRate': 100, 'food.incidents': 0, 'food.inspectionResult': 'compliant', 'food.complaints': 0, 'food.traceability': true, 'food.safetyOfficer': true };
const enterprises = [
  { uscc: '91410481MA40007119', name: '舞钢市守信食品有限公司', industryCode: 'C1431', regionCode: '410481', status: 'active', publicCreditScore: 95, indicators: GOOD },
  {
    uscc: '91410481MA4000712C',
    name: '舞钢市严重失信食品有限公司',
    industryCode: 'C1431',
    regionCode: '410481',
    status: 'active',
    publicCreditScore: 95,
    indicators: GOOD,
    records: [{ id: 'r1', kind: 'penalty.permit-suspension', date: '2026-05-01' }],
  },
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'policy-triggers-'));
  cpSync(join(repo, 'policies'), join(dir, 'policies'), { recursive: true });
  writeFileSync(join(dir, 'pop.jsonl'), enterprises.map((e) => JSON.stringify(e)).join('\n') + '\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const args = ['--policies', 'policies', '--input', 'pop.jsonl', '--at', '2026-10-31'];

describe('policy evaluate: trigger-based supervision', () => {
  it('says per department on stderr which items how many enterprises trigger; the lines are unchanged', async () => {
    const c = capture();
    expect(await evaluateRun(args, c.io)).toBe(0);
    expect(c.err.filter((l) => l.startsWith('触发式监管'))).toEqual([
      '触发式监管 市市场监督管理局：1 家市场主体触发 SCJG-001 食品生产企业监督检查 1 家，SCJG-002 食品销售者监督检查 0 家，SCJG-003 餐饮服务食品安全监督检查 0 家 / trigger-based supervision market-regulation: 1 enterprises trigger SCJG-001 1, SCJG-002 0, SCJG-003 0',
    ]);
    const lines = c.out.join('\n').split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).not.toHaveProperty('triggered');
  });

  it('--triggers FILE.json writes the per-department lists, --with-triggers adds each line\'s triggered items', async () => {
    const c = capture();
    expect(await evaluateRun([...args, '--triggers', 'triggers.json', '--with-triggers'], c.io)).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'triggers.json'), 'utf8'));
    expect(report.at).toBe('2026-10-31');
    const item = report.departments[0].items[0];
    expect(item).toMatchObject({ code: 'SCJG-001', count: 1, documentId: 'supervision-items-market-regulation' });
    expect(item.triggers.map((t: { id: string; count: number }) => `${t.id} ${t.count}`)).toEqual(['trigger-1 0', 'trigger-2 0', 'trigger-3 1']);
    expect(item.measures).toHaveLength(4);
    const lines = c.out.join('\n').split('\n').map((l) => JSON.parse(l) as { triggered: unknown[] });
    expect(lines[0]!.triggered).toEqual([]);
    expect(lines[1]!.triggered).toEqual([{ department: 'market-regulation', code: 'SCJG-001', triggers: ['trigger-3'], measures: ['measure-1', 'measure-2', 'measure-3', 'measure-4'] }]);
  });

  it('policy explain lists the triggered items with their trigger points and measures (text and --json)', async () => {
    const c = capture();
    expect(await explainRun(['--policies', 'policies', '--input', 'pop.jsonl', '--uscc', '91410481MA4000712C', '--at', '2026-10-31'], c.io)).toBe(0);
    const text = c.out.join('\n');
    expect(text).toContain('触发式监管 / triggered supervision items:\n  SCJG-001 食品生产企业监督检查（market-regulation）触发点：信用风险分类为C、D类\n    监管措施：依法责令限期整改并跟踪复查；');
    const j = capture();
    expect(await explainRun(['--policies', 'policies', '--input', 'pop.jsonl', '--uscc', '91410481MA40007119', '--at', '2026-10-31', '--json'], j.io)).toBe(0);
    expect(JSON.parse(j.out.join('\n')).triggered).toEqual([]);
    const a = capture();
    await explainRun(['--policies', 'policies', '--input', 'pop.jsonl', '--uscc', '91410481MA40007119', '--at', '2026-10-31'], a.io);
    expect(a.out.join('\n')).toContain('触发式监管：未触发任何事项');
  });
});
