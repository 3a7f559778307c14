import { describe, expect, it } from 'vitest';
import type { EnterpriseRecord, PolicyBundle, PolicyDocument } from '@policy/schemas';
import { compile, compileOrThrow } from './compile.ts';
import { formatDay, parseDay, subtractWindow } from './dates.ts';
import { draw } from './draw.ts';
import { parseEnterprisesJsonl } from './parse.ts';
import { buildPopulation } from './population.ts';
import { aggregate } from './aggregate.ts';
import { compare } from './compare.ts';
import { generatePopulation } from './generate.ts';
import { defaultBundle, publicCreditClass } from '../test/default-bundle.ts';

const USCC = '91350100M000100Y43';
const ent = (over: Partial<EnterpriseRecord> = {}): EnterpriseRecord => ({ uscc: USCC, name: '平顶山某食品有限公司', industryCode: '1391', status: 'active', ...over });
const ev = compileOrThrow(defaultBundle);

describe('dates', () => {
  it('subtracts a window the way CONTRACTS §1 says (29 Feb − 1 year = 28 Feb)', () => {
    expect(formatDay(subtractWindow(parseDay('2028-02-29'), 1, 0))).toBe('2027-02-28');
    expect(formatDay(subtractWindow(parseDay('2026-10-31'), 1, 0))).toBe('2025-10-31');
    expect(formatDay(subtractWindow(parseDay('2026-03-31'), 0, 1))).toBe('2026-02-28');
    expect(formatDay(subtractWindow(parseDay('2026-01-15'), 1, 6))).toBe('2024-07-15');
  });
  it('rejects dates that do not exist', () => {
    expect(parseDay('2023-02-29')).toBeNaN();
    expect(parseDay('2024-02-29')).not.toBeNaN();
    expect(parseDay('2026-13-01')).toBeNaN();
    expect(formatDay(parseDay('1999-12-31'))).toBe('1999-12-31');
  });
});

describe('parseEnterprisesJsonl', () => {
  it('reports every bad line with its number and field, and returns no records', () => {
    const text = [
      JSON.stringify(ent()),
      '{"uscc": ',
      JSON.stringify(ent({ industryCode: 'A1391' })),
      '',
      JSON.stringify({ ...ent(), status: 'closed' }),
    ].join('\n');
    const r = parseEnterprisesJsonl(text);
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(r.errors.map((e) => e.line)).toEqual([2, 3, 5]);
    expect(r.errors[1]!.path).toBe('/industryCode');
    expect(r.errors[2]!.path).toBe('/status');
    expect(r.errors[0]!.message).toMatch(/JSON/);
  });
  it('accepts a wrong check character with a warning naming the line', () => {
    const r = parseEnterprisesJsonl(`${JSON.stringify(ent())}\n${JSON.stringify(ent({ uscc: '91350100M000100Y44' }))}\n`);
    expect(r.success).toBe(true);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ line: 2, path: '/uscc' });
  });
  it('rejects a calendar date that does not exist', () => {
    const r = parseEnterprisesJsonl(JSON.stringify(ent({ records: [{ id: 'r', kind: 'penalty.fine', date: '2023-02-30' }] })));
    expect(r.success).toBe(false);
    if (!r.success) expect(r.errors[0]).toMatchObject({ line: 1, path: '/records/0/date' });
  });
});

describe('compile', () => {
  it('names the place of an unknown measure or grade', () => {
    const bad = structuredClone(publicCreditClass) as PolicyDocument;
    if (bad.kind !== 'grading' || bad.content.decision.type !== 'rules') throw new Error('fixture');
    bad.content.decision.rules[1]!.when = { measure: 'nope', op: '>', value: 0 };
    bad.content.decision.rules[2]!.grade = 'Z';
    const r = compile({ documents: [bad] });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['measures.unknown', '/documents/0/content/decision/rules/1/when/measure'],
      ['grades.unknown', '/documents/0/content/decision/rules/2/grade'],
    ]);
  });
  it('reports a sampling document that points at a missing grading', () => {
    const docs = defaultBundle.documents.filter((d) => d.id !== 'public-credit-class' && d.kind !== 'industry-model');
    const r = compile({ documents: docs });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.issues[0]!.code).toBe('sampling.unknown-grading');
  });
});

describe('evaluate and explain', () => {
  const at = '2026-10-31';
  const e = ent({
    publicCreditScore: 86,
    records: [
      { id: 'old', kind: 'penalty.fine', date: '2025-10-31' },
      { id: 'counted', kind: 'penalty.fine', date: '2025-11-01' },
      { id: 'later', kind: 'penalty.closure', date: '2026-11-01' },
      { id: 'repaired', kind: 'penalty.closure', date: '2026-05-01', repairedAt: '2026-10-31' },
      { id: 'objected', kind: 'penalty.closure', date: '2026-05-01', objection: { filed: '2026-06-01', resolved: '2026-11-15' } },
    ],
    lists: [
      { list: 'serious-dishonesty', from: '2024-01-01', until: '2026-10-31' },
      { list: 'joint-punishment', from: '2026-10-31', until: null },
    ],
    indicators: { 'food.inspectionPassRate': 100, 'food.traceability': true, 'food.complaints': 0 },
  });
  const pop = buildPopulation([e]);

  it('counts only what holds at the evaluation date', () => {
    const r = ev.evaluate(pop, at).toJSON(0);
    expect(r.results['public-credit-class']).toEqual({ grade: 'B', rule: 'b-general' });
    // joint punishment from `at` itself holds: 差 whatever the score
    expect(r.results['public-credit-score']).toEqual({ grade: 'poor', rule: 'joint-punishment-poor' });
    expect(r.domains).toEqual(['food']);
    expect(r.departments).toEqual(['market-regulation']);
    expect(r.sampling).toEqual({ grade: 'B', ratioPercent: 10, frequencyPerYear: 1, onSite: 'normal' });
    // the model is worse-of with the general class B
    expect(r.results['industry-model-food-safety']).toMatchObject({ grade: 'B', rule: 'worst-of:public-credit-class' });
  });

  it('explains each record with the reason it is excluded', () => {
    const x = ev.explain(pop, 0, at);
    const cls = x.documents.find((d) => d.id === 'public-credit-class')!;
    expect(cls.records.map((r) => [r.id, r.reason ?? 'counted'])).toEqual([
      ['old', 'outside-window'],
      ['counted', 'counted'],
      ['later', 'after-at'],
      ['repaired', 'repaired'],
      ['objected', 'objection-pending'],
    ]);
    expect(cls.window).toEqual({ from: '2025-11-01', to: '2026-10-31' });
    expect(cls.measures.find((m) => m.id === 'general-records')!.value).toBe(1);
    expect(x.lists.map((l) => [l.list, l.inForce])).toEqual([
      ['serious-dishonesty', false],
      ['joint-punishment', true],
    ]);
    const model = x.documents.find((d) => d.id === 'industry-model-food-safety')!;
    expect(model.indicators!.reduce((s, i) => s + i.weight, 0)).toBeCloseTo(1, 9);
    expect(x.result).toEqual(ev.evaluate(pop, at).toJSON(0));
  });

  it('applies a per-domain sampling exception', () => {
    const r = ev.evaluate(buildPopulation([ent({ industryCode: '1391' }), ent({ industryCode: '5211' })]), at);
    expect(r.toJSON(0).sampling?.ratioPercent).toBe(8); // food A
    expect(r.toJSON(1).sampling?.ratioPercent).toBe(5); // A elsewhere
  });
});

describe('aggregate, compare and draw', () => {
  const pop = buildPopulation(generatePopulation({ count: 3000, seed: 11 }));
  const at = '2026-10-31';
  const candidate: PolicyBundle = structuredClone(defaultBundle);
  const cls = candidate.documents.find((d) => d.id === 'public-credit-class')!;
  if (cls.kind === 'grading' && cls.content.decision.type === 'rules') {
    cls.content.decision.rules.find((r) => r.id === 'c-many-general')!.when = { measure: 'general-records', op: '>', value: 2 };
  }

  it('finds the enterprises near a score threshold', () => {
    const agg = aggregate(ev.evaluate(pop, at), pop);
    const score = agg.documents.find((d) => d.id === 'public-credit-score')!;
    expect(score.nearThreshold.thresholds).toEqual([50, 70, 85]);
    expect(score.nearThreshold.count).toBeGreaterThan(0);
    for (const s of score.nearThreshold.sample) expect(Math.abs(s.value - s.threshold)).toBeLessThanOrEqual(1);
  });

  it('shows who moves, why, and the change in workload', () => {
    const c = compare(ev, compileOrThrow(candidate), pop, at, { limit: 5 });
    const d = c.documents.find((x) => x.id === 'public-credit-class')!;
    expect(d.moved).toBeGreaterThan(0);
    expect(d.matrix[1]![2]).toBe(d.moved); // only B → C
    expect(c.moved.items).toHaveLength(5);
    const m = c.moved.items[0]!;
    expect(m.before).toMatchObject({ grade: 'B', rule: 'b-general' });
    expect(m.after).toMatchObject({ grade: 'C', rule: 'c-many-general' });
    expect(m.reason.zh).toContain('b-general');
    expect(c.workload.total.delta).toBeGreaterThan(0);
    const page2 = compare(ev, compileOrThrow(candidate), pop, at, { offset: 5, limit: 5 });
    expect(page2.moved.items[0]!.index).toBeGreaterThanOrEqual(m.index);
    expect(page2.moved.items.map((x) => x.uscc)).not.toContain(m.uscc);
    const found = compare(ev, compileOrThrow(candidate), pop, at, { search: m.uscc });
    expect(found.moved.total).toBe(1);
  });

  it('draws reproducibly with two distinct inspectors per inspection', () => {
    const evaluation = ev.evaluate(pop, at);
    const roster = ['甲', '乙', '丙', '丁'].map((n, k) => ({ id: `mr-${k}`, name: n, department: 'market-regulation' }));
    const a = draw({ evaluation, population: pop, roster, seed: 'round-1', department: 'market-regulation' });
    const b = draw({ evaluation, population: pop, roster, seed: 'round-1', department: 'market-regulation' });
    const c = draw({ evaluation, population: pop, roster, seed: 'round-2', department: 'market-regulation' });
    expect(a).toEqual(b);
    expect(a.inspections.map((x) => x.uscc)).not.toEqual(c.inspections.map((x) => x.uscc));
    expect(a.inspections.length).toBeGreaterThan(0);
    for (const x of a.inspections) expect(x.inspectors[0].id).not.toBe(x.inspectors[1].id);
    for (const g of a.groups) expect(g.drawn).toBe(Math.ceil((g.population * g.ratioPercent) / 100 - 1e-9));
    expect(new Set(a.inspections.map((x) => x.index)).size).toBe(a.inspections.length);
    const none = draw({ evaluation, population: pop, roster: roster.slice(0, 1), seed: 1, department: 'market-regulation' });
    expect(none.issues[0]!.message).toContain('少于 2 人');
  });
});

describe('industry model scores', () => {
  it('add up each indicator’s points × weight, whatever kind of value a text-mapped indicator holds', () => {
    const bundle = structuredClone(defaultBundle) as PolicyBundle;
    const model = bundle.documents.find((d) => d.kind === 'industry-model')!;
    if (model.kind !== 'industry-model') throw new Error('no model');
    model.content.indicators.push({
      id: 'inspection-result',
      label: { zh: '监督检查结果' },
      source: { from: 'indicator', key: 'food.inspectionResult' },
      scoring: { type: 'map', values: { compliant: 100, 'basically-compliant': 70, 'non-compliant': 0, '3': 40, true: 90 }, otherwise: 20 },
      missingPoints: 55,
    });
    const credit = model.content.criteria.find((c) => c.id === 'credit')!;
    credit.indicators.push('inspection-result');
    credit.matrix = [[1, 2, 1], [1 / 2, 1, 1 / 2], [1, 2, 1]];
    const values: (string | number | boolean | undefined)[] = ['compliant', 'non-compliant', 'pending-review', 3, 4, true, false, undefined];
    const people = values.map((v, k) =>
      ent({
        uscc: `91350100M00010${String(k).padStart(2, '0')}Y4`,
        indicators: { 'food.inspectionPassRate': 90 + k, ...(v === undefined ? {} : { 'food.inspectionResult': v }) },
        publicCreditScore: 60 + k * 3,
      }),
    );
    const pop = buildPopulation([...generatePopulation({ count: 300, seed: 5 }), ...people]);
    const e = compileOrThrow(bundle);
    const at = '2026-10-31';
    const r = e.evaluate(pop, at).byId.get(model.id)!;
    let checked = 0;
    for (let i = 0; i < pop.n; i++) {
      if (r.grade[i] === 255) continue;
      const x = e.explain(pop, i, at).documents.find((d) => d.id === model.id)!;
      const sum = x.indicators!.reduce((s, ind) => s + ind.weight * ind.points, 0);
      expect(r.score![i]).toBeCloseTo(sum, 9);
      checked++;
    }
    expect(checked).toBeGreaterThan(values.length);
    const last = pop.n - values.length;
    const points = (k: number) => e.explain(pop, last + k, at).documents.find((d) => d.id === model.id)!.indicators!.find((d) => d.id === 'inspection-result')!.points;
    expect(values.map((_, k) => points(k))).toEqual([100, 0, 20, 40, 20, 90, 20, 55]);
  });
});
