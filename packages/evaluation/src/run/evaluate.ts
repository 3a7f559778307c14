/**
 * evaluate(): executes a compiled bundle over a population at a date. Gradings not cached for this
 * population and date run in fused kernels; domain tables, model scores and grades and sampling
 * rows are cached by the units of the documents they depend on (see cache.ts), so equal documents
 * in another bundle (a preview's candidate) share their results.
 */
import { memo, peek, sizeOf, store } from '../cache.ts';
import { dayOrThrow } from '../dates.ts';
import type { CompiledIndustryModel, Evaluator } from '../evaluator.ts';
import type { Population } from '../population.ts';
import type { DocumentResult, EvaluationResult } from '../result.ts';
import { resultOf } from './assemble.ts';
import { domainTables, registerDomainTables } from './domains.ts';
import { gradeCached, gradingKey, registerOn } from './gradings.ts';
import { modelResult, modelScores } from './models.ts';
import type { ModelScores } from './models.ts';
import { refineWithGeneral } from '../general-risk.ts';
import { samplingDocuments, samplingTables } from './sampling.ts';

/** The register of a population as the kernels read it on day `at`, and its domain tables (cached on `pop`). */
function registerView(ev: Evaluator, pop: Population, at: number) {
  const { reg, P } = registerOn(pop, at);
  const dk = `d${ev.units.domainAssignment}`;
  const dt = reg.outside.length === 0 ? domainTables(ev, pop) : memo(pop, `${dk}@${at}`, () => registerDomainTables(domainTables(ev, pop), reg.outside), (t) => sizeOf(t.domainSet));
  return { reg, P, dk, dt };
}

/** The cache key of model `m`'s scores: record counts follow the record rule of the grading the model combines with (modelRecordRules), so its unit is part of the key. */
function modelScoresKey(ev: Evaluator, m: CompiledIndustryModel, dk: string, at: number): string {
  const w = m.doc.content.combine.with;
  const ruleOf = w === undefined ? undefined : ev.gradings.find((g) => g.doc.id === w);
  return `ms${m.uid}|${ruleOf?.uid ?? ''}|${dk}@${at}`;
}

/**
 * The industry models of `ev` whose member scores are not yet cached for `pop` at `atText` (by
 * document id): what {@link computeModelScores} can compute in another thread meanwhile — the
 * scores depend on the population, the date, the domains and the record rule only, not on any
 * grading's result.
 */
export function missingModelScores(ev: Evaluator, pop: Population, atText: string): string[] {
  const at = dayOrThrow(atText);
  const dk = `d${ev.units.domainAssignment}`;
  return ev.models.filter((m) => peek(pop, modelScoresKey(ev, m, dk, at)) === undefined).map((m) => m.doc.id);
}

/** The member scores of the industry models `ids` of `ev` over `pop` at `atText` (e.g. in another thread, over the same shared columns). */
export function computeModelScores(ev: Evaluator, pop: Population, atText: string, ids: readonly string[]): Record<string, ModelScores> {
  const at = dayOrThrow(atText);
  const { P, dt } = registerView(ev, pop, at);
  const out: Record<string, ModelScores> = {};
  for (const m of ev.models) if (ids.includes(m.doc.id)) out[m.doc.id] = modelScores(ev, m, P, at, dt);
  return out;
}

/** Keeps model scores computed elsewhere ({@link computeModelScores}, same population and date) for the next `evaluate`. */
export function seedModelScores(ev: Evaluator, pop: Population, atText: string, scores: Record<string, ModelScores>): void {
  const at = dayOrThrow(atText);
  const dk = `d${ev.units.domainAssignment}`;
  for (const m of ev.models) {
    const x = scores[m.doc.id];
    if (x) store(pop, modelScoresKey(ev, m, dk, at), x, sizeOf(x.members, x.total));
  }
}

/**
 * Grades every grading of `ev` not cached for `pop` at `atText` (one fused pass) and caches the
 * results: the first part of {@link evaluateWith}, to run while another thread computes the models'
 * scores. The gradings' results in `ev.gradings` order.
 */
export function prepareGradings(ev: Evaluator, pop: Population, atText: string): { results: DocumentResult[]; keys: string[] } {
  const at = dayOrThrow(atText);
  // gradings not cached for this population and date are graded together in one fused pass
  return { results: gradeCached(ev.gradings, pop, at), keys: ev.gradings.map((g) => gradingKey(g, at)) };
}

export function evaluateWith(ev: Evaluator, pop: Population, atText: string): EvaluationResult {
  const at = dayOrThrow(atText);
  const { reg, P, dk, dt } = registerView(ev, pop, at);
  const documents: DocumentResult[] = [];
  const byId = new Map<string, DocumentResult>();
  /** Cache key of each document's result (results of equal documents on this population are shared). */
  const keyOf = new Map<string, string>();
  const gradings = prepareGradings(ev, pop, atText);
  gradings.results.forEach((r, k) => {
    documents.push(r);
    byId.set(r.id, r);
    keyOf.set(r.id, gradings.keys[k]!);
  });
  for (const m of ev.models) {
    const w = m.doc.content.combine.with;
    const scores = memo(pop, modelScoresKey(ev, m, dk, at), () => modelScores(ev, m, P, at, dt), (x) => sizeOf(x.members, x.total));
    // a specialised model refining the general classification (general-risk.ts) also depends on its result
    const f = m.doc.content.combine.refines;
    const key = `m${m.uid}|${dk}|${w === undefined ? '' : (keyOf.get(w) ?? '')}${f === undefined ? '' : `|${keyOf.get(f) ?? ''}`}@${at}`;
    const r = memo(
      pop,
      key,
      () => refineWithGeneral(m, modelResult(m, P, scores, w === undefined ? undefined : byId.get(w)), f === undefined ? undefined : byId.get(f)),
      (x) => sizeOf(x.grade, x.rule, x.score),
    );
    documents.push(r);
    byId.set(r.id, r);
    keyOf.set(r.id, key);
  }
  const sampling = ev.sampling
    ? memo(pop, `s${ev.units.sampling}|${dk}|${samplingDocuments(ev).map((id) => keyOf.get(id) ?? '').join('+')}@${at}`, () => samplingTables(ev, dt, byId, P, reg), (x) => sizeOf(x?.row, x?.by))
    : null;
  return resultOf(ev, pop, at, documents, byId, dt, sampling, reg);
}
