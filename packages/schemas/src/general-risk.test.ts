/**
 * Issue 13 finding 2 (003 第七条–第九条): the general risk classification as an industry model with
 * classification general — the seed document's shape (five dimensions, AHP template weights, A–D
 * risk classes, no domain), the checks that name their place in Chinese, the refinement link of a
 * specialised model, the per-domain sampling basis naming it, and its sentences in the semantic diff.
 */
import { describe, expect, it } from 'vitest';
import { ahp } from './ahp.ts';
import type { IndustryModelDocument, PolicyDocument, SamplingDocument } from './documents.ts';
import { policyDocument } from './documents.ts';
import { semanticDiff } from './diff.ts';
import { seedDocument } from './fixtures.ts';
import { RISK_DIMENSIONS } from './general-risk.ts';
import { validateBundle, validateDocument } from './validate.ts';

const seed = <K extends PolicyDocument['kind']>(id: string, _kind: K) => policyDocument.parse(seedDocument(id)) as Extract<PolicyDocument, { kind: K }>;
const general = () => seed('general-risk-class', 'industry-model');
const codes = (issues: { severity: string; code: string; path: string }[]) => issues.map((i) => `${i.severity} ${i.code} ${i.path}`);
const seedBundle = (...replace: PolicyDocument[]) => {
  const ids = new Set(replace.map((d) => d.id));
  const base = ['public-credit-class', 'public-credit-score', 'general-risk-class', 'industry-model-food-safety', 'domain-assignment', 'sampling']
    .filter((id) => !ids.has(id))
    .map((id) => policyDocument.parse(seedDocument(id)));
  return [...base, ...replace];
};

describe('the seed general risk classification (003 第七条–第九条)', () => {
  it('is a general classification of every enterprise: no domain, A 低 … D 高, one criterion per dimension, consistent judgements', () => {
    const g = general();
    expect(g.kind).toBe('industry-model');
    expect(g.content.classification).toBe('general');
    expect(g.content.domain).toBeUndefined();
    expect(g.content.grades.map((x) => `${x.code} ${x.label.zh}`)).toEqual(['A 信用风险低', 'B 信用风险一般', 'C 信用风险较高', 'D 信用风险高']);
    expect(g.content.criteria.map((c) => c.dimension)).toEqual([...RISK_DIMENSIONS]);
    expect(ahp(g.content.criteriaMatrix).cr).toBeLessThan(0.1);
    // the weights are a template, and the document says so
    expect(g.description).toContain('模板');
    expect(g.description).toContain('不是官方数值');
    const r = validateDocument(g);
    expect(r.success).toBe(true);
    expect(r.issues).toEqual([]);
  });

  it('the seed set is clean with the general classification and the food model refining it', () => {
    const food = seed('industry-model-food-safety', 'industry-model');
    expect(food.content.combine.refines).toBe('general-risk-class');
    expect(validateBundle(seedBundle()).filter((i) => i.severity === 'error')).toEqual([]);
  });
});

describe('checks of the two classifications', () => {
  it('an inconsistent criteria matrix (CR ≥ 0.1) is an error in Chinese at the matrix', () => {
    const g = general();
    // supervision judged 4× basic, basic 4× social, yet social 4× supervision: circular
    const m = g.content.criteriaMatrix;
    m[2]![4] = 1 / 4;
    m[4]![2] = 4;
    const r = validateDocument(g);
    expect(r.success).toBe(false);
    const issue = r.issues.find((i) => i.code === 'ahp.inconsistent')!;
    expect(issue.path).toBe('/content/criteriaMatrix');
    expect(issue.message).toMatch(/一致性比率 CR = 0\.\d{3}，应小于 0\.100/);
  });

  it('a criterion without dimension is an error naming the criterion; a dimension without criteria a warning', () => {
    const g = general();
    delete g.content.criteria[3]!.dimension;
    const r = validateDocument(g);
    expect(r.success).toBe(false);
    expect(codes(r.issues)).toEqual(['error general.dimension-missing /content/criteria/3/dimension', 'warning general.dimension-absent /content/criteria']);
    expect(r.issues[0]!.message).toContain('准则“关联关系”未标明所属维度');
    expect(r.issues[1]!.message).toContain('没有“关联关系”维度的准则');
  });

  it('a general classification limited to a domain, or refining another, is an error', () => {
    const g = general() as IndustryModelDocument;
    g.content.domain = 'food';
    g.content.combine.refines = 'general-risk-class';
    const r = validateDocument(g);
    expect(codes(r.issues)).toEqual(['error general.has-domain /content/domain', 'error general.refines /content/combine/refines']);
    expect(r.issues[0]!.message).toContain('通用分类对全量企业统一分类，不限于监管领域 food');
  });

  it('a specialised model without a domain is an error', () => {
    const food = seed('industry-model-food-safety', 'industry-model');
    delete food.content.domain;
    const r = validateDocument(food);
    expect(r.success).toBe(false);
    expect(codes(r.issues)).toEqual(['error model.domain-missing /content/domain']);
    expect(r.issues[0]!.message).toContain('专业分类（行业评价模型）须指定监管领域');
  });

  it('refines must name a general classification of the set', () => {
    const food = seed('industry-model-food-safety', 'industry-model');
    food.content.combine.refines = 'public-credit-class';
    const issues = validateBundle(seedBundle(food));
    const issue = issues.find((i) => i.path === '/content/combine/refines')!;
    expect(issue.code).toBe('bundle.unknown-reference');
    expect(issue.message).toContain('该文档不是通用分类');
    food.content.combine.refines = 'no-such-class';
    expect(codes(validateBundle(seedBundle(food)))).toContain('error bundle.unknown-reference /content/combine/refines');
  });

  it('the per-domain sampling basis may name the general classification in any domain (no domain-mismatch warning)', () => {
    const s = seed('sampling', 'sampling') as SamplingDocument;
    s.content.domainBasis = [...(s.content.domainBasis ?? []), { domain: 'drugs', document: 'general-risk-class' }];
    const issues = validateBundle(seedBundle(s));
    expect(issues.filter((i) => i.path.startsWith('/content/domainBasis/1'))).toEqual([]);
  });
});

describe('semantic diff', () => {
  it('says a changed dimension, classification and refinement in words', () => {
    const before = general();
    const after = general();
    after.content.criteria[4]!.dimension = 'dynamic';
    const lines = semanticDiff('industry-model', before, after).sentences.map((c) => c.zh);
    expect(lines.some((l) => l.includes('准则 social 的所属维度 社会评价 → 动态信息'))).toBe(true);
    const food = seed('industry-model-food-safety', 'industry-model');
    const food2 = seed('industry-model-food-safety', 'industry-model');
    delete food2.content.combine.refines;
    expect(semanticDiff('industry-model', food, food2).sentences.map((c) => c.zh)).toContain('不再细化通用风险分类 general-risk-class');
  });
});
