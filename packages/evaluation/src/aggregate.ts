/** Distributions and workload from an evaluation result: overall and by department, domain, section, region. */
import type { LocalizedText } from '@policy/schemas';
import type { Population } from './population.ts';
import { SECTION_LETTERS } from './population.ts';
import { stringAt } from './population-columns.ts';
import type { DocumentResult, EvaluationResult } from './result.ts';
import { NO_GRADE, NO_SAMPLING } from './result.ts';

export interface EnterpriseRef {
  index: number;
  uscc: string;
  name: string;
}

export interface Breakdown {
  key: string;
  label?: LocalizedText;
  /** Enterprises per grade (same order as `grades`), then the count with no grade. */
  counts: number[];
  total: number;
}

export interface DocumentAggregate {
  id: string;
  kind: 'grading' | 'industry-model';
  title: string;
  grades: string[];
  gradeLabels: LocalizedText[];
  overall: Breakdown;
  byDepartment: Breakdown[];
  byDomain: Breakdown[];
  bySection: Breakdown[];
  byRegion: Breakdown[];
  /** Enterprises whose banded value is within ±margin of a band bound. */
  nearThreshold: { margin: number; thresholds: number[]; count: number; sample: (EnterpriseRef & { value: number; threshold: number })[] };
}

export interface WorkloadRow {
  department: string;
  label?: LocalizedText;
  enterprises: number;
  /** Σ ratio × frequency: expected inspections per year. */
  inspectionsPerYear: number;
  /** Of which differentiated by credit grade. */
  differentiatedPerYear: number;
}

export interface Aggregate {
  /** Enterprises in the register on the day (deregistered ones left out). */
  n: number;
  /** Enterprises outside the register on the day (deregistered), counted nowhere else. */
  outside: number;
  at: string;
  documents: DocumentAggregate[];
  noDomain: { count: number; sample: EnterpriseRef[] };
  multiDepartment: { count: number; sample: (EnterpriseRef & { departments: string[] })[] };
  /** Inspections per department per year (department '' = enterprises in no department's domain). */
  workload: WorkloadRow[];
  totalInspectionsPerYear: number;
  differentiatedSharePercent: number;
  differentiatedShareTargetPercent: number | null;
}

export interface AggregateOptions {
  /** Near-threshold margin in points (default 1). */
  margin?: number;
  /** How many sample enterprises to keep per list (default 20). */
  sampleSize?: number;
}

// (read one at a time: a population decoded from its columns keeps its USCCs and names as bytes until needed whole)
const ref = (pop: Population, i: number): EnterpriseRef => ({ index: i, uscc: stringAt(pop, 'uscc', i), name: stringAt(pop, 'name', i) });

/**
 * Enterprises grouped by (domain set, industry section, region): every breakdown of a document is a
 * sum over groups, so each document needs one pass over the population. Built once per domain
 * tables (their `domainSet` column identifies them) and reused by every document and evaluation.
 */
interface Groups {
  uid: number;
  /** Per enterprise: group index. */
  group: Uint32Array;
  count: number;
  setOf: Uint32Array;
  sectionOf: Uint8Array;
  regionOf: Uint32Array;
  /** Enterprises per domain set. */
  setN: Uint32Array;
}
const groupCache = new WeakMap<Uint32Array, Groups>();
let groupUid = 0;
const NO_SECTION = SECTION_LETTERS.length;

function groupsOf(r: EvaluationResult, pop: Population): Groups {
  const hit = groupCache.get(r.domainSet);
  if (hit) return hit;
  const g = buildGroups(r.n, r.domainSet, r.domainSets.length, pop.section, pop.region, pop.regions.length);
  groupCache.set(r.domainSet, g);
  return g;
}

function buildGroups(n: number, ds: Uint32Array, S: number, section: Uint8Array, region: Uint32Array, R: number): Groups {
  const SEC = NO_SECTION + 1;
  const space = S * SEC * R;
  const lut = space <= 1 << 22 ? new Int32Array(space).fill(-1) : null;
  const map = lut ? null : new Map<number, number>();
  const group = new Uint32Array(n);
  const setN = new Uint32Array(S);
  const sets: number[] = [];
  const secs: number[] = [];
  const regs: number[] = [];
  for (let i = 0; i < n; i++) {
    const set = ds[i]!;
    const sec = section[i]! < NO_SECTION ? section[i]! : NO_SECTION;
    const reg = region[i]!;
    const key = (set * SEC + sec) * R + reg;
    let gi = lut ? lut[key]! : (map!.get(key) ?? -1);
    if (gi < 0) {
      gi = sets.length;
      sets.push(set);
      secs.push(sec);
      regs.push(reg);
      if (lut) lut[key] = gi;
      else map!.set(key, gi);
    }
    group[i] = gi;
    setN[set]!++;
  }
  return { uid: ++groupUid, group, count: sets.length, setOf: Uint32Array.from(sets), sectionOf: Uint8Array.from(secs), regionOf: Uint32Array.from(regs), setN };
}

/** Enterprises per (group, grade); the last column counts those with no grade. */
function groupCounts(n: number, group: Uint32Array, grade: Uint8Array, G: number, W: number): Uint32Array {
  const c = new Uint32Array(G * W);
  const none = W - 1;
  for (let i = 0; i < n; i++) {
    const gi = grade[i]!;
    c[group[i]! * W + (gi === NO_GRADE ? none : gi)]!++;
  }
  return c;
}

function nearThreshold(
  n: number, values: Float64Array, grade: Uint8Array, th: Float64Array, margin: number, pop: Population, sampleSize: number,
): { count: number; sample: (EnterpriseRef & { value: number; threshold: number })[] } {
  let count = 0;
  const sample: (EnterpriseRef & { value: number; threshold: number })[] = [];
  const T = th.length;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v !== v || grade[i] === NO_GRADE) continue;
    for (let t = 0; t < T; t++) {
      const d = v - th[t]!;
      if (d <= margin && d >= -margin) {
        count++;
        if (sample.length < sampleSize) sample.push({ ...ref(pop, i), value: v, threshold: th[t]! });
        break;
      }
    }
  }
  return { count, sample };
}

const docCache = new WeakMap<DocumentResult, Map<string, DocumentAggregate>>();

function documentAggregate(d: DocumentResult, result: EvaluationResult, pop: Population, groups: Groups, margin: number, sampleSize: number): DocumentAggregate {
  const key = `${groups.uid}|${margin}|${sampleSize}`;
  let perDoc = docCache.get(d);
  const hit = perDoc?.get(key);
  if (hit) return hit;
  const n = result.n;
  const W = d.grades.length + 1;
  const G = groups.count;
  const gc = groupCounts(n, groups.group, d.grade, G, W);
  const D = result.departments.length;
  const overall = new Array<number>(W).fill(0);
  const dom = new Array<number>(result.domains.length * W).fill(0);
  const dep = new Array<number>((D + 1) * W).fill(0);
  const sec = new Array<number>((NO_SECTION + 1) * W).fill(0);
  const reg = new Array<number>(pop.regions.length * W).fill(0);
  for (let q = 0; q < G; q++) {
    const set = result.domainSets[groups.setOf[q]!]!;
    if (set.outside) continue; // deregistered on the day: outside every distribution
    const so = groups.sectionOf[q]! * W;
    const ro = groups.regionOf[q]! * W;
    for (let g = 0; g < W; g++) {
      const v = gc[q * W + g]!;
      if (v === 0) continue;
      overall[g]! += v;
      sec[so + g]! += v;
      reg[ro + g]! += v;
      for (const x of set.domains) dom[x * W + g]! += v;
      if (set.departments.length === 0) dep[D * W + g]! += v;
      for (const x of set.departments) dep[x * W + g]! += v;
    }
  }
  const slice = (arr: number[], k: number) => {
    const counts = arr.slice(k * W, (k + 1) * W);
    return { counts, total: counts.reduce((a, b) => a + b, 0) };
  };
  const values = d.score ?? (d.bandsOnScore ? pop.score : null);
  const near = values && d.thresholds.length > 0 ? nearThreshold(n, values, d.grade, Float64Array.from(d.thresholds), margin, pop, sampleSize) : { count: 0, sample: [] };
  const out: DocumentAggregate = {
    id: d.id,
    kind: d.kind,
    title: d.title,
    grades: d.grades,
    gradeLabels: d.gradeLabels,
    overall: { key: 'all', counts: overall, total: overall.reduce((a, b) => a + b, 0) },
    byDepartment: [
      ...result.departments.map((x, k) => ({ key: x.id, label: x.name, ...slice(dep, k) })),
      { key: '', label: { zh: '未归属部门', en: 'no department' }, ...slice(dep, D) },
    ].filter((b) => b.total > 0 || b.key !== ''),
    byDomain: result.domains.map((x, k) => ({ key: x.id, label: x.name, ...slice(dom, k) })),
    bySection: SECTION_LETTERS.map((s, k) => ({ key: s, ...slice(sec, k) })).filter((b) => b.total > 0),
    byRegion: pop.regions.map((r, k) => ({ key: r, ...slice(reg, k) })).filter((b) => b.total > 0),
    nearThreshold: { margin, thresholds: d.thresholds, count: near.count, sample: near.sample },
  };
  if (!perDoc) docCache.set(d, (perDoc = new Map()));
  perDoc.set(key, out);
  return out;
}

/**
 * Distribution per grade of every document, overall and by department, domain, industry section
 * and region; near-threshold enterprises; enterprises in no domain or in several departments' domains;
 * inspections per department per year. Documents whose result columns are shared with an earlier
 * evaluation (equal documents) reuse that evaluation's aggregates; the returned objects are read-only.
 *
 * @example
 * const agg = aggregate(evaluator.evaluate(pop, '2026-10-31'), pop);
 * agg.documents[0].overall.counts // → [A, B, C, D, no grade]
 */
export function aggregate(result: EvaluationResult, pop: Population, options: AggregateOptions = {}): Aggregate {
  const margin = options.margin ?? 1;
  const sampleSize = options.sampleSize ?? 20;
  const n = result.n;
  const groups = groupsOf(result, pop);
  const documents = result.documents.map((d) => documentAggregate(d, result, pop, groups, margin, sampleSize));

  // enterprises in no domain / several departments: counted per domain set, sampled in population order;
  // `all` domains (every taxpayer, every law-enforcement subject) would otherwise hide both cases
  const S = result.domainSets.length;
  const kindOf = new Uint8Array(S); // 1 no domain, 2 several departments
  const noDomain = { count: 0, sample: [] as EnterpriseRef[] };
  const multiDepartment = { count: 0, sample: [] as (EnterpriseRef & { departments: string[] })[] };
  for (let s = 0; s < S; s++) {
    const set = result.domainSets[s]!;
    if (set.outside) continue;
    if (set.specificDomains.length === 0) {
      kindOf[s] = 1;
      noDomain.count += groups.setN[s]!;
    } else if (set.specificDepartments.length > 1) {
      kindOf[s] = 2;
      multiDepartment.count += groups.setN[s]!;
    }
  }
  const wantNo = Math.min(sampleSize, noDomain.count);
  const wantMulti = Math.min(sampleSize, multiDepartment.count);
  const ds = result.domainSet;
  for (let i = 0; i < n && (noDomain.sample.length < wantNo || multiDepartment.sample.length < wantMulti); i++) {
    const k = kindOf[ds[i]!]!;
    if (k === 1 && noDomain.sample.length < wantNo) noDomain.sample.push(ref(pop, i));
    else if (k === 2 && multiDepartment.sample.length < wantMulti) {
      const set = result.domainSets[ds[i]!]!;
      multiDepartment.sample.push({ ...ref(pop, i), departments: set.specificDepartments.map((x) => result.departments[x]!.id) });
    }
  }
  const wl = workload(result);
  return {
    n: n - result.outside.length,
    outside: result.outside.length,
    at: result.at,
    documents,
    noDomain,
    multiDepartment,
    workload: wl.rows,
    totalInspectionsPerYear: wl.total,
    differentiatedSharePercent: wl.total > 0 ? (wl.differentiated / wl.total) * 100 : 0,
    differentiatedShareTargetPercent: result.sampling?.differentiatedShareMinPercent ?? null,
  };
}

/**
 * Inspections per department per year: Σ over its enterprises of ratio × frequency. An enterprise in
 * the domains of two departments counts for each; enterprises in no department's domain go to ''.
 */
export function workload(result: EvaluationResult): Workload {
  // the sampling rows (or, without sampling, the domain sets) identify the inputs: equal → same workload
  const owner: object = result.sampling ?? result.domainSet;
  const hit = workloadCache.get(owner);
  if (hit && hit.domainSet === result.domainSet) return hit.workload;
  const w = computeWorkload(result);
  workloadCache.set(owner, { domainSet: result.domainSet, workload: w });
  return w;
}

export interface Workload {
  rows: WorkloadRow[];
  total: number;
  differentiated: number;
}
const workloadCache = new WeakMap<object, { domainSet: Uint32Array; workload: Workload }>();

function computeWorkload(result: EvaluationResult): Workload {
  const S = result.domainSets.length;
  const perSet = new Float64Array(S);
  const perSetDiff = new Float64Array(S);
  const perSetN = new Uint32Array(S);
  let total = 0;
  let differentiated = 0;
  const s = result.sampling;
  const ds = result.domainSet;
  if (s) {
    // count enterprises per (domain set, sampling row), then weigh: no per-enterprise float work
    const R = s.rows.length + 1;
    const cells = countPairs(result.n, ds, s.row, R, s.rows.length, S);
    for (let set = 0; set < S; set++) {
      for (let r = 0; r < R; r++) {
        const c = cells[set * R + r]!;
        if (c === 0) continue;
        perSetN[set]! += c;
        const row = s.rows[r];
        if (!row) continue;
        const v = (c * row.ratioPercent * row.frequencyPerYear) / 100;
        perSet[set]! += v;
        total += v;
        if (row.differentiated) {
          perSetDiff[set]! += v;
          differentiated += v;
        }
      }
    }
  } else for (let i = 0; i < result.n; i++) perSetN[ds[i]!]!++;
  const D = result.departments.length;
  const insp = new Float64Array(D + 1);
  const inspDiff = new Float64Array(D + 1);
  const ents = new Float64Array(D + 1);
  for (let k = 0; k < S; k++) {
    if (result.domainSets[k]!.outside) continue;
    const deps = result.domainSets[k]!.departments;
    const targets = deps.length === 0 ? [D] : deps;
    for (const t of targets) {
      insp[t]! += perSet[k]!;
      inspDiff[t]! += perSetDiff[k]!;
      ents[t]! += perSetN[k]!;
    }
  }
  const rows: WorkloadRow[] = result.departments.map((d, k) => ({
    department: d.id,
    label: d.name,
    enterprises: ents[k]!,
    inspectionsPerYear: insp[k]!,
    differentiatedPerYear: inspDiff[k]!,
  }));
  rows.push({ department: '', label: { zh: '未归属部门', en: 'no department' }, enterprises: ents[D]!, inspectionsPerYear: insp[D]!, differentiatedPerYear: inspDiff[D]! });
  return { rows, total, differentiated };
}

function countPairs(n: number, ds: Uint32Array, row: Uint16Array, R: number, none: number, S: number): Uint32Array {
  const cells = new Uint32Array(S * R);
  for (let i = 0; i < n; i++) {
    const r = row[i]!;
    cells[ds[i]! * R + (r === NO_SAMPLING ? none : r)]!++;
  }
  return cells;
}
