/**
 * Publication periods of a grading (issue 13 finding 7, `publicationPeriods`, `repairBeforeMinimum`):
 * a record past its maximum publication period no longer counts, even inside the window; a repair
 * before the minimum counts only once the minimum has passed when repairs are deferred. The kernel
 * and the explanation agree (see also the property test in explain.test.ts).
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EnterpriseRecord, GradingDocument, PolicyDocument } from '@policy/schemas';
import { gradingDocument, validateDocument } from '@policy/schemas';
import { readPolicyFiles } from '@policy/schemas/node';
import { compileOrThrow } from './compile.ts';
import { buildPopulation } from './population.ts';
import { defaultBundle, publicCreditClass } from '../test/default-bundle.ts';

const others = defaultBundle.documents.filter((d) => d.id !== publicCreditClass.id);
const withPeriods = (repairBeforeMinimum?: 'effective' | 'deferred'): GradingDocument =>
  gradingDocument.parse({
    ...publicCreditClass,
    content: {
      ...publicCreditClass.content,
      window: { years: 3, months: 0 },
      publicationPeriods: [
        { id: 'serious', severity: 'serious', minimum: { years: 1, months: 0 }, maximum: { years: 3, months: 0 } },
        { id: 'general', severity: 'general', minimum: { years: 0, months: 3 }, maximum: { years: 1, months: 0 } },
      ],
      ...(repairBeforeMinimum ? { repairBeforeMinimum } : {}),
    },
  });

const enterprise = (records: EnterpriseRecord['records']): EnterpriseRecord => ({ uscc: '91350100M000100Y43', name: '平顶山某食品有限公司', industryCode: '1391', status: 'active', records });

const grade = (doc: GradingDocument, e: EnterpriseRecord, at: string) => {
  const ev = compileOrThrow({ documents: [...others, doc] });
  const pop = buildPopulation([e]);
  const json = ev.evaluate(pop, at).toJSON(0);
  const x = ev.explain(pop, 0, at);
  expect(x.result).toEqual(json);
  return { grade: json.results['public-credit-class']!.grade, records: x.documents.find((d) => d.id === 'public-credit-class')!.records };
};

describe('publication periods', () => {
  it('a general record past its one-year maximum no longer counts inside a three-year window', () => {
    const e = enterprise([{ id: 'R-1', kind: 'penalty.fine', date: '2025-10-31' }]);
    // at 2026-10-30 the record is within its year; at 2026-10-31 the year is over
    expect(grade(withPeriods(), e, '2026-10-30').grade).toBe('B');
    const after = grade(withPeriods(), e, '2026-10-31');
    expect(after.grade).toBe('A');
    expect(after.records[0]).toMatchObject({ id: 'R-1', counted: false, reason: 'publication-ended', reasonLabel: { zh: '公示期已届满' } });
    // without periods the three-year window still counts it
    expect(grade(gradingDocument.parse({ ...publicCreditClass, content: { ...publicCreditClass.content, window: { years: 3, months: 0 } } }), e, '2026-10-31').grade).toBe('B');
  });

  it('a repair before the minimum takes effect only once the minimum has passed when deferred', () => {
    const e = enterprise([{ id: 'R-2', kind: 'penalty.closure', date: '2026-03-01', repairedAt: '2026-04-01' }]);
    expect(grade(withPeriods(), e, '2026-10-31').grade).toBe('A');
    expect(grade(withPeriods('effective'), e, '2026-10-31').grade).toBe('A');
    const deferred = grade(withPeriods('deferred'), e, '2026-10-31');
    expect(deferred.grade).toBe('C');
    expect(deferred.records[0]).toMatchObject({ counted: true });
    expect(grade(withPeriods('deferred'), e, '2027-02-28').grade).toBe('C');
    expect(grade(withPeriods('deferred'), e, '2027-03-01').grade).toBe('A');
  });
});

describe('publication periods by the domain of the record (issue 13 finding 7)', () => {
  // 特种设备、安全生产、消防 1 year minimum; other general records 3 months; repairs wait for the minimum
  const byDomain = gradingDocument.parse({
    ...publicCreditClass,
    content: {
      ...publicCreditClass.content,
      publicationPeriods: [
        { id: 'key-domains', severity: 'general', domains: ['special-equipment', 'emergency-management', 'fire-safety'], minimum: { years: 1, months: 0 }, maximum: { years: 3, months: 0 } },
        { id: 'general', severity: 'general', minimum: { years: 0, months: 3 }, maximum: { years: 3, months: 0 } },
      ],
      repairBeforeMinimum: 'deferred',
    },
  });
  const repaired = (domain?: string) => enterprise([{ id: 'R-3', kind: 'penalty.fine', date: '2026-02-01', repairedAt: '2026-06-01', ...(domain ? { domain } : {}) }]);

  it('a repaired special-equipment record counts until its one-year minimum has passed; the same record of another domain stops at its repair', () => {
    // 2026-10-31: 9 months old — past 3 months, not past 1 year
    const special = grade(byDomain, repaired('special-equipment'), '2026-10-31');
    expect(special.grade).toBe('B');
    expect(special.records[0]).toMatchObject({ id: 'R-3', domain: 'special-equipment', counted: true });
    expect(grade(byDomain, repaired('food'), '2026-10-31').grade).toBe('A');
    expect(grade(byDomain, repaired(), '2026-10-31').grade).toBe('A');
    // under a one-year window the repaired fire-safety record counts until it leaves the window
    expect(grade(byDomain, repaired('fire-safety'), '2027-01-31').grade).toBe('B');
    expect(grade(byDomain, repaired('fire-safety'), '2027-02-01').records[0]).toMatchObject({ counted: false, reason: 'outside-window' });
  });

  it('records of several domains in one population each follow their own period', () => {
    const ev = compileOrThrow({ documents: [...others, byDomain] });
    const list = ['emergency-management', 'food', undefined, 'special-equipment'].map((domain, k) => ({ ...repaired(domain), uscc: `91350100M00010${k}Y43`.slice(0, 18) }));
    const pop = buildPopulation(list);
    const r = ev.evaluate(pop, '2026-10-31');
    expect([0, 1, 2, 3].map((i) => r.toJSON(i).results['public-credit-class']!.grade)).toEqual(['B', 'A', 'A', 'B']);
  });

  it('the check warns when a period for every domain comes before the one for some domains, not the other way round', () => {
    const periods = byDomain.content.publicationPeriods!;
    const unreachable = (list: typeof periods) =>
      validateDocument({ ...byDomain, content: { ...byDomain.content, publicationPeriods: list } })
        .issues.filter((i) => i.code === 'publication.unreachable')
        .map((i) => i.path);
    expect(unreachable([periods[1]!, periods[0]!])).toEqual(['/content/publicationPeriods/1']);
    expect(unreachable(periods)).toEqual([]);
  });
});

describe('industry models count records by the rule of the grading they combine with (issue 13)', () => {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  // the newest version of each document (policies/<id>/v<N>.json, highest N): an evaluation takes one version of each
  const newest = new Map<string, { v: number; doc: PolicyDocument }>();
  for (const f of readPolicyFiles([join(root, 'policies')], root)) {
    const r = validateDocument(JSON.parse(f.text));
    if (!r.success) throw new Error(f.displayPath);
    const v = Number(/v(\d+)\.json$/.exec(f.displayPath)?.[1] ?? 0);
    if ((newest.get(r.data.id)?.v ?? -1) < v) newest.set(r.data.id, { v, doc: r.data });
  }
  const seeds: PolicyDocument[] = [...newest.values()].map((x) => x.doc);
  const seedClass = seeds.find((d) => d.id === 'public-credit-class') as GradingDocument;
  /** The seed bundle with public-credit-class's content changed. */
  const bundleWith = (content: Partial<GradingDocument['content']>) => seeds.map((d) => (d.id === seedClass.id ? gradingDocument.parse({ ...seedClass, content: { ...seedClass.content, ...content } }) : d));
  const food = (records: EnterpriseRecord['records']): EnterpriseRecord => ({
    uscc: '91410481MA4000900G',
    name: '舞钢市某食品有限公司',
    industryCode: 'C1431',
    status: 'active',
    publicCreditScore: 92,
    indicators: { 'food.inspectionPassRate': 100, 'food.incidents': 0, 'food.inspectionResult': 'compliant', 'food.complaints': 0, 'food.traceability': true, 'food.safetyOfficer': true },
    records,
  });
  /** The food model's record-count indicator and score for `e` at `at`, from the kernel and from the explanation (which must agree). */
  const modelCount = (docs: PolicyDocument[], e: EnterpriseRecord, at: string) => {
    const ev = compileOrThrow({ documents: docs });
    const pop = buildPopulation([e]);
    const json = ev.evaluate(pop, at).toJSON(0);
    const x = ev.explain(pop, 0, at);
    const model = x.documents.find((d) => d.id === 'industry-model-food-safety')!;
    expect(json.results['industry-model-food-safety']!.score).toBeCloseTo(model.score!, 2);
    return { count: model.indicators!.find((i) => i.id === 'dishonesty-records')!.value, score: json.results['industry-model-food-safety']!.score, grade: json.results['industry-model-food-safety']!.grade };
  };

  it('a record past the grading\'s maximum publication period no longer counts in the model', () => {
    const e = food([{ id: 'F-1', kind: 'penalty.fine', date: '2026-02-01' }, { id: 'F-2', kind: 'penalty.warning', date: '2026-03-01' }]);
    const sixMonths = bundleWith({
      publicationPeriods: [{ id: 'general', severity: 'general', minimum: { years: 0, months: 3 }, maximum: { years: 0, months: 6 } }],
    });
    // both records are inside the model's one-year window; under a six-month maximum both have ended by 2026-10-31
    expect(modelCount(seeds, e, '2026-10-31').count).toBe(2);
    const ended = modelCount(sixMonths, e, '2026-10-31');
    expect(ended.count).toBe(0);
    expect(ended.score).toBeGreaterThan(modelCount(seeds, e, '2026-10-31').score as number);
    // on 2026-08-31 the March record is still within its six months
    expect(modelCount(sixMonths, e, '2026-08-31').count).toBe(1);
  });

  it('a repair before the minimum period counts for the model only once the minimum has passed when the grading defers repairs', () => {
    const e = food([{ id: 'F-3', kind: 'penalty.fine', date: '2026-06-01', repairedAt: '2026-07-01' }]);
    const deferred = bundleWith({ repairBeforeMinimum: 'deferred', publicationPeriods: [{ id: 'general', severity: 'general', minimum: { years: 0, months: 6 }, maximum: { years: 3, months: 0 } }] });
    expect(modelCount(seeds, e, '2026-10-31').count).toBe(0);
    expect(modelCount(deferred, e, '2026-10-31').count).toBe(1);
    expect(modelCount(deferred, e, '2026-12-01').count).toBe(0);
  });

  it('records under a pending objection count in the model when the grading says counted', () => {
    const e = food([{ id: 'F-4', kind: 'penalty.fine', date: '2026-05-01', objection: { filed: '2026-06-01', resolved: null } }]);
    expect(modelCount(seeds, e, '2026-10-31').count).toBe(0);
    expect(modelCount(bundleWith({ pendingObjection: 'counted' }), e, '2026-10-31').count).toBe(1);
  });

  it('one population evaluated under a grading with other publication periods gives the model score of that grading (no stale cached scores)', () => {
    // the server keeps one population per dataset: a candidate public class must not reuse the published class's model scores
    const pop = buildPopulation([food([{ id: 'F-5', kind: 'penalty.fine', date: '2026-02-01' }])]);
    const score = (docs: PolicyDocument[]) => compileOrThrow({ documents: docs }).evaluate(pop, '2026-10-31').toJSON(0).results['industry-model-food-safety']!.score;
    const published = score(seeds);
    const sixMonths = score(bundleWith({ publicationPeriods: [{ id: 'general', severity: 'general', minimum: { years: 0, months: 3 }, maximum: { years: 0, months: 6 } }] }));
    expect(sixMonths).toBeGreaterThan(published as number);
    expect(sixMonths).toBe(compileOrThrow({ documents: bundleWith({ publicationPeriods: [{ id: 'general', severity: 'general', minimum: { years: 0, months: 3 }, maximum: { years: 0, months: 6 } }] }) }).evaluate(buildPopulation([food([{ id: 'F-5', kind: 'penalty.fine', date: '2026-02-01' }])]), '2026-10-31').toJSON(0).results['industry-model-food-safety']!.score);
  });
});
