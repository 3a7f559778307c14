/** Golden-case coverage: the cases reaching each rule, band, override, threshold, indicator band, sampling row and domain; the uncovered ones. */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CaseFile, GradingDocument, PolicyDocument } from '@policy/schemas';
import { validateDocument } from '@policy/schemas';
import { readPolicyFiles } from '@policy/schemas/node';
import { caseCoverage } from './coverage.ts';
import type { CoverageCase } from './coverage.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const files = readPolicyFiles([join(root, 'policies')], root);
const allVersions: PolicyDocument[] = files.map((f) => {
  const r = validateDocument(JSON.parse(f.text));
  if (!r.success) throw new Error(f.displayPath);
  return r.data;
});
/** The newest version of each document of policies/ (a v2 beside v1 would make a bundle name a document twice). */
const docs: PolicyDocument[] = [...new Map([...allVersions].sort((a, b) => a.version - b.version).map((d) => [d.id, d] as const)).values()];
const newestVersion = (id: string) => docs.find((d) => d.id === id)!.version;
const casesOf = (id: string): CoverageCase[] => {
  const file = JSON.parse(readFileSync(join(root, 'policies', id, `v${newestVersion(id)}.cases.json`), 'utf8')) as CaseFile;
  return file.cases.map((c) => ({ name: c.name, at: c.at ?? file.at, enterprise: c.enterprise }));
};
const cover = (bundle: PolicyDocument[], id: string, cases = casesOf(id)) => {
  const r = caseCoverage(bundle, id, cases);
  if (!r.success) throw new Error(JSON.stringify(r.problems));
  return r;
};
const byId = (r: ReturnType<typeof cover>) => Object.fromEntries(r.items.map((i) => [`${i.kind} ${i.id}`, i.cases]));

describe('caseCoverage', () => {
  it('names the cases reaching each rule of public-credit-class; every rule is reached by the default cases', () => {
    const r = cover(docs, 'public-credit-class');
    expect(r.cases).toBe(casesOf('public-credit-class').length);
    expect(r.items.every((i) => i.kind === 'rule' || i.kind === 'override')).toBe(true);
    expect(r.items.map((i) => i.path)).toContain('/content/decision/rules/0');
    expect(r.uncovered).toEqual([]);
    expect(Object.values(byId(r)).flat()).toContain('无任何失信记录的企业评为A类(守信)');
  });

  it('lists a rule no case reaches as uncovered, with its pointer and label', () => {
    const base = docs.find((d) => d.id === 'public-credit-class') as GradingDocument;
    if (base.content.decision.type !== 'rules') throw new Error('rules expected');
    const rules = [...base.content.decision.rules];
    const never = { id: 'c-never', grade: rules[0]!.grade, when: { measure: base.content.measures.find((x) => x.type === 'recordCount')!.id, op: '>=' as const, value: 1000 } };
    rules.splice(0, 0, never);
    const edited = { ...base, content: { ...base.content, decision: { ...base.content.decision, rules } } } as GradingDocument;
    const r = cover(
      docs.map((d) => (d.id === edited.id ? edited : d)),
      'public-credit-class',
    );
    expect(r.uncovered.map((u) => [u.kind, u.id, u.path])).toEqual([['rule', 'c-never', '/content/decision/rules/0']]);
    expect(r.uncovered[0]!.label.zh.length).toBeGreaterThan(0);
    // with fewer cases more is uncovered, and nothing is reached by no cases at all
    expect(cover(docs, 'public-credit-class', []).uncovered.length).toBe(r.items.length - 1);
  });

  it('separates bands from the override that changed the grade (public-credit-score)', () => {
    const r = cover(docs, 'public-credit-score');
    const doc = docs.find((d) => d.id === 'public-credit-score') as GradingDocument;
    const override = doc.content.overrides[0]!;
    const m = byId(r);
    expect(m[`override ${override.id}`]).toContain('列入失信联合奖惩对象名单的企业即使95分也直接评为差级');
    // the 95-point case overridden to the worst grade still reaches the top band beneath the override
    const top = r.items.find((i) => i.kind === 'band' && i.cases.includes('满分100分为优级'))!;
    expect(top.cases).toContain('列入失信联合奖惩对象名单的企业即使95分也直接评为差级');
  });

  it('covers model thresholds, the worst-of combination and indicator bands', () => {
    const r = cover(docs, 'industry-model-food-safety');
    expect(r.items.some((i) => i.kind === 'threshold')).toBe(true);
    expect(r.items.find((i) => i.kind === 'combine')?.cases).toContain('行业指标满分但有1次责令停产停业(公共分类C类):取较差者评为C');
    const indicatorBands = r.items.filter((i) => i.kind === 'indicator-band');
    expect(indicatorBands.length).toBeGreaterThan(0);
    expect(indicatorBands.some((i) => i.cases.length > 0)).toBe(true);
    for (const i of indicatorBands) expect(i.path).toMatch(/^\/content\/indicators\/\d+\/scoring\/bands\/\d+$/);
  });

  it('covers sampling rows and exceptions, and domains', () => {
    const s = cover(docs, 'sampling');
    const m = byId(s);
    expect(m['sampling-row grade:A']).toContain('A类企业按低比例3%、每年1次抽查(无事不扰)');
    const exception = s.items.find((i) => i.kind === 'sampling-exception' && i.cases.length > 0)!;
    expect(exception.cases).toContain('食品领域D类企业适用领域例外:100%、每年4次');
    expect(s.items.find((i) => i.kind === 'sampling-row' && i.id === 'grade:C')!.cases).toContain('食品领域C类企业不适用D类例外,仍按30%、每年2次');

    const d = cover(docs, 'domain-assignment');
    expect(byId(d)['domain food']).toContain('豆制品厂(C1392)属食品领域,同时因税务、公安的全覆盖领域归属3个部门');
  });

  it('skips a case whose enterprise record is invalid, and refuses a document not in the bundle', () => {
    const r = cover(docs, 'public-credit-class', [{ name: '坏记录', at: '2026-10-31', enterprise: { uscc: 'x' } }, ...casesOf('public-credit-class').slice(0, 1)]);
    expect([r.cases, r.skipped]).toEqual([1, ['坏记录']]);
    expect(caseCoverage(docs, 'nope', []).success).toBe(false);
  });
});

describe('caseCoverage of triggers and early warnings (issue 13)', () => {
  it('names the cases reaching each conditioned trigger point of the market-regulation list; an unreached one is uncovered', () => {
    const r = cover(docs, 'supervision-items-market-regulation');
    expect(r.items.length).toBeGreaterThan(0);
    expect(r.items.every((i) => i.kind === 'trigger')).toBe(true);
    const c = byId(r)['trigger SCJG-001/trigger-3']!;
    expect(c).toContain('食品生产企业1年内有严重失信记录(公共信用C类,食品模型取较差者为C):触发SCJG-001「信用风险分类为C、D类」');
    expect(r.items.find((i) => i.id === 'SCJG-001/trigger-3')!.label.zh).toContain('信用风险分类为C、D类');
    // without cases every conditioned trigger point is listed as uncovered, with its pointer
    const none = cover(docs, 'supervision-items-market-regulation', []);
    expect(none.uncovered.length).toBe(none.items.length);
    expect(none.uncovered.map((u) => u.path)).toContain('/content/items/0/triggers/2');
  });

  it('names the cases each early-warning rule warns; without the 70-point case its rule is uncovered', () => {
    const all = casesOf('early-warning-market-regulation');
    const r = cover(docs, 'early-warning-market-regulation', all);
    expect(r.items.map((i) => i.kind)).toEqual(r.items.map(() => 'warning-rule'));
    expect(byId(r)['warning-rule score-at-most-70']).toContain('评价分恰为70分(中档上限,≤70含70):预警「公共信用综合评价分降至中档及以下」');
    const fewer = cover(
      docs,
      'early-warning-market-regulation',
      all.filter((c) => !(byId(r)['warning-rule score-at-most-70'] ?? []).includes(c.name)),
    );
    expect(fewer.uncovered.map((u) => u.id)).toContain('score-at-most-70');
    expect(r.uncovered.map((u) => u.id)).not.toContain('score-at-most-70');
  });
});
