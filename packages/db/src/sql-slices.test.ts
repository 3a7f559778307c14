import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { sqlSliceCount } from './sql-slices.ts';

describe('sqlSliceCount (POLICY_SQL_SLICES)', () => {
  it('defaults to the cores of the machine, at most 8', () => {
    expect(sqlSliceCount({})).toBe(Math.max(1, Math.min(availableParallelism(), 8)));
    expect(sqlSliceCount({ POLICY_SQL_SLICES: ' ' })).toBe(sqlSliceCount({}));
  });
  it('takes an integer from 1 to 64', () => {
    expect(sqlSliceCount({ POLICY_SQL_SLICES: '1' })).toBe(1);
    expect(sqlSliceCount({ POLICY_SQL_SLICES: '16' })).toBe(16);
  });
  it('refuses anything else, naming the setting and the value in Chinese', () => {
    for (const bad of ['0', '65', '2.5', 'two', '-3']) {
      expect(() => sqlSliceCount({ POLICY_SQL_SLICES: bad })).toThrow(`环境变量 POLICY_SQL_SLICES 应为 1 到 64 的整数，实际为「${bad}」`);
    }
  });
});
