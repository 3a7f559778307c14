/**
 * `policy evaluate` and `policy explain` with early warnings (issue 13 finding 5, CONTRACTS §13): the
 * stderr summary per warned department, `--warnings FILE.json` and `--with-warnings`; the default
 * lines unchanged; explain says which rules warn and the values that fired them.
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
const base = { industryCode: 'C2438', regionCode: '210102', status: 'active' };
const enterprises = [
  { ...base, uscc: '91210100MA0EW0001D', name: '沈阳市守信工艺品有限公司', publicCreditScore: 92 },
  { ...base, uscc: '91210100MA0EW0002G', name: '沈阳市七十分工艺品有限公司', publicCreditScore: 70 },
  { ...base, uscc: '91210100MA0EW0003K', name: '沈阳市黑名单工艺品有限公司', publicCreditScore: 92, lists: [{ list: 'serious-dishonesty', from: '2026-10-01', until: null }] },
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'policy-warnings-'));
  cpSync(join(repo, 'policies'), join(dir, 'policies'), { recursive: true });
  writeFileSync(join(dir, 'pop.jsonl'), enterprises.map((e) => JSON.stringify(e)).join('\n') + '\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const args = ['--policies', 'policies', '--input', 'pop.jsonl', '--at', '2026-10-31'];

describe('policy evaluate: early warnings', () => {
  it('says per warned department on stderr how many enterprises which rules warn; the lines are unchanged', async () => {
    const c = capture();
    expect(await evaluateRun(args, c.io)).toBe(0);
    expect(c.err.filter((l) => l.startsWith('风险预警'))).toEqual([
      '风险预警 市市场监督管理局：2 家市场主体预警（新增严重失信行为记录 0 家，列入严重失信主体名单 1 家，列入经营异常名录 0 家，公共信用综合评价分降至中档及以下(≤70分) 1 家，食品企业食品安全风险为D类 0 家） / early warnings to market-regulation: 2 enterprises (new-serious-record 0, serious-dishonesty-list 1, abnormal-operation 0, score-at-most-70 1, food-model-d 0)',
      '风险预警 市社会信用体系建设领导小组办公室：1 家市场主体预警（新增严重失信行为记录 0 家，列入严重失信主体名单 1 家） / early warnings to credit-office: 1 enterprises (new-serious-record 0, serious-dishonesty-list 1)',
    ]);
    const lines = c.out.join('\n').split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l).not.toHaveProperty('warnings');
  });

  it('--warnings FILE.json writes the counts per rule and department, --with-warnings adds each line\'s warnings', async () => {
    const c = capture();
    expect(await evaluateRun([...args, '--warnings', 'warnings.json', '--with-warnings'], c.io)).toBe(0);
    const file = JSON.parse(readFileSync(join(dir, 'warnings.json'), 'utf8')) as { at: string; enterprises: number; rules: { ruleId: string; count: number; condition: { zh: string } }[]; departments: { department: string; enterprises: number }[] };
    expect(file.at).toBe('2026-10-31');
    expect(file.enterprises).toBe(2);
    expect(file.rules.find((r) => r.ruleId === 'score-at-most-70')).toMatchObject({ count: 1, condition: { zh: '公共信用综合评价分 <= 70' } });
    expect(file.departments.map((d) => `${d.department} ${d.enterprises}`)).toEqual(['market-regulation 2', 'credit-office 1']);
    const lines = c.out.join('\n').split('\n').map((l) => JSON.parse(l) as { uscc: string; warnings: unknown[] });
    expect(lines.map((l) => l.warnings)).toEqual([
      [],
      [{ document: 'early-warning-market-regulation', rule: 'score-at-most-70', notify: ['market-regulation'] }],
      [{ document: 'early-warning-market-regulation', rule: 'serious-dishonesty-list', notify: ['market-regulation', 'credit-office'] }],
    ]);
  });

  it('policy explain says why an enterprise is warned: the value beside the threshold (text and --json)', async () => {
    const c = capture();
    expect(await explainRun([...args, '--uscc', '91210100MA0EW0002G'], c.io)).toBe(0);
    const text = c.out.join('\n');
    expect(text).toContain('风险预警 / early warnings:');
    expect(text).toContain('  公共信用综合评价分降至中档及以下(≤70分)（score-at-most-70，early-warning-market-regulation）预警：market-regulation');
    expect(text).toContain('    公共信用综合评价分 = 70，条件 <= 70：成立');
    const j = capture();
    expect(await explainRun([...args, '--uscc', '91210100MA0EW0001D', '--json'], j.io)).toBe(0);
    expect((JSON.parse(j.out.join('\n')) as { warnings: unknown[] }).warnings).toEqual([]);
  });

  it('policy explain says a text where a number is expected is no number: "n/a" < 100 does not hold', async () => {
    // a copy of the policies whose early-warning rules compare a key indicator with a number
    const own = mkdtempSync(join(tmpdir(), 'policy-warnings-text-'));
    try {
      cpSync(join(repo, 'policies'), join(own, 'policies'), { recursive: true });
      const file = join(own, 'policies', 'early-warning-market-regulation', 'v1.json');
      const doc = JSON.parse(readFileSync(file, 'utf8')) as { content: { measures: unknown[]; rules: unknown[] } };
      doc.content.measures.push({ id: 'pass-rate', type: 'indicator', key: 'food.inspectionPassRate', label: { zh: '食品安全抽检合格率(%)' } });
      doc.content.rules.push({
        id: 'pass-rate-or-score',
        label: { zh: '抽检合格率低于100%或评价分不高于70分' },
        when: { any: [{ measure: 'pass-rate', op: '<', value: 100 }, { measure: 'public-credit-score', op: '<=', value: 70 }] },
        notify: ['market-regulation'],
      });
      writeFileSync(file, JSON.stringify(doc));
      const rows = [
        { ...base, uscc: '91210100MA0EW0004M', name: '沈阳市未填报七十分有限公司', publicCreditScore: 70, indicators: { 'food.inspectionPassRate': 'n/a' } },
        { ...base, uscc: '91210100MA0EW0005P', name: '沈阳市未填报有限公司', publicCreditScore: 92, indicators: { 'food.inspectionPassRate': 'n/a' } },
      ];
      writeFileSync(join(own, 'pop.jsonl'), rows.map((e) => JSON.stringify(e)).join('\n') + '\n');
      const c = capture();
      const io = { ...c.io, cwd: own };
      expect(await explainRun([...args, '--uscc', '91210100MA0EW0004M'], io)).toBe(0);
      const text = c.out.join('\n');
      expect(text).toContain('  抽检合格率低于100%或评价分不高于70分（pass-rate-or-score，early-warning-market-regulation）预警：market-regulation');
      expect(text).toContain('    食品安全抽检合格率(%) = "n/a"（文字，不是数值，按无值比较 / text, not a number: compared as no value），条件 < 100：不成立');
      expect(text).toContain('    公共信用综合评价分 = 70，条件 <= 70：成立');
      // the text alone warns nobody
      const j = capture();
      expect(await explainRun([...args, '--uscc', '91210100MA0EW0005P', '--json'], { ...j.io, cwd: own })).toBe(0);
      expect((JSON.parse(j.out.join('\n')) as { warnings: unknown[] }).warnings).toEqual([]);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});
