/** Distributions and workload from an evaluation result: overall and by department, domain, section, region. */
import type { LocalizedText } from '@policy/schemas';
import type { Population } from './population.ts';
import { SECTION_LETTERS } from './population.ts';
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
  n: number;
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

const ref = (pop: Population, i: number): EnterpriseRef => ({ index: i, uscc: pop.uscc[i]!, name: pop.name[i]! });

/** Counts per (domain set, grade) for a document: the building block of every breakdown. */
function setCounts(d: DocumentResult, r: EvaluationResult): Uint32Array {
  const W = d.grades.length + 1;
  const c = new Uint32Array(r.domainSets.length * W);
  const g = d.grade;
  const ds = r.domainSet;
  const none = d.grades.length;
  for (let i = 0; i < r.n; i++) {
    const gi = g[i]!;
    c[ds[i]! * W + (gi === NO_GRADE ? none : gi)]!++;
  }
  return c;
}

function byKey(n: number, W: number, key: Uint8Array | Uint32Array, grade: Uint8Array, keys: number): Uint32Array {
  const c = new Uint32Array(keys * W);
  const none = W - 1;
  for (let i = 0; i < n; i++) {
    const gi = grade[i]!;
    c[key[i]! * W + (gi === NO_GRADE ? none : gi)]!++;
  }
  return c;
}

const rowOf = (c: Uint32Array, k: number, W: number) => {
  const counts = Array.from(c.subarray(k * W, (k + 1) * W));
  return { counts, total: counts.reduce((a, b) => a + b, 0) };
};

/**
 * Distribution per grade of every document, overall and by department, domain, industry section
 * and region; near-threshold enterprises; enterprises in no domain or in several departments' domains;
 * inspections per department per year.
 *
 * @example
 * const agg = aggregate(evaluator.evaluate(pop, '2026-10-31'), pop);
 * agg.documents[0].overall.counts // → [A, B, C, D, no grade]
 */
export function aggregate(result: EvaluationResult, pop: Population, options: AggregateOptions = {}): Aggregate {
  const margin = options.margin ?? 1;
  const sampleSize = options.sampleSize ?? 20;
  const n = result.n;
  const S = result.domainSets.length;
  const documents: DocumentAggregate[] = result.documents.map((d) => {
    const W = d.grades.length + 1;
    const sc = setCounts(d, result);
    const overall = new Array<number>(W).fill(0);
    const dom = new Array(result.domains.length * W).fill(0) as number[];
    const dep = new Array((result.departments.length + 1) * W).fill(0) as number[];
    for (let s = 0; s < S; s++) {
      const set = result.domainSets[s]!;
      for (let g = 0; g < W; g++) {
        const v = sc[s * W + g]!;
        if (v === 0) continue;
        overall[g]! += v;
        for (const x of set.domains) dom[x * W + g]! += v;
        if (set.departments.length === 0) dep[result.departments.length * W + g]! += v;
        for (const x of set.departments) dep[x * W + g]! += v;
      }
    }
    const sec = byKey(n, W, pop.section, d.grade, SECTION_LETTERS.length);
    const reg = byKey(n, W, pop.region, d.grade, pop.regions.length);
    const slice = (arr: number[], k: number) => {
      const counts = arr.slice(k * W, (k + 1) * W);
      return { counts, total: counts.reduce((a, b) => a + b, 0) };
    };
    // near threshold
    const values = d.score ?? (d.bandsOnScore ? pop.score : null);
    const th = Float64Array.from(d.thresholds);
    let nearCount = 0;
    const nearSample: DocumentAggregate['nearThreshold']['sample'] = [];
    if (values && th.length > 0) {
      for (let i = 0; i < n; i++) {
        const v = values[i]!;
        if (v !== v || d.grade[i] === NO_GRADE) continue;
        for (let t = 0; t < th.length; t++) {
          if (Math.abs(v - th[t]!) <= margin) {
            nearCount++;
            if (nearSample.length < sampleSize) nearSample.push({ ...ref(pop, i), value: v, threshold: th[t]! });
            break;
          }
        }
      }
    }
    return {
      id: d.id,
      kind: d.kind,
      title: d.title,
      grades: d.grades,
      gradeLabels: d.gradeLabels,
      overall: { key: 'all', counts: overall, total: overall.reduce((a, b) => a + b, 0) },
      byDepartment: [
        ...result.departments.map((x, k) => ({ key: x.id, label: x.name, ...slice(dep, k) })),
        { key: '', label: { zh: '未归属部门', en: 'no department' }, ...slice(dep, result.departments.length) },
      ].filter((b) => b.total > 0 || b.key !== ''),
      byDomain: result.domains.map((x, k) => ({ key: x.id, label: x.name, ...slice(dom, k) })),
      bySection: SECTION_LETTERS.map((s, k) => ({ key: s, ...rowOf(sec, k, W) })).filter((b) => b.total > 0),
      byRegion: pop.regions.map((r, k) => ({ key: r, ...rowOf(reg, k, W) })).filter((b) => b.total > 0),
      nearThreshold: { margin, thresholds: d.thresholds, count: nearCount, sample: nearSample },
    };
  });

  const noDomain = { count: 0, sample: [] as EnterpriseRef[] };
  const multiDepartment = { count: 0, sample: [] as (EnterpriseRef & { departments: string[] })[] };
  for (let i = 0; i < n; i++) {
    const set = result.domainSets[result.domainSet[i]!]!;
    if (set.domains.length === 0) {
      noDomain.count++;
      if (noDomain.sample.length < sampleSize) noDomain.sample.push(ref(pop, i));
    } else if (set.departments.length > 1) {
      multiDepartment.count++;
      if (multiDepartment.sample.length < sampleSize) {
        multiDepartment.sample.push({ ...ref(pop, i), departments: set.departments.map((x) => result.departments[x]!.id) });
      }
    }
  }
  const wl = workload(result);
  return {
    n,
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
export function workload(result: EvaluationResult): { rows: WorkloadRow[]; total: number; differentiated: number } {
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
