/**
 * The columnar population: enterprise records flattened into typed arrays once, so evaluation
 * loops over integers and floats without touching objects or allocating.
 */
import type { EnterpriseRecord } from '@policy/schemas';
import { INDUSTRY_SECTIONS, parseIndustryCode } from '@policy/schemas';
import { DAY_NEVER, dayOrThrow } from './dates.ts';
import { copyColumn } from './run/columns.ts';

export const STATUSES = ['active', 'licence-revoked', 'deregistered'] as const;
export type EnterpriseStatus = (typeof STATUSES)[number];
/** Section letters A–T in order; `Population.section` indexes this (255 = unknown). */
export const SECTION_LETTERS: readonly string[] = INDUSTRY_SECTIONS.map((s) => s.code);

/** Value kinds of an indicator cell. */
export const INDICATOR_MISSING = 0;
export const INDICATOR_NUMBER = 1;
export const INDICATOR_BOOLEAN = 2;
export const INDICATOR_STRING = 3;

/** One indicator key as a column: numbers as is, booleans 0/1, strings as an index into `dict`. */
export interface IndicatorColumn {
  key: string;
  values: Float64Array;
  /** INDICATOR_MISSING / NUMBER / BOOLEAN / STRING per enterprise. */
  types: Uint8Array;
  dict: string[];
}

export interface Population {
  readonly n: number;
  readonly uscc: string[];
  readonly name: string[];
  /** Index into STATUSES. */
  readonly status: Uint8Array;
  /** publicCreditScore; NaN when not rated. */
  readonly score: Float64Array;
  /** Index into `industryCodes` (normalised codes with section letter, e.g. `C1391`). */
  readonly industry: Uint32Array;
  readonly industryCodes: string[];
  /** Index into SECTION_LETTERS. */
  readonly section: Uint8Array;
  /** 2-digit division as a number (1–97). */
  readonly division: Uint8Array;
  /** Index into `regions`; index 0 is '' (no region given). */
  readonly region: Uint32Array;
  readonly regions: string[];
  /** Records of enterprise i are rows recOffsets[i] … recOffsets[i+1]-1. */
  readonly recOffsets: Uint32Array;
  readonly recKind: Uint16Array;
  readonly kinds: string[];
  readonly recDate: Int32Array;
  /** DAY_NEVER when not repaired. */
  readonly recRepaired: Int32Array;
  /** Per record: 1 when it caused serious consequences (`seriousConsequence`, 造成严重后果); absent: none did. */
  readonly recConsequence?: Uint8Array;
  /**
   * Per record: index into `recDomains` of its domain (`records[].domain`, the domain of the authority
   * that made it; 0 is '' — none). Absent (a population stored before records had domains): none has one.
   */
  readonly recDomain?: Uint16Array;
  readonly recDomains?: string[];
  /** DAY_NEVER when no objection. */
  readonly recObjFiled: Int32Array;
  /** DAY_NEVER when the objection is pending (or there is none). */
  readonly recObjResolved: Int32Array;
  readonly recIds: string[];
  readonly listOffsets: Uint32Array;
  readonly listId: Uint16Array;
  readonly lists: string[];
  readonly listFrom: Int32Array;
  /** DAY_NEVER while still on the list. */
  readonly listUntil: Int32Array;
  readonly indicators: ReadonlyMap<string, IndicatorColumn>;
  /**
   * Dated statuses (sparse): enterprises `stRows[k]` (ascending) whose status carries dates; their
   * statuses are rows stOffsets[k] … stOffsets[k+1]-1 of `stSince` / `stValue`, oldest first.
   * `status` holds the current (latest) one; before the first date the enterprise was active.
   */
  readonly stRows: Uint32Array;
  readonly stOffsets: Uint32Array;
  readonly stSince: Int32Array;
  readonly stValue: Uint8Array;
  /** Dated scores (sparse): enterprises `scRows` (ascending) and the day of their score; before it, not rated. */
  readonly scRows: Uint32Array;
  readonly scDate: Int32Array;
}

const STATUS_ACTIVE = 0;
export const STATUS_LICENCE_REVOKED = 1;
export const STATUS_DEREGISTERED = 2;

/** Index of `i` in the ascending `rows`, or -1. */
export function findRow(rows: Uint32Array, i: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = rows[mid]!;
    if (v === i) return mid;
    if (v < i) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The status of enterprise `i` at day `at` (index into STATUSES): the latest dated status on or before `at`, else active. */
export function statusAt(pop: Population, i: number, at: number): number {
  const k = findRow(pop.stRows, i);
  if (k < 0) return pop.status[i]!;
  let s = STATUS_ACTIVE;
  for (let q = pop.stOffsets[k]!; q < pop.stOffsets[k + 1]!; q++) if (pop.stSince[q]! <= at) s = pop.stValue[q]!;
  return s;
}

/** The public credit score of enterprise `i` known at day `at` (NaN: not rated, or rated after `at`). */
export function scoreAt(pop: Population, i: number, at: number): number {
  const k = findRow(pop.scRows, i);
  return k >= 0 && pop.scDate[k]! > at ? NaN : pop.score[i]!;
}

/** The register at a date: status and score columns as of that day, and who is outside (deregistered). */
export interface RegisterAt {
  /** Status as of the day (the population's own column when no status carries a date). */
  status: Uint8Array;
  /** Score known on the day (the population's own column when no score carries a date). */
  score: Float64Array;
  /** Enterprises deregistered on the day, ascending: outside grading, workload and draws. */
  outside: Uint32Array;
}

/** Computes the register of `pop` at day `at` (allocation-free when nothing is dated: the columns are shared). */
export function registerAt(pop: Population, at: number): RegisterAt {
  // copies only when a dated fact differs on the day from the current one (most dates lie before `at`)
  let status = pop.status;
  if (pop.stRows.length > 0 && firstStatusChange(pop.status, pop.stRows, pop.stOffsets, pop.stSince, pop.stValue, at) >= 0) {
    status = copyColumn(pop.status);
    resolveStatuses(status, pop.stRows, pop.stOffsets, pop.stSince, pop.stValue, at);
  }
  let score = pop.score;
  if (pop.scRows.length > 0 && firstLaterScore(pop.scDate, at) >= 0) {
    score = copyColumn(pop.score);
    hideLaterScores(score, pop.scRows, pop.scDate, at);
  }
  return { status, score, outside: indexesOf(status, STATUS_DEREGISTERED) };
}

/** The first dated enterprise whose status on day `at` differs from its current one, or -1. */
function firstStatusChange(status: Uint8Array, rows: Uint32Array, offsets: Uint32Array, since: Int32Array, value: Uint8Array, at: number): number {
  for (let k = 0; k < rows.length; k++) {
    let s = STATUS_ACTIVE;
    for (let q = offsets[k]!; q < offsets[k + 1]!; q++) if (since[q]! <= at) s = value[q]!;
    if (s !== status[rows[k]!]) return k;
  }
  return -1;
}

function firstLaterScore(date: Int32Array, at: number): number {
  for (let k = 0; k < date.length; k++) if (date[k]! > at) return k;
  return -1;
}

function resolveStatuses(status: Uint8Array, rows: Uint32Array, offsets: Uint32Array, since: Int32Array, value: Uint8Array, at: number): void {
  for (let k = 0; k < rows.length; k++) {
    let s = STATUS_ACTIVE;
    for (let q = offsets[k]!; q < offsets[k + 1]!; q++) if (since[q]! <= at) s = value[q]!;
    status[rows[k]!] = s;
  }
}

function hideLaterScores(score: Float64Array, rows: Uint32Array, date: Int32Array, at: number): void {
  for (let k = 0; k < rows.length; k++) if (date[k]! > at) score[rows[k]!] = NaN;
}

/** The indexes of `v` in `a`, ascending (found by the typed array's native search: few match, as the deregistered). */
function indexesOf(a: Uint8Array, v: number): Uint32Array {
  let count = 0;
  for (let i = a.indexOf(v); i >= 0; i = a.indexOf(v, i + 1)) count++;
  const out = new Uint32Array(count);
  for (let k = 0, i = count === 0 ? -1 : a.indexOf(v); k < count; k++, i = a.indexOf(v, i + 1)) out[k] = i;
  return out;
}

class Interner {
  readonly values: string[] = [];
  private readonly map = new Map<string, number>();
  constructor(initial: readonly string[] = []) {
    for (const v of initial) this.id(v);
  }
  id(v: string): number {
    let k = this.map.get(v);
    if (k === undefined) {
      k = this.values.length;
      this.values.push(v);
      this.map.set(v, k);
    }
    return k;
  }
}

function grow<T extends Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  let cap = a.length * 2;
  while (cap < need) cap *= 2;
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}

const dayOrNever = (d: string | null | undefined) => (d == null ? DAY_NEVER : dayOrThrow(d));

/**
 * Builds a population one record at a time (for streaming a large file or generator).
 * Records must already be valid (see `parseEnterprisesJsonl`); a bad date or code throws.
 *
 * @example
 * const b = new PopulationBuilder();
 * for (const r of records) b.add(r);
 * const pop = b.finish();
 */
export class PopulationBuilder {
  private n = 0;
  private cap: number;
  private uscc: string[] = [];
  private name: string[] = [];
  private status: Uint8Array;
  private score: Float64Array;
  private industry: Uint32Array;
  private section: Uint8Array;
  private division: Uint8Array;
  private region: Uint32Array;
  private recOffsets: Uint32Array;
  private listOffsets: Uint32Array;
  private nr = 0;
  private recKind = new Uint16Array(1024);
  private recDate = new Int32Array(1024);
  private recRepaired = new Int32Array(1024);
  private recConsequence = new Uint8Array(1024);
  private recDomain = new Uint16Array(1024);
  private recObjFiled = new Int32Array(1024);
  private recObjResolved = new Int32Array(1024);
  private recIds: string[] = [];
  private nl = 0;
  private listId = new Uint16Array(256);
  private listFrom = new Int32Array(256);
  private listUntil = new Int32Array(256);
  private readonly codes = new Interner();
  private readonly codeInfo: { section: number; division: number }[] = [];
  private readonly rawCodes = new Map<string, number>();
  private readonly regionsI = new Interner(['']);
  private readonly recDomainsI = new Interner(['']);
  private readonly kindsI = new Interner();
  private readonly listsI = new Interner();
  private readonly dayCache = new Map<string, number>();
  private readonly indicators = new Map<string, IndicatorColumn & { interner: Interner }>();
  private readonly stRows: number[] = [];
  private readonly stOffsets: number[] = [0];
  private readonly stSince: number[] = [];
  private readonly stValue: number[] = [];
  private readonly scRows: number[] = [];
  private readonly scDate: number[] = [];

  constructor(expected = 1024) {
    this.cap = Math.max(16, expected);
    this.status = new Uint8Array(this.cap);
    this.score = new Float64Array(this.cap);
    this.industry = new Uint32Array(this.cap);
    this.section = new Uint8Array(this.cap);
    this.division = new Uint8Array(this.cap);
    this.region = new Uint32Array(this.cap);
    this.recOffsets = new Uint32Array(this.cap + 1);
    this.listOffsets = new Uint32Array(this.cap + 1);
  }

  private day(text: string): number {
    let d = this.dayCache.get(text);
    if (d === undefined) {
      d = dayOrThrow(text);
      if (this.dayCache.size < 100_000) this.dayCache.set(text, d);
    }
    return d;
  }

  private industryIndex(raw: string): number {
    let k = this.rawCodes.get(raw);
    if (k === undefined) {
      const parsed = parseIndustryCode(raw);
      if (!parsed.ok) throw new Error(`invalid industry code: ${raw}`);
      k = this.codes.id(parsed.normalized);
      if (this.codeInfo[k] === undefined) {
        this.codeInfo[k] = { section: SECTION_LETTERS.indexOf(parsed.section), division: Number(parsed.division) };
      }
      this.rawCodes.set(raw, k);
    }
    return k;
  }

  get size(): number {
    return this.n;
  }

  add(r: EnterpriseRecord): number {
    const i = this.n;
    if (i >= this.cap) {
      const cap = this.cap * 2;
      this.status = grow(this.status, cap);
      this.score = grow(this.score, cap);
      this.industry = grow(this.industry, cap);
      this.section = grow(this.section, cap);
      this.division = grow(this.division, cap);
      this.region = grow(this.region, cap);
      this.recOffsets = grow(this.recOffsets, cap + 1);
      this.listOffsets = grow(this.listOffsets, cap + 1);
      for (const col of this.indicators.values()) {
        // rows not reached yet read as missing (NaN), as when the column was created
        col.values = grow(col.values, cap);
        col.values.fill(NaN, this.cap);
        col.types = grow(col.types, cap);
      }
      this.cap = cap;
    }
    this.uscc.push(r.uscc);
    this.name.push(r.name);
    const st = statusCode(r.status);
    this.status[i] = st;
    if (r.statusSince !== undefined) {
      const dated = (r.statusHistory ?? []).map((h) => ({ since: this.day(h.since), value: statusCode(h.status) }));
      dated.sort((a, b) => a.since - b.since);
      dated.push({ since: this.day(r.statusSince), value: st });
      this.stRows.push(i);
      for (const d of dated) {
        this.stSince.push(d.since);
        this.stValue.push(d.value);
      }
      this.stOffsets.push(this.stSince.length);
    }
    this.score[i] = r.publicCreditScore == null ? NaN : r.publicCreditScore;
    if (r.scoreDate !== undefined && r.publicCreditScore != null) {
      this.scRows.push(i);
      this.scDate.push(this.day(r.scoreDate));
    }
    const code = this.industryIndex(r.industryCode);
    const info = this.codeInfo[code]!;
    this.industry[i] = code;
    this.section[i] = info.section;
    this.division[i] = info.division;
    this.region[i] = r.regionCode ? this.regionsI.id(r.regionCode) : 0;

    const recs = r.records;
    if (recs && recs.length > 0) {
      const need = this.nr + recs.length;
      if (need > this.recKind.length) {
        this.recKind = grow(this.recKind, need);
        this.recDate = grow(this.recDate, need);
        this.recRepaired = grow(this.recRepaired, need);
        this.recConsequence = grow(this.recConsequence, need);
        this.recDomain = grow(this.recDomain, need);
        this.recObjFiled = grow(this.recObjFiled, need);
        this.recObjResolved = grow(this.recObjResolved, need);
      }
      for (const rec of recs) {
        const k = this.nr++;
        this.recKind[k] = this.kindsI.id(rec.kind);
        this.recDate[k] = this.day(rec.date);
        this.recRepaired[k] = rec.repairedAt == null ? DAY_NEVER : this.day(rec.repairedAt);
        this.recConsequence[k] = rec.seriousConsequence === true ? 1 : 0;
        this.recDomain[k] = rec.domain ? this.recDomainsI.id(rec.domain) : 0;
        this.recObjFiled[k] = rec.objection ? this.day(rec.objection.filed) : DAY_NEVER;
        this.recObjResolved[k] = rec.objection ? dayOrNever(rec.objection.resolved) : DAY_NEVER;
        this.recIds.push(rec.id);
      }
    }
    this.recOffsets[i + 1] = this.nr;

    const lists = r.lists;
    if (lists && lists.length > 0) {
      const need = this.nl + lists.length;
      if (need > this.listId.length) {
        this.listId = grow(this.listId, need);
        this.listFrom = grow(this.listFrom, need);
        this.listUntil = grow(this.listUntil, need);
      }
      for (const l of lists) {
        const k = this.nl++;
        this.listId[k] = this.listsI.id(l.list);
        this.listFrom[k] = this.day(l.from);
        this.listUntil[k] = l.until == null ? DAY_NEVER : this.day(l.until);
      }
    }
    this.listOffsets[i + 1] = this.nl;

    if (r.indicators) {
      for (const key in r.indicators) {
        const v = r.indicators[key];
        let col = this.indicators.get(key);
        if (!col) {
          col = { key, values: new Float64Array(this.cap).fill(NaN), types: new Uint8Array(this.cap), dict: [], interner: new Interner() };
          col.dict = col.interner.values;
          this.indicators.set(key, col);
        }
        if (typeof v === 'number') {
          col.values[i] = v;
          col.types[i] = INDICATOR_NUMBER;
        } else if (typeof v === 'boolean') {
          col.values[i] = v ? 1 : 0;
          col.types[i] = INDICATOR_BOOLEAN;
        } else if (typeof v === 'string') {
          col.values[i] = col.interner.id(v);
          col.types[i] = INDICATOR_STRING;
        }
      }
    }
    this.n++;
    return i;
  }

  /** Returns the population; the builder must not be used afterwards. */
  finish(): Population {
    const n = this.n;
    const fit = <T extends Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array>(a: T, len: number): T =>
      (a.length === len ? a : a.slice(0, len)) as T;
    const indicators = new Map<string, IndicatorColumn>();
    for (const [key, col] of this.indicators) {
      indicators.set(key, { key, values: fit(col.values, n), types: fit(col.types, n), dict: col.dict });
    }
    return {
      n,
      uscc: this.uscc,
      name: this.name,
      status: fit(this.status, n),
      score: fit(this.score, n),
      industry: fit(this.industry, n),
      industryCodes: this.codes.values,
      section: fit(this.section, n),
      division: fit(this.division, n),
      region: fit(this.region, n),
      regions: this.regionsI.values,
      recOffsets: fit(this.recOffsets, n + 1),
      recKind: fit(this.recKind, this.nr),
      kinds: this.kindsI.values,
      recDate: fit(this.recDate, this.nr),
      recRepaired: fit(this.recRepaired, this.nr),
      recConsequence: fit(this.recConsequence, this.nr),
      recDomain: fit(this.recDomain, this.nr),
      recDomains: this.recDomainsI.values,
      recObjFiled: fit(this.recObjFiled, this.nr),
      recObjResolved: fit(this.recObjResolved, this.nr),
      recIds: this.recIds,
      listOffsets: fit(this.listOffsets, n + 1),
      listId: fit(this.listId, this.nl),
      lists: this.listsI.values,
      listFrom: fit(this.listFrom, this.nl),
      listUntil: fit(this.listUntil, this.nl),
      indicators,
      stRows: Uint32Array.from(this.stRows),
      stOffsets: Uint32Array.from(this.stOffsets),
      stSince: Int32Array.from(this.stSince),
      stValue: Uint8Array.from(this.stValue),
      scRows: Uint32Array.from(this.scRows),
      scDate: Int32Array.from(this.scDate),
    };
  }
}

const statusCode = (s: EnterpriseStatus): number => (s === 'active' ? 0 : s === 'licence-revoked' ? 1 : 2);

/**
 * Builds a columnar population from validated enterprise records.
 *
 * @example
 * const pop = buildPopulation([{ uscc: '91350100M000100Y43', name: '甲公司', industryCode: '5211', status: 'active' }]);
 * pop.industryCodes[pop.industry[0]!] // → 'F5211'
 */
export function buildPopulation(records: readonly EnterpriseRecord[]): Population {
  const b = new PopulationBuilder(records.length + 1);
  for (const r of records) b.add(r);
  return b.finish();
}
