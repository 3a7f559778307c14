/** Runs the gradings not yet cached: their fragments fused into as few kernels as the bit budget allows, over chunks of enterprises. */
import { memo, peek, sizeOf, store } from '../cache.ts';
import type { CompiledGrading } from '../evaluator.ts';
import { CHUNK, kernelFor } from '../kernels/cache.ts';
import type { GradingKernelFn } from '../kernels/grading-kernel.ts';
import { fusedGroups, gradingKernel } from '../kernels/grading-kernel.ts';
import type { Population } from '../population.ts';
import { registerAt } from '../population.ts';
import { resultColumn } from './columns.ts';
import type { DocumentResult } from '../result.ts';
import { NO_GRADE, NO_RULE } from '../result.ts';

const EMPTY_F64 = new Float64Array(0);
const EMPTY_U8 = new Uint8Array(0);

/**
 * The register of `pop` on day `at` (status and score on that day, the deregistered outside it;
 * cached on `pop`) and the population as the kernels read it that day (`pop` itself when nothing is dated).
 */
export function registerOn(pop: Population, at: number) {
  const reg = memo(pop, `r@${at}`, () => registerAt(pop, at), (x) => sizeOf(x.outside, x.status === pop.status ? null : x.status, x.score === pop.score ? null : x.score));
  const P: Population = reg.status === pop.status && reg.score === pop.score ? pop : { ...pop, status: reg.status, score: reg.score };
  return { reg, P };
}

/** The cache key of grading `g`'s result on day `at` (results of equal documents on a population are shared). */
export const gradingKey = (g: CompiledGrading, at: number) => `g${g.uid}@${at}`;

/**
 * `gradings` graded on `pop` on day `at`, one result each, in order: those cached as they are, the
 * others (each once) in one fused pass on the register of the day, the deregistered cleared, cached.
 */
export function gradeCached(gradings: readonly CompiledGrading[], pop: Population, at: number): DocumentResult[] {
  const results = new Map<CompiledGrading, DocumentResult>();
  const missing: CompiledGrading[] = [];
  for (const g of gradings) {
    if (results.has(g) || missing.includes(g)) continue;
    const hit = peek<DocumentResult>(pop, gradingKey(g, at));
    if (hit) results.set(g, hit);
    else missing.push(g);
  }
  if (missing.length > 0) {
    const { reg, P } = registerOn(pop, at);
    runGradings(missing, P, at).forEach((r, k) => {
      clearOutside(r.grade, r.rule, reg.outside);
      store(pop, gradingKey(missing[k]!, at), r, sizeOf(r.grade, r.rule));
      results.set(missing[k]!, r);
    });
  }
  return gradings.map((g) => results.get(g)!);
}

/** Grades `gradings` on `pop` at day `at`: one result per grading, in order. */
export function runGradings(gradings: CompiledGrading[], pop: Population, at: number): DocumentResult[] {
  return fusedGroups(gradings).flatMap((group) => runFused(group, pop, at));
}

function runFused(group: CompiledGrading[], pop: Population, at: number): DocumentResult[] {
  const n = pop.n;
  const kbits = new Int32Array(pop.kinds.length);
  const lbits = new Int32Array(pop.lists.length);
  const cf: number[] = [];
  const ci: number[] = [];
  const VS: Float64Array[] = [];
  const TS: Uint8Array[] = [];
  const KS: Int32Array[] = [];
  let rbit = 0;
  let lbit = 0;
  // the inputs in the layout of kernels/grading-kernel.ts: per document its numbers, strings, integers and windows
  for (const g of group) {
    const K = g.prepare(pop, at);
    const f = g.fragment;
    if (f.recordLifetimes) KS.push(K.life!.xl, K.life!.mn);
    for (let k = 0; k < K.C.length; k++) cf.push(K.C[k]!);
    for (let k = 0; k < K.S.length; k++) cf.push(K.S[k]!);
    for (let k = 0; k < K.CI.length; k++) ci.push(K.CI[k]!);
    for (const k of f.recordMeasures) {
      ci.push(K.lo[k]!);
      const mask = K.km[k]!;
      for (let q = 0; q < mask.length; q++) if (mask[q] === 1) kbits[q]! |= 1 << rbit;
      rbit++;
    }
    for (const k of f.indicatorMeasures) {
      VS.push(K.V[k] ?? EMPTY_F64);
      TS.push(K.T[k] ?? EMPTY_U8);
    }
    for (const k of f.listMeasures) {
      const L = K.L[k]!;
      if (L >= 0) lbits[L]! |= 1 << lbit;
      lbit++;
    }
  }
  const GS = group.map(() => resultColumn(pop, Uint8Array, n));
  const RS = group.map(() => resultColumn(pop, Uint16Array, n));
  const source = group.length === 1 ? group[0]!.source : gradingKernel(group.map((g) => g.fragment));
  const kernel = kernelFor<GradingKernelFn>(source);
  const CF = Float64Array.from(cf);
  const CI = Int32Array.from(ci);
  for (let start = 0; start < n; start += CHUNK) kernel(start, Math.min(n, start + CHUNK), at, pop, CF, CI, VS, TS, GS, RS, kbits, lbits, KS);
  return group.map((g, j) => ({
    id: g.doc.id,
    kind: 'grading' as const,
    title: g.doc.title,
    grades: g.grades,
    gradeLabels: g.gradeLabels,
    ordered: g.ordered,
    rules: g.rules,
    ruleLabels: g.ruleLabels,
    grade: GS[j]!,
    rule: RS[j]!,
    thresholds: g.thresholds,
    bandsOnScore: g.bandsOnScore,
  }));
}

/** Enterprises outside the register (deregistered on the day) get no grade and no rule. */
export function clearOutside(grade: Uint8Array, rule: Uint16Array, outside: Uint32Array): void {
  for (let k = 0; k < outside.length; k++) {
    const i = outside[k]!;
    grade[i] = NO_GRADE;
    rule[i] = NO_RULE;
  }
}
