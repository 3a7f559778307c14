import { availableParallelism } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { configureSqlSlices, parseSqlSlices, sqlSliceCount } from './sql-slices.ts';

afterEach(() => configureSqlSlices(undefined));

describe('the slices of a SQL run (POLICY_SQL_SLICES)', () => {
  it('default to the cores of the machine, at most 8', () => {
    expect(sqlSliceCount()).toBe(Math.max(1, Math.min(availableParallelism(), 8)));
  });
  it('follow the setting', () => {
    configureSqlSlices(16);
    expect(sqlSliceCount()).toBe(16);
    configureSqlSlices(undefined);
    expect(sqlSliceCount()).toBe(Math.max(1, Math.min(availableParallelism(), 8)));
    expect(() => configureSqlSlices(0)).toThrow('POLICY_SQL_SLICES 应为 1 到 64 的整数');
  });
  it('the variable is read as an integer from 1 to 64; anything else is refused, naming it and the value in Chinese', () => {
    expect(parseSqlSlices(undefined)).toBeUndefined();
    expect(parseSqlSlices(' ')).toBeUndefined();
    expect(parseSqlSlices('1')).toBe(1);
    expect(parseSqlSlices('64')).toBe(64);
    for (const bad of ['0', '65', '2.5', 'two', '-3', '1e1']) {
      expect(() => parseSqlSlices(bad)).toThrow(`环境变量 POLICY_SQL_SLICES 应为 1 到 64 的整数，实际为「${bad}」`);
    }
  });
});
