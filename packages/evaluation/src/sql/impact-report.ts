/**
 * The impact report of a candidate set from the counts made inside PostgreSQL (issue 16, the
 * statements of impact-sql.ts): each side's `Aggregate` and the `Comparison` (without its two
 * results) in exactly the shapes `aggregate()` and `compareResults()` give over the population, so
 * the admin renders them unchanged. Each side's documents, domains, departments and sampling are
 * read from its evaluation of no enterprise (`meta`); the moved enterprises' reasons from the
 * deciding rules (as the server's in-memory report). Pure. Integer
 * counts equal the in-memory report's; sums of ratio × frequency are added in another order, so they
 * may differ in the last bits.
 */
import type { LocalizedText } from '@policy/schemas';
import type { Aggregate, DocumentAggregate, EnterpriseRef, WorkloadRow } from '../aggregate.ts';
import type { Comparison, DocumentComparison, GradeSide, MovedEnterprise } from '../compare.ts';
import { reasonOf, workloadDeltas } from '../compare.ts';
import type { Evaluator } from '../evaluator.ts';
import type { DocumentResult, EvaluationResult } from '../result.ts';
import type { ImpactCell, ImpactMovedRow, ImpactNearRow, ImpactPair, ImpactSampleRow } from './impact-sql.ts';
import { sqlRunAggregates } from './sql-aggregates.ts';
import type { SqlGradeCount, SqlSamplingCount } from './sql-aggregates.ts';

/** One side's counts (impactGroupsSql). */
export interface ImpactGroups {
  grades: SqlGradeCount[];
  sampling: SqlSamplingCount[];
  n: number;
  outside: number;
}

/** The domain sets of one side's register in no specific domain, and in several departments' specific domains (with those departments' ids). */
export function impactDomainSets(ev: Evaluator, groups: ImpactGroups): { noDomain: number[][]; multiDepartment: { domains: number[]; departments: string[] }[] } {
  const domains = ev.domainAssignment?.content.domains ?? [];
  const departments = ev.domainAssignment?.content.departments ?? [];
  const seen = new Set<string>();
  const noDomain: number[][] = [];
  const multiDepartment: { domains: number[]; departments: string[] }[] = [];
  for (const g of groups.sampling) {
    const key = g.domains.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    const specific = g.domains.filter((x) => !domains[x]!.match.all);
    const ids = new Set(specific.flatMap((x) => domains[x]!.departments));
    const deps = departments.filter((d) => ids.has(d.id)).map((d) => d.id);
    if (specific.length === 0) noDomain.push(g.domains);
    else if (deps.length > 1) multiDepartment.push({ domains: g.domains, departments: deps });
  }
  return { noDomain, multiDepartment };
}

const refOf = (r: { row_no: number; uscc: string; name: string }): EnterpriseRef => ({ index: r.row_no, uscc: r.uscc, name: r.name });

/** The near-threshold input of each document of one side (a model: its score; a grading banded on the public credit score: that score; else none). */
export function impactNearDocuments(meta: EvaluationResult): { doc: number; thresholds: number[]; modelScore: boolean }[] {
  return meta.documents.flatMap((d, k) =>
    d.thresholds.length > 0 && (d.kind === 'industry-model' || d.bandsOnScore) ? [{ doc: k, thresholds: d.thresholds, modelScore: d.kind === 'industry-model' }] : [],
  );
}

/**
 * One side's `Aggregate`. `near`: per document position, the count and sample (documents without
 * one have count 0); `samples`: the enterprises in no domain / several departments' domains (row
 * order, at most `sampleSize`), `regions`: the dataset's region codes in population order.
 */
export function impactAggregate(
  ev: Evaluator,
  meta: EvaluationResult,
  groups: ImpactGroups,
  regions: readonly string[],
  near: ReadonlyMap<number, { n: number; sample: ImpactNearRow[] }>,
  samples: { noDomain: ImpactSampleRow[]; multiDepartment: ImpactSampleRow[] },
  margin: number,
): Aggregate {
  const a = sqlRunAggregates(ev, meta.at, groups, regions) as {
    n: number; outside: number; documents: Omit<DocumentAggregate, 'nearThreshold'>[]; workload: WorkloadRow[];
    totalInspectionsPerYear: number; differentiatedSharePercent: number; noDomain: number; multiDepartment: number;
  };
  const sets = impactDomainSets(ev, groups);
  const depsOf = new Map(sets.multiDepartment.map((s) => [s.domains.join(','), s.departments]));
  return {
    n: a.n,
    outside: a.outside,
    at: meta.at,
    documents: a.documents.map((d, k) => {
      const x = near.get(k);
      const th = meta.documents[k]!.thresholds;
      return {
        ...d,
        nearThreshold: { margin, thresholds: th, count: x?.n ?? 0, sample: (x?.sample ?? []).map((r) => ({ ...refOf(r), value: r.value, threshold: r.threshold })) },
      };
    }),
    noDomain: { count: a.noDomain, sample: samples.noDomain.map(refOf) },
    multiDepartment: { count: a.multiDepartment, sample: samples.multiDepartment.map((r) => ({ ...refOf(r), departments: depsOf.get(r.domains.join(',')) ?? [] })) },
    workload: a.workload,
    totalInspectionsPerYear: a.totalInspectionsPerYear,
    differentiatedSharePercent: a.differentiatedSharePercent,
    differentiatedShareTargetPercent: meta.sampling?.differentiatedShareMinPercent ?? null,
  };
}

function sideOf(d: DocumentResult | undefined, grade: string | null, rule: string | null): GradeSide {
  if (!d) return { grade: null, rule: null, ruleLabel: null };
  return { grade, rule, ruleLabel: rule === null ? null : (d.ruleLabels[d.rules.indexOf(rule)] ?? null) };
}

/** The documents of the comparison (matrices, distributions, moved counts) from the migration cells. */
export function impactDocuments(metaB: EvaluationResult, metaC: EvaluationResult, pairs: readonly ImpactPair[], cells: readonly ImpactCell[]): DocumentComparison[] {
  return pairs.map((p, k) => {
    const b = p.base === null ? undefined : metaB.documents[p.base];
    const c = p.candidate === null ? undefined : metaC.documents[p.candidate];
    const grades: string[] = [];
    const gradeLabels: LocalizedText[] = [];
    for (const d of [b, c]) {
      d?.grades.forEach((g, j) => {
        if (!grades.includes(g)) {
          grades.push(g);
          gradeLabels.push(d.gradeLabels[j]!);
        }
      });
    }
    const W = grades.length + 1;
    const at = (g: string | null) => {
      const i = g === null ? -1 : grades.indexOf(g);
      return i < 0 ? W - 1 : i;
    };
    const matrix = Array.from({ length: W }, () => new Array<number>(W).fill(0));
    for (const x of cells) if (x.doc === k) matrix[at(x.from_grade)]![at(x.to_grade)]! += x.n;
    let moved = 0;
    for (let r = 0; r < W; r++) for (let q = 0; q < W; q++) if (q !== r) moved += matrix[r]![q]!;
    const distribution = [...grades, ''].map((g, j) => {
      let before = 0;
      let after = 0;
      for (let r = 0; r < W; r++) {
        before += matrix[j]![r]!;
        after += matrix[r]![j]!;
      }
      return { grade: g, before, after, delta: after - before };
    });
    const d0 = (c ?? b)!;
    return { id: p.id, title: d0.title, kind: d0.kind, inBase: !!b, inCandidate: !!c, grades: [...grades, ''], gradeLabels: [...gradeLabels, { zh: '无等级', en: 'no grade' }], matrix, moved, distribution };
  });
}

/**
 * A page of moved enterprises with their reasons from the deciding rules on both sides — as the
 * server's in-memory report gives them (`compareResults` without the evaluators: no enterprise data
 * is read for them).
 */
export function impactMovedItems(rows: readonly ImpactMovedRow[], pairs: readonly ImpactPair[], metaB: EvaluationResult, metaC: EvaluationResult): MovedEnterprise[] {
  return rows.map((r) => {
    const p = pairs[r.doc]!;
    const b = p.base === null ? undefined : metaB.documents[p.base];
    const c = p.candidate === null ? undefined : metaC.documents[p.candidate];
    const before = sideOf(b, r.from_grade, r.from_rule);
    const after = sideOf(c, r.to_grade, r.to_rule);
    return { index: r.row_no, uscc: r.uscc, name: r.name, document: p.id, before, after, reason: reasonOf(before, after) };
  });
}

/** The workload deltas and the differentiated share of the comparison, from the two aggregates. */
export function impactWorkload(ab: Aggregate, ac: Aggregate): Pick<Comparison, 'workload' | 'differentiatedShare'> {
  const target = ac.differentiatedShareTargetPercent;
  return {
    workload: {
      departments: workloadDeltas(ab.workload, ac.workload),
      total: { before: ab.totalInspectionsPerYear, after: ac.totalInspectionsPerYear, delta: ac.totalInspectionsPerYear - ab.totalInspectionsPerYear },
    },
    differentiatedShare: {
      beforePercent: ab.differentiatedSharePercent,
      afterPercent: ac.differentiatedSharePercent,
      targetPercent: target,
      meetsTarget: target === null ? null : ac.differentiatedSharePercent >= target,
    },
  };
}
