/**
 * What a condition can match, proved conservatively: a condition is reported as never holding, or
 * as covered by another one, only when that follows from its comparisons alone (record counts are
 * whole numbers ≥ 0, scores lie in 0–100 or are missing, list and status measures are yes/no).
 * Anything the analysis cannot see through (industry indicators, a negated score) counts as
 * "may hold", so no false alarm is raised. Used by the validator's reachability checks.
 */
import type { CompareCondition, Condition, MeasureDef } from './documents.ts';

/** The values a numeric measure may take within one conjunction. */
interface Range {
  lo: number;
  loIn: boolean;
  hi: number;
  hiIn: boolean;
  /** Values excluded by `!=`. */
  not: Set<number>;
  /** True for whole-number measures (record counts). */
  int: boolean;
}

/** One conjunction of constraints: numeric ranges and yes/no values per measure. */
interface Term {
  ranges: Map<string, Range>;
  flags: Map<string, boolean>;
  /** True when the term also holds constraints the analysis cannot see (it may be narrower). */
  opaque: boolean;
}

/** A condition in disjunctive normal form; undefined when too large to expand. */
type Dnf = Term[] | undefined;

const MAX_TERMS = 64;

function baseRange(m: MeasureDef): Range | undefined {
  if (m.type === 'recordCount') return { lo: 0, loIn: true, hi: Infinity, hiIn: false, not: new Set(), int: true };
  if (m.type === 'score') return { lo: 0, loIn: true, hi: 100, hiIn: true, not: new Set(), int: false };
  return undefined;
}

function clone(t: Term): Term {
  return {
    ranges: new Map([...t.ranges].map(([k, r]) => [k, { ...r, not: new Set(r.not) }])),
    flags: new Map(t.flags),
    opaque: t.opaque,
  };
}

/** Narrows a range by one comparison (in place). */
function narrow(r: Range, op: CompareCondition['op'], v: number): void {
  const setLo = (lo: number, inc: boolean) => {
    if (lo > r.lo || (lo === r.lo && !inc && r.loIn)) {
      r.lo = lo;
      r.loIn = inc;
    }
  };
  const setHi = (hi: number, inc: boolean) => {
    if (hi < r.hi || (hi === r.hi && !inc && r.hiIn)) {
      r.hi = hi;
      r.hiIn = inc;
    }
  };
  switch (op) {
    case '>':
      setLo(v, false);
      break;
    case '>=':
      setLo(v, true);
      break;
    case '<':
      setHi(v, false);
      break;
    case '<=':
      setHi(v, true);
      break;
    case '==':
      setLo(v, true);
      setHi(v, true);
      break;
    case '!=':
      r.not.add(v);
      break;
  }
}

function rangeEmpty(r: Range): boolean {
  if (r.int) {
    const a = r.loIn ? Math.ceil(r.lo) : Math.floor(r.lo) + 1;
    const b = r.hiIn ? Math.floor(r.hi) : Math.ceil(r.hi) - 1;
    if (a > b) return true;
    if (Number.isFinite(b) && b - a < 64) {
      for (let x = a; x <= b; x++) if (!r.not.has(x)) return false;
      return true;
    }
    return false;
  }
  if (r.lo < r.hi) return false;
  return !(r.lo === r.hi && r.loIn && r.hiIn && !r.not.has(r.lo));
}

/** True when every value of `inner` lies in `outer` (sufficient test). */
function rangeWithin(inner: Range, outer: Range): boolean {
  const loOk = inner.lo > outer.lo || (inner.lo === outer.lo && (outer.loIn || !inner.loIn));
  const hiOk = inner.hi < outer.hi || (inner.hi === outer.hi && (outer.hiIn || !inner.hiIn));
  if (!loOk || !hiOk) {
    if (!inner.int) return false;
    // whole numbers: compare the first and last whole values
    const a = inner.loIn ? Math.ceil(inner.lo) : Math.floor(inner.lo) + 1;
    const b = inner.hiIn ? Math.floor(inner.hi) : Math.ceil(inner.hi) - 1;
    const inOuter = (x: number) =>
      (x > outer.lo || (x === outer.lo && outer.loIn)) && (x < outer.hi || (x === outer.hi && outer.hiIn));
    if (!(inOuter(a) && (b === Infinity ? outer.hi === Infinity : inOuter(b)))) return false;
  }
  for (const x of outer.not) {
    if (inner.not.has(x)) continue;
    const inInner = (x > inner.lo || (x === inner.lo && inner.loIn)) && (x < inner.hi || (x === inner.hi && inner.hiIn));
    if (inInner && (!inner.int || Number.isInteger(x))) return false;
  }
  return true;
}

const NEGATE: Record<CompareCondition['op'], CompareCondition['op']> = { '>': '<=', '>=': '<', '<': '>=', '<=': '>', '==': '!=', '!=': '==' };

/** The DNF of a condition (or of its negation). */
function dnf(c: Condition, measures: ReadonlyMap<string, MeasureDef>, negated = false): Dnf {
  const unknown = (): Dnf => [{ ranges: new Map(), flags: new Map(), opaque: true }];
  if ('always' in c) return negated ? [] : [{ ranges: new Map(), flags: new Map(), opaque: false }];
  if ('not' in c) return dnf(c.not, measures, !negated);
  if ('all' in c || 'any' in c) {
    const parts = 'all' in c ? c.all : c.any;
    const conj = 'all' in c !== negated; // ¬(a ∧ b) = ¬a ∨ ¬b
    const sub = parts.map((p) => dnf(p, measures, negated));
    if (sub.some((s) => s === undefined)) return undefined;
    if (!conj) {
      const all = (sub as Term[][]).flat();
      return all.length > MAX_TERMS ? undefined : all;
    }
    let acc: Term[] = [{ ranges: new Map(), flags: new Map(), opaque: false }];
    for (const s of sub as Term[][]) {
      const next: Term[] = [];
      for (const a of acc) for (const b of s) next.push(merge(a, b));
      if (next.length > MAX_TERMS) return undefined;
      acc = next;
    }
    return acc;
  }
  const m = measures.get(c.measure);
  if (!m) return unknown();
  if (m.type === 'listMember' || m.type === 'status') {
    if (typeof c.value !== 'boolean' || (c.op !== '==' && c.op !== '!=')) return unknown();
    const yes = (c.op === '==') === c.value;
    return [{ ranges: new Map(), flags: new Map([[c.measure, negated ? !yes : yes]]), opaque: false }];
  }
  const base = baseRange(m);
  if (!base || typeof c.value !== 'number') return unknown();
  // a missing score satisfies no comparison, so its negation holds for it: leave negated scores alone
  if (negated && m.type === 'score') return unknown();
  narrow(base, negated ? NEGATE[c.op] : c.op, c.value);
  return [{ ranges: new Map([[c.measure, base]]), flags: new Map(), opaque: false }];
}

function merge(a: Term, b: Term): Term {
  const t = clone(a);
  t.opaque ||= b.opaque;
  for (const [k, r] of b.ranges) {
    const cur = t.ranges.get(k);
    if (!cur) t.ranges.set(k, { ...r, not: new Set(r.not) });
    else {
      narrow(cur, r.loIn ? '>=' : '>', r.lo);
      narrow(cur, r.hiIn ? '<=' : '<', r.hi);
      for (const x of r.not) cur.not.add(x);
    }
  }
  for (const [k, v] of b.flags) {
    const cur = t.flags.get(k);
    // a contradiction: mark with an empty range under a reserved key
    if (cur !== undefined && cur !== v) t.ranges.set(`\u0000${k}`, { lo: 1, loIn: true, hi: 0, hiIn: true, not: new Set(), int: true });
    else t.flags.set(k, v);
  }
  return t;
}

const termEmpty = (t: Term) => [...t.ranges.values()].some(rangeEmpty);

function termWithin(inner: Term, outer: Term): boolean {
  if (outer.opaque) return false;
  for (const [k, r] of outer.ranges) {
    const ir = inner.ranges.get(k);
    if (!ir || !rangeWithin(ir, r)) return false;
  }
  for (const [k, v] of outer.flags) if (inner.flags.get(k) !== v) return false;
  return true;
}

/**
 * False only when the condition provably never holds (e.g. `n > 5 且 n < 3`, `记录数 < 0`,
 * `分数 > 100`, `在名单 且 不在名单`).
 *
 * @example
 * mayHold({ all: [{ measure: 'n', op: '>', value: 5 }, { measure: 'n', op: '<', value: 3 }] }, measures) // → false
 */
export function mayHold(c: Condition, measures: ReadonlyMap<string, MeasureDef>): boolean {
  const d = dnf(c, measures);
  return d === undefined || d.some((t) => !termEmpty(t));
}

/**
 * True only when every enterprise matching `inner` provably matches `outer` too (so a rule with
 * `inner` placed after one with `outer` never applies).
 *
 * @example
 * covers({ measure: 'n', op: '>=', value: 1 }, { measure: 'n', op: '>', value: 5 }, measures) // → true
 */
export function covers(outer: Condition, inner: Condition, measures: ReadonlyMap<string, MeasureDef>): boolean {
  const o = dnf(outer, measures);
  const i = dnf(inner, measures);
  if (!o || !i) return false;
  return i.filter((t) => !termEmpty(t)).every((t) => o.some((u) => !termEmpty(u) && termWithin(t, u)));
}
