/**
 * A department's 双随机 draw for one round (issue 14), pure and deterministic from its seed (the
 * seed itself is derived by the store from values recorded before the draw; nobody passes one).
 *
 * Who is drawn: the department's enterprises with a sampling row, per (grade, ratio, frequency)
 * group — so the key-domain exceptions of the sampling document, which raise the ratio of a grade in
 * a domain, form their own groups — at the group's ratio (rounded up). Deregistered enterprises are
 * never drawn; licence-revoked ones only when the sampling document's `inspectLicenceRevoked` is not
 * false (CONTRACTS §3). Groups whose frequency does not schedule them in this round are left out
 * ({@link inRound}). Each group is drawn with its own random stream (partial Fisher–Yates), then the
 * inspections are paired ({@link pairInspectors}).
 */
import type { DirectoryInspector } from './pairing.ts';
import { pairInspectors } from './pairing.ts';
import type { EvaluationResult } from './result.ts';
import { NO_GRADE, NO_SAMPLING } from './result.ts';
import { STATUS_DEREGISTERED, STATUS_LICENCE_REVOKED } from './population.ts';
import type { Population } from './population.ts';
import { createRng } from './random.ts';

/** One sampling group of a department: the enterprises of a grade at one ratio and frequency. */
export interface DrawGroupKey {
  grade: string | null;
  ratioPercent: number;
  frequencyPerYear: number;
}

/**
 * The enterprises a department may draw from, columnar: `group[i]` indexes `groups` (−1: not the
 * department's, or no sampling row); `status[i]` is the status on the day (0 active, 1 licence
 * revoked, 2 deregistered, as STATUSES of population.ts).
 */
export interface DrawPopulation {
  n: number;
  group: Int32Array;
  groups: DrawGroupKey[];
  status: Uint8Array;
  uscc(i: number): string;
  name(i: number): string;
  /** The inspection's items (supervision-item codes and domain ids) of enterprise i for the department. */
  items(i: number): string[];
}

export interface RoundDrawOptions {
  department: string;
  population: DrawPopulation;
  /** The derived seed (hex). */
  seed: string;
  inspectors: readonly DirectoryInspector[];
  /** The sampling document's setting (CONTRACTS §3), default true. */
  inspectLicenceRevoked?: boolean;
  /** Most inspections per inspector in the round. */
  cap?: number | null;
  /** The department's previous round: USCC → inspector ids. */
  previous?: ReadonlyMap<string, readonly string[]>;
  /** Position of the round in the year (1-based), when the round label gives one ({@link roundIndexOf}). */
  roundIndex?: number | null;
}

export interface RoundDrawGroup extends DrawGroupKey {
  /** Enterprises of the group that may be drawn. */
  population: number;
  drawn: number;
  /** False when the group's frequency does not schedule it in this round. */
  scheduled: boolean;
}

export interface RoundInspection {
  uscc: string;
  name: string;
  grade: string | null;
  ratioPercent: number;
  items: string[];
  inspectors: [string, string];
}

export interface RoundDrawResult {
  department: string;
  seed: string;
  roundIndex: number | null;
  roundsPerYear: number;
  groups: RoundDrawGroup[];
  inspections: RoundInspection[];
  /** The department's enterprises left out by their status. */
  excluded: { deregistered: number; licenceRevoked: number };
  load: Record<string, number>;
  repeatedFromPrevious: number;
}

/** Rounds per year of a department: the highest frequency of its groups (at least 1). */
export function roundsPerYear(groups: readonly DrawGroupKey[]): number {
  let r = 1;
  for (const g of groups) if (g.ratioPercent > 0) r = Math.max(r, Math.ceil(g.frequencyPerYear));
  return r;
}

/**
 * Whether a group inspected `frequency` times a year falls in round `k` (1-based) of `rounds`:
 * evenly spread, first round first (1 of 4 → round 1; 2 of 4 → rounds 1 and 3; 4 of 4 → every one).
 * A frequency of 0 or less is never scheduled.
 */
export function inRound(frequency: number, rounds: number, k: number): boolean {
  if (frequency <= 0) return false;
  if (frequency >= rounds) return true;
  const q = ((k - 1) % rounds) + 1;
  return Math.ceil((q * frequency) / rounds - 1e-9) > Math.ceil(((q - 1) * frequency) / rounds - 1e-9);
}

/**
 * The round's position in the year from its label: `2026-Q2` → 2, `2026-H1` → 1, `2026-R3` / `2026-3`
 * / `2026-第3轮` → 3; null when the label has none (then every group is drawn).
 */
export function roundIndexOf(label: string): number | null {
  const m = /^\d{4}[-_ ]?(?:Q|H|R|第)?(\d{1,2})(?:轮|季度)?$/i.exec(label.trim());
  return m ? Number(m[1]) : null;
}

const drawable = (status: number, revoked: boolean) => status !== STATUS_DEREGISTERED && (revoked || status !== STATUS_LICENCE_REVOKED);

/** Enterprises per group that may be drawn, and those left out by status. */
function members(pop: DrawPopulation, revoked: boolean) {
  const byGroup: number[][] = pop.groups.map(() => []);
  const excluded = { deregistered: 0, licenceRevoked: 0 };
  const { group, status } = pop;
  for (let i = 0; i < pop.n; i++) {
    const g = group[i]!;
    if (g < 0) continue;
    const s = status[i]!;
    if (!drawable(s, revoked)) {
      if (s === STATUS_DEREGISTERED) excluded.deregistered++;
      else excluded.licenceRevoked++;
      continue;
    }
    byGroup[g]!.push(i);
  }
  return { byGroup, excluded };
}

const groupOrder = (a: DrawGroupKey, b: DrawGroupKey) =>
  (a.grade ?? '\uffff').localeCompare(b.grade ?? '\uffff') || a.ratioPercent - b.ratioPercent || a.frequencyPerYear - b.frequencyPerYear;
const groupKey = (g: DrawGroupKey) => `${g.grade ?? ''}|${g.ratioPercent}|${g.frequencyPerYear}`;

/**
 * Draws a department's round and pairs its inspections; throws a PairingError when pairing is
 * impossible (too few inspectors, none qualified, a cap too low).
 *
 * @example
 * const r = drawRound({ department: 'market-regulation', population, seed, inspectors, cap: 30, roundIndex: 1 });
 * r.inspections[0] // → { uscc, name, grade, ratioPercent, items, inspectors: ['0003', '0011'] }
 */
export function drawRound(options: RoundDrawOptions): RoundDrawResult {
  const pop = options.population;
  const revoked = options.inspectLicenceRevoked !== false;
  const { byGroup, excluded } = members(pop, revoked);
  const R = roundsPerYear(pop.groups);
  const k = options.roundIndex ?? null;
  const order = pop.groups.map((_, g) => g).sort((a, b) => groupOrder(pop.groups[a]!, pop.groups[b]!));
  const groups: RoundDrawGroup[] = [];
  const picked: { i: number; g: number }[] = [];
  for (const g of order) {
    const key = pop.groups[g]!;
    const list = byGroup[g]!;
    if (list.length === 0) continue;
    const scheduled = key.ratioPercent > 0 && (k === null || inRound(key.frequencyPerYear, R, k));
    const n = scheduled ? Math.min(list.length, Math.ceil((list.length * key.ratioPercent) / 100 - 1e-9)) : 0;
    const rng = createRng(`${options.seed}|${groupKey(key)}`);
    for (let j = 0; j < n; j++) {
      const r = j + rng.int(list.length - j);
      const t = list[j]!;
      list[j] = list[r]!;
      list[r] = t;
      picked.push({ i: list[j]!, g });
    }
    groups.push({ ...key, population: list.length, drawn: n, scheduled });
  }
  const tasks = picked.map(({ i }) => ({ uscc: pop.uscc(i), items: pop.items(i) }));
  const pairing = pairInspectors({ inspectors: options.inspectors, tasks, seed: options.seed, cap: options.cap, previous: options.previous });
  const inspections: RoundInspection[] = picked.map(({ i, g }, t) => ({
    uscc: tasks[t]!.uscc,
    name: pop.name(i),
    grade: pop.groups[g]!.grade,
    ratioPercent: pop.groups[g]!.ratioPercent,
    items: tasks[t]!.items as string[],
    inspectors: pairing.pairs[t]!,
  }));
  return { department: options.department, seed: options.seed, roundIndex: k, roundsPerYear: R, groups, inspections, excluded, load: pairing.load, repeatedFromPrevious: pairing.repeatedFromPrevious };
}

// ------------------------------------------------------------------ populations

/**
 * A department's draw population from an evaluation: its enterprises (by the domain assignment)
 * with a sampling row, grouped by grade, ratio and frequency; status on the evaluation day.
 * `itemsOf(domains)` names the inspection's items from the department's domains the enterprise is in.
 */
export function evaluationDrawPopulation(ev: EvaluationResult, pop: Population, department: string, itemsOf: (domains: readonly string[]) => string[]): DrawPopulation {
  const s = ev.sampling;
  const n = ev.n;
  const group = new Int32Array(n).fill(-1);
  const groups: DrawGroupKey[] = [];
  const dk = ev.departments.findIndex((d) => d.id === department);
  const itemsBySet = new Map<number, string[]>();
  if (s && dk >= 0) {
    // the grade that chose each enterprise's row, in the document that decided it (a food business by
    // the food model, the others by the public class): the same label the stored run line carries
    const deciding = s.deciding.map((id) => ev.byId.get(id)!);
    const setHas = ev.domainSets.map((set) => set.departments.includes(dk));
    const ids = new Map<number, number>();
    const byKey = new Map<string, number>();
    const G = Math.max(...deciding.map((d) => d.grades.length)) + 1;
    const D = deciding.length;
    for (let i = 0; i < n; i++) {
      if (!setHas[ev.domainSet[i]!]) continue;
      const r = s.row[i]!;
      if (r === NO_SAMPLING) continue;
      const d = s.by[i]!;
      const doc = deciding[d]!;
      const gi = doc.grade[i]!;
      const key = (r * D + d) * G + (gi === NO_GRADE ? G - 1 : gi);
      let id = ids.get(key);
      if (id === undefined) {
        // one group per (grade, ratio, frequency), as the run path groups its stored lines
        const row = s.rows[r]!;
        const g: DrawGroupKey = { grade: gi === NO_GRADE ? null : doc.grades[gi]!, ratioPercent: row.ratioPercent, frequencyPerYear: row.frequencyPerYear };
        id = byKey.get(groupKey(g));
        if (id === undefined) {
          id = groups.length;
          groups.push(g);
          byKey.set(groupKey(g), id);
        }
        ids.set(key, id);
      }
      group[i] = id;
    }
  }
  return {
    n,
    group,
    groups,
    status: ev.status,
    uscc: (i) => pop.uscc[i]!,
    name: (i) => pop.name[i]!,
    items: (i) => {
      const set = ev.domainSet[i]!;
      let items = itemsBySet.get(set);
      if (!items) {
        const domains = ev.domainSets[set]!.domains.map((d) => ev.domains[d]!).filter((d) => d.departments.includes(department)).map((d) => d.id);
        itemsBySet.set(set, (items = itemsOf(domains)));
      }
      return items;
    },
  };
}

/** One stored enterprise result as a run keeps it (the fields a draw reads). */
export interface StoredResultLine {
  uscc: string;
  name: string;
  domains: string[];
  departments: string[];
  sampling: { grade: string | null; ratioPercent: number; frequencyPerYear: number } | null;
}

/**
 * A department's draw population from a signed-off run's stored results: `rows[k]` is the dataset
 * row of `lines[k]`, `statusOf(row)` its status on the run's day (the run stores no deregistered
 * enterprise; licence-revoked ones have no sampling row when the document excludes them).
 * `departmentDomains` are the domain ids the department supervises.
 */
export function storedDrawPopulation(lines: readonly StoredResultLine[], rows: readonly number[], statusOf: (row: number) => number, department: string, departmentDomains: readonly string[], itemsOf: (domains: readonly string[]) => string[]): DrawPopulation {
  const n = lines.length;
  const group = new Int32Array(n).fill(-1);
  const status = new Uint8Array(n);
  const groups: DrawGroupKey[] = [];
  const ids = new Map<string, number>();
  const own = new Set(departmentDomains);
  for (let k = 0; k < n; k++) {
    const x = lines[k]!;
    status[k] = statusOf(rows[k]!);
    if (!x.sampling || !x.departments.includes(department)) continue;
    const key: DrawGroupKey = { grade: x.sampling.grade, ratioPercent: x.sampling.ratioPercent, frequencyPerYear: x.sampling.frequencyPerYear };
    const text = groupKey(key);
    let id = ids.get(text);
    if (id === undefined) {
      id = groups.length;
      groups.push(key);
      ids.set(text, id);
    }
    group[k] = id;
  }
  return { n, group, groups, status, uscc: (k) => lines[k]!.uscc, name: (k) => lines[k]!.name, items: (k) => itemsOf(lines[k]!.domains.filter((d) => own.has(d))) };
}

// ------------------------------------------------------------------ the yearly plan and joint inspections

export interface PlanGrade extends DrawGroupKey {
  population: number;
  /** Inspections in each round the group is scheduled in. */
  perRound: number;
  /** The rounds (1-based) the group is scheduled in. */
  rounds: number[];
  perYear: number;
}

export interface YearlyPlan {
  department: string;
  roundsPerYear: number;
  grades: PlanGrade[];
  rounds: { round: number; expected: number; byGrade: { grade: string | null; ratioPercent: number; expected: number }[] }[];
  perYear: number;
  excluded: { deregistered: number; licenceRevoked: number };
}

/**
 * The department's yearly plan from the sampling document's frequencies: rounds per year (the
 * highest frequency), each group's inspections per round and the rounds it falls in, and the
 * expected inspections of each round — exactly what {@link drawRound} draws for that round.
 *
 * @example
 * yearlyPlan('market-regulation', population).rounds[0].expected // → 1871
 */
export function yearlyPlan(department: string, pop: DrawPopulation, options: { inspectLicenceRevoked?: boolean } = {}): YearlyPlan {
  const { byGroup, excluded } = members(pop, options.inspectLicenceRevoked !== false);
  const R = roundsPerYear(pop.groups);
  const grades: PlanGrade[] = [];
  const order = pop.groups.map((_, g) => g).sort((a, b) => groupOrder(pop.groups[a]!, pop.groups[b]!));
  for (const g of order) {
    const key = pop.groups[g]!;
    const count = byGroup[g]!.length;
    if (count === 0) continue;
    const perRound = key.ratioPercent > 0 ? Math.min(count, Math.ceil((count * key.ratioPercent) / 100 - 1e-9)) : 0;
    const rounds = Array.from({ length: R }, (_, k) => k + 1).filter((k) => key.ratioPercent > 0 && inRound(key.frequencyPerYear, R, k));
    grades.push({ ...key, population: count, perRound, rounds, perYear: perRound * rounds.length });
  }
  const rounds = Array.from({ length: R }, (_, k) => {
    const byGrade = grades.filter((x) => x.rounds.includes(k + 1)).map((x) => ({ grade: x.grade, ratioPercent: x.ratioPercent, expected: x.perRound }));
    return { round: k + 1, expected: byGrade.reduce((a, x) => a + x.expected, 0), byGrade };
  });
  return { department, roundsPerYear: R, grades, rounds, perYear: grades.reduce((a, x) => a + x.perYear, 0), excluded };
}

export interface JointVisit {
  uscc: string;
  name: string;
  departments: string[];
  /** Per department: its draw and items. */
  items: { department: string; drawId: number; items: string[] }[];
}

/**
 * Joint inspections (合并检查, 进一次门、查多项事): the enterprises that the draws of several
 * departments in the same round contain, as one visit each, by USCC.
 *
 * @example
 * jointInspections([marketDraw, transportDraw])[0] // → { uscc, name, departments: ['market-regulation', 'transport'], items: [...] }
 */
export function jointInspections(draws: readonly { id: number; department: string; inspections: readonly { uscc: string; name: string; items: readonly string[] }[] }[]): JointVisit[] {
  const by = new Map<string, JointVisit>();
  for (const d of draws) {
    for (const x of d.inspections) {
      let v = by.get(x.uscc);
      if (!v) by.set(x.uscc, (v = { uscc: x.uscc, name: x.name, departments: [], items: [] }));
      if (v.departments.includes(d.department)) continue;
      v.departments.push(d.department);
      v.items.push({ department: d.department, drawId: d.id, items: [...x.items] });
    }
  }
  return [...by.values()]
    .filter((v) => v.departments.length > 1)
    .map((v) => ({ ...v, departments: [...v.departments].sort(), items: [...v.items].sort((a, b) => a.department.localeCompare(b.department)) }))
    .sort((a, b) => (a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0));
}
