/**
 * The semantic checks of a sampling document: the system's limits on ratios and frequencies, zero
 * and all-zero tables, ratios against each row's planning range, and worse grades inspected no less
 * than better ones (in the table and in each domain with exceptions); one basis per domain; the yearly
 * plans' differentiated share (户数) against the minimum of the target year (002 (六)).
 */
import type { SamplingDocument } from '../documents.ts';
import { valueAtPointer } from '../json.ts';
import { formatNumber } from '../phrasing.ts';
import type { PlaceNames } from '../places.ts';
import { differentiatedPlanShares, sharePercentText } from '../plan-share.ts';
import type { StructuralRemap } from '../zod-issues.ts';
import type { Push } from './collector.ts';
import { duplicates } from './collector.ts';

/**
 * The system's limits on sampling numbers. They live here, not in the editable document: a document's
 * own `range` per grade is a planning aid, never a safeguard. A ratio or frequency of 0 is allowed
 * with a warning (that grade is never inspected); a table that inspects nobody is an error.
 */
export const SAMPLING_LIMITS = {
  ratioPercent: { min: 0, max: 100 },
  frequencyPerYear: { min: 0, max: 52 },
} as const;

/** Out-of-range numbers of the structure read as `sampling.out-of-range` (with the field and value). */
export const samplingRemap: StructuralRemap = (issue, pointer, input) => {
  if (issue.code !== 'too_big' && issue.code !== 'too_small') return undefined;
  const m = /^\/content\/(?:(rows|exceptions)\/\d+\/(ratioPercent|range\/min|range\/max)|(differentiatedShareMinPercent))$/.exec(pointer);
  if (!m) return undefined;
  const field = m[3]
    ? { field: '差异化抽查最低占比', fieldEn: 'Minimum differentiated share' }
    : m[2] === 'ratioPercent'
      ? { field: '抽查比例', fieldEn: 'Sampling ratio' }
      : { field: '比例区间', fieldEn: 'Ratio range bound' };
  const value = valueAtPointer(input, pointer);
  return { code: 'sampling.out-of-range', params: { ...field, value: typeof value === 'number' ? `${value}%` : String(value) } };
};

/** The semantic checks of a sampling document (see the module comment); `names` names departments in the messages. */
export function checkSampling(doc: SamplingDocument, push: Push, names: PlaceNames = {}) {
  const rows = doc.content.rows;
  duplicates(doc.content.domainBasis ?? [], (b) => b.domain, (i, domain) => push('sampling.basis-duplicate', `/content/domainBasis/${i}/domain`, { domain }));
  checkPlans(doc.content, push, names);
  duplicates(rows, (r) => r.grade, (i, grade) => push('grades.duplicate', `/content/rows/${i}/grade`, { grade }));
  rows.forEach((r, i) => {
    if (!r.range) return;
    if (r.range.min > r.range.max) push('sampling.range-inverted', `/content/rows/${i}/range`, { grade: r.grade, ...r.range });
    else if (r.ratioPercent < r.range.min || r.ratioPercent > r.range.max) {
      push('sampling.ratio-outside-range', `/content/rows/${i}/ratioPercent`, { grade: r.grade, value: r.ratioPercent, ...r.range });
    }
  });
  checkSamplingAmounts(doc.content, push);
  // rows run from the best grade to the worst: neither the ratio nor the frequency may fall
  for (let i = 1; i < rows.length; i++) {
    const prev = rows[i - 1]!;
    const row = rows[i]!;
    if (row.ratioPercent < prev.ratioPercent) {
      push('sampling.ratio-decreasing', `/content/rows/${i}/ratioPercent`, {
        field: '抽查比例', fieldEn: 'The sampling ratio',
        prevGrade: prev.grade, prevValue: `${prev.ratioPercent}%`, grade: row.grade, value: `${row.ratioPercent}%`,
      });
    }
    if (row.frequencyPerYear < prev.frequencyPerYear) {
      push('sampling.ratio-decreasing', `/content/rows/${i}/frequencyPerYear`, {
        field: '每年抽查次数', fieldEn: 'The inspections per year',
        prevGrade: prev.grade, prevValue: prev.frequencyPerYear, grade: row.grade, value: row.frequencyPerYear,
      });
    }
  }
}

export interface SamplingAmount {
  grade: string;
  ratioPercent: number;
  frequencyPerYear: number;
  /** Pointer of the row or exception the numbers come from. */
  path: string;
}

const pctText = (n: number) => `${formatNumber(n)}%`;
/** Inspections per 100 enterprises of a grade per year (ratio % × rounds). */
const yearlyRate = (a: SamplingAmount) => a.ratioPercent * a.frequencyPerYear;

/**
 * The system's limits on every row and exception, zero warnings, the all-zero error, and the worst
 * grade against the best (in the whole table and in each domain with exceptions).
 */
function checkSamplingAmounts(c: SamplingDocument['content'], push: Push) {
  const rows: SamplingAmount[] = c.rows.map((r, i) => ({ ...r, path: `/content/rows/${i}` }));
  const exceptions = c.exceptions.map((e, i) => ({ ...e, path: `/content/exceptions/${i}` }));
  const all = [...rows, ...exceptions];
  const L = SAMPLING_LIMITS;
  for (const a of all) {
    if (a.ratioPercent < L.ratioPercent.min || a.ratioPercent > L.ratioPercent.max) {
      push('sampling.out-of-range', `${a.path}/ratioPercent`, { field: '抽查比例', fieldEn: 'Sampling ratio', value: pctText(a.ratioPercent) });
    }
  }
  if (all.every((a) => yearlyRate(a) <= 0)) {
    push('sampling.all-zero', '/content/rows');
    return;
  }
  for (const a of all) {
    const where = 'domain' in a ? { where: `（领域 ${a.domain}）`, whereEn: ` (domain ${a.domain})` } : { where: '', whereEn: '' };
    if (a.ratioPercent === 0) push('sampling.ratio-zero', `${a.path}/ratioPercent`, { grade: a.grade, field: '抽查比例', fieldEn: 'sampling ratio', ...where });
    if (a.frequencyPerYear === 0) push('sampling.ratio-zero', `${a.path}/frequencyPerYear`, { grade: a.grade, field: '每年抽查次数', fieldEn: 'inspections per year', ...where });
  }
  worstAgainstBest(rows, { where: '', whereEn: '' }, push);
  // a domain exception replaces the table's numbers for that domain and grade
  for (const domain of new Set(exceptions.map((e) => e.domain))) {
    const table = rows.map((r) => exceptions.find((e) => e.domain === domain && e.grade === r.grade) ?? r);
    if (table.every((t, i) => t === rows[i])) continue;
    const where = { where: `（领域 ${domain}）`, whereEn: ` (domain ${domain})` };
    // only what the exceptions change: the table itself was judged above
    if (table[0] !== rows[0] || table.at(-1) !== rows.at(-1)) worstAgainstBest(table, where, push);
    for (let i = 1; i < table.length; i++) {
      const prev = table[i - 1]!;
      const row = table[i]!;
      if (prev === rows[i - 1] && row === rows[i]) continue;
      const at = row === rows[i] ? prev : row;
      if (row.ratioPercent < prev.ratioPercent) {
        push('sampling.ratio-decreasing', `${at.path}/ratioPercent`, {
          field: `领域 ${domain} 的抽查比例`, fieldEn: `In domain ${domain}, the sampling ratio`,
          prevGrade: prev.grade, prevValue: pctText(prev.ratioPercent), grade: row.grade, value: pctText(row.ratioPercent),
        });
      }
      if (row.frequencyPerYear < prev.frequencyPerYear) {
        push('sampling.ratio-decreasing', `${at.path}/frequencyPerYear`, {
          field: `领域 ${domain} 的每年抽查次数`, fieldEn: `In domain ${domain}, the inspections per year`,
          prevGrade: prev.grade, prevValue: prev.frequencyPerYear, grade: row.grade, value: row.frequencyPerYear,
        });
      }
    }
  }
}

/** An error at the worst grade's numbers when it is inspected less per year than the best grade. */
export function worstAgainstBest(table: readonly SamplingAmount[], where: { where: string; whereEn: string }, push: Push) {
  if (table.length < 2) return;
  const best = table[0]!;
  const worst = table.at(-1)!;
  if (yearlyRate(worst) >= yearlyRate(best)) return;
  push('sampling.worst-below-best', worst.path, {
    worst: worst.grade,
    best: best.grade,
    ...where,
    worstRate: formatNumber(yearlyRate(worst)),
    worstRatio: pctText(worst.ratioPercent),
    worstFrequency: formatNumber(worst.frequencyPerYear),
    bestRate: formatNumber(yearlyRate(best)),
    bestRatio: pctText(best.ratioPercent),
    bestFrequency: formatNumber(best.frequencyPerYear),
  });
}

/**
 * One plan per department and year; each plan's differentiated share of inspected enterprises against
 * the document's minimum for the target year — a warning naming the department, the year, the share,
 * the target and the shortfall in percentage points. A warning, not an error: the plan is a fact the
 * department reports, the document stays evaluable, and an error would refuse the very preview and
 * review where the shortfall has to be seen (the preview lists it among its notes, the report shows it).
 */
function checkPlans(c: SamplingDocument['content'], push: Push, names: PlaceNames) {
  const plans = c.inspectionPlans ?? [];
  duplicates(plans, (p) => `${p.department}|${p.year}`, (i) =>
    push('sampling.plan-duplicate', `/content/inspectionPlans/${i}`, departmentParams(plans[i]!.department, names, { year: plans[i]!.year })),
  );
  for (const s of differentiatedPlanShares(c)) {
    if (s.meetsTarget !== false) continue;
    const gap = [1, 2, 3, 4].map((d) => s.gapPoints.toFixed(d)).find((t) => Number(t) > 0) ?? String(s.gapPoints);
    push('sampling.differentiated-share-below', `/content/inspectionPlans/${s.index}/enterprises/differentiated`, departmentParams(s.department, names, {
      year: s.year,
      share: sharePercentText(s.sharePercent!, s.targetPercent!),
      target: formatNumber(s.targetPercent!),
      gap,
      differentiated: s.differentiated,
      total: s.total,
    }));
  }
}

const departmentParams = (id: string, names: PlaceNames, rest: Record<string, string | number>) => {
  const name = names.department?.(id);
  return { department: name?.zh ?? id, departmentEn: name?.en ?? id, ...rest };
};
