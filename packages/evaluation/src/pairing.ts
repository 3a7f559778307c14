/**
 * Pairing of a 双随机 draw (issue 14): two distinct inspectors of the department's directory for each
 * drawn inspection, deterministic from the seed.
 *
 * Hard rules: the two are distinct and active; each is qualified for the inspection (an empty
 * `items` list qualifies for every item of the department, otherwise one of the inspection's item
 * codes or domains must be listed); neither declared a conflict (回避) with the enterprise; nobody
 * gets more than `cap` inspections in the round. When a rule makes pairing impossible the whole
 * pairing is refused ({@link PairingError}) — never a partial pairing.
 *
 * Soft rules, in this order: the least loaded inspectors first (greedy, the most constrained
 * inspections first, so max − min ≤ 1 wherever qualifications allow), then among equally loaded
 * ones those who did not inspect the same enterprise in the department's previous round, then a
 * seeded rotation (no inspector is favoured by the directory's order).
 */
import { createRng } from './random.ts';

/** One inspector of a department's directory (执法检查人员名录). */
export interface DirectoryInspector {
  /** 工号 */
  id: string;
  name: string;
  /** 可检查事项: supervision-item codes or domain ids; empty = every item of the department. */
  items: readonly string[];
  /** 回避企业: USCCs the inspector declared a conflict with. */
  conflicts: readonly string[];
  active?: boolean;
}

/** One inspection to staff: the enterprise and its items (item codes and domain ids). */
export interface PairingTask {
  uscc: string;
  items: readonly string[];
}

export interface PairingOptions {
  inspectors: readonly DirectoryInspector[];
  tasks: readonly PairingTask[];
  seed: string;
  /** Most inspections per inspector in the round (null / undefined: no cap). */
  cap?: number | null;
  /** The department's previous round: USCC → the inspector ids who inspected it. */
  previous?: ReadonlyMap<string, readonly string[]>;
}

export interface PairingResult {
  /** Per task, in task order: the two inspector ids. */
  pairs: [string, string][];
  /** Inspections per active inspector (every active one, 0 included). */
  load: Record<string, number>;
  /** Tasks given an inspector who inspected the same enterprise in the previous round (unavoidable). */
  repeatedFromPrevious: number;
}

export type PairingErrorCode = 'too-few-inspectors' | 'unqualified' | 'cap';

/** Pairing is impossible: Chinese first, then English. */
export class PairingError extends Error {
  override readonly name = 'PairingError';
  constructor(
    readonly code: PairingErrorCode,
    message: string,
    readonly details: { uscc?: string; cap?: number; needed?: number } = {},
  ) {
    super(message);
  }
}

interface Staff {
  id: string;
  all: boolean;
  items: Set<string>;
  conflicts: Set<string>;
}


/**
 * Pairs every task with two distinct qualified inspectors (see the module comment for the rules).
 *
 * @example
 * pairInspectors({ inspectors, tasks: [{ uscc, items: ['SCJG-001'] }], seed: 'ab12…', cap: 20 }).pairs[0] // → ['0007', '0012']
 */
export function pairInspectors(options: PairingOptions): PairingResult {
  const staff: Staff[] = options.inspectors
    .filter((x) => x.active !== false)
    .map((x) => ({ id: x.id, all: x.items.length === 0, items: new Set(x.items), conflicts: new Set(x.conflicts) }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const m = staff.length;
  const T = options.tasks.length;
  const load = new Int32Array(m);
  const result: PairingResult = { pairs: new Array(T), load: {}, repeatedFromPrevious: 0 };
  if (T === 0) {
    for (const s of staff) result.load[s.id] = 0;
    return result;
  }
  if (m < 2) throw new PairingError('too-few-inspectors', `名录中在岗执法检查人员不足两人（${m} 人），无法配对 / fewer than two active inspectors in the directory (${m}): no pairing possible`);
  const cap = options.cap ?? Infinity;
  if (2 * T > cap * m) {
    const needed = Math.ceil((2 * T) / m);
    throw new PairingError('cap', `每人每轮上限 ${cap} 次时 ${m} 名检查人员最多承担 ${cap * m} 人次，本轮需 ${2 * T} 人次（上限至少应为 ${needed}）/ a cap of ${cap} per inspector gives ${m} inspectors at most ${cap * m} assignments; this round needs ${2 * T} (the cap must be at least ${needed})`, { cap, needed });
  }
  // eligible inspectors per task (qualified, no conflict), ignoring load
  const conflictsOf = new Map<string, number[]>();
  staff.forEach((s, k) => {
    for (const u of s.conflicts) {
      let list = conflictsOf.get(u);
      if (!list) conflictsOf.set(u, (list = []));
      list.push(k);
    }
  });
  const eligible: Int32Array[] = new Array(T);
  const shared = new Map<string, Int32Array>();
  for (let t = 0; t < T; t++) {
    const task = options.tasks[t]!;
    const key = task.items.length === 1 ? task.items[0]! : task.items.join('\u0001');
    let list = shared.get(key);
    if (!list) {
      const ok: number[] = [];
      for (let k = 0; k < m; k++) {
        const s = staff[k]!;
        if (s.all || task.items.some((x) => s.items.has(x))) ok.push(k);
      }
      shared.set(key, (list = Int32Array.from(ok)));
    }
    const conflicted = conflictsOf.get(task.uscc);
    if (conflicted) list = list.filter((k) => !conflicted.includes(k));
    if (list.length < 2) {
      throw new PairingError('unqualified', `${task.uscc} 的检查事项（${task.items.join('、') || '无'}）只有 ${list.length} 名可检查且无需回避的人员，至少需要两名 / only ${list.length} inspector(s) qualified for ${task.uscc} (items ${task.items.join(', ') || 'none'}) and not in conflict with it: two are needed`, { uscc: task.uscc });
    }
    eligible[t] = list;
  }
  // the most constrained inspections first (stable: the draw's own random order otherwise)
  const order = Array.from({ length: T }, (_, t) => t).sort((a, b) => eligible[a]!.length - eligible[b]!.length || a - b);
  const rng = createRng(`${options.seed}#pairing`);
  const prevIds = options.previous;
  const byId = new Map(staff.map((s, k) => [s.id, k]));
  const pick = (list: Int32Array, start: number, prev: Set<number> | null, skip: number): number => {
    let best = -1;
    let bestLoad = Infinity;
    let bestPrev = 2;
    const L = list.length;
    for (let q = 0, j = start; q < L; q++, j = j + 1 === L ? 0 : j + 1) {
      const k = list[j]!;
      if (k === skip) continue;
      const l = load[k]!;
      if (l >= cap || l > bestLoad) continue;
      const p = prev !== null && prev.has(k) ? 1 : 0;
      if (l < bestLoad || p < bestPrev) {
        best = k;
        bestLoad = l;
        bestPrev = p;
      }
    }
    return best;
  };
  for (const t of order) {
    const task = options.tasks[t]!;
    const list = eligible[t]!;
    const before = prevIds?.get(task.uscc);
    const prev = before && before.length > 0 ? new Set(before.map((id) => byId.get(id)).filter((k): k is number => k !== undefined)) : null;
    const start = rng.int(list.length);
    const a = pick(list, start, prev, -1);
    const b = a < 0 ? -1 : pick(list, start, prev, a);
    if (a < 0 || b < 0) {
      throw new PairingError('cap', `每人每轮上限 ${cap} 次使 ${task.uscc} 无法配足两名检查人员，请提高上限或补充名录 / the cap of ${cap} per inspector leaves fewer than two qualified inspectors for ${task.uscc}: raise the cap or add inspectors`, { uscc: task.uscc, cap });
    }
    load[a]!++;
    load[b]!++;
    if (prev && (prev.has(a) || prev.has(b))) result.repeatedFromPrevious++;
    const [x, y] = staff[a]!.id < staff[b]!.id ? [staff[a]!.id, staff[b]!.id] : [staff[b]!.id, staff[a]!.id];
    result.pairs[t] = [x, y];
  }
  staff.forEach((s, k) => (result.load[s.id] = load[k]!));
  return result;
}
