/** Work shared between evaluations of equal documents must never change a result. */
import { describe, expect, it } from 'vitest';
import type { PolicyBundle } from '@policy/schemas';
import { aggregate } from './aggregate.ts';
import { clearEvaluationCaches } from './cache.ts';
import { compare } from './compare.ts';
import { compileOrThrow } from './compile.ts';
import { generatePopulation } from './generate.ts';
import { buildPopulation } from './population.ts';
import { defaultBundle } from '../test/default-bundle.ts';

const pop = buildPopulation(generatePopulation({ count: 3000, seed: 21, at: '2026-10-31' }));

/** The default bundle with the bound between 优 and 良 of public-credit-score moved to `v`. */
function withScoreBound(v: number): PolicyBundle {
  const b = structuredClone(defaultBundle);
  for (const d of b.documents) {
    if (d.id === 'public-credit-score' && d.kind === 'grading' && d.content.decision.type === 'bands') {
      for (const band of d.content.decision.bands) {
        if (band.min?.value === 85) band.min.value = v;
        if (band.max?.value === 85) band.max.value = v;
      }
    }
  }
  return b;
}

describe('evaluation caches', () => {
  it('give the same results, aggregates and comparison as evaluating from scratch', () => {
    const at = '2026-10-31';
    clearEvaluationCaches();
    const warm = compare(compileOrThrow(defaultBundle), compileOrThrow(withScoreBound(80)), pop, at, { limit: 1000 });
    const warmAgg = aggregate(warm.candidate, pop);
    clearEvaluationCaches();
    const cand = compileOrThrow(withScoreBound(80)).evaluate(pop, at);
    const candAgg = aggregate(cand, pop);
    clearEvaluationCaches();
    const cold = compare(compileOrThrow(defaultBundle), compileOrThrow(withScoreBound(80)), pop, at, { limit: 1000 });
    for (let i = 0; i < pop.n; i++) expect(warm.candidate.toJSON(i)).toEqual(cand.toJSON(i));
    expect(JSON.stringify(warmAgg)).toBe(JSON.stringify(candAgg));
    expect(warm.documents).toEqual(cold.documents);
    expect(warm.moved).toEqual(cold.moved);
    expect(warm.workload).toEqual(cold.workload);
    expect(warm.moved.total).toBeGreaterThan(0);
  });

  it('share the columns of unchanged documents and recompute the changed one', () => {
    const at = '2026-10-31';
    const base = compileOrThrow(defaultBundle).evaluate(pop, at);
    const cand = compileOrThrow(withScoreBound(83)).evaluate(pop, at);
    expect(cand.byId.get('public-credit-class')!.grade).toBe(base.byId.get('public-credit-class')!.grade);
    expect(cand.byId.get('public-credit-score')!.grade).not.toBe(base.byId.get('public-credit-score')!.grade);
    expect(cand.domainSet).toBe(base.domainSet);
  });

  it('keep results of different dates apart', () => {
    const ev = compileOrThrow(defaultBundle);
    const now = ev.evaluate(pop, '2026-10-31');
    const earlier = ev.evaluate(pop, '2025-06-30');
    expect(earlier.at).toBe('2025-06-30');
    expect(earlier.byId.get('public-credit-class')!.grade).not.toEqual(now.byId.get('public-credit-class')!.grade);
    clearEvaluationCaches();
    expect(compileOrThrow(defaultBundle).evaluate(pop, '2025-06-30').byId.get('public-credit-class')!.grade).toEqual(earlier.byId.get('public-credit-class')!.grade);
  });

  it('generate the same source for documents that differ only in numbers (an edited threshold stays JIT-warm)', () => {
    const a = compileOrThrow(withScoreBound(84)).gradings.find((g) => g.doc.id === 'public-credit-score')!;
    const b = compileOrThrow(withScoreBound(86.5)).gradings.find((g) => g.doc.id === 'public-credit-score')!;
    expect(a).not.toBe(b);
    expect(a.source).toBe(b.source);
  });
});
