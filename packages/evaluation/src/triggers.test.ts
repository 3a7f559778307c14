/**
 * Issue 13 finding 6: trigger-based supervision. The seed market-regulation list's conditioned
 * trigger points (信用风险分类为C、D类 = the food model's C or D, 监督抽检不合格, 投诉举报经核实) are
 * evaluated against the enterprise data into the items each enterprise triggers and the measures
 * that apply, counted per department; a bad reference refuses the bundle.
 */
import { describe, expect, it } from 'vitest';
import type { EnterpriseRecord, PolicyBundle, SupervisionItemsDocument } from '@policy/schemas';
import { policyBundleAt } from '@policy/schemas/node';
import { bundleFixture } from '@policy/schemas/fixtures';
import { compile, compileOrThrow } from './compile.ts';
import { generatePopulation } from './generate.ts';
import { buildPopulation } from './population.ts';
import { hasTriggerConditions, supervisionTriggers } from './triggers.ts';

const AT = '2026-10-31';
const GOOD_FOOD = { 'food.inspectionPassRate': 100, 'food.incidents': 0, 'food.inspectionResult': 'compliant', 'food.complaints': 0, 'food.traceability': true, 'food.safetyOfficer': true };
const base = { regionCode: '410481', status: 'active' as const, publicCreditScore: 95 };
/** Class A everywhere: good indicators, no record. */
const foodA: EnterpriseRecord = { ...base, uscc: '91410481MA40007119', name: '舞钢市守信食品有限公司', industryCode: 'C1431', indicators: GOOD_FOOD };
/** Good indicators, but a serious dishonesty record within the year: public class C, so food model C (worst-of). */
const foodC: EnterpriseRecord = {
  ...base,
  uscc: '91410481MA4000712C',
  name: '舞钢市严重失信食品有限公司',
  industryCode: 'C1431',
  indicators: GOOD_FOOD,
  records: [{ id: 'r1', kind: 'penalty.permit-suspension', date: '2026-05-01' }],
};
/** The same record and indicators, outside the food domain (a craft maker): no food item applies. */
const craftC: EnterpriseRecord = { ...foodC, uscc: '91410481MA40007207', name: '舞钢市严重失信工艺品有限公司', industryCode: 'C2438' };
/** Class A, but a failed sampling inspection and two verified complaints. */
const foodComplained: EnterpriseRecord = { ...foodA, uscc: '91410481MA40007308', name: '舞钢市被投诉食品有限公司', indicators: { ...GOOD_FOOD, 'food.inspectionPassRate': 96.5, 'food.complaints': 2 } };

const seeds = policyBundleAt(AT);
const withItems = (edit: (d: SupervisionItemsDocument) => void): PolicyBundle => ({
  documents: seeds.documents.map((d) => {
    if (d.id !== 'supervision-items-market-regulation') return d;
    const copy = structuredClone(d) as SupervisionItemsDocument;
    edit(copy);
    return copy;
  }),
});

describe('trigger-based supervision (issue 13 finding 6)', () => {
  const ev = compileOrThrow(seeds);
  const pop = buildPopulation([foodA, foodC, craftC, foodComplained]);
  const res = ev.evaluate(pop, AT);
  const report = supervisionTriggers(ev, pop, res)!;

  it('a C-graded food business triggers SCJG-001 by 信用风险分类为C、D类, with the item\'s measures; an A-graded one triggers nothing', () => {
    expect(res.toJSON(1).results['industry-model-food-safety']!.grade).toBe('C');
    expect(res.toJSON(0).results['industry-model-food-safety']!.grade).toBe('A');
    const c = report.of(1);
    expect(c.map((x) => `${x.code} ${x.triggers.map((t) => t.description).join('、')}`)).toEqual(['SCJG-001 信用风险分类为C、D类']);
    expect(c[0]!.department).toBe('market-regulation');
    expect(c[0]!.measures.map((m) => m.description)).toEqual([
      '依法责令限期整改并跟踪复查',
      '对发现的违法行为依法立案查处,处罚信息记于企业名下并归集至信用信息共享平台',
      '下一年度提高该企业抽查比例和频次',
      '约谈企业负责人',
    ]);
    expect(report.of(0)).toEqual([]);
  });

  it('outside the item\'s domain the same grade triggers nothing', () => {
    expect(res.toJSON(2).results['public-credit-class']!.grade).toBe('C');
    expect(report.of(2)).toEqual([]);
  });

  it('comparisons of the document\'s measures: a failed sampling and verified complaints trigger three food items', () => {
    expect(report.of(3).map((x) => `${x.code}:${x.triggers.map((t) => t.id).join(',')}`)).toEqual(['SCJG-001:trigger-1,trigger-2', 'SCJG-002:trigger-1', 'SCJG-003:trigger-2']);
  });

  it('per department: item → enterprises triggering it, per trigger point, with measures; items without conditions are not listed', () => {
    expect(report.departments.map((d) => d.department)).toEqual(['market-regulation']);
    const d = report.departments[0]!;
    expect(d.name?.zh).toBeTruthy();
    expect(d.enterprises).toBe(2);
    expect(d.items.map((x) => `${x.code} ${x.count}`)).toEqual(['SCJG-001 2', 'SCJG-002 1', 'SCJG-003 1']);
    const first = d.items[0]!;
    expect(first.triggers.map((t) => `${t.id} ${t.count} ${t.condition.zh}`)).toEqual([
      'trigger-1 1 食品安全抽检合格率(%) < 100',
      'trigger-2 1 投诉举报数(件,已查实) >= 1',
      'trigger-3 1 食品生产经营企业行业信用评价模型 等级为 C、D 之一',
    ]);
    expect(first.measures).toHaveLength(4);
    expect(d.items[1]!.textOnlyTriggers).toBe(1);
  });

  it('the explanation of an enterprise lists its triggered items', () => {
    expect(ev.explain(pop, 1, AT).triggered!.map((x) => x.code)).toEqual(['SCJG-001']);
    expect(ev.explain(pop, 0, AT).triggered).toEqual([]);
  });

  it('a bundle without conditions has no report and explanations without the field (documents written before stay as they were)', () => {
    const plain = withItems((d) => {
      for (const it of d.content.items) for (const t of it.triggers) delete t.condition;
      delete d.content.measures;
    });
    expect(hasTriggerConditions(plain)).toBe(false);
    const ev2 = compileOrThrow(plain);
    expect(supervisionTriggers(ev2, pop, ev2.evaluate(pop, AT))).toBeNull();
    expect(ev2.explain(pop, 1, AT)).not.toHaveProperty('triggered');
  });

  it('not, any and a grade under the public class; a record-count measure with the gradings\' window', () => {
    const b = withItems((d) => {
      d.content.measures = [...(d.content.measures ?? []), { id: 'suspensions', type: 'recordCount', kinds: ['penalty.permit-suspension'] }];
      d.content.items[1]!.triggers[1]!.condition = { all: [{ not: { document: 'public-credit-class', grades: ['A', 'B'] } }, { measure: 'suspensions', op: '>=', value: 1 }] };
    });
    const ev2 = compileOrThrow(b);
    const r = supervisionTriggers(ev2, pop, ev2.evaluate(pop, AT))!;
    expect(r.of(1).map((x) => `${x.code}:${x.triggers.map((t) => t.id).join(',')}`)).toEqual(['SCJG-001:trigger-3', 'SCJG-002:trigger-2']);
    // a year later the record is outside the window: the comparison no longer holds (the class does not either)
    const later = ev2.evaluate(pop, '2027-06-01');
    expect(supervisionTriggers(ev2, pop, later)!.of(1)).toEqual([]);
  });

  it('bad references are refused with Chinese messages naming item, trigger point and field', () => {
    const b = withItems((d) => {
      d.content.items[0]!.triggers[2]!.condition = { document: 'industry-model-food-safety', grades: ['E'] };
      d.content.items[1]!.triggers[0]!.condition = { measure: 'no-such-measure', op: '>', value: 0 };
    });
    const r = compile(b);
    expect(r.success).toBe(false);
    const k = b.documents.findIndex((d) => d.id === 'supervision-items-market-regulation');
    expect(r.issues.map((i) => `${i.code} ${i.path}`).sort()).toEqual([
      `triggers.unknown-grade /documents/${k}/content/items/0/triggers/2/condition/grades/0`,
      `triggers.unknown-measure /documents/${k}/content/items/1/triggers/0/condition/measure`,
    ]);
    expect(r.issues.find((i) => i.code === 'triggers.unknown-grade')!.message).toContain('事项 SCJG-001（食品生产企业监督检查） 触发点 trigger-3 的触发条件中，等级 E');
  });

  it('on a generated population the kernel agrees with the conditions read enterprise by enterprise', () => {
    const gen = buildPopulation(generatePopulation({ count: 3000, seed: 'triggers', at: AT }));
    const r = ev.evaluate(gen, AT);
    const t = supervisionTriggers(ev, gen, r)!;
    const counts = new Map<string, number>();
    let cd = 0;
    for (let i = 0; i < gen.n; i++) {
      const j = r.toJSON(i);
      const food = j.domains.includes('food');
      const ind = (k: string) => gen.indicators.get(k);
      const col = ind('food.inspectionPassRate')!;
      const pass = col.types[i] === 1 ? col.values[i]! : NaN;
      const cc = ind('food.complaints')!;
      const complaints = cc.types[i] === 1 ? cc.values[i]! : NaN;
      const grade = j.results['industry-model-food-safety']?.grade;
      const expected: string[] = [];
      if (food) {
        const t1 = [pass < 100, complaints >= 1, grade === 'C' || grade === 'D'];
        if (t1[2]) cd++;
        if (t1.some(Boolean)) expected.push('SCJG-001');
        if (complaints >= 1) expected.push('SCJG-002', 'SCJG-003');
      }
      expect(t.of(i).map((x) => x.code)).toEqual(expected);
      for (const code of expected) counts.set(code, (counts.get(code) ?? 0) + 1);
    }
    const items = t.departments[0]!.items;
    expect(items.map((x) => x.count)).toEqual(['SCJG-001', 'SCJG-002', 'SCJG-003'].map((c) => counts.get(c) ?? 0));
    expect(items[0]!.triggers[2]!.count).toBe(cd);
    // the population exercises both sides of every condition
    expect(cd).toBeGreaterThan(0);
    expect(counts.get('SCJG-002')).toBeGreaterThan(0);
    expect(counts.get('SCJG-001')).toBeLessThan(r.n);
  });

  it('counts each department\'s enterprises once, and a second bundle reads its own counts (the same items: the same; another threshold: its own)', () => {
    const gen = buildPopulation(generatePopulation({ count: 3000, seed: 'triggers-departments', at: AT }));
    const perEnterprise = (b: PolicyBundle) => {
      const e = compileOrThrow(b);
      const r = e.evaluate(gen, AT);
      const t = supervisionTriggers(e, gen, r)!;
      const byDep = new Map<string, number>();
      for (let i = 0; i < gen.n; i++) for (const dep of new Set(t.of(i).map((x) => x.department))) byDep.set(dep, (byDep.get(dep) ?? 0) + 1);
      expect(t.departments.map((d) => [d.department, d.enterprises])).toEqual(t.departments.map((d) => [d.department, byDep.get(d.department) ?? 0]));
      return t.departments.map((d) => `${d.department} ${d.enterprises} ${d.items.map((x) => x.count).join(',')}`);
    };
    const first = perEnterprise(seeds);
    expect(first.length).toBeGreaterThan(0);
    // a candidate changing another document (sampling) only
    const sampling = { documents: seeds.documents.map((d) => (d.kind === 'sampling' ? structuredClone(d) : d)) } as PolicyBundle;
    expect(perEnterprise(sampling)).toEqual(first);
    // a higher complaints threshold (every trigger point on complaints: the same kernel, other leaf columns): fewer enterprises trigger
    const fewer = perEnterprise(
      withItems((d) => {
        for (const it of d.content.items) for (const t of it.triggers ?? []) if (t.condition && 'measure' in t.condition && t.condition.measure === 'food-complaints') t.condition = { ...t.condition, value: 3 };
      }),
    );
    expect(fewer).not.toEqual(first);
    expect(perEnterprise(seeds)).toEqual(first);
  });

  it('documents as written (no defaults applied, lists without triggers or changes) still compile', () => {
    const r = compile({ documents: bundleFixture() } as PolicyBundle);
    expect(r.success).toBe(true);
    expect(hasTriggerConditions({ documents: bundleFixture() } as PolicyBundle)).toBe(false);
  });
});
