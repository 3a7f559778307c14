/**
 * Issue 13 finding 5: early warnings (003 第十三条). The seed market-regulation rules — a new serious
 * dishonesty record within 3 months, the serious-dishonesty and abnormal-operation lists, a public
 * credit score at or below 70, a food business in food-safety class D — evaluated against enterprise
 * data into per-enterprise warnings (rule, who is warned, the values that fired it) and counts per
 * rule and warned department; thresholds fire exactly at their documented boundary.
 */
import { describe, expect, it } from 'vitest';
import type { EarlyWarningDocument, EnterpriseRecord, PolicyBundle } from '@policy/schemas';
import { policyBundleAt } from '@policy/schemas/node';
import { compile, compileOrThrow } from './compile.ts';
import { generatePopulation } from './generate.ts';
import { buildPopulation } from './population.ts';
import { runGoldenCases } from './golden.ts';
import { compileWarnings, earlyWarnings } from './warnings.ts';

const AT = '2026-10-31';
const BAD_FOOD = { 'food.inspectionPassRate': 80, 'food.incidents': 2, 'food.inspectionResult': 'non-compliant', 'food.complaints': 10, 'food.traceability': false, 'food.safetyOfficer': false };
const base = { regionCode: '410481', status: 'active' as const, industryCode: 'C2438', indicators: {} };
const uscc = (k: number) => `91410481MA40${String(k).padStart(5, '0')}X`;
const e = (k: number, name: string, extra: Partial<EnterpriseRecord>): EnterpriseRecord => ({ ...base, uscc: uscc(k), name, publicCreditScore: 92, ...extra });

const ENTERPRISES: EnterpriseRecord[] = [
  /* 0 */ e(0, '守信工艺品公司', {}),
  /* 1 */ e(1, '恰为70分公司', { publicCreditScore: 70 }),
  /* 2 */ e(2, '70.01分公司', { publicCreditScore: 70.01 }),
  /* 3 */ e(3, '未评价公司', { publicCreditScore: null }),
  /* 4 */ e(4, '近期严重失信公司', { records: [{ id: 'r4', kind: 'penalty.permit-suspension', date: '2026-08-01' }] }),
  /* 5 */ e(5, '三个月前严重失信公司', { records: [{ id: 'r5', kind: 'penalty.permit-suspension', date: '2026-07-31' }] }),
  /* 6 */ e(6, '近期一般失信公司', { records: [{ id: 'r6', kind: 'penalty.fine', date: '2026-10-01' }] }),
  /* 7 */ e(7, '黑名单公司', { lists: [{ list: 'serious-dishonesty', from: '2026-10-01', until: null }] }),
  /* 8 */ e(8, '已移出黑名单公司', { lists: [{ list: 'serious-dishonesty', from: '2025-10-01', until: '2026-10-31' }] }),
  /* 9 */ e(9, '经营异常公司', { lists: [{ list: 'abnormal-operation', from: '2026-03-01', until: null }] }),
  /* 10 */ e(10, '食品D类公司', { industryCode: 'C1431', indicators: BAD_FOOD }),
  /* 11 */ e(11, '同指标工艺品公司', { indicators: BAD_FOOD }),
  /* 12 */ e(12, '已注销低分公司', { publicCreditScore: 40, status: 'deregistered' }),
];

const seeds = policyBundleAt(AT);
const withRules = (edit: (d: EarlyWarningDocument) => void): PolicyBundle => ({
  documents: seeds.documents.map((d) => {
    if (d.id !== 'early-warning-market-regulation') return d;
    const copy = structuredClone(d) as EarlyWarningDocument;
    edit(copy);
    return copy;
  }),
});

describe('early warnings (issue 13 finding 5)', () => {
  const ev = compileOrThrow(seeds);
  const pop = buildPopulation(ENTERPRISES);
  const res = ev.evaluate(pop, AT);
  const report = earlyWarnings(ev, pop, res)!;
  const fired = (i: number) => report.of(i).map((w) => w.ruleId);

  it('the score threshold fires exactly at its documented boundary: ≤ 70 warns at 70, not at 70.01, never without a score', () => {
    expect(fired(1)).toEqual(['score-at-most-70']);
    expect(fired(2)).toEqual([]);
    expect(fired(3)).toEqual([]);
    expect(fired(0)).toEqual([]);
  });

  it('a new serious record warns within 3 months (at − 3 months < date ≤ at): 2026-08-01 warns, 2026-07-31 does not; a general record never', () => {
    expect(fired(4)).toEqual(['new-serious-record']);
    expect(fired(5)).toEqual([]);
    expect(fired(6)).toEqual([]);
  });

  it('lists warn while in force (until > at); the food-model rule only in the food domain; a deregistered enterprise never', () => {
    expect(fired(7)).toEqual(['serious-dishonesty-list']);
    expect(fired(8)).toEqual([]);
    expect(fired(9)).toEqual(['abnormal-operation']);
    expect(res.toJSON(10).results['industry-model-food-safety']!.grade).toBe('D');
    expect(fired(10)).toEqual(['food-model-d']);
    expect(fired(11)).toEqual([]);
    expect(fired(12)).toEqual([]);
  });

  it('each warning names its rule, its owner and who is warned; counts per rule and per warned department', () => {
    expect(report.of(7)[0]).toEqual({
      documentId: 'early-warning-market-regulation',
      department: 'market-regulation',
      ruleId: 'serious-dishonesty-list',
      label: { zh: '列入严重失信主体名单', en: 'Put on the serious-dishonesty list' },
      notify: ['market-regulation', 'credit-office'],
      condition: { zh: '列入严重失信主体名单', en: 'On the serious-dishonesty list' },
    });
    expect(report.rules.map((r) => `${r.ruleId} ${r.count}`)).toEqual([
      'new-serious-record 1',
      'serious-dishonesty-list 1',
      'abnormal-operation 1',
      'score-at-most-70 1',
      'food-model-d 1',
    ]);
    expect(report.enterprises).toBe(5);
    expect(report.departments.map((d) => `${d.department} ${d.enterprises} ${d.rules.map((r) => r.ruleId).join(',')}`)).toEqual([
      'market-regulation 5 new-serious-record,serious-dishonesty-list,abnormal-operation,score-at-most-70,food-model-d',
      'credit-office 2 new-serious-record,serious-dishonesty-list',
    ]);
    expect(report.departments[0]!.name?.zh).toBe('市市场监督管理局');
  });

  it('counts each warned department\'s enterprises once on a generated population, and a second bundle reads its own counts', () => {
    const gen = buildPopulation(generatePopulation({ count: 3000, seed: 'warnings-departments', at: AT }));
    const counts = (b: PolicyBundle) => {
      const e = compileOrThrow(b);
      const w = earlyWarnings(e, gen, e.evaluate(gen, AT))!;
      const byDep = new Map<string, number>();
      let any = 0;
      for (let i = 0; i < gen.n; i++) {
        const ws = w.of(i);
        if (ws.length > 0) any++;
        for (const dep of new Set(ws.flatMap((x) => x.notify))) byDep.set(dep, (byDep.get(dep) ?? 0) + 1);
      }
      expect(w.departments.map((d) => [d.department, d.enterprises])).toEqual(w.departments.map((d) => [d.department, byDep.get(d.department) ?? 0]));
      expect(w.enterprises).toBe(any);
      return `${w.enterprises} ${w.rules.map((r) => r.count).join(',')} ${w.departments.map((d) => `${d.department} ${d.enterprises}`).join(',')}`;
    };
    const first = counts(seeds);
    expect(first).toMatch(/market-regulation [1-9]/);
    // a candidate changing another document (sampling) only: the same counts
    expect(counts({ documents: seeds.documents.map((d) => (d.kind === 'sampling' ? structuredClone(d) : d)) } as PolicyBundle)).toBe(first);
    // a lower score threshold: its own counts
    const lower = counts(withRules((d) => (d.content.rules.find((r) => r.id === 'score-at-most-70')!.when = { measure: 'public-credit-score', op: '<=', value: 60 })));
    expect(lower).not.toBe(first);
    expect(counts(seeds)).toBe(first);
  });

  it('an enterprise lookup explains why it was warned: the value of each leaf beside the threshold', () => {
    const at70 = ev.explain(pop, 1, AT).warnings!;
    expect(at70).toHaveLength(1);
    expect(at70[0]!.values).toEqual([
      { leaf: 'measure', measure: 'public-credit-score', label: { zh: '公共信用综合评价分', en: 'Public credit score' }, value: 70, op: '<=', threshold: 70, holds: true },
    ]);
    const serious = ev.explain(pop, 4, AT).warnings!;
    expect(serious[0]!.values).toEqual([expect.objectContaining({ measure: 'new-serious-records', value: 1, op: '>=', threshold: 1, holds: true })]);
    const food = ev.explain(pop, 10, AT).warnings!;
    expect(food[0]!.values).toEqual([
      { leaf: 'grade', document: 'industry-model-food-safety', title: expect.objectContaining({ zh: expect.stringContaining('食品') }), grade: 'D', grades: ['D'], holds: true },
    ]);
    // not warned: an empty list, not absent
    expect(ev.explain(pop, 2, AT).warnings).toEqual([]);
  });

  it('a rule combining leaves warns only when the combination holds, and explains every leaf', () => {
    const b = withRules((d) => {
      d.content.rules = [
        {
          id: 'low-and-new',
          label: { zh: '低分且新增严重失信' },
          when: { all: [{ measure: 'public-credit-score', op: '<', value: 80 }, { not: { measure: 'new-serious-records', op: '==', value: 0 } }] },
          notify: ['market-regulation'],
        },
      ];
    });
    const ev2 = compileOrThrow(b);
    const pop2 = buildPopulation([
      e(20, '低分新增', { publicCreditScore: 60, records: [{ id: 'a', kind: 'penalty.closure', date: '2026-10-01' }] }),
      e(21, '低分无记录', { publicCreditScore: 60 }),
    ]);
    const r2 = earlyWarnings(ev2, pop2, ev2.evaluate(pop2, AT))!;
    expect(r2.of(0).map((w) => w.ruleId)).toEqual(['low-and-new']);
    expect(r2.of(1)).toEqual([]);
    const values = ev2.explain(pop2, 0, AT).warnings![0]!.values!;
    expect(values.map((v) => (v.leaf === 'measure' ? `${v.measure} ${String(v.value)} ${v.op} ${String(v.threshold)} ${v.holds}` : ''))).toEqual([
      'public-credit-score 60 < 80 true',
      'new-serious-records 1 == 0 false',
    ]);
  });

  it('a bundle without early-warning rules has no report and no warnings in explanations', () => {
    const b: PolicyBundle = { documents: seeds.documents.filter((d) => d.kind !== 'early-warning') };
    const ev3 = compileOrThrow(b);
    expect(compileWarnings(b)).toBeNull();
    expect(earlyWarnings(ev3, pop, ev3.evaluate(pop, AT))).toBeNull();
    expect(ev3.explain(pop, 1, AT).warnings).toBeUndefined();
  });

  it('compile refuses a rule naming an unknown key indicator or grade, naming the rule; an unknown warned department does not block', () => {
    const bad = compile(withRules((d) => {
      d.content.rules[3]!.when = { measure: 'score', op: '<=', value: 70 };
      d.content.rules[4]!.when = { document: 'industry-model-food-safety', grades: ['E'] };
    }));
    expect(bad.success).toBe(false);
    const issues = bad.success ? [] : bad.issues;
    expect(issues.map((i) => i.code).sort()).toEqual(['warnings.unknown-grade', 'warnings.unknown-measure']);
    expect(issues.find((i) => i.code === 'warnings.unknown-measure')!.message).toContain('预警规则「公共信用综合评价分降至中档及以下(≤70分)」（score-at-most-70）');
    const ok = compile(withRules((d) => (d.content.rules[0]!.notify = ['no-such-department'])));
    expect(ok.success).toBe(true);
  });
});

describe('golden cases of early-warning documents', () => {
  it('a case expecting the wrong rules fails naming them, with the values that fired the actual ones', () => {
    const doc = seeds.documents.find((d) => d.id === 'early-warning-market-regulation')!;
    const file = { at: AT, cases: [{ name: '70 分', enterprise: e(30, '七十分公司', { publicCreditScore: 70 }), expect: { warned: [] } }] };
    const run = runGoldenCases(doc, seeds.documents, file);
    expect(run.success).toBe(true);
    const o = run.success ? run.outcomes[0]! : null;
    expect(o!.passed).toBe(false);
    expect(o!.message).toBe('预期与实际不符：预警规则：预期 []，实际 [score-at-most-70]');
    expect(o!.actual).toEqual({ warned: ['score-at-most-70'], values: { 'score-at-most-70': [expect.objectContaining({ measure: 'public-credit-score', value: 70, op: '<=', threshold: 70, holds: true })] } });
    const unknown = runGoldenCases(doc, seeds.documents, { ...file, cases: [{ ...file.cases[0]!, expect: { warned: ['no-such-rule'] } }] });
    expect(unknown.success ? [] : unknown.problems.map((p) => `${p.path} ${p.message}`)).toEqual([
      expect.stringMatching(/^\/cases\/0\/expect\/warned\/0 .*预警规则 no-such-rule 不在本文档的预警规则中/),
    ]);
  });
});
