import { describe, expect, it } from 'vitest';
import { plannerTable, roundHalfUp } from './workload.ts';

describe('plannerTable', () => {
  it('rounds half up to whole inspections and totals the departments, with the distinct-enterprise figure apart', () => {
    expect(roundHalfUp(8556.5)).toBe(8557);
    expect(roundHalfUp(2.5)).toBe(3);
    expect(roundHalfUp(2.4999)).toBe(2);
    // tax and police cover every enterprise: their rows equal the distinct total, the sum is larger
    const t = plannerTable(
      [
        { department: 'taxation', before: 8556.5, after: 8600.2 },
        { department: 'public-security', before: 8556.5, after: 8600.2 },
        { department: 'market-regulation', before: 1200.4, after: 1300.6 },
      ],
      { before: 8556.5, after: 8600.2 },
    );
    expect(t.rows.map((r) => [r.before, r.after, r.delta])).toEqual([
      [8557, 8600, 43],
      [8557, 8600, 43],
      [1200, 1301, 101],
    ]);
    expect(t.sum).toEqual({ before: 18314, after: 18501, delta: 187 });
    expect(t.distinct).toEqual({ before: 8557, after: 8600, delta: 43 });
  });
});
