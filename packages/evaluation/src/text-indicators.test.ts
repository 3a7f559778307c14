/**
 * A key indicator holding a text ("n/a", "未填报") where a number is expected: the population stores
 * the text as its index in the column's dictionary, and that index must never be compared with a
 * number. A text is no number — a numeric comparison reads it as a missing value (false, but `!=`),
 * in early-warning rules, supervision-item trigger points and gradings alike (a bands decision gives
 * it the missing grade); an equality with a text still holds for that text; an industry model scores
 * it with the indicator's missing points. The explanations of a warning and of a grading show the text marked as no number.
 */
import { describe, expect, it } from 'vitest';
import type { CaseFile, EarlyWarningDocument, EnterpriseRecord, GradingDocument, PolicyBundle, PolicyDocument } from '@policy/schemas';
import { policyBundleAt } from '@policy/schemas/node';
import { compileOrThrow } from './compile.ts';
import { evaluateCases } from './golden.ts';
import { buildPopulation } from './population.ts';
import { supervisionTriggers } from './triggers.ts';
import { earlyWarnings } from './warnings.ts';

const AT = '2026-10-31';
const GOOD_FOOD = { 'food.inspectionPassRate': 100, 'food.incidents': 0, 'food.inspectionResult': 'compliant', 'food.complaints': 0, 'food.traceability': true, 'food.safetyOfficer': true };
const food = (k: number, name: string, indicators: Record<string, unknown>, score = 95): EnterpriseRecord =>
  ({
    uscc: `91410481MA41${String(k).padStart(5, '0')}X`,
    name,
    industryCode: 'C1431',
    regionCode: '410481',
    status: 'active',
    publicCreditScore: score,
    indicators: Object.fromEntries(Object.entries({ ...GOOD_FOOD, ...indicators }).filter(([, v]) => v !== undefined)),
  }) as EnterpriseRecord;

const ENTERPRISES: EnterpriseRecord[] = [
  /* 0 */ food(0, '合格率50公司', { 'food.inspectionPassRate': 50 }),
  // the first text of each column: dictionary index 0 (0 < 100 held before the fix)
  /* 1 */ food(1, '合格率n/a公司', { 'food.inspectionPassRate': 'n/a', 'food.complaints': 'n/a' }),
  // the second text: index 1 (1 >= 1 held before the fix)
  /* 2 */ food(2, '合格率未填报公司', { 'food.inspectionPassRate': '未填报', 'food.complaints': '未填报' }),
  /* 3 */ food(3, '合格率缺失公司', { 'food.inspectionPassRate': undefined }),
  /* 4 */ food(4, '合格率100公司', {}),
  /* 5 */ food(5, '合格率n/a低分公司', { 'food.inspectionPassRate': 'n/a' }, 60),
  /* 6 */ food(6, '投诉2件公司', { 'food.complaints': 2 }),
];

const PASS_GRADES: GradingDocument = {
  id: 'food-pass-rate-class',
  owner: 'market-regulation',
  version: 1,
  title: '抽检合格率分级',
  effectiveFrom: '2026-01-01',
  kind: 'grading',
  content: {
    grades: [
      { code: 'good', label: { zh: '合格率高' } },
      { code: 'poor', label: { zh: '合格率低' } },
      { code: 'unrated', label: { zh: '未评价' } },
    ],
    window: { years: 1, months: 0 },
    severities: {},
    measures: [{ id: 'pass-rate', type: 'indicator', key: 'food.inspectionPassRate' }],
    decision: {
      type: 'bands',
      measure: 'pass-rate',
      range: { min: 0, max: 100 },
      bands: [
        { id: 'good', grade: 'good', min: { value: 95, inclusive: true }, max: { value: 100, inclusive: true } },
        { id: 'poor', grade: 'poor', min: { value: 0, inclusive: true }, max: { value: 95, inclusive: false } },
      ],
      missingGrade: 'unrated',
      missingRuleId: 'no-pass-rate',
    },
    overrides: [],
  },
} as GradingDocument;

/** The same indicator graded by a rule table: an equality with a text first, then a numeric threshold. */
const PASS_RULES: GradingDocument = {
  ...PASS_GRADES,
  id: 'food-pass-rate-rules',
  title: '抽检合格率规则',
  content: {
    ...PASS_GRADES.content,
    decision: {
      type: 'rules',
      rules: [
        { id: 'reported-na', grade: 'unrated', when: { measure: 'pass-rate', op: '==', value: 'n/a' } },
        { id: 'below-95', grade: 'poor', when: { measure: 'pass-rate', op: '<', value: 95 } },
        { id: 'otherwise', grade: 'good', when: { always: true } },
      ],
    },
  },
} as GradingDocument;

const seeds = policyBundleAt(AT);
const bundle: PolicyBundle = {
  documents: [
    ...seeds.documents.map((d): PolicyDocument => {
      if (d.id !== 'early-warning-market-regulation') return d;
      const copy = structuredClone(d) as EarlyWarningDocument;
      copy.content.measures.push({ id: 'pass-rate', type: 'indicator', key: 'food.inspectionPassRate', label: { zh: '食品安全抽检合格率(%)', en: 'Food safety sampling pass rate (%)' } });
      copy.content.rules = [
        { id: 'pass-rate-below-100', label: { zh: '抽检合格率低于100%' }, when: { measure: 'pass-rate', op: '<', value: 100 }, notify: ['market-regulation'] },
        {
          id: 'pass-rate-or-score',
          label: { zh: '抽检合格率低于100%或评价分不高于70分' },
          when: { any: [{ measure: 'pass-rate', op: '<', value: 100 }, { measure: 'public-credit-score', op: '<=', value: 70 }] },
          notify: ['market-regulation'],
        },
        { id: 'pass-rate-not-100', label: { zh: '抽检合格率不等于100%' }, when: { measure: 'pass-rate', op: '!=', value: 100 }, notify: ['market-regulation'] },
        { id: 'pass-rate-na', label: { zh: '抽检合格率填报为 n/a' }, when: { measure: 'pass-rate', op: '==', value: 'n/a' }, notify: ['market-regulation'] },
      ] as EarlyWarningDocument['content']['rules'];
      return copy;
    }),
    PASS_GRADES,
    PASS_RULES,
  ],
};

describe('a text where a number is expected is no number (treated as missing in numeric comparisons)', () => {
  const ev = compileOrThrow(bundle);
  const pop = buildPopulation(ENTERPRISES);
  const res = ev.evaluate(pop, AT);
  const warned = earlyWarnings(ev, pop, res)!;
  const fired = (i: number) => warned.of(i).map((w) => w.ruleId);

  it('an early-warning rule `< 100` warns a numeric 50, never a text ("n/a", "未填报") — as a missing value; `!=` holds for both, as for a missing value; `== "n/a"` only for that text', () => {
    expect(fired(0)).toEqual(['pass-rate-below-100', 'pass-rate-or-score', 'pass-rate-not-100']);
    expect(fired(1)).toEqual(['pass-rate-not-100', 'pass-rate-na']);
    expect(fired(2)).toEqual(['pass-rate-not-100']);
    expect(fired(3)).toEqual(['pass-rate-not-100']);
    expect(fired(4)).toEqual([]);
    expect(warned.rules.map((r) => `${r.ruleId} ${r.count}`)).toEqual(['pass-rate-below-100 1', 'pass-rate-or-score 2', 'pass-rate-not-100 5', 'pass-rate-na 2']);
  });

  it('the explanation shows the text, marked as no number, and that the comparison does not hold', () => {
    const w = ev.explain(pop, 5, AT).warnings!.find((x) => x.ruleId === 'pass-rate-or-score')!;
    expect(w.values).toEqual([
      { leaf: 'measure', measure: 'pass-rate', label: { zh: '食品安全抽检合格率(%)', en: 'Food safety sampling pass rate (%)' }, value: 'n/a', op: '<', threshold: 100, holds: false, notNumber: true },
      expect.objectContaining({ measure: 'public-credit-score', value: 60, op: '<=', threshold: 70, holds: true }),
    ]);
    // a number is not marked; a text compared with a text is not either
    const fifty = ev.explain(pop, 0, AT).warnings!.find((x) => x.ruleId === 'pass-rate-below-100')!;
    expect(fifty.values).toEqual([expect.objectContaining({ value: 50, holds: true })]);
    expect(fifty.values![0]).not.toHaveProperty('notNumber');
    const na = ev.explain(pop, 1, AT).warnings!.find((x) => x.ruleId === 'pass-rate-na')!;
    expect(na.values).toEqual([expect.objectContaining({ value: 'n/a', op: '==', threshold: 'n/a', holds: true })]);
    expect(na.values![0]).not.toHaveProperty('notNumber');
  });

  it('a golden case of the early-warning document carries the text, marked as no number, in its actual values', () => {
    const file = { at: AT, cases: [{ name: '合格率 n/a、评价分60', enterprise: ENTERPRISES[5]!, expect: { warned: ['pass-rate-or-score', 'pass-rate-not-100', 'pass-rate-na'] } }] } as CaseFile;
    const [o] = evaluateCases(ev, { id: 'early-warning-market-regulation', kind: 'early-warning' }, file);
    expect(o!.passed, o!.message).toBe(true);
    const values = (o!.actual as { values: Record<string, unknown[]> }).values['pass-rate-or-score'];
    expect(values![0]).toMatchObject({ measure: 'pass-rate', value: 'n/a', op: '<', threshold: 100, holds: false, notNumber: true });
  });

  it('a supervision-item trigger point (SCJG-001 合格率 < 100, 投诉举报 ≥ 1) is triggered by numbers, never by a text', () => {
    const triggers = supervisionTriggers(ev, pop, res)!;
    const points = (i: number, code: string) => triggers.of(i).find((t) => t.code === code)?.triggers.map((t) => t.id) ?? [];
    expect(points(0, 'SCJG-001')).toContain('trigger-1');
    expect(points(6, 'SCJG-001')).toContain('trigger-2');
    expect(points(6, 'SCJG-002')).toEqual(['trigger-1']);
    for (const i of [1, 2, 3, 4, 5]) {
      expect(points(i, 'SCJG-001'), ENTERPRISES[i]!.name).not.toContain('trigger-1');
      expect(points(i, 'SCJG-001'), ENTERPRISES[i]!.name).not.toContain('trigger-2');
      expect(points(i, 'SCJG-002'), ENTERPRISES[i]!.name).toEqual([]);
    }
  });

  it('a grading of the indicator: bands give a text the missing grade; a rule table compares it as missing, and its equality with a text still holds', () => {
    const grade = (doc: string, i: number) => {
      const r = res.toJSON(i).results[doc]!;
      return `${r.grade} ${r.rule}`;
    };
    expect([0, 1, 2, 3, 4].map((i) => grade('food-pass-rate-class', i))).toEqual(['poor poor', 'unrated no-pass-rate', 'unrated no-pass-rate', 'unrated no-pass-rate', 'good good']);
    expect([0, 1, 2, 3, 4].map((i) => grade('food-pass-rate-rules', i))).toEqual(['poor below-95', 'unrated reported-na', 'good otherwise', 'good otherwise', 'good otherwise']);
  });

  it('the explanation of a grading marks a text measure compared with a number as no number; a number, a missing value and a text only compared with a text are not marked', () => {
    const measure = (doc: string, i: number) => ev.explain(pop, i, AT).documents.find((d) => d.id === doc)!.measures.find((m) => m.id === 'pass-rate')!;
    // bands on the indicator: "n/a" and "未填报" are read as no value (the missing grade)
    expect(measure('food-pass-rate-class', 1)).toEqual({ id: 'pass-rate', type: 'indicator', value: 'n/a', notNumber: true });
    expect(measure('food-pass-rate-class', 2)).toEqual({ id: 'pass-rate', type: 'indicator', value: '未填报', notNumber: true });
    // a rule table comparing it with a text and with a number: still no number for `< 95`
    expect(measure('food-pass-rate-rules', 1)).toEqual({ id: 'pass-rate', type: 'indicator', value: 'n/a', notNumber: true });
    expect(measure('food-pass-rate-class', 0)).toEqual({ id: 'pass-rate', type: 'indicator', value: 50 });
    expect(measure('food-pass-rate-class', 3)).toEqual({ id: 'pass-rate', type: 'indicator', value: null });
    // a grading that compares the indicator only with a text: a text is what it expects
    const textOnly: GradingDocument = {
      ...PASS_RULES,
      id: 'food-pass-rate-text',
      content: { ...PASS_RULES.content, decision: { type: 'rules', rules: [{ id: 'reported-na', grade: 'unrated', when: { measure: 'pass-rate', op: '==', value: 'n/a' } }, { id: 'otherwise', grade: 'good', when: { always: true } }] } },
    } as GradingDocument;
    const ev2 = compileOrThrow({ documents: [...bundle.documents, textOnly] });
    expect(ev2.explain(pop, 1, AT).documents.find((d) => d.id === 'food-pass-rate-text')!.measures).toEqual([{ id: 'pass-rate', type: 'indicator', value: 'n/a' }]);
  });

  it('the food industry model scores a text pass rate with the indicator\'s missing points, as a missing one', () => {
    const passRate = (i: number) => ev.explain(pop, i, AT).documents.find((d) => d.id === 'industry-model-food-safety')!.indicators!.find((x) => x.id === 'sampling-pass-rate')!;
    const missing = passRate(3);
    expect(missing).toMatchObject({ value: null, points: 80 });
    expect(passRate(1)).toMatchObject({ value: 'n/a', points: 80 });
    expect(passRate(2)).toMatchObject({ value: '未填报', points: 80 });
    expect(passRate(0).points).not.toBe(80);
  });
});
