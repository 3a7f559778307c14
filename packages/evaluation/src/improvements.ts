/**
 * Explanations from the data (issue 13 finding 9): for one enterprise, the smallest changes that would
 * move it to each better grade of each grading document — repair record R (修复记录 R), objection
 * upheld on record R (异议成立 R), a score above a band's bound (评分高于 70), or the day the records
 * leave the window or their publication period (记录 R 于 2027-05-02 超出统计期间). Every suggestion
 * is checked by evaluating the changed enterprise with the same compiled documents: a change is only
 * suggested when it really gives the stated grade. A specialised industry model whose grade comes from
 * the general class it refines (`refines:<id>`) gets the general-class change it needs first
 * (improvements-refines.ts). Pure: the population is not modified.
 */
import type { LocalizedText } from '@policy/schemas';
import type { Window } from './counting.ts';
import { periodOf, recordDomainsOf, recordExclusion, recordLifetimes, severityOf, windowStart } from './counting.ts';
import { dayOrThrow, DAY_NEVER, formatDay } from './dates.ts';
import type { Evaluator } from './evaluator.ts';
import type { GeneralClassChange } from './improvements-refines.ts';
import { generalClassLabel, refinesImprovements } from './improvements-refines.ts';
import type { Population } from './population.ts';
import { scoreAt } from './population.ts';
import { slicePopulation } from './population-slice.ts';

/** One change to the enterprise's data. */
export type ImprovementChange =
  | { type: 'repair'; record: string }
  | { type: 'objection-upheld'; record: string }
  | { type: 'score'; above: number; inclusive: boolean }
  | { type: 'wait'; date: string; records: string[] }
  | GeneralClassChange;

export interface Improvement {
  document: string;
  from: string;
  to: string;
  toLabel: LocalizedText;
  /** The changes, all needed together (a `wait` is never combined with another change). */
  changes: ImprovementChange[];
  /** E.g. 修复记录 R-3 → 良 / repair record R-3 → 良. */
  label: LocalizedText;
}

/** Most records repaired together in one suggestion. */
const MAX_REPAIRS = 8;

type Slice = Population;

const changeLabel = (c: ImprovementChange): LocalizedText => {
  switch (c.type) {
    case 'repair':
      return { zh: `修复记录 ${c.record}`, en: `repair record ${c.record}` };
    case 'objection-upheld':
      return { zh: `异议成立 ${c.record}`, en: `objection upheld on ${c.record}` };
    case 'score':
      return c.inclusive ? { zh: `评分不低于 ${c.above}`, en: `score at least ${c.above}` } : { zh: `评分高于 ${c.above}`, en: `score above ${c.above}` };
    case 'wait':
      return { zh: `记录 ${c.records.join('、')} 于 ${c.date} 超出统计期间`, en: `record${c.records.length > 1 ? 's' : ''} ${c.records.join(', ')} leave${c.records.length > 1 ? '' : 's'} the window on ${c.date}` };
    case 'general-class':
      return generalClassLabel(c, c.title);
  }
};

/** The enterprise's slice with `changes` applied (a `wait` changes the date, not the data). */
function applyToSlice(base: Slice, changes: readonly ImprovementChange[], at: number): Slice {
  let recRepaired = base.recRepaired;
  let recDate = base.recDate;
  let score = base.score;
  let scRows = base.scRows;
  let scDate = base.scDate;
  for (const c of changes) {
    if (c.type === 'repair' || c.type === 'objection-upheld') {
      const q = base.recIds.indexOf(c.record);
      if (q < 0) continue;
      if (c.type === 'repair') {
        if (recRepaired === base.recRepaired) recRepaired = recRepaired.slice();
        recRepaired[q] = at;
      } else {
        // an upheld objection withdraws the record: it no longer exists on any day
        if (recDate === base.recDate) recDate = recDate.slice();
        recDate[q] = DAY_NEVER;
      }
    } else if (c.type === 'score') {
      score = Float64Array.of(c.inclusive ? c.above : c.above + 0.01);
      scRows = new Uint32Array(0);
      scDate = new Int32Array(0);
    }
  }
  return { ...base, recRepaired, recDate, score, scRows, scDate };
}

/** The grade of `doc` for the (one-enterprise) population `p` at `atText`, or null. */
function gradeOf(ev: Evaluator, p: Population, atText: string, doc: string): string | null {
  return ev.evaluate(p, atText).toJSON(0).results[doc]?.grade ?? null;
}

/**
 * The smallest changes that move enterprise `i` of `pop` to each better grade of each grading
 * document at `atText` (YYYY-MM-DD), the nearest better grade first. Tried in this order, the first
 * that gives exactly the grade wins: one record repaired or withdrawn by an upheld objection, a score
 * above a band's bound, the records leaving the window (or their publication period) by waiting, then
 * 2…8 records repaired together (serious ones first, then the most recent).
 *
 * @example
 * improvements(ev, pop, 3, '2026-10-31').map((x) => x.label.zh) // → ['修复记录 R-3 → B', …]
 */
export function improvements(ev: Evaluator, pop: Population, i: number, atText: string): Improvement[] {
  if (!Number.isInteger(i) || i < 0 || i >= pop.n) throw new RangeError(`enterprise index out of range: ${i}`);
  const at = dayOrThrow(atText);
  const base = slicePopulation(pop, [i]);
  const now = ev.evaluate(base, atText);
  const out: Improvement[] = [];
  for (const d of now.documents) {
    if (d.kind !== 'grading') continue;
    const g = d.grade[0]!;
    if (g >= d.ordered) continue; // no grade, or unrated: nothing to improve in the order
    const better = d.grades.slice(0, g).reverse(); // nearest better grade first
    if (better.length === 0) continue;
    const compiled = ev.gradings.find((x) => x.doc.id === d.id)!;
    const c = compiled.doc.content;
    const lo = windowStart(at, c.window);
    const life = recordLifetimes(base, at, c.severities, c.publicationPeriods, c.repairBeforeMinimum);
    // the records that count today, serious first, then the most recent
    const counted: number[] = [];
    for (let q = 0; q < base.recIds.length; q++) if (recordExclusion(base, q, at, lo, c.pendingObjection, life) === undefined) counted.push(q);
    const sev = (q: number) => (c.severities[base.kinds[base.recKind[q]!]!] === 'serious' ? 0 : 1);
    counted.sort((a, b) => sev(a) - sev(b) || base.recDate[b]! - base.recDate[a]!);

    const found = new Map<string, ImprovementChange[]>();
    const tryChanges = (changes: ImprovementChange[], atDay = atText) => {
      const grade = gradeOf(ev, applyToSlice(base, changes, at), atDay, d.id);
      if (grade !== null && better.includes(grade) && !found.has(grade)) found.set(grade, changes);
    };
    for (const q of counted) tryChanges([{ type: 'repair', record: base.recIds[q]! }]);
    for (const q of counted) {
      if (base.recObjFiled[q] !== DAY_NEVER) tryChanges([{ type: 'objection-upheld', record: base.recIds[q]! }]);
    }
    if (compiled.bandsOnScore && c.decision.type === 'bands') {
      const s = scoreAt(base, 0, at);
      for (const b of c.decision.bands) {
        if (b.min && !(s >= b.min.value && b.min.inclusive) && !(s > b.min.value)) tryChanges([{ type: 'score', above: b.min.value, inclusive: b.min.inclusive }]);
      }
    }
    // waiting: the days the counted records stop counting (window or publication period), in order
    const maxOf = (q: number) => {
      const kind = base.kinds[base.recKind[q]!]!;
      return periodOf(c.publicationPeriods ?? [], kind, severityOf(c.severities, kind), recordDomainsOf(base)[base.recDomain?.[q] ?? 0])?.maximum;
    };
    const exit = counted.map((q) => exitDay(base, q, at, c.window, maxOf(q)));
    const exits = [...new Set(exit)].filter((x) => x !== DAY_NEVER).sort((a, b) => a - b);
    for (const day of exits) {
      if (found.size === better.length) break;
      const date = formatDay(day);
      const leaving = counted.filter((_, k) => exit[k]! <= day).map((q) => base.recIds[q]!);
      tryChanges([{ type: 'wait', date, records: leaving }], date);
    }
    for (let k = 2; k <= Math.min(MAX_REPAIRS, counted.length) && found.size < better.length; k++) {
      tryChanges(counted.slice(0, k).map((q) => ({ type: 'repair' as const, record: base.recIds[q]! })));
    }
    for (const to of better) {
      const changes = found.get(to);
      if (!changes) continue;
      const gi = d.grades.indexOf(to);
      const toLabel = d.gradeLabels[gi]!;
      const zh = changes.map((x) => changeLabel(x).zh).join('，');
      const en = changes.map((x) => changeLabel(x).en).join(', ');
      out.push({ document: d.id, from: d.grades[g]!, to, toLabel, changes, label: { zh: `${zh} → ${to}`, en: `${en} → ${to}` } });
    }
  }
  // a specialised model capped by the general class it refines: the general class must improve first
  for (const x of refinesImprovements(ev, base, now, atText)) {
    out.push({ document: x.document, from: x.from, to: x.to, toLabel: x.toLabel, changes: [x.change], label: x.label });
  }
  return out;
}

/** The first day after `at` on which record `q` no longer counts by time alone: out of the window, or past its maximum publication period (`maximum`). */
function exitDay(p: Population, q: number, at: number, window: Window, maximum: Window | undefined): number {
  const d = p.recDate[q]!;
  // the smallest day t > at with windowStart(t) ≥ d (a record counts while d > windowStart(t)); windows are at most 10 years
  const leaves = (w: Window): number => {
    let a = at + 1;
    let b = at + 366 * 11;
    if (windowStart(b, w) < d) return DAY_NEVER;
    while (a < b) {
      const m = (a + b) >> 1;
      if (windowStart(m, w) >= d) b = m;
      else a = m + 1;
    }
    return a;
  };
  return Math.min(leaves(window), maximum ? leaves(maximum) : DAY_NEVER);
}
