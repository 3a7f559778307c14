/**
 * Breakdowns of a comparison (issue 13, finding 9): for every document, the grade distribution by
 * department, domain, industry section and region before and after, and the near-threshold counts —
 * from the two aggregates the server and the CLI already compute (`aggregate()`), aligned by grade code.
 */
import type { LocalizedText } from '@policy/schemas';
import type { Aggregate, Breakdown, DocumentAggregate } from './aggregate.ts';

export const BREAKDOWN_DIMENSIONS = ['department', 'domain', 'section', 'region'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

export const DIMENSION_LABELS: Readonly<Record<BreakdownDimension, LocalizedText>> = {
  department: { zh: '按部门', en: 'by department' },
  domain: { zh: '按监管领域', en: 'by domain' },
  section: { zh: '按行业门类', en: 'by industry section' },
  region: { zh: '按行政区划', en: 'by region' },
};

export interface BreakdownRowDelta {
  key: string;
  label?: LocalizedText;
  /** Enterprises per grade (order of `DocumentBreakdowns.grades`), before and after. */
  before: number[];
  after: number[];
  totalBefore: number;
  totalAfter: number;
  /** Enterprises that a grade gained in this row (Σ of the positive changes): 0 when nothing moved. */
  changed: number;
}

export interface DocumentBreakdowns {
  id: string;
  title: string;
  /** Grade codes aligned over both sides; '' = no grade. */
  grades: string[];
  gradeLabels: LocalizedText[];
  byDepartment: BreakdownRowDelta[];
  byDomain: BreakdownRowDelta[];
  bySection: BreakdownRowDelta[];
  byRegion: BreakdownRowDelta[];
  /** Enterprises within ±margin points of a band bound, before and after. */
  nearThreshold: { margin: number; before: number; after: number };
}

const NONE: LocalizedText = { zh: '无等级', en: 'no grade' };

/** One document's breakdowns, its grades aligned by code (a grade only one side has counts 0 on the other). */
function documentBreakdowns(b: DocumentAggregate | undefined, a: DocumentAggregate | undefined): DocumentBreakdowns {
  const codes: string[] = [];
  const labels: LocalizedText[] = [];
  for (const d of [b, a]) {
    d?.grades.forEach((g, k) => {
      if (!codes.includes(g)) {
        codes.push(g);
        labels.push(d.gradeLabels[k]!);
      }
    });
  }
  codes.push('');
  labels.push(NONE);
  const align = (d: DocumentAggregate | undefined, counts: number[] | undefined): number[] => {
    const out = new Array<number>(codes.length).fill(0);
    if (!d || !counts) return out;
    d.grades.forEach((g, k) => (out[codes.indexOf(g)] = counts[k] ?? 0));
    out[codes.length - 1] = counts[d.grades.length] ?? 0;
    return out;
  };
  const rows = (pick: (d: DocumentAggregate) => Breakdown[]): BreakdownRowDelta[] => {
    const keys: { key: string; label?: LocalizedText }[] = [];
    for (const d of [b, a]) for (const x of d ? pick(d) : []) if (!keys.some((k) => k.key === x.key)) keys.push({ key: x.key, ...(x.label ? { label: x.label } : {}) });
    return keys
      .map(({ key, label }) => {
        const before = align(b, b ? pick(b).find((x) => x.key === key)?.counts : undefined);
        const after = align(a, a ? pick(a).find((x) => x.key === key)?.counts : undefined);
        const changed = after.reduce((s, v, k) => s + Math.max(0, v - before[k]!), 0);
        return { key, ...(label ? { label } : {}), before, after, totalBefore: before.reduce((s, v) => s + v, 0), totalAfter: after.reduce((s, v) => s + v, 0), changed };
      })
      .filter((r) => r.totalBefore > 0 || r.totalAfter > 0);
  };
  const any = (a ?? b)!;
  return {
    id: any.id,
    title: any.title,
    grades: codes,
    gradeLabels: labels,
    byDepartment: rows((d) => d.byDepartment),
    byDomain: rows((d) => d.byDomain),
    bySection: rows((d) => d.bySection),
    byRegion: rows((d) => d.byRegion),
    nearThreshold: { margin: any.nearThreshold.margin, before: b?.nearThreshold.count ?? 0, after: a?.nearThreshold.count ?? 0 },
  };
}

/**
 * The breakdowns of every document of either side, base documents first.
 *
 * @example
 * const rows = breakdownComparison(aggregate(base, pop), aggregate(candidate, pop));
 * rows[0].byDepartment.filter((r) => r.changed > 0) // departments whose distribution changed
 */
export function breakdownComparison(before: Aggregate, after: Aggregate): DocumentBreakdowns[] {
  const ids = [...before.documents.map((d) => d.id), ...after.documents.map((d) => d.id)].filter((id, k, all) => all.indexOf(id) === k);
  return ids.map((id) =>
    documentBreakdowns(
      before.documents.find((d) => d.id === id),
      after.documents.find((d) => d.id === id),
    ),
  );
}
