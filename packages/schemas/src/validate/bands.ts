/**
 * Score bands (a grading's bands decision, an industry model's thresholds): every band non-empty and
 * inside the range, the range covered exactly once (gaps, overlaps, unclear bounds at its ends).
 */
import type { Bound } from '../documents.ts';
import type { Phrase } from '../phrasing.ts';
import type { Push } from './collector.ts';

export interface BandLike {
  id: string;
  grade?: string;
  min?: Bound;
  max?: Bound;
}
interface Edge {
  value: number;
  inclusive: boolean;
}

const num = (v: number) => (Number.isFinite(v) ? String(v) : v > 0 ? '+∞' : '−∞');
function interval(lo: Edge, hi: Edge): string {
  if (lo.value === hi.value) return num(lo.value);
  return `${lo.inclusive ? '[' : '('}${num(lo.value)}, ${num(hi.value)}${hi.inclusive ? ']' : ')'}`;
}
const emptyInterval = (lo: Edge, hi: Edge) => lo.value > hi.value || (lo.value === hi.value && !(lo.inclusive && hi.inclusive));

/**
 * Checks that bands cover `range` exactly once: empty bands, bounds outside the range, bounds that
 * exclude a range end, gaps and overlaps. Each band is reported at its own pointer.
 */
export function checkBands(bands: readonly BandLike[], base: string, range: { min: number; max: number }, push: Push, gradeName?: (code: string) => Phrase) {
  // bands are named by the grade they give (档位「优」), as the editor shows them, never by their ids
  const name = (i: number): { band: string; bandEn: string } => {
    const b = bands[i]!;
    if (!gradeName || !b.grade) return { band: b.id, bandEn: b.id };
    const g = gradeName(b.grade);
    const same = bands.filter((x) => x.grade === b.grade).length > 1;
    return same ? { band: `${g.zh}（第 ${i + 1} 个档位）`, bandEn: `${g.en} (band ${i + 1})` } : { band: g.zh, bandEn: g.en };
  };
  const other = (i: number) => {
    const n = name(i);
    return { other: n.band, otherEn: n.bandEn };
  };
  const unclear = new Set<string>(); // "lo:<i>" / "hi:<i>": a range end left out on purpose-looking bounds
  const live: { i: number; lo: Edge; hi: Edge }[] = [];
  const rangeParams = { min: range.min, max: range.max };
  bands.forEach((b, i) => {
    const lo: Edge = b.min ?? { value: -Infinity, inclusive: false };
    const hi: Edge = b.max ?? { value: Infinity, inclusive: false };
    if (emptyInterval(lo, hi)) {
      push('bands.empty', `${base}/${i}`, { ...name(i), interval: `${lo.inclusive ? '[' : '('}${num(lo.value)}, ${num(hi.value)}${hi.inclusive ? ']' : ')'}` });
      return;
    }
    let outside = false;
    if (b.min && (b.min.value < range.min || b.min.value > range.max || (b.min.value === range.max && !b.min.inclusive))) {
      push('bands.out-of-range', `${base}/${i}/min`, { ...name(i), value: b.min.value, ...rangeParams });
      outside = true;
    }
    if (b.max && (b.max.value > range.max || b.max.value < range.min || (b.max.value === range.min && !b.max.inclusive))) {
      push('bands.out-of-range', `${base}/${i}/max`, { ...name(i), value: b.max.value, ...rangeParams });
      outside = true;
    }
    if (!outside && b.min && b.min.value === range.min && !b.min.inclusive) {
      push('bands.unclear-bound', `${base}/${i}/min/inclusive`, { ...name(i), value: range.min });
      unclear.add(`lo:${i}`);
    }
    if (!outside && b.max && b.max.value === range.max && !b.max.inclusive) {
      push('bands.unclear-bound', `${base}/${i}/max/inclusive`, { ...name(i), value: range.max });
      unclear.add(`hi:${i}`);
    }
    live.push({ i, lo, hi });
  });

  live.sort((a, b) => a.lo.value - b.lo.value || Number(b.lo.inclusive) - Number(a.lo.inclusive));
  let end: Edge = { value: range.min, inclusive: false };
  let endBand: number | undefined;
  const rangeEnd: Edge = { value: range.max, inclusive: true };
  for (const { i, lo, hi } of live) {
    const gapLo: Edge = { value: end.value, inclusive: !end.inclusive };
    let gapHi: Edge = { value: lo.value, inclusive: !lo.inclusive };
    if (gapHi.value > range.max) gapHi = rangeEnd;
    const startsAfterEnd = lo.value > end.value || (lo.value === end.value && !lo.inclusive && !end.inclusive);
    if (startsAfterEnd) {
      const onlyUnclearStart = endBand === undefined && unclear.has(`lo:${i}`);
      if (!emptyInterval(gapLo, gapHi) && !onlyUnclearStart && gapLo.value <= range.max) {
        push('bands.gap', `${base}/${i}/min`, { gap: interval(gapLo, gapHi) });
      }
    } else if (endBand !== undefined && (lo.value < end.value || (lo.inclusive && end.inclusive))) {
      const overlapHi = hi.value < end.value || (hi.value === end.value && !end.inclusive) ? hi : end;
      push('bands.overlap', `${base}/${i}/min`, {
        ...name(i),
        ...other(endBand),
        overlap: interval(lo, overlapHi),
      });
    }
    if (hi.value > end.value || (hi.value === end.value && hi.inclusive && !end.inclusive)) {
      end = hi;
      endBand = i;
    }
  }
  if (end.value < range.max || (end.value === range.max && !end.inclusive)) {
    const onlyUnclearEnd = end.value === range.max && endBand !== undefined && unclear.has(`hi:${endBand}`);
    if (!onlyUnclearEnd && live.length > 0) {
      push('bands.gap', endBand === undefined ? base : `${base}/${endBand}/max`, {
        gap: interval({ value: end.value, inclusive: !end.inclusive }, rangeEnd),
      });
    }
  }
}

/** True when a band holds at least one value of the range. */
export function bandMeetsRange(b: BandLike, range: { min: number; max: number }): boolean {
  const lo: Edge = b.min ?? { value: -Infinity, inclusive: false };
  const hi: Edge = b.max ?? { value: Infinity, inclusive: false };
  const clippedLo: Edge = lo.value < range.min ? { value: range.min, inclusive: true } : lo;
  const clippedHi: Edge = hi.value > range.max ? { value: range.max, inclusive: true } : hi;
  return !emptyInterval(clippedLo, clippedHi);
}
