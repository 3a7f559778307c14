/** A stored result (`policy evaluate`'s JSON) named with a run's legend: grade and rule labels by document. */
import type { Label, RunAggregates } from './api-types.ts';

export interface LabelledDecision {
  document: string;
  title: string;
  grade: string | null;
  gradeLabel: Label | null;
  rule: string | null;
  ruleLabel: Label | null;
  score: number | null;
}

/** The part of a stored result this reads. */
export interface StoredResultLike {
  results: Record<string, { grade: string | null; rule: string | null; score?: number } | undefined>;
  sampling?: unknown;
}

/**
 * The decisions of a stored result in the legend's order (grading documents and industry models), each
 * with its title, grade label and rule label — the same as `runs.results` rows.
 */
export function labelDecisions(agg: RunAggregates | null, r: StoredResultLike): LabelledDecision[] {
  const docs = (agg?.legend ?? []).filter((d) => d.kind === 'grading' || d.kind === 'industry-model');
  const grades = new Map((agg?.documents ?? []).map((d) => [d.id, d]));
  return docs.flatMap((d) => {
    const res = r.results[d.id];
    if (!res) return [];
    const g = grades.get(d.id);
    const gk = res.grade === null || !g ? -1 : g.grades.indexOf(res.grade);
    const rk = res.rule === null ? -1 : d.rules.indexOf(res.rule);
    return [
      {
        document: d.id,
        title: d.title,
        grade: res.grade,
        gradeLabel: gk >= 0 ? (g?.gradeLabels?.[gk] ?? null) : null,
        rule: res.rule,
        ruleLabel: rk >= 0 ? (d.ruleLabels[rk] ?? null) : null,
        score: res.score ?? null,
      },
    ];
  });
}

/** The sampling ratio and frequency of a stored result, or null. */
export function samplingOf(r: StoredResultLike): { ratioPercent: number; frequencyPerYear: number } | null {
  const s = r.sampling as { ratioPercent?: unknown; frequencyPerYear?: unknown } | null | undefined;
  return s && typeof s.ratioPercent === 'number' && typeof s.frequencyPerYear === 'number' ? { ratioPercent: s.ratioPercent, frequencyPerYear: s.frequencyPerYear } : null;
}
