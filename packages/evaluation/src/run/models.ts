/** Industry models on a population: weighted scores of the domain's members (the generated model kernel), then grades by bands and worst-of. */
import type { PendingObjection, RecordLifetimes } from '../counting.ts';
import { countRecords, ONE_YEAR, onList, recordLifetimes, sourceCountsKind, windowStart } from '../counting.ts';
import { indicatorPoints } from '../compiler/industry-model.ts';
import type { CompiledIndustryModel, Evaluator } from '../evaluator.ts';
import { memberSets } from '../general-risk.ts';
import { CHUNK, kernelFor } from '../kernels/cache.ts';
import type { ModelKernelFn } from '../kernels/model-kernel.ts';
import { modelConstants, modelKernel, modelRecordFlags } from '../kernels/model-kernel.ts';
import type { Population } from '../population.ts';
import { INDICATOR_BOOLEAN, INDICATOR_MISSING, INDICATOR_NUMBER, INDICATOR_STRING } from '../population.ts';
import type { DocumentResult } from '../result.ts';
import { NO_GRADE, NO_RULE } from '../result.ts';
import { resultColumn } from './columns.ts';
import type { DomainTables } from './domains.ts';

export interface ModelScores {
  /** Members of the model's domain, in population order. */
  members: Uint32Array;
  /** Weighted score of each member. */
  total: Float64Array;
}

const EMPTY_F64 = new Float64Array(0);
const EMPTY_U8 = new Uint8Array(0);
const EMPTY_I32 = new Int32Array(0);

/** How a model's record counts treat records under a pending objection and past their publication period. */
export interface ModelRecordRules {
  pending: PendingObjection;
  /** Undefined when the grading has no publication periods. */
  life: RecordLifetimes | undefined;
}

/**
 * The record rule of a model's record counts (issue 13): that of the grading it combines with
 * (`combine.with`) — its `pendingObjection` and its publication periods (`publicationPeriods`,
 * `repairBeforeMinimum`, by that grading's severities) — so a record that no longer counts for the
 * public class does not count for the model either. A model without such a grading keeps the
 * default rule (pending objections excluded, no publication periods).
 */
export function modelRecordRules(ev: Evaluator, m: CompiledIndustryModel, pop: Population, at: number): ModelRecordRules {
  const withId = m.doc.content.combine.with;
  const g = withId === undefined ? undefined : ev.gradings.find((x) => x.doc.id === withId);
  if (!g) return { pending: 'excluded', life: undefined };
  const c = g.doc.content;
  return { pending: c.pendingObjection ?? 'excluded', life: recordLifetimes(pop, at, c.severities, c.publicationPeriods, c.repairBeforeMinimum) };
}

/** Weighted indicator scores of the members of the model's domain (independent of other gradings). */
export function modelScores(ev: Evaluator, m: CompiledIndustryModel, pop: Population, at: number, dt: DomainTables): ModelScores {
  const c = m.doc.content;
  const domainIdx = ev.domainAssignment!.content.domains.findIndex((d) => d.id === c.domain);
  // the domain's sets; every set in the register for the general classification (general-risk.ts)
  const inSet = memberSets(m, dt, domainIdx);
  // members of the domain, in population order
  const members = membersOf(dt.domainSet, inSet, pop.n);
  const count = members.length;
  const total = new Float64Array(count);
  // row-wise: one generated pass over the members scores every indicator (see kernels/model-kernel.ts)
  const VS: Float64Array[] = [];
  const TS: Uint8Array[] = [];
  const DPS: Float64Array[] = [];
  const KM: Uint8Array[] = [];
  const LO = new Int32Array(c.indicators.length);
  c.indicators.forEach((def, x) => {
    const src = def.source;
    const col = src.from === 'indicator' ? pop.indicators.get(src.key) : undefined;
    VS.push(col ? col.values : EMPTY_F64);
    TS.push(col ? col.types : EMPTY_U8);
    DPS.push(col && def.scoring.type === 'map' ? Float64Array.from(col.dict, (t) => indicatorPoints(def, 0, INDICATOR_STRING, t)) : EMPTY_F64);
    if (src.from === 'recordCount') {
      LO[x] = windowStart(at, src.window ?? ONE_YEAR);
      KM.push(Uint8Array.from(pop.kinds, (kind) => (sourceCountsKind(src.kinds, kind) ? 1 : 0)));
    } else {
      // a list membership: the list's index in the population (-1: nobody is on it)
      if (src.from === 'listMember') LO[x] = pop.lists.indexOf(src.list);
      KM.push(EMPTY_U8);
    }
  });
  const fix = new Uint8Array(count);
  const rules = modelRecordRules(ev, m, pop, at);
  const kernel = kernelFor<ModelKernelFn>(modelKernel(c.indicators, modelRecordFlags(ev, m)));
  const CF = modelConstants(c.indicators, m.weights);
  let nfix = 0;
  for (let start = 0; start < count; start += CHUNK) nfix += kernel(start, Math.min(count, start + CHUNK), members, at, pop, CF, VS, TS, DPS, KM, LO, total, fix, rules.life?.xl ?? EMPTY_I32, rules.life?.mn ?? EMPTY_I32);
  if (nfix > 0) {
    // members with a number or boolean value in a text-mapped indicator: summed again, one by one
    for (let k = 0; k < count; k++) {
      if (fix[k] === 0) continue;
      const i = members[k]!;
      let s = 0;
      c.indicators.forEach((def, x) => {
        const src = def.source;
        let v: number;
        let t: number;
        if (src.from === 'indicator') {
          v = VS[x]!.length !== 0 ? VS[x]![i]! : NaN;
          t = TS[x]!.length !== 0 ? TS[x]![i]! : INDICATOR_MISSING;
        } else if (src.from === 'score') {
          v = pop.score[i]!;
          t = v === v ? INDICATOR_NUMBER : INDICATOR_MISSING;
        } else if (src.from === 'listMember') {
          v = onList(pop, i, src.list, at) ? 1 : 0;
          t = INDICATOR_BOOLEAN;
        } else {
          v = countRecords(pop, i, at, LO[x]!, KM[x]!, rules.pending, rules.life);
          t = INDICATOR_NUMBER;
        }
        const text = t === INDICATOR_STRING ? pop.indicators.get((src as { key: string }).key)!.dict[v] : undefined;
        s += m.weights[x]! * indicatorPoints(def, v, t, text);
      });
      total[k] = s;
    }
  }
  return { members, total };
}

/** The model's result: grades of its members from the scores, then worst-of with the general grading's grade. */
export function modelResult(m: CompiledIndustryModel, pop: Population, scores: ModelScores, general: DocumentResult | undefined): DocumentResult {
  const out = runModel(m, pop, scores, general);
  const bounds = new Set<number>();
  for (const b of m.thresholds) {
    if (b.min) bounds.add(b.min.value);
    if (b.max) bounds.add(b.max.value);
  }
  return {
    id: m.doc.id,
    kind: 'industry-model',
    title: m.doc.title,
    grades: m.grades,
    gradeLabels: m.gradeLabels,
    ordered: m.grades.length,
    rules: m.rules,
    ruleLabels: m.ruleLabels,
    grade: out.grade,
    rule: out.rule,
    score: out.score,
    domain: m.doc.content.domain,
    thresholds: [...bounds].filter((x) => x > 0 && x < 100).sort((a, b) => a - b),
    bandsOnScore: false,
  };
}

/** Model grades from the scores: bands, then (worst-of) the general grading's grade. */
function runModel(m: CompiledIndustryModel, pop: Population, scores: ModelScores, general: DocumentResult | undefined): { grade: Uint8Array; rule: Uint16Array; score: Float64Array } {
  const c = m.doc.content;
  const n = pop.n;
  const grade = resultColumn(pop, Uint8Array, n).fill(NO_GRADE);
  const rule = resultColumn(pop, Uint16Array, n).fill(NO_RULE);
  const score = resultColumn(pop, Float64Array, n).fill(NaN);
  const { members, total } = scores;
  const count = members.length;
  const worstOf = c.combine.method === 'worst-of' && general !== undefined;
  const worstRule = m.rules.length - 1;
  const maxModel = m.grades.length - 1;
  const bandGrades = Int32Array.from(c.thresholds, (b) => m.grades.indexOf(b.grade));
  const nb = c.thresholds.length;
  const tLo = Float64Array.from(c.thresholds, (b) => b.min?.value ?? -Infinity);
  const tLoIn = Uint8Array.from(c.thresholds, (b) => (b.min ? (b.min.inclusive ? 1 : 0) : 1));
  const tHi = Float64Array.from(c.thresholds, (b) => b.max?.value ?? Infinity);
  const tHiIn = Uint8Array.from(c.thresholds, (b) => (b.max ? (b.max.inclusive ? 1 : 0) : 1));
  gradeModelMembers(
    count, members, total, nb, tLo, tLoIn, tHi, tHiIn, bandGrades,
    worstOf ? general.grade : EMPTY_U8, worstOf ? general.ordered : 0, maxModel, worstRule, grade, rule, score,
  );
  return { grade, rule, score };
}

/** Model bands, then worst-of with the general grade (`general` empty: no combination). Typed arrays only (stays optimised). */
function gradeModelMembers(
  count: number, members: Uint32Array, total: Float64Array, nb: number,
  tLo: Float64Array, tLoIn: Uint8Array, tHi: Float64Array, tHiIn: Uint8Array, bandGrades: Int32Array,
  general: Uint8Array, ordered: number, maxModel: number, worstRule: number,
  grade: Uint8Array, rule: Uint16Array, score: Float64Array,
): void {
  const worstOf = general.length > 0;
  for (let k = 0; k < count; k++) {
    const i = members[k]!;
    const t = total[k]!;
    score[i] = t;
    let g = NO_GRADE;
    let r = NO_RULE;
    for (let b = 0; b < nb; b++) {
      if ((tLoIn[b] === 1 ? t >= tLo[b]! : t > tLo[b]!) && (tHiIn[b] === 1 ? t <= tHi[b]! : t < tHi[b]!)) {
        g = bandGrades[b]!;
        r = b;
        break;
      }
    }
    if (worstOf && g !== NO_GRADE) {
      const gg = general[i]!;
      if (gg < ordered) {
        const pos = gg > maxModel ? maxModel : gg;
        if (pos > g) {
          g = pos;
          r = worstRule;
        }
      }
    }
    grade[i] = g;
    rule[i] = r;
  }
}

function membersOf(ds: Uint32Array, inSet: Uint8Array, n: number): Uint32Array {
  // one pass into room for everyone (only the pages written are touched), then a copy of the members
  const all = new Uint32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    all[count] = i;
    count += inSet[ds[i]!]!;
  }
  return all.slice(0, count);
}
