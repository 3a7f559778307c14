/**
 * A run's aggregates from counts made inside PostgreSQL (issue 16): the SQL engine stores its
 * results in a table and counts them there (per document and grade with the domain set, section and
 * region; per domain set and sampling row); this turns those few groups into the shape `runAggregates`
 * (run/store.ts) keeps for an in-memory run — distributions overall, by department, domain, industry
 * section and region, the workload per department, the no-domain and several-department counts and
 * the documents' legend. Pure. The integer counts equal the in-memory run's; the workload's sums of
 * ratio × frequency are added in another order, so they may differ in the last bits (but not between
 * two SQL aggregates of the same groups: they are added in the order of their keys).
 */
import { INDUSTRY_SECTIONS } from '@policy/schemas';
import type { Evaluator } from '../evaluator.ts';
import { addUpCounts } from './grading-sql.ts';

/** Enterprises in the register with one grade of one document (index in the bundle statement's order), by domain set, section and region. */
export interface SqlGradeCount {
  doc: number;
  grade: string | null;
  domains: number[];
  departments: number[];
  section: string | null;
  region_code: string | null;
  n: number;
}

/** Enterprises in the register per domain set and sampling row (ratio NULL: no row). */
export interface SqlSamplingCount {
  domains: number[];
  departments: number[];
  s_ratio: number | null;
  s_freq: number | null;
  s_diff: boolean | null;
  n: number;
}

const NO_DEPARTMENT = { zh: '未归属部门', en: 'no department' };

/**
 * The aggregates of a run evaluated in SQL. `regions`: the dataset's region codes in the order the
 * in-memory population meets them ('' first: no region), for `byRegion`. Counts of the same group
 * given more than once (counted in slices of the rows) are added up first, so the sums are those of
 * the whole's groups however the rows were sliced.
 */
export function sqlRunAggregates(
  ev: Evaluator,
  at: string,
  counts: { grades: readonly SqlGradeCount[]; sampling: readonly SqlSamplingCount[]; outside: number; n: number },
  regions: readonly string[],
): unknown {
  const grades = addUpCounts([counts.grades], (c) => JSON.stringify([c.doc, c.grade, c.domains, c.departments, c.section, c.region_code]));
  // the sampling rows in the order of their keys: the workload's floats are then summed in one order
  // whatever order PostgreSQL gave the groups in (two sides of a comparison with the same groups have
  // the same sums, so an unchanged workload shows no difference of a last bit)
  const samplingKey = (c: SqlSamplingCount) => JSON.stringify([c.domains, c.departments, c.s_ratio, c.s_freq, c.s_diff]);
  const sampling = addUpCounts([counts.sampling], samplingKey)
    .map((c) => ({ c, k: samplingKey(c) }))
    .sort((x, y) => (x.k < y.k ? -1 : x.k > y.k ? 1 : 0))
    .map((x) => x.c);
  const da = ev.domainAssignment?.content;
  const domains = da?.domains ?? [];
  const departments = da?.departments ?? [];
  const D = departments.length;
  const sections = INDUSTRY_SECTIONS.map((s) => s.code);
  const docs = [
    ...ev.gradings.map((g) => ({ id: g.doc.id, kind: 'grading' as const, title: g.doc.title, grades: g.grades, gradeLabels: g.gradeLabels, rules: g.rules, ruleLabels: g.ruleLabels })),
    ...ev.models.map((m) => ({ id: m.doc.id, kind: 'industry-model' as const, title: m.doc.title, grades: m.grades, gradeLabels: m.gradeLabels, rules: m.rules, ruleLabels: m.ruleLabels })),
  ];
  const regionIndex = new Map(regions.map((r, k) => [r, k]));
  const documents = docs.map((d, j) => {
    const W = d.grades.length + 1;
    const overall = new Array<number>(W).fill(0);
    const dom = new Array<number>(domains.length * W).fill(0);
    const dep = new Array<number>((D + 1) * W).fill(0);
    const sec = new Array<number>(sections.length * W).fill(0);
    const reg = new Array<number>(regions.length * W).fill(0);
    for (const c of grades) {
      if (c.doc !== j) continue;
      const gi = c.grade === null ? -1 : d.grades.indexOf(c.grade);
      const g = gi < 0 ? W - 1 : gi;
      overall[g]! += c.n;
      const s = c.section === null ? -1 : sections.indexOf(c.section);
      if (s >= 0) sec[s * W + g]! += c.n;
      const r = regionIndex.get(c.region_code ?? '') ?? -1;
      if (r >= 0) reg[r * W + g]! += c.n;
      for (const x of c.domains) dom[x * W + g]! += c.n;
      if (c.departments.length === 0) dep[D * W + g]! += c.n;
      for (const x of c.departments) dep[x * W + g]! += c.n;
    }
    const slice = (arr: number[], k: number) => {
      const part = arr.slice(k * W, (k + 1) * W);
      return { counts: part, total: part.reduce((a, b) => a + b, 0) };
    };
    return {
      id: d.id,
      kind: d.kind,
      title: d.title,
      grades: d.grades,
      gradeLabels: d.gradeLabels,
      overall: { key: 'all', counts: overall, total: overall.reduce((a, b) => a + b, 0) },
      byDepartment: [...departments.map((x, k) => ({ key: x.id, label: x.name, ...slice(dep, k) })), { key: '', label: NO_DEPARTMENT, ...slice(dep, D) }].filter(
        (b) => b.total > 0 || b.key !== '',
      ),
      byDomain: domains.map((x, k) => ({ key: x.id, label: x.name, ...slice(dom, k) })),
      bySection: sections.map((s, k) => ({ key: s, ...slice(sec, k) })).filter((b) => b.total > 0),
      byRegion: regions.map((r, k) => ({ key: r, ...slice(reg, k) })).filter((b) => b.total > 0),
    };
  });

  // workload (Σ ratio × frequency per department), enterprises in no domain / several departments' domains
  const insp = new Float64Array(D + 1);
  const inspDiff = new Float64Array(D + 1);
  const ents = new Float64Array(D + 1);
  let total = 0;
  let differentiated = 0;
  let noDomain = 0;
  let multiDepartment = 0;
  for (const c of sampling) {
    const v = c.s_ratio === null || !ev.sampling ? 0 : (c.n * c.s_ratio * c.s_freq!) / 100;
    const diff = c.s_diff === true ? v : 0;
    total += v;
    differentiated += diff;
    const targets = c.departments.length === 0 ? [D] : c.departments;
    for (const t of targets) {
      insp[t]! += v;
      inspDiff[t]! += diff;
      ents[t]! += c.n;
    }
    const specific = c.domains.filter((x) => !domains[x]!.match.all);
    const specificDepartments = new Set(specific.flatMap((x) => domains[x]!.departments).filter((id) => departments.some((y) => y.id === id)));
    if (specific.length === 0) noDomain += c.n;
    else if (specificDepartments.size > 1) multiDepartment += c.n;
  }
  const workload = departments.map((d, k) => ({ department: d.id, label: d.name, enterprises: ents[k]!, inspectionsPerYear: insp[k]!, differentiatedPerYear: inspDiff[k]! }));
  workload.push({ department: '', label: NO_DEPARTMENT, enterprises: ents[D]!, inspectionsPerYear: insp[D]!, differentiatedPerYear: inspDiff[D]! });
  return {
    n: counts.n - counts.outside,
    outside: counts.outside,
    at,
    documents,
    workload,
    totalInspectionsPerYear: total,
    differentiatedSharePercent: total > 0 ? (differentiated / total) * 100 : 0,
    noDomain,
    multiDepartment,
    legend: docs.map((d) => ({ id: d.id, kind: d.kind, title: d.title, rules: d.rules, ruleLabels: d.ruleLabels })),
  };
}
