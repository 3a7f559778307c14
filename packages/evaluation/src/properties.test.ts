/**
 * Property tests on random populations from the generator (several seeds): one grade per enterprise
 * per grading document, compare(bundle, bundle) moves nobody, counts add up, evaluation at an earlier
 * date ignores later data, and the compiled engine agrees with a plain-JS reference on every enterprise.
 */
import { describe, expect, it } from 'vitest';
import type { EnterpriseRecord } from '@policy/schemas';
import { aggregate } from './aggregate.ts';
import { compare } from './compare.ts';
import { compileOrThrow } from './compile.ts';
import { generatePopulation } from './generate.ts';
import { buildPopulation } from './population.ts';
import { NO_GRADE, NO_RULE } from './result.ts';
import { defaultBundle } from '../test/default-bundle.ts';
import { CLASS_CODES, SCORE_CODES, referenceGradings } from '../test/reference.ts';

const SEEDS = [1, 2, 3];
const N = 4000;
const ev = compileOrThrow(defaultBundle);
const populations = SEEDS.map((seed) => {
  const records = generatePopulation({ count: N, seed, at: '2026-10-31' });
  return { seed, records, pop: buildPopulation(records) };
});

/** The record as it was known on `at`: later records, list entries, repairs and objection steps removed. */
function asKnownOn(r: EnterpriseRecord, at: string): EnterpriseRecord {
  const out: EnterpriseRecord = { ...r };
  if (r.records) {
    out.records = r.records
      .filter((x) => x.date <= at)
      .map((x) => {
        const y = { ...x };
        if (y.repairedAt != null && y.repairedAt > at) y.repairedAt = null;
        if (y.objection) {
          if (y.objection.filed > at) delete y.objection;
          else if (y.objection.resolved != null && y.objection.resolved > at) y.objection = { filed: y.objection.filed, resolved: null };
        }
        return y;
      });
  }
  if (r.lists) out.lists = r.lists.filter((l) => l.from <= at).map((l) => ({ ...l, until: l.until != null && l.until > at ? null : l.until }));
  // dated status and score: the status in force on `at` (active before the first date), no score dated later
  delete out.statusSince;
  delete out.statusHistory;
  delete out.scoreDate;
  if (r.statusSince !== undefined && r.statusSince > at) out.status = [...(r.statusHistory ?? [])].sort((a, b) => (a.since < b.since ? -1 : 1)).filter((h) => h.since <= at).pop()?.status ?? 'active';
  if (r.scoreDate !== undefined && r.scoreDate > at) out.publicCreditScore = null;
  return out;
}

describe.each(populations)('random population (seed $seed)', ({ records, pop }) => {
  const result = ev.evaluate(pop, '2026-10-31');

  it('gives every enterprise exactly one grade and one deciding rule per grading document', () => {
    for (const d of result.documents.filter((x) => x.kind === 'grading')) {
      for (let i = 0; i < pop.n; i++) {
        if (result.isOutside(i)) {
          // deregistered: outside the register, no grade in any document
          expect([d.grade[i], d.rule[i]]).toEqual([NO_GRADE, NO_RULE]);
          continue;
        }
        expect(d.grade[i]).not.toBe(NO_GRADE);
        expect(d.grade[i]).toBeLessThan(d.grades.length);
        expect(d.rule[i]).not.toBe(NO_RULE);
      }
    }
  });

  it('grades industry models exactly for the enterprises in the model domain', () => {
    const model = result.byId.get('industry-model-food-safety')!;
    const food = result.domains.findIndex((d) => d.id === 'food');
    let graded = 0;
    for (let i = 0; i < pop.n; i++) {
      const inFood = result.domainSets[result.domainSet[i]!]!.domains.includes(food);
      expect(model.grade[i] !== NO_GRADE).toBe(inFood);
      if (inFood) graded++;
    }
    expect(graded).toBeGreaterThan(0);
  });

  it('agrees with the hand-written reference of the two seed gradings on every enterprise', () => {
    for (const at of ['2026-10-31', '2026-03-15', '2028-02-29', '2025-02-28']) {
      const r = ev.evaluate(pop, at);
      const cls = new Uint8Array(pop.n);
      const band = new Uint8Array(pop.n);
      const known = records.map((r) => asKnownOn(r, at));
      referenceGradings(known, at, cls, band);
      const c = r.byId.get('public-credit-class')!;
      const s = r.byId.get('public-credit-score')!;
      for (let i = 0; i < pop.n; i++) {
        if (known[i]!.status === 'deregistered') {
          expect([c.grade[i], s.grade[i]], `deregistered ${pop.uscc[i]} at ${at}`).toEqual([NO_GRADE, NO_GRADE]);
          continue;
        }
        expect(c.grades[c.grade[i]!], `class of ${pop.uscc[i]} at ${at}`).toBe(CLASS_CODES[cls[i]!]);
        expect(s.grades[s.grade[i]!], `score band of ${pop.uscc[i]} at ${at}`).toBe(SCORE_CODES[band[i]!]);
      }
    }
  });

  it('moves nobody when a bundle is compared with itself', () => {
    const c = compare(ev, compileOrThrow(defaultBundle), pop, '2026-10-31');
    expect(c.moved.total).toBe(0);
    expect(c.moved.items).toEqual([]);
    for (const d of c.documents) {
      expect(d.moved).toBe(0);
      d.matrix.forEach((row, r) => row.forEach((v, k) => (r === k ? null : expect(v).toBe(0))));
      for (const x of d.distribution) expect(x.delta).toBe(0);
    }
    expect(c.workload.total.delta).toBe(0);
    expect(c.workload.total.before).toBeGreaterThan(0);
  });

  it('has distributions that add up to the number of enterprises', () => {
    const agg = aggregate(result, pop);
    // the register: everyone but the deregistered, who are counted nowhere
    const registered = pop.n - result.outside.length;
    expect(result.outside.length).toBeGreaterThan(0);
    expect(agg.n).toBe(registered);
    expect(agg.outside).toBe(result.outside.length);
    for (const d of agg.documents) {
      expect(d.overall.total).toBe(registered);
      expect(d.bySection.reduce((s, b) => s + b.total, 0)).toBe(registered);
      expect(d.byRegion.reduce((s, b) => s + b.total, 0)).toBe(registered);
    }
    // each enterprise is in no domain or in ≥ 1; domain breakdowns count it once per domain
    let memberships = 0;
    for (let i = 0; i < pop.n; i++) memberships += result.domainSets[result.domainSet[i]!]!.domains.length;
    expect(agg.documents[0]!.byDomain.reduce((s, b) => s + b.total, 0)).toBe(memberships);
    expect(agg.noDomain.count).toBe(Array.from(result.domainSet).filter((s) => !result.domainSets[s]!.outside && result.domainSets[s]!.specificDomains.length === 0).length);
    expect(agg.workload.reduce((s, w) => s + w.enterprises, 0)).toBeGreaterThanOrEqual(registered);
  });

  it('ignores everything dated after an earlier evaluation date', () => {
    for (const at of ['2026-01-31', '2025-06-30']) {
      const full = ev.evaluate(pop, at);
      const knownPop = buildPopulation(records.map((r) => asKnownOn(r, at)));
      const known = ev.evaluate(knownPop, at);
      for (let i = 0; i < pop.n; i++) expect(full.toJSON(i)).toEqual(known.toJSON(i));
    }
  });
});

describe('generator', () => {
  it('is reproducible from its seed', () => {
    expect(generatePopulation({ count: 50, seed: 9 })).toEqual(generatePopulation({ count: 50, seed: 9 }));
    expect(generatePopulation({ count: 50, seed: 9 })).not.toEqual(generatePopulation({ count: 50, seed: 10 }));
  });

  it('reproduces the published class mix with the default policies (A 73.2%, B 18.7%, C 5.2%, D 3.0%)', () => {
    const pop = buildPopulation(generatePopulation({ count: 30000, seed: 42 }));
    const d = ev.evaluate(pop, '2026-10-31').byId.get('public-credit-class')!;
    const counts = [0, 0, 0, 0];
    let graded = 0;
    for (const g of d.grade) {
      if (g === NO_GRADE) continue;
      counts[g]!++;
      graded++;
    }
    // shares of the register (the deregistered are not graded)
    const share = counts.map((c) => (c / graded) * 100);
    [73.2, 18.7, 5.2, 3.0].forEach((target, k) => expect(Math.abs(share[k]! - target)).toBeLessThan(0.5));
  });

  it('covers all 20 industry sections and gives valid check characters unless asked otherwise', async () => {
    const { checkUscc } = await import('@policy/schemas');
    const recs = generatePopulation({ count: 20000, seed: 5 });
    const pop = buildPopulation(recs);
    expect(new Set(pop.section).size).toBe(20);
    expect(recs.every((r) => checkUscc(r.uscc).ok)).toBe(true);
    expect(new Set(recs.map((r) => r.uscc)).size).toBe(recs.length);
    const bad = generatePopulation({ count: 2000, seed: 5, badCheckShare: 0.05 }).filter((r) => !checkUscc(r.uscc).ok).length;
    expect(bad).toBeGreaterThan(40);
    expect(bad).toBeLessThan(180);
  });
});
