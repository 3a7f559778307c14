/**
 * Issue 14: pairing (balance, distinctness, 回避, cap, previous round) and the round draw (who is
 * drawn, plan, joint visits) — property tests over seeded random cases.
 */
import { describe, expect, it } from 'vitest';
import type { DrawPopulation } from './draw-round.ts';
import { drawRound, inRound, jointInspections, roundIndexOf, yearlyPlan } from './draw-round.ts';
import type { DirectoryInspector } from './pairing.ts';
import { pairInspectors, PairingError } from './pairing.ts';
import { createRng } from './random.ts';

const uscc = (k: number) => `91410481MA${String(k).padStart(8, '0')}`;

function roster(m: number, extra: (k: number) => Partial<DirectoryInspector> = () => ({})): DirectoryInspector[] {
  return Array.from({ length: m }, (_, k) => ({ id: `E${String(k).padStart(3, '0')}`, name: `检查员${k}`, items: [], conflicts: [], ...extra(k) }));
}

const spread = (load: Record<string, number>) => Math.max(...Object.values(load)) - Math.min(...Object.values(load));

/** A synthetic department population: grades A–D at 3/10/30/80 %, frequencies 1/1/2/4, statuses mixed. */
function population(n: number, seed: string, statusShare = { revoked: 0.05, deregistered: 0.05 }): DrawPopulation {
  const rng = createRng(seed);
  const groups = [
    { grade: 'A', ratioPercent: 3, frequencyPerYear: 1 },
    { grade: 'B', ratioPercent: 10, frequencyPerYear: 1 },
    { grade: 'C', ratioPercent: 30, frequencyPerYear: 2 },
    { grade: 'D', ratioPercent: 80, frequencyPerYear: 4 },
    { grade: 'D', ratioPercent: 100, frequencyPerYear: 4 },
  ];
  const group = new Int32Array(n);
  const status = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    group[i] = u < 0.1 ? -1 : u < 0.6 ? 0 : u < 0.85 ? 1 : u < 0.93 ? 2 : u < 0.98 ? 3 : 4;
    const v = rng.next();
    status[i] = v < statusShare.deregistered ? 2 : v < statusShare.deregistered + statusShare.revoked ? 1 : 0;
  }
  return { n, group, groups, status, uscc, name: (i) => `企业${i}`, items: (i) => (i % 3 === 0 ? ['SCJG-001', 'food'] : ['SCJG-010', 'market-entities']) };
}

describe('pairInspectors', () => {
  it('gives two distinct inspectors, balanced within one, for every seed and roster size', () => {
    for (let trial = 0; trial < 60; trial++) {
      const rng = createRng(`trial-${trial}`);
      const m = 2 + rng.int(30);
      const T = rng.int(400);
      const tasks = Array.from({ length: T }, (_, t) => ({ uscc: uscc(t), items: ['x'] }));
      const r = pairInspectors({ inspectors: roster(m), tasks, seed: `s${trial}` });
      expect(r.pairs).toHaveLength(T);
      for (const [a, b] of r.pairs) expect(a).not.toBe(b);
      expect(Object.keys(r.load)).toHaveLength(m);
      expect(Object.values(r.load).reduce((a, x) => a + x, 0)).toBe(2 * T);
      expect(spread(r.load)).toBeLessThanOrEqual(1);
    }
  });

  it('never assigns an inspector to an enterprise it declared a conflict with (回避), and stays balanced', () => {
    for (let trial = 0; trial < 40; trial++) {
      const rng = createRng(`conflict-${trial}`);
      const m = 5 + rng.int(12);
      const T = 100 + rng.int(300);
      const inspectors = roster(m, () => ({ conflicts: Array.from({ length: 3 }, () => uscc(rng.int(T))) }));
      const tasks = Array.from({ length: T }, (_, t) => ({ uscc: uscc(t), items: ['x'] }));
      const r = pairInspectors({ inspectors, tasks, seed: `c${trial}` });
      r.pairs.forEach((pair, t) => {
        for (const id of pair) expect(inspectors.find((x) => x.id === id)!.conflicts).not.toContain(tasks[t]!.uscc);
      });
      expect(spread(r.load)).toBeLessThanOrEqual(1);
    }
  });

  it('gives only qualified inspectors (empty list = every item) and refuses when fewer than two qualify', () => {
    const inspectors = [
      { id: 'a', name: '甲', items: ['food'], conflicts: [] },
      { id: 'b', name: '乙', items: ['food', 'drugs'], conflicts: [] },
      { id: 'c', name: '丙', items: [], conflicts: [] },
      { id: 'd', name: '丁', items: ['transport'], conflicts: [] },
    ];
    const tasks = Array.from({ length: 90 }, (_, t) => ({ uscc: uscc(t), items: [t % 2 ? 'food' : 'drugs'] }));
    const r = pairInspectors({ inspectors, tasks, seed: 'q' });
    r.pairs.forEach((pair, t) => {
      for (const id of pair) {
        const x = inspectors.find((i) => i.id === id)!;
        expect(x.items.length === 0 || x.items.includes(tasks[t]!.items[0]!)).toBe(true);
      }
    });
    expect(r.load.d).toBe(0);
    expect(() => pairInspectors({ inspectors, tasks: [{ uscc: uscc(1), items: ['housing'] }], seed: 'q' })).toThrow(/只有 1 名/);
  });

  it('applies the cap, refusing with the cap needed when it makes pairing impossible', () => {
    const tasks = Array.from({ length: 30 }, (_, t) => ({ uscc: uscc(t), items: ['x'] }));
    const ok = pairInspectors({ inspectors: roster(6), tasks, seed: 'cap', cap: 10 });
    expect(Math.max(...Object.values(ok.load))).toBeLessThanOrEqual(10);
    let error: unknown;
    try {
      pairInspectors({ inspectors: roster(6), tasks, seed: 'cap', cap: 9 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PairingError);
    expect((error as PairingError).code).toBe('cap');
    expect((error as PairingError).details.needed).toBe(10);
    expect((error as PairingError).message).toMatch(/^每人每轮上限 9 次.*\/ a cap of 9/);
  });

  it('avoids the inspectors of the previous round for the same enterprise when the load allows', () => {
    const tasks = Array.from({ length: 40 }, (_, t) => ({ uscc: uscc(t), items: ['x'] }));
    const first = pairInspectors({ inspectors: roster(8), tasks, seed: 'r1' });
    const previous = new Map(tasks.map((t, k) => [t.uscc, first.pairs[k]!]));
    const second = pairInspectors({ inspectors: roster(8), tasks, seed: 'r2', previous });
    const repeats = second.pairs.filter((p, k) => p.some((id) => first.pairs[k]!.includes(id))).length;
    expect(second.repeatedFromPrevious).toBe(repeats);
    // without the previous round, the same seed repeats far more often
    const blind = pairInspectors({ inspectors: roster(8), tasks, seed: 'r2' });
    const blindRepeats = blind.pairs.filter((p, k) => p.some((id) => first.pairs[k]!.includes(id))).length;
    expect(repeats * 3).toBeLessThanOrEqual(blindRepeats);
    expect(spread(second.load)).toBeLessThanOrEqual(1);
  });

  it('is deterministic from the seed and independent of the directory order', () => {
    const tasks = Array.from({ length: 50 }, (_, t) => ({ uscc: uscc(t), items: ['x'] }));
    const a = pairInspectors({ inspectors: roster(7), tasks, seed: 'same' });
    const b = pairInspectors({ inspectors: roster(7).reverse(), tasks, seed: 'same' });
    const c = pairInspectors({ inspectors: roster(7), tasks, seed: 'other' });
    expect(b).toEqual(a);
    expect(c.pairs).not.toEqual(a.pairs);
  });

  it('skips inactive inspectors', () => {
    const inspectors = roster(4, (k) => ({ active: k !== 0 }));
    const r = pairInspectors({ inspectors, tasks: [{ uscc: uscc(1), items: [] }], seed: 's' });
    expect(r.pairs[0]).not.toContain('E000');
    expect(() => pairInspectors({ inspectors: roster(2, (k) => ({ active: k === 0 })), tasks: [{ uscc: uscc(1), items: [] }], seed: 's' })).toThrow(/不足两人/);
  });
});

describe('drawRound', () => {
  const inspectors = roster(12);

  it('never draws deregistered enterprises, and licence-revoked ones only when the sampling document inspects them', () => {
    const pop = population(20_000, 'status', { revoked: 0.2, deregistered: 0.2 });
    const statusOf = new Map(Array.from({ length: pop.n }, (_, i) => [pop.uscc(i), pop.status[i]!]));
    const without = drawRound({ department: 'm', population: pop, seed: 'ab', inspectors, inspectLicenceRevoked: false });
    expect(without.inspections.length).toBeGreaterThan(1000);
    expect(without.inspections.filter((x) => statusOf.get(x.uscc) !== 0)).toEqual([]);
    expect(without.excluded.deregistered).toBeGreaterThan(0);
    expect(without.excluded.licenceRevoked).toBeGreaterThan(0);
    const withRevoked = drawRound({ department: 'm', population: pop, seed: 'ab', inspectors, inspectLicenceRevoked: true });
    expect(withRevoked.inspections.some((x) => statusOf.get(x.uscc) === 1)).toBe(true);
    expect(withRevoked.inspections.some((x) => statusOf.get(x.uscc) === 2)).toBe(false);
    expect(withRevoked.excluded.licenceRevoked).toBe(0);
  });

  it('draws each group at its ratio (exceptions as their own groups), distinct enterprises, reproducibly', () => {
    const pop = population(10_000, 'ratios');
    const a = drawRound({ department: 'm', population: pop, seed: 'seed-1', inspectors });
    const b = drawRound({ department: 'm', population: pop, seed: 'seed-1', inspectors });
    const c = drawRound({ department: 'm', population: pop, seed: 'seed-2', inspectors });
    expect(b).toEqual(a);
    expect(c.inspections.map((x) => x.uscc)).not.toEqual(a.inspections.map((x) => x.uscc));
    for (const g of a.groups) expect(g.drawn).toBe(Math.ceil((g.population * g.ratioPercent) / 100 - 1e-9));
    expect(a.groups.map((g) => [g.grade, g.ratioPercent])).toEqual([['A', 3], ['B', 10], ['C', 30], ['D', 80], ['D', 100]]);
    expect(new Set(a.inspections.map((x) => x.uscc)).size).toBe(a.inspections.length);
    expect(spread(a.load)).toBeLessThanOrEqual(1);
  });

  it('schedules groups by frequency: 4 rounds a year, A and B once, C twice, D every round', () => {
    expect([1, 2, 3, 4].map((k) => inRound(1, 4, k))).toEqual([true, false, false, false]);
    expect([1, 2, 3, 4].map((k) => inRound(2, 4, k))).toEqual([true, false, true, false]);
    expect([1, 2, 3, 4].map((k) => inRound(4, 4, k))).toEqual([true, true, true, true]);
    expect(roundIndexOf('2026-Q2')).toBe(2);
    expect(roundIndexOf('2026-第3轮')).toBe(3);
    expect(roundIndexOf('春季专项')).toBeNull();
    const pop = population(10_000, 'plan');
    const plan = yearlyPlan('m', pop);
    expect(plan.roundsPerYear).toBe(4);
    expect(plan.grades.map((g) => [g.grade, g.rounds])).toEqual([['A', [1]], ['B', [1]], ['C', [1, 3]], ['D', [1, 2, 3, 4]], ['D', [1, 2, 3, 4]]]);
    for (const k of [1, 2, 3, 4]) {
      const r = drawRound({ department: 'm', population: pop, seed: `q${k}`, inspectors: roster(40), roundIndex: k });
      expect(r.inspections.length).toBe(plan.rounds[k - 1]!.expected);
    }
    expect(plan.perYear).toBe(plan.rounds.reduce((a, r) => a + r.expected, 0));
  });

  it('lists an enterprise drawn by several departments in a round as one joint visit', () => {
    const joint = jointInspections([
      { id: 1, department: 'market-regulation', inspections: [{ uscc: uscc(1), name: '甲', items: ['SCJG-001'] }, { uscc: uscc(2), name: '乙', items: ['SCJG-002'] }] },
      { id: 2, department: 'transport', inspections: [{ uscc: uscc(2), name: '乙', items: ['JT-001'] }, { uscc: uscc(3), name: '丙', items: ['JT-002'] }] },
      { id: 3, department: 'housing', inspections: [{ uscc: uscc(2), name: '乙', items: ['ZJ-001'] }, { uscc: uscc(1), name: '甲', items: ['ZJ-002'] }] },
    ]);
    expect(joint.map((v) => [v.uscc, v.departments])).toEqual([
      [uscc(1), ['housing', 'market-regulation']],
      [uscc(2), ['housing', 'market-regulation', 'transport']],
    ]);
    expect(joint[1]!.items).toEqual([
      { department: 'housing', drawId: 3, items: ['ZJ-001'] },
      { department: 'market-regulation', drawId: 1, items: ['SCJG-002'] },
      { department: 'transport', drawId: 2, items: ['JT-001'] },
    ]);
  });
});
