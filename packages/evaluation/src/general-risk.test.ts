/**
 * Issue 13 finding 2 (003 第七条–第九条): the general risk classification in the engine — every
 * enterprise in the register graded A 低 … D 高 by the AHP-weighted common indicators (no domain),
 * the deregistered outside it, and the food model refining it (第九条: no better than the general
 * class, by its refines rule) whatever the order of the documents; a non-food enterprise with the
 * same data keeps its general class and has no food grade. The explanation lists the common
 * indicators with their values, points and weights.
 */
import { describe, expect, it } from 'vitest';
import type { EnterpriseRecord, PolicyBundle, SamplingDocument } from '@policy/schemas';
import { policyBundleAt } from '@policy/schemas/node';
import { compileOrThrow } from './compile.ts';
import { explainEnterprise } from './explain.ts';
import { buildPopulation } from './population.ts';

const AT = '2026-10-31';
const GOOD_FOOD = { 'food.inspectionPassRate': 100, 'food.incidents': 0, 'food.inspectionResult': 'compliant', 'food.complaints': 0, 'food.traceability': true, 'food.safetyOfficer': true };
/** Common indicators the general classification scores 68 (class C) with a public score of 90 and no record. */
const POOR_COMMON = {
  'general.yearsEstablished': 0.5,
  'general.insuredStaff': 0,
  'general.annualReportOnTime': false,
  'general.relatedSeriousDishonesty': 2,
  'general.relatedAbnormalOperation': 3,
  'general.complaints': 10,
};
const food: EnterpriseRecord = { uscc: '91410481MA4000911L', name: '舞钢市新开张速冻食品有限公司', industryCode: 'C1431', regionCode: '410481', status: 'active', publicCreditScore: 90, indicators: { ...GOOD_FOOD, ...POOR_COMMON } };
const nonFood: EnterpriseRecord = { ...food, uscc: '91410481MA40007005', name: '舞钢市同指标工艺品有限公司', industryCode: 'C2438' };
const gone: EnterpriseRecord = { ...nonFood, uscc: '91410481MA40008021', name: '舞钢市已注销商贸有限公司', status: 'deregistered' };
const seeds = policyBundleAt(AT);

describe('the general risk classification (issue 13, finding 2)', () => {
  it('grades every enterprise in the register from the common indicators, food or not; the deregistered have no grade', () => {
    const r = compileOrThrow(seeds).evaluate(buildPopulation([food, nonFood, gone]), AT);
    for (const k of [0, 1]) {
      expect(r.toJSON(k).results['public-credit-class']).toMatchObject({ grade: 'A' });
      expect(r.toJSON(k).results['general-risk-class']).toEqual({ grade: 'C', rule: 'c-50-to-70', score: 68 });
    }
    expect(r.toJSON(2).outsideRegister).toBe(true);
    expect(r.toJSON(2).results['general-risk-class']).toBeUndefined();
  });

  it('the food model refines it: an A by the food indicators becomes C, decided by the refines rule; the non-food enterprise has no food grade', () => {
    const r = compileOrThrow(seeds).evaluate(buildPopulation([food, nonFood]), AT);
    const f = r.toJSON(0).results['industry-model-food-safety']!;
    expect(f.score).toBeGreaterThan(85);
    expect(f).toMatchObject({ grade: 'C', rule: 'refines:general-risk-class' });
    expect(r.toJSON(1).results['industry-model-food-safety']).toBeUndefined();
    // sampling in food follows the food model, which now carries the general class
    expect(r.toJSON(0).sampling).toMatchObject({ grade: 'C', decidedBy: 'industry-model-food-safety' });
  });

  it('worst-of with the public class is still reported as worst-of (the refinement rule does not take its place)', () => {
    const suspended: EnterpriseRecord = {
      ...food,
      indicators: GOOD_FOOD,
      records: [{ id: 'r1', kind: 'penalty.production-suspension', date: '2026-05-01' }],
    };
    const r = compileOrThrow(seeds).evaluate(buildPopulation([suspended]), AT);
    expect(r.toJSON(0).results['public-credit-class']).toMatchObject({ grade: 'C' });
    expect(r.toJSON(0).results['industry-model-food-safety']).toMatchObject({ grade: 'C', rule: 'worst-of:public-credit-class' });
  });

  it('the order of the documents does not matter: the general classification is evaluated first', () => {
    const reversed: PolicyBundle = { documents: [...seeds.documents].sort((a, b) => (a.id === 'general-risk-class' ? 1 : b.id === 'general-risk-class' ? -1 : 0)) };
    expect(reversed.documents.at(-1)!.id).toBe('general-risk-class');
    const r = compileOrThrow(reversed).evaluate(buildPopulation([food]), AT);
    expect(r.toJSON(0).results['industry-model-food-safety']).toMatchObject({ grade: 'C', rule: 'refines:general-risk-class' });
  });

  it('without the refinement the food model keeps its own grade (worst-of with the public class only)', () => {
    const plain: PolicyBundle = {
      documents: seeds.documents.map((d) =>
        d.kind === 'industry-model' && d.id === 'industry-model-food-safety' ? { ...d, content: { ...d.content, combine: { with: 'public-credit-class', method: 'worst-of' } } } : d,
      ),
    };
    const r = compileOrThrow(plain).evaluate(buildPopulation([food]), AT);
    expect(r.toJSON(0).results['industry-model-food-safety']).toMatchObject({ grade: 'A', rule: 'a-85-to-100' });
  });

  it('the explanation lists the common indicators with values, points and weights summing to the score', () => {
    const ev = compileOrThrow(seeds);
    const pop = buildPopulation([nonFood]);
    const e = explainEnterprise(ev, pop, 0, AT);
    const g = e.documents.find((d) => d.id === 'general-risk-class')!;
    expect(g.grade).toBe('C');
    const byId = new Map(g.indicators!.map((x) => [x.id, x]));
    expect(byId.get('related-serious-dishonesty')).toMatchObject({ value: 2, points: 30 });
    expect(byId.get('public-credit-score')).toMatchObject({ value: 90, points: 90 });
    const sum = g.indicators!.reduce((s, x) => s + x.points * x.weight, 0);
    expect(sum).toBeCloseTo(68, 6);
    expect(g.indicators!.reduce((s, x) => s + x.weight, 0)).toBeCloseTo(1, 9);
  });

  it('the sampling document may let the general class decide in a domain; elsewhere the public class still decides', () => {
    const boiler: EnterpriseRecord = { ...nonFood, uscc: '91410481MA4000706P', name: '舞钢市锅炉制造有限公司', industryCode: 'C3411' };
    const bundle: PolicyBundle = {
      documents: seeds.documents.map((d) =>
        d.kind === 'sampling'
          ? ({ ...d, content: { ...d.content, domainBasis: [...(d.content.domainBasis ?? []), { domain: 'special-equipment', document: 'general-risk-class' }] } } as SamplingDocument)
          : d,
      ),
    };
    const r = compileOrThrow(bundle).evaluate(buildPopulation([boiler, nonFood]), AT);
    expect(r.toJSON(0).domains).toContain('special-equipment');
    expect(r.toJSON(0).sampling).toMatchObject({ grade: 'C', decidedBy: 'general-risk-class' });
    expect(r.toJSON(1).sampling).toMatchObject({ grade: 'A', decidedBy: 'public-credit-class' });
  });
});
