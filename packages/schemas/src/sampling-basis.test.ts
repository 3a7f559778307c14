/**
 * Issue 13: the sampling document's per-domain basis (finding 1) and yearly plans with the
 * differentiated share in enterprises (finding 4) — structure, semantic checks with pointers and
 * place-naming messages, and the sentences of the semantic diff.
 */
import { describe, expect, it } from 'vitest';
import type { PolicyDocument, SamplingDocument } from './documents.ts';
import { policyDocument } from './documents.ts';
import { semanticDiff } from './diff.ts';
import { seedDocument } from './fixtures.ts';
import { differentiatedPlanShares } from './plan-share.ts';
import { validateBundle, validateDocument } from './validate.ts';

const seed = <K extends PolicyDocument['kind']>(id: string, _kind: K) => policyDocument.parse(seedDocument(id)) as Extract<PolicyDocument, { kind: K }>;
const codes = (issues: { severity: string; code: string; path: string }[]) => issues.map((i) => `${i.severity} ${i.code} ${i.path}`);
const bundle = (sampling: SamplingDocument) => [
  seed('public-credit-class', 'grading'),
  seed('public-credit-score', 'grading'),
  // the food model refines the general risk classification (issue 13 finding 2)
  seed('general-risk-class', 'industry-model'),
  seed('industry-model-food-safety', 'industry-model'),
  seed('domain-assignment', 'domain-assignment'),
  sampling,
];

describe('per-domain sampling basis (finding 1)', () => {
  it('the seed table lets the food model decide in the food domain, and the seed bundle is clean', () => {
    const s = seed('sampling', 'sampling');
    expect(s.content.domainBasis).toEqual([expect.objectContaining({ domain: 'food', document: 'industry-model-food-safety' })]);
    expect(validateBundle(bundle(s)).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('a domain named twice is an error at the second entry', () => {
    const s = seed('sampling', 'sampling');
    s.content.domainBasis = [...s.content.domainBasis!, { domain: 'food', document: 'public-credit-class' }];
    const r = validateDocument(s);
    expect(r.success).toBe(false);
    expect(codes(r.issues)).toContain('error sampling.basis-duplicate /content/domainBasis/1/domain');
    expect(r.issues.find((i) => i.code === 'sampling.basis-duplicate')!.message).toContain('监管领域 food');
  });

  it('an unknown document, an unknown domain, a document whose grades have no rows, a model of another domain', () => {
    const s = seed('sampling', 'sampling');
    s.content.domainBasis = [
      { domain: 'food', document: 'no-such-model' },
      { domain: 'no-such-domain', document: 'public-credit-class' },
      { domain: 'drugs', document: 'public-credit-score' },
      { domain: 'medical-devices', document: 'industry-model-food-safety' },
    ];
    const issues = codes(validateBundle(bundle(s)));
    expect(issues).toContain('error bundle.unknown-reference /content/domainBasis/0/document');
    expect(issues).toContain('error bundle.unknown-reference /content/domainBasis/1/domain');
    // public-credit-score's grades (excellent … poor) have no rows; its unrated grade only a warning
    expect(issues).toContain('error sampling.grade-missing /content/domainBasis/2/document');
    expect(issues).toContain('warning sampling.grade-missing /content/domainBasis/2/document');
    expect(issues).toContain('warning sampling.basis-domain-mismatch /content/domainBasis/3/document');
  });

  it('an exception may name a grade of a basis document', () => {
    const s = seed('sampling', 'sampling');
    s.content.rows.push({ grade: 'excellent', ratioPercent: 2, frequencyPerYear: 1, onSite: 'on-trigger' });
    s.content.domainBasis = [{ domain: 'drugs', document: 'public-credit-score' }];
    s.content.exceptions.push({ domain: 'drugs', grade: 'excellent', ratioPercent: 10, frequencyPerYear: 1 });
    expect(codes(validateBundle(bundle(s))).filter((x) => x.includes('grades.unknown'))).toEqual([]);
    s.content.exceptions.push({ domain: 'drugs', grade: 'superb', ratioPercent: 10, frequencyPerYear: 1 });
    expect(codes(validateBundle(bundle(s)))).toContain(`error grades.unknown /content/exceptions/${s.content.exceptions.length - 1}/grade`);
  });

  it('the semantic diff says which domain now follows which document, and the other way', () => {
    const before = seed('sampling', 'sampling');
    const after = seed('sampling', 'sampling');
    delete after.content.domainBasis;
    expect(semanticDiff('sampling', before, after).sentences.map((x) => x.zh)).toEqual(['领域 food 不再按 industry-model-food-safety 抽查，改按依据的评价 public-credit-class']);
    expect(semanticDiff('sampling', after, before).sentences.map((x) => x.zh)).toEqual(['领域 food 改按 industry-model-food-safety 的等级抽查（原按依据的评价 public-credit-class）']);
    const changed = seed('sampling', 'sampling');
    changed.content.domainBasis![0]!.document = 'public-credit-class';
    expect(semanticDiff('sampling', before, changed).sentences.map((x) => x.en)).toEqual(['sampling basis of domain food industry-model-food-safety → public-credit-class']);
  });
});

const plan = (department: string, year: number, differentiated: number, targeted: number, complaint: number, fullCoverage: number) => ({
  department,
  year,
  enterprises: { differentiated, targeted, complaint, fullCoverage },
});

describe('the differentiated share of the yearly plans, in enterprises (finding 4)', () => {
  it('the 70% check fails on a plan that is 60% differentiated', () => {
    const s = seed('sampling', 'sampling');
    s.content.differentiatedShareYear = 2023;
    s.content.inspectionPlans = [plan('market-regulation', 2023, 600, 200, 150, 50)];
    const r = validateDocument(s, { names: { department: (id) => (id === 'market-regulation' ? { zh: '市场监督管理局', en: 'Market Regulation' } : undefined) } });
    const issue = r.issues.find((i) => i.code === 'sampling.differentiated-share-below')!;
    expect(issue.severity).toBe('warning');
    expect(issue.path).toBe('/content/inspectionPlans/0/enterprises/differentiated');
    expect(issue.message).toBe('市场监督管理局 2023 年差异化抽查占比 60.0%，低于目标 70%，差 10.0 个百分点（差异化抽查 600 户 / 计划检查 1000 户）');
    expect(issue.messageEn).toContain('below the target 70% by 10.0 percentage points');
  });

  it('passes at exactly 70%, and counts enterprises, not inspections', () => {
    const s = seed('sampling', 'sampling');
    s.content.differentiatedShareYear = 2023;
    s.content.inspectionPlans = [plan('market-regulation', 2023, 700, 100, 100, 100)];
    expect(validateDocument(s).issues.filter((i) => i.code === 'sampling.differentiated-share-below')).toEqual([]);
    expect(differentiatedPlanShares(s.content)[0]).toMatchObject({ sharePercent: 70, targetPercent: 70, meetsTarget: true, gapPoints: 0, total: 1000 });
  });

  it('a shortfall hidden by rounding is still written as one: 69.96% is not 70.0%', () => {
    const s = seed('sampling', 'sampling');
    s.content.inspectionPlans = [plan('market-regulation', 2023, 6996, 3004, 0, 0)];
    const issue = validateDocument(s).issues.find((i) => i.code === 'sampling.differentiated-share-below')!;
    expect(issue.message).toContain('差异化抽查占比 69.96%，低于目标 70%，差 0.04 个百分点');
  });

  it('the target applies to its year only; without a year, to every year', () => {
    const s = seed('sampling', 'sampling');
    s.content.differentiatedShareYear = 2023;
    s.content.inspectionPlans = [plan('market-regulation', 2024, 10, 90, 0, 0)];
    expect(differentiatedPlanShares(s.content)[0]).toMatchObject({ targetPercent: null, meetsTarget: null });
    expect(validateDocument(s).issues.filter((i) => i.code === 'sampling.differentiated-share-below')).toEqual([]);
    delete s.content.differentiatedShareYear;
    expect(differentiatedPlanShares(s.content)[0]).toMatchObject({ targetPercent: 70, meetsTarget: false });
  });

  it('one plan per department and year; unknown departments are named against the directory', () => {
    const s = seed('sampling', 'sampling');
    s.content.inspectionPlans = [plan('market-regulation', 2023, 80, 20, 0, 0), plan('market-regulation', 2023, 90, 10, 0, 0), plan('no-such-bureau', 2023, 1, 0, 0, 0)];
    expect(codes(validateDocument(s).issues)).toContain('error sampling.plan-duplicate /content/inspectionPlans/1');
    expect(codes(validateBundle(bundle(s)))).toContain('error bundle.unknown-reference /content/inspectionPlans/2/department');
  });

  it('a count that is not a whole number of enterprises is a structural error naming the field by its title', () => {
    const s = seed('sampling', 'sampling') as unknown as { content: Record<string, unknown> };
    s.content.inspectionPlans = [plan('market-regulation', 2023, 60.5, 40, 0, 0)];
    const r = validateDocument(s);
    expect(r.success).toBe(false);
    expect(r.issues[0]!.path).toBe('/content/inspectionPlans/0/enterprises/differentiated');
    expect(r.issues[0]!.message).toContain('差异化抽查户数');
  });

  it('the semantic diff gives the plan changes with the shares before and after', () => {
    const before = seed('sampling', 'sampling');
    before.content.inspectionPlans = [plan('market-regulation', 2023, 600, 200, 150, 50)];
    const after = seed('sampling', 'sampling');
    after.content.differentiatedShareYear = 2023;
    after.content.inspectionPlans = [plan('market-regulation', 2023, 750, 50, 150, 50)];
    expect(semanticDiff('sampling', before, after).sentences.map((x) => x.zh)).toEqual([
      '差异化抽查占比目标年度 每年 → 2023 年',
      'market-regulation 2023 年抽查计划：差异化抽查 600 → 750 户，定向抽查 200 → 50 户；差异化抽查占比 60.0% → 75.0%',
    ]);
  });
});
