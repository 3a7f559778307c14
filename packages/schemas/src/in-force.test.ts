import { describe, expect, it } from 'vitest';
import { addDays, inForceAt, inForceChanges, standingsAt } from './in-force.ts';

const v = (version: number, effectiveFrom: string, id = 'sampling') => ({ id, version, effectiveFrom });

describe('standingsAt', () => {
  it('keeps the version in force "in force" while a later one is only scheduled', () => {
    const v1 = v(1, '2024-01-01');
    const v2 = v(2, '2027-01-01');
    const s = standingsAt([v1, v2], '2026-10-31');
    expect([s.get(v1), s.get(v2)]).toEqual(['in-force', 'scheduled']);
    const later = standingsAt([v1, v2], '2027-01-01');
    expect([later.get(v1), later.get(v2)]).toEqual(['superseded', 'in-force']);
  });
  it('computes each document on its own; ties go to the higher version number', () => {
    const a1 = v(1, '2024-01-01', 'a');
    const a2 = v(2, '2024-01-01', 'a');
    const b1 = v(1, '2025-01-01', 'b');
    const s = standingsAt([a1, a2, b1], '2024-06-01');
    expect([s.get(a1), s.get(a2), s.get(b1)]).toEqual(['superseded', 'in-force', 'scheduled']);
  });
});

describe('inForceChanges', () => {
  it('lists the past spans a retroactive version changes and what it replaces', () => {
    const v1 = v(1, '2024-01-01');
    const v2 = v(2, '2026-01-01');
    const v3 = v(3, '2025-01-01');
    expect(inForceChanges([v1, v2], [v1, v2, v3], { until: '2026-11-26' })).toEqual([{ from: '2025-01-01', to: '2025-12-31', before: v1, after: v3 }]);
    // without a limit, the open-ended future too
    const v4 = v(4, '2023-06-01');
    expect(inForceChanges([v1, v2], [v1, v2, v4])).toEqual([{ from: '2023-06-01', to: '2023-12-31', before: null, after: v4 }]);
  });
  it('clips at the publish day and merges adjacent spans with the same versions', () => {
    const v1 = v(1, '2024-01-01');
    const v2 = v(2, '2024-06-01');
    const v3 = v(3, '2025-01-01');
    // v3 from 2025-01-01 replaces v2 from then on; up to the day before the publish day
    expect(inForceChanges([v1, v2], [v1, v2, v3], { until: '2025-03-10' })).toEqual([{ from: '2025-01-01', to: '2025-03-09', before: v2, after: v3 }]);
    // a version on the same date as v1 with a higher number replaces v1 until v2
    const v1b = v(5, '2024-01-01');
    expect(inForceChanges([v1, v2], [v1, v2, v1b], { until: '2026-01-01' })).toEqual([{ from: '2024-01-01', to: '2024-05-31', before: v1, after: v1b }]);
    // a date from the publish day on changes no past
    expect(inForceChanges([v1, v2], [v1, v2, v(6, '2026-01-01')], { until: '2026-01-01' })).toEqual([]);
  });
  it('agrees with inForceAt on every day of the span', () => {
    const before = [v(1, '2024-01-01'), v(2, '2024-03-01')];
    const after = [...before, v(3, '2024-02-10')];
    const changes = inForceChanges(before, after, { until: '2024-04-01' });
    for (let d = '2024-01-01'; d < '2024-04-01'; d = addDays(d, 1)) {
      const differs = inForceAt(before, d)[0] !== inForceAt(after, d)[0];
      const covered = changes.some((c) => c.from <= d && (c.to === null || d <= c.to));
      expect(covered, d).toBe(differs);
    }
  });
  it('adds days across months and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
  });
});
