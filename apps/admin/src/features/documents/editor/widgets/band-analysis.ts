/** Coverage of a range by bands with explicit bound inclusivity: gaps, overlaps and empty bands. */
import type { Band } from '@policy/schemas';

export interface BandProblem {
  kind: 'gap' | 'overlap' | 'empty';
  from: number;
  to: number;
  /** True for a single value (from === to). */
  point: boolean;
  /** Indices of the bands involved (overlap: two or more, empty: one). */
  bands: number[];
}

function contains(b: Band, x: number): boolean {
  if (b.min && (b.min.inclusive ? x < b.min.value : x <= b.min.value)) return false;
  if (b.max && (b.max.inclusive ? x > b.max.value : x >= b.max.value)) return false;
  return true;
}

export function isEmptyBand(b: Band): boolean {
  if (!b.min || !b.max) return false;
  if (b.min.value > b.max.value) return true;
  return b.min.value === b.max.value && !(b.min.inclusive && b.max.inclusive);
}

/**
 * Sweeps the range: every bound value is tested as a point and every stretch between two bounds at its middle.
 *
 * @example
 * analyseBands([{ id: 'a', grade: 'A', min: { value: 50, inclusive: false } }], { min: 0, max: 100 })
 * // → [{ kind: 'gap', from: 0, to: 50, … }]
 */
export function analyseBands(bands: readonly Band[], range: { min: number; max: number }): BandProblem[] {
  const problems: BandProblem[] = [];
  bands.forEach((b, i) => {
    if (isEmptyBand(b))
      problems.push({ kind: 'empty', from: b.min!.value, to: b.max!.value, point: false, bands: [i] });
  });
  const live = bands.map((b, i) => ({ b, i })).filter(({ b }) => !isEmptyBand(b));
  const cuts = new Set<number>([range.min, range.max]);
  for (const { b } of live) {
    if (b.min && b.min.value > range.min && b.min.value < range.max) cuts.add(b.min.value);
    if (b.max && b.max.value > range.min && b.max.value < range.max) cuts.add(b.max.value);
  }
  const points = [...cuts].sort((a, b) => a - b);
  // samples in order: point, stretch, point, stretch, …, point
  const samples: { from: number; to: number; x: number; point: boolean }[] = [];
  points.forEach((p, k) => {
    samples.push({ from: p, to: p, x: p, point: true });
    const next = points[k + 1];
    if (next !== undefined) samples.push({ from: p, to: next, x: (p + next) / 2, point: false });
  });
  let open: BandProblem | null = null;
  const flush = () => {
    if (open) problems.push(open);
    open = null;
  };
  for (const s of samples) {
    const hits = live.filter(({ b }) => contains(b, s.x)).map(({ i }) => i);
    const kind = hits.length === 0 ? 'gap' : hits.length > 1 ? 'overlap' : null;
    if (!kind) {
      flush();
      continue;
    }
    const cur = open as BandProblem | null;
    if (cur && cur.kind === kind && (kind === 'gap' || cur.bands.join() === hits.join())) {
      cur.to = s.to;
      cur.point = false;
    } else {
      flush();
      open = { kind, from: s.from, to: s.to, point: s.point, bands: kind === 'gap' ? [] : hits };
    }
  }
  flush();
  return problems;
}
