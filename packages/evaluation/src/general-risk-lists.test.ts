/**
 * Issue 13 finding 2: an industry-model indicator may read the enterprise's own list membership
 * (`source.from: listMember`) — in force at the date as a grading's list condition (from ≤ at <
 * until) — scored yes / no. The general risk classification scores 经营异常名录 and 严重失信主体名单
 * listings in its 监管信息 dimension; the generated kernel, the explanation and the documented
 * semantics agree at the boundaries (listed on the day, removed on the day, listed the day after),
 * and a list nobody in the population is on scores everyone as not listed.
 */
import { describe, expect, it } from 'vitest';
import type { EnterpriseRecord, ListMembership } from '@policy/schemas';
import { policyBundleAt } from '@policy/schemas/node';
import { compileOrThrow } from './compile.ts';
import { explainEnterprise } from './explain.ts';
import { buildPopulation } from './population.ts';

const AT = '2026-10-31';
/** Common indicators that score 99.5 (class A) with a public score of 95 and no record or listing. */
const GOOD: EnterpriseRecord = {
  uscc: '91410481MA40009121',
  name: '舞钢市稳健商贸有限公司',
  industryCode: 'L7212',
  regionCode: '410481',
  status: 'active',
  publicCreditScore: 95,
  indicators: {
    'general.yearsEstablished': 10,
    'general.insuredStaff': 20,
    'general.annualReportOnTime': true,
    'general.relatedSeriousDishonesty': 0,
    'general.relatedAbnormalOperation': 0,
    'general.complaints': 0,
  },
};
const listed = (k: number, lists: ListMembership[]): EnterpriseRecord => ({ ...GOOD, uscc: `91410481MA4000${String(k).padStart(3, '0')}X1`, lists });
const seeds = policyBundleAt(AT);

describe('list memberships in the general risk classification (issue 13, finding 2)', () => {
  it('a listing in force at the date lowers the score; one that starts after or ended on the date does not', () => {
    const cases: { lists: ListMembership[]; score: number }[] = [
      { lists: [], score: 99.5 },
      // listed on the evaluation date: in force (30 points instead of 100, weight 0.4 × 1/6)
      { lists: [{ list: 'abnormal-operation', from: AT, until: null }], score: 94.83 },
      { lists: [{ list: 'abnormal-operation', from: '2026-01-05', until: '2026-11-01' }], score: 94.83 },
      // removed on the evaluation date, or listed the day after: not in force
      { lists: [{ list: 'abnormal-operation', from: '2026-01-05', until: AT }], score: 99.5 },
      { lists: [{ list: 'abnormal-operation', from: '2026-11-01', until: null }], score: 99.5 },
      // on the joint-punishment list only: not an indicator of the general classification
      { lists: [{ list: 'joint-punishment', from: '2026-01-05', until: null }], score: 99.5 },
      // both lists: 0 points for the serious-dishonesty listing as well
      { lists: [{ list: 'abnormal-operation', from: '2026-01-05', until: null }, { list: 'serious-dishonesty', from: '2026-02-01', until: null }], score: 88.17 },
    ];
    const records = cases.map((c, k) => listed(k, c.lists));
    const r = compileOrThrow(seeds).evaluate(buildPopulation(records), AT);
    cases.forEach((c, k) => expect({ k, score: r.toJSON(k).results['general-risk-class']!.score }).toEqual({ k, score: c.score }));
  });

  it('a list nobody in the population is on: everyone scores as not listed', () => {
    const r = compileOrThrow(seeds).evaluate(buildPopulation([listed(1, []), listed(2, [{ list: 'joint-punishment', from: '2026-01-05', until: null }])]), AT);
    expect(r.toJSON(0).results['general-risk-class']).toMatchObject({ grade: 'A', score: 99.5 });
    expect(r.toJSON(1).results['general-risk-class']!.score).toBe(99.5);
  });

  it('the explanation shows the listing as yes / no with its points, summing to the score', () => {
    const ev = compileOrThrow(seeds);
    const pop = buildPopulation([listed(3, [{ list: 'abnormal-operation', from: '2026-01-05', until: null }])]);
    const g = explainEnterprise(ev, pop, 0, AT).documents.find((d) => d.id === 'general-risk-class')!;
    const byId = new Map(g.indicators!.map((x) => [x.id, x]));
    expect(byId.get('abnormal-operation-listed')).toMatchObject({ value: true, points: 30 });
    expect(byId.get('serious-dishonesty-listed')).toMatchObject({ value: false, points: 100 });
    expect(g.indicators!.reduce((s, x) => s + x.points * x.weight, 0)).toBeCloseTo(94.8333, 3);
    expect(g.score).toBe(94.83);
  });
});
