/**
 * Record kinds outside the contract (issue 13 finding 8): an import reports each with its number of
 * records, as one warning on its first record, instead of letting them count silently as general
 * dishonesty records.
 */
import { usccCheckChar } from '@policy/schemas';
import { describe, expect, it } from 'vitest';
import { prepareImport } from './dataset-prepare.ts';

const uscc = (n: number): string => {
  const first17 = `91350100${String(n).padStart(9, '0')}`;
  return first17 + usccCheckChar(first17)!;
};
const enterprise = (n: number, kinds: string[]) => ({
  uscc: uscc(n),
  name: `测试企业${n}有限公司`,
  industryCode: 'C1391',
  status: 'active',
  records: kinds.map((kind, j) => ({ id: `R-${n}-${j}`, kind, date: '2026-03-01' })),
});

describe('unknown record kinds at import', () => {
  it('are counted per kind and reported once each on their first record', async () => {
    const input = [enterprise(1, ['penalty.fine', 'penalty.unknown-x']), enterprise(2, ['penalty.unknown-x', 'labour.arrears']), enterprise(3, ['penalty.unknown-x'])]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const it = prepareImport({ format: 'jsonl', input });
    let r = await it.next();
    while (!r.done) r = await it.next();
    const summary = r.value;
    expect(summary.errorCount).toBe(0);
    expect(summary.warnings.map((w) => [w.row, w.path, w.message])).toEqual([
      [1, '/records/1/kind', '记录类型 penalty.unknown-x 不是已知的记录类型（共 3 条记录），评价时按一般失信记录计入，除非评价规则另行设定其严重程度'],
      [2, '/records/1/kind', '记录类型 labour.arrears 不是已知的记录类型（共 1 条记录），评价时按一般失信记录计入，除非评价规则另行设定其严重程度'],
    ]);
  });
});
