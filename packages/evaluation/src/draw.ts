/**
 * The 双随机 draw: randomly chosen enterprises per department and grade at the sampling table's
 * ratios, each paired with two distinct randomly chosen inspectors. Reproducible from the seed.
 */
import type { IssueCode, MessageParams } from '@policy/schemas';
import { makeIssue } from '@policy/schemas';
import type { Population } from './population.ts';
import type { EvaluationResult } from './result.ts';
import { NO_GRADE, NO_SAMPLING } from './result.ts';
import { createRng } from './random.ts';

export interface Inspector {
  id: string;
  name: string;
  department: string;
}

export interface DrawOptions {
  evaluation: EvaluationResult;
  population: Population;
  /** Only this department (default: every department of the domain assignment). */
  department?: string;
  roster: readonly Inspector[];
  seed: string | number;
  /** Round number within the year (default 1); part of the random stream. */
  round?: number;
}

export interface DrawGroup {
  department: string;
  grade: string | null;
  ratioPercent: number;
  /** Enterprises of this department and grade (at this ratio). */
  population: number;
  drawn: number;
}

export interface DrawnInspection {
  index: number;
  uscc: string;
  name: string;
  department: string;
  grade: string | null;
  ratioPercent: number;
  inspectors: [Inspector, Inspector];
}

/** A department that could not be drawn: an issue of the catalogue of @policy/schemas (`draw.*`). */
export interface DrawIssue {
  code: IssueCode;
  department: string;
  message: string;
  messageEn: string;
}

const drawIssue = (code: IssueCode, department: string, params: MessageParams = {}): DrawIssue => {
  const { message, messageEn } = makeIssue(code, '', params);
  return { code, department, message, messageEn };
};

export interface DrawResult {
  seed: string | number;
  round: number;
  groups: DrawGroup[];
  inspections: DrawnInspection[];
  /** Departments that could not be drawn (e.g. fewer than two inspectors). */
  issues: DrawIssue[];
}

/**
 * Draws enterprises per department and grade at the sampling ratios (rounded up, so a non-empty
 * group with a positive ratio gets at least one inspection) and two distinct inspectors of the
 * department for each inspection.
 *
 * @example
 * draw({ evaluation, population, roster, seed: '2026-Q4' }).inspections[0].inspectors.length // → 2
 */
export function draw(options: DrawOptions): DrawResult {
  const { evaluation: ev, population: pop, roster } = options;
  const round = options.round ?? 1;
  const rng = createRng(`${String(options.seed)}#${round}`);
  const s = ev.sampling;
  const result: DrawResult = { seed: options.seed, round, groups: [], inspections: [], issues: [] };
  if (!s) {
    result.issues.push(drawIssue('draw.no-sampling', ''));
    return result;
  }
  const grading = ev.byId.get(s.grading)!;
  const departments = ev.departments
    .map((d, k) => ({ ...d, k }))
    .filter((d) => options.department === undefined || d.id === options.department);
  if (options.department !== undefined && departments.length === 0) {
    result.issues.push(drawIssue('draw.unknown-department', options.department, { department: options.department }));
    return result;
  }
  // Enterprises per department, in population order.
  const setHasDept = ev.domainSets.map((set) => new Set(set.departments));
  for (const dep of departments) {
    const inspectors = roster.filter((x) => x.department === dep.id);
    const groups = new Map<string, number[]>();
    for (let i = 0; i < pop.n; i++) {
      // outside the register on the day (deregistered): never drawn, whatever the sampling rows say
      if (ev.isOutside(i)) continue;
      if (!setHasDept[ev.domainSet[i]!]!.has(dep.k)) continue;
      const r = s.row[i]!;
      if (r === NO_SAMPLING) continue;
      const ratio = s.rows[r]!.ratioPercent;
      if (ratio <= 0) continue;
      const key = `${grading.grade[i]}|${ratio}`;
      let list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      list.push(i);
    }
    const keys = [...groups.keys()].sort((a, b) => {
      const [ga, ra] = a.split('|').map(Number);
      const [gb, rb] = b.split('|').map(Number);
      return ga! - gb! || ra! - rb!;
    });
    if (keys.length > 0 && inspectors.length < 2) {
      result.issues.push(drawIssue('draw.too-few-inspectors', dep.id, { department: dep.shortName ?? dep.name.zh, departmentEn: dep.id }));
      continue;
    }
    for (const key of keys) {
      const list = groups.get(key)!;
      const [gi, ratio] = key.split('|').map(Number) as [number, number];
      const k = Math.min(list.length, Math.ceil((list.length * ratio) / 100 - 1e-9));
      // partial Fisher–Yates
      for (let j = 0; j < k; j++) {
        const r = j + rng.int(list.length - j);
        const t = list[j]!;
        list[j] = list[r]!;
        list[r] = t;
      }
      const grade = gi === NO_GRADE ? null : grading.grades[gi]!;
      result.groups.push({ department: dep.id, grade, ratioPercent: ratio, population: list.length, drawn: k });
      for (let j = 0; j < k; j++) {
        const i = list[j]!;
        const a = rng.int(inspectors.length);
        let b = rng.int(inspectors.length - 1);
        if (b >= a) b++;
        result.inspections.push({
          index: i,
          uscc: pop.uscc[i]!,
          name: pop.name[i]!,
          department: dep.id,
          grade,
          ratioPercent: ratio,
          inspectors: [inspectors[a]!, inspectors[b]!],
        });
      }
    }
  }
  return result;
}

