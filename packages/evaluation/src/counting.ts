/**
 * What counts (CONTRACTS §1), in one place: the record-counting rule — a record counts at `at` when
 * it lies in the window (`lo < date`), is not dated after `at`, is not past its maximum publication
 * period, is not repaired by `at` (a deferred repair: not before the minimum period) and is not
 * under an objection pending at `at` (unless the grading counts such records: its `pendingObjection`
 * is `counted`) — which record kinds a measure counts, and the list-membership
 * rule (on the list at `at`: `from ≤ at < until`). The explanation uses the functions; the generated
 * kernels use the same rules as code (`RECORD_LIVE_JS`, `inWindowJs`, `LIST_IN_FORCE_JS`), so the
 * two cannot drift apart (the property test in explain.test.ts ties them together).
 */
import { subtractWindow } from './dates.ts';
import type { Population } from './population.ts';
import type { ExclusionReason } from './result.ts';

export const SEVERITY_CODES = { general: 0, serious: 1, ignore: 2 } as const;
export type Severity = keyof typeof SEVERITY_CODES;

/** A statistics window; a missing part defaults to 1 year and 0 months. */
export interface Window {
  years?: number;
  months?: number;
}
/** Windows of industry-model record counts default to one year. */
export const ONE_YEAR: Window = { years: 1, months: 0 };

/** The last day before the window ending at `at`: a record dated `≤ lo` lies outside it. */
export function windowStart(at: number, w: Window): number {
  return subtractWindow(at, w.years ?? 1, w.months ?? 0);
}

/**
 * How a grading treats records under an objection pending at `at` (its `pendingObjection`):
 * `excluded` (the default) — they do not count; `counted` — they count like any other.
 */
export type PendingObjection = 'excluded' | 'counted';

/**
 * A grading's publication periods (`publicationPeriods`, `repairBeforeMinimum`) at one date, per record
 * kind and record domain of the population, at index `kind + kinds.length × domain` ({@link lifetimeIndex}):
 * `xl[·]` — the last day before the maximum's window (a record dated `≤ xl` is past its maximum
 * publication period and no longer counts; -2³¹ when no period applies); `mn[·]` — a repair takes
 * effect only for records dated `≤ mn` (deferred: `at − minimum`, the record's minimum period has
 * passed; 2³¹−1 when repairs take effect from their date).
 */
export interface RecordLifetimes {
  xl: Int32Array;
  mn: Int32Array;
}
export interface PeriodRule {
  kinds?: readonly string[];
  severity?: 'general' | 'serious';
  domains?: readonly string[];
  minimum: Window;
  maximum: Window;
}
const DAY_MIN = -2147483648;
const DAY_MAX = 2147483647;

/**
 * The publication period applying to records of `kind` (of severity `severity`) made in `domain`
 * ('' for a record without one): the first that matches — its kinds, severity and domains, each
 * when given (a period with domains never matches a record without a domain).
 */
export function periodOf<P extends PeriodRule>(periods: readonly P[], kind: string, severity: Severity, domain = ''): P | undefined {
  return periods.find((p) => (!p.kinds || p.kinds.includes(kind)) && (!p.severity || p.severity === severity) && (!p.domains || (domain !== '' && p.domains.includes(domain))));
}

/** The record domains of `pop` ('' at index 0: none), for a population built before records had domains: ['']. */
export function recordDomainsOf(pop: Population): readonly string[] {
  return pop.recDomain ? pop.recDomains! : NO_DOMAINS;
}
const NO_DOMAINS: readonly string[] = [''];

/** Index of record `q` of `pop` into a {@link RecordLifetimes}' tables: its kind and its domain. */
export function lifetimeIndex(pop: Population, q: number): number {
  return pop.recKind[q]! + pop.kinds.length * (pop.recDomain?.[q] ?? 0);
}

/** The lifetimes of `pop`'s record kinds at `at` (undefined: the grading has no publication periods). */
export function recordLifetimes(
  pop: Population,
  at: number,
  severities: Readonly<Record<string, Severity>>,
  periods: readonly PeriodRule[] | undefined,
  repairBeforeMinimum: 'effective' | 'deferred' = 'effective',
): RecordLifetimes | undefined {
  if (!periods || periods.length === 0) return undefined;
  const nk = pop.kinds.length;
  const domains = recordDomainsOf(pop);
  const xl = new Int32Array(nk * domains.length).fill(DAY_MIN);
  const mn = new Int32Array(nk * domains.length).fill(DAY_MAX);
  domains.forEach((domain, r) =>
    pop.kinds.forEach((kind, k) => {
      const p = periodOf(periods, kind, severityOf(severities, kind), domain);
      if (!p) return;
      xl[k + nk * r] = windowStart(at, p.maximum);
      if (repairBeforeMinimum === 'deferred') mn[k + nk * r] = windowStart(at, p.minimum);
    }),
  );
  return { xl, mn };
}

/**
 * Why record `q` of `pop` does not count at `at` in the window after `lo`, or undefined when it
 * counts. The first reason that applies, in this order: after `at`, outside the window, past its
 * maximum publication period (`life`), repaired (with `life`: only once its minimum period has
 * passed when repairs are deferred), objection pending (only when `pending` is `excluded`, the default).
 */
export function recordExclusion(pop: Population, q: number, at: number, lo: number, pending: PendingObjection = 'excluded', life?: RecordLifetimes): ExclusionReason | undefined {
  const d = pop.recDate[q]!;
  if (d > at) return 'after-at';
  if (d <= lo) return 'outside-window';
  const k = life ? lifetimeIndex(pop, q) : 0;
  if (life && d <= life.xl[k]!) return 'publication-ended';
  if (pop.recRepaired[q]! <= at && (!life || d <= life.mn[k]!)) return 'repaired';
  if (pending === 'excluded' && pop.recObjFiled[q]! <= at && pop.recObjResolved[q]! > at) return 'objection-pending';
  return undefined;
}

/** The record is not dated after `at`, as generated code (0/1). */
export const RECORD_NOT_AFTER_JS = '(d <= at)';
/** The record is not repaired by `at`, as generated code (0/1). */
export const RECORD_NOT_REPAIRED_JS = '(rep[q] > at)';
/** The part of the record rule about the record itself as generated code (0/1): not after `at`, not repaired. */
export const RECORD_IN_FORCE_JS = `${RECORD_NOT_AFTER_JS} & ${RECORD_NOT_REPAIRED_JS}`;
/**
 * The publication-period part of the record rule as generated code (0/1), for the locals holding a
 * grading's `xl` and `mn` (see {@link RecordLifetimes}): not past the maximum, and not repaired — a
 * repair counting only once the minimum has passed. Replaces {@link RECORD_NOT_REPAIRED_JS} for that grading.
 * `index`: the record's index into the tables ({@link LIFETIME_INDEX_JS}, or a local holding it).
 */
export const lifetimeJs = (xl: string, mn: string, index: string = LIFETIME_INDEX_JS): string => `(d > ${xl}[${index}]) & (${RECORD_NOT_REPAIRED_JS} | (d > ${mn}[${index}]))`;
/**
 * {@link lifetimeIndex} as generated code, for the locals `kind`, `rdom` (the record kind and domain
 * columns; see {@link LIFETIME_COLUMNS}), `nk` (the number of kinds) and `q`.
 */
export const LIFETIME_INDEX_JS = '(kind[q] + nk * rdom[q])';
/** The locals {@link LIFETIME_INDEX_JS} reads besides `kind`, for a kernel's declarations. */
export const LIFETIME_COLUMNS = [
  { name: 'nk', init: 'P.kinds.length' },
  { name: 'rdom', init: 'P.recDomain || new Uint16Array(P.recDate.length)' },
] as const;
/** The objection part of the record rule as generated code (0/1): no objection pending at `at`. */
export const NO_PENDING_OBJECTION_JS = '(of[q] > at) | (orr[q] <= at)';

/**
 * The record rule as generated code: 1 when the record counts at `at` whatever the window, else 0
 * (bitwise, no branch). Reads the kernel's locals `d` (the record's date), `rep`, `of`, `orr`
 * (repaired, objection filed and resolved columns), `q` and `at`. A grading counting records under
 * a pending objection uses {@link RECORD_IN_FORCE_JS} alone (see kernels/grading-kernel.ts).
 */
export const RECORD_LIVE_JS = `${RECORD_IN_FORCE_JS} & (${NO_PENDING_OBJECTION_JS})`;
/** The window part of the record rule as generated code (0/1), for the local holding `lo`. */
export const inWindowJs = (lo: string): string => `(d > ${lo})`;

/** Severity of a record kind under a grading's severities (unlisted kinds are general). */
export function severityOf(severities: Readonly<Record<string, Severity>>, kind: string): Severity {
  return severities[kind] ?? 'general';
}

/**
 * Whether a recordCount measure counts records of `kind` (of severity `severity`): its kinds (and
 * severity, when both are given), else its severity, else every kind that is not ignored.
 */
export function measureCountsKind(m: { kinds?: readonly string[]; severity?: Severity }, kind: string, severity: Severity): boolean {
  if (m.kinds) return m.kinds.includes(kind) && (!m.severity || severity === m.severity);
  if (m.severity) return severity === m.severity;
  return severity !== 'ignore';
}

/** Whether an industry-model indicator counting records counts records of `kind` (no kinds: all). */
export function sourceCountsKind(kinds: readonly string[] | undefined, kind: string): boolean {
  return !kinds || kinds.includes(kind);
}

/** Whether record `q` caused serious consequences (`seriousConsequence`; a population without the column: none did). */
export function hasSeriousConsequence(pop: Population, q: number): boolean {
  return pop.recConsequence?.[q] === 1;
}
/** The consequence filter of a recordCount measure (`seriousConsequence`) as generated code (0/1), or '' when it has none. */
export const consequenceJs = (only: boolean | undefined): string => (only === undefined ? '' : only ? ' & cons[q]' : ' & (cons[q] ^ 1)');

/**
 * Records of enterprise `i` that count at `at` in the window after `lo`, among the kinds of `kindMask`
 * (1 = counted) and, when `consequence` is given, only those that did (true) or did not (false) cause
 * serious consequences.
 */
export function countRecords(
  pop: Population,
  i: number,
  at: number,
  lo: number,
  kindMask: Uint8Array,
  pending: PendingObjection = 'excluded',
  life?: RecordLifetimes,
  consequence?: boolean,
): number {
  let count = 0;
  for (let q = pop.recOffsets[i]!, e = pop.recOffsets[i + 1]!; q < e; q++) {
    if (consequence !== undefined && hasSeriousConsequence(pop, q) !== consequence) continue;
    if (recordExclusion(pop, q, at, lo, pending, life) === undefined && kindMask[pop.recKind[q]!] === 1) count++;
  }
  return count;
}

/** Whether list membership `q` of `pop` is in force at `at` (`from ≤ at < until`). */
export function listInForce(pop: Population, q: number, at: number): boolean {
  return pop.listFrom[q]! <= at && pop.listUntil[q]! > at;
}
/** The list rule as generated code (0/1), over the kernel's locals `lfrom`, `lun`, `q` and `at`. */
export const LIST_IN_FORCE_JS = '(lfrom[q] <= at) & (lun[q] > at)';

/** Whether enterprise `i` is on `list` at `at`. */
export function onList(pop: Population, i: number, list: string, at: number): boolean {
  for (let q = pop.listOffsets[i]!; q < pop.listOffsets[i + 1]!; q++) {
    if (pop.lists[pop.listId[q]!] === list && listInForce(pop, q, at)) return true;
  }
  return false;
}
