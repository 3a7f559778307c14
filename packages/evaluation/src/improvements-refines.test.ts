/**
 * Issue 13 findings 2 and 9: when a food business's grade comes from the general risk class the food
 * model refines (`refines:general-risk-class`), no change to its food indicators moves it; the
 * improvements say the general class must improve first, to which grade, and which common indicators
 * hold it back — and improving those indicators does give the stated food grade.
 */
import { describe, expect, it } from 'vitest';
import type { EnterpriseRecord } from '@policy/schemas';
import { policyBundleAt } from '@policy/schemas/node';
import { compileOrThrow } from './compile.ts';
import { improvements } from './improvements.ts';
import type { ImprovementChange } from './improvements.ts';
import { buildPopulation } from './population.ts';

const AT = '2026-10-31';
const GOOD_FOOD = { 'food.inspectionPassRate': 100, 'food.incidents': 0, 'food.inspectionResult': 'compliant', 'food.complaints': 0, 'food.traceability': true, 'food.safetyOfficer': true };
const POOR_COMMON = {
  'general.yearsEstablished': 0.5,
  'general.insuredStaff': 0,
  'general.annualReportOnTime': false,
  'general.relatedSeriousDishonesty': 2,
  'general.relatedAbnormalOperation': 3,
  'general.complaints': 10,
};
const food: EnterpriseRecord = { uscc: '91410481MA4000911L', name: '舞钢市新开张速冻食品有限公司', industryCode: 'C1431', regionCode: '410481', status: 'active', publicCreditScore: 90, indicators: { ...GOOD_FOOD, ...POOR_COMMON } };
const ev = compileOrThrow(policyBundleAt(AT));
type GeneralChange = Extract<ImprovementChange, { type: 'general-class' }>;

describe('improvements of a model capped by the general class it refines', () => {
  it('say the general class must improve first, to which grade, and what holds it back', () => {
    const pop = buildPopulation([food]);
    const r = ev.evaluate(pop, AT).toJSON(0).results;
    expect(r['industry-model-food-safety']).toMatchObject({ grade: 'C', rule: 'refines:general-risk-class' });
    expect(r['general-risk-class']).toMatchObject({ grade: 'C', score: 68 });
    const mine = improvements(ev, pop, 0, AT).filter((x) => x.document === 'industry-model-food-safety');
    expect(mine.map((x) => `${x.from}→${x.to}`)).toEqual(['C→B', 'C→A']);
    const [toB, toA] = mine.map((x) => x.changes[0] as GeneralChange);
    expect(toB).toMatchObject({ type: 'general-class', document: 'general-risk-class', from: 'C', grade: 'B', score: 68 });
    expect(toA!.grade).toBe('A');
    expect(toB!.decidedBy).toBeUndefined();
    // the common indicators losing the most weighted points, most first
    expect(toB!.shortfalls.map((s) => s.indicator)).toEqual(['complaints', 'annual-report', 'related-serious-dishonesty']);
    expect(toB!.shortfalls[1]).toMatchObject({ value: false, points: 30 });
    expect(mine[0]!.label.zh).toBe(
      '先将通用分类（企业信用风险通用分类）由 C（现68分）提升至 B（信用风险一般）或更好；失分最多的共性指标：1年内查实的投诉举报件数（10，0分，失10分）、按时报送并公示年度报告（否，30分，失7分）、关联企业中列入严重失信主体名单的户数（2，30分，失4.67分） → B',
    );
  });

  it('improving the named common indicators gives the stated food grades', () => {
    // the first shortfall alone (no substantiated complaint): general B, so food B, still capped by it
    const b: EnterpriseRecord = { ...food, indicators: { ...food.indicators, 'general.complaints': 0 } };
    const rb = ev.evaluate(buildPopulation([b]), AT).toJSON(0).results;
    expect(rb['general-risk-class']!.grade).toBe('B');
    expect(rb['industry-model-food-safety']).toMatchObject({ grade: 'B', rule: 'refines:general-risk-class' });
    // the three named: general A, and the food model decides by its own score again
    const a: EnterpriseRecord = { ...b, indicators: { ...b.indicators, 'general.annualReportOnTime': true, 'general.relatedSeriousDishonesty': 0 } };
    const ra = ev.evaluate(buildPopulation([a]), AT).toJSON(0).results;
    expect(ra['general-risk-class']!.grade).toBe('A');
    expect(ra['industry-model-food-safety']).toMatchObject({ grade: 'A', rule: 'a-85-to-100' });
  });

  it('no general-class suggestion when the model decides its own grade or the public class caps it', () => {
    const own: EnterpriseRecord = { ...food, indicators: { ...GOOD_FOOD, 'food.inspectionPassRate': 80, 'food.incidents': 2 } };
    const capped: EnterpriseRecord = { ...food, indicators: GOOD_FOOD, records: [{ id: 'R-1', kind: 'penalty.production-suspension', date: '2026-05-01' }] };
    for (const e of [own, capped]) {
      const pop = buildPopulation([e]);
      expect(ev.evaluate(pop, AT).toJSON(0).results['industry-model-food-safety']!.rule).not.toBe('refines:general-risk-class');
      expect(improvements(ev, pop, 0, AT).flatMap((x) => x.changes).some((c) => c.type === 'general-class')).toBe(false);
    }
  });
});
