/** Impossible calendar dates in every import format: row errors naming the file, line and field; nothing stored. */
import ExcelJS from 'exceljs';
import { usccCheckChar } from '@policy/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../actor.ts';
import { loadDataset } from '../dataset-chunks.repository.ts';
import { importDataset } from '../dataset-import.repository.ts';
import type { ImportOptions } from '../dataset-import.repository.ts';
import type { TestDb } from '../test-support.ts';
import { DIALECTS, makeActor, openTestDb } from '../test-support.ts';

function uscc(n: number): string {
  const first17 = `91350100${String(n).padStart(9, '0')}`;
  return first17 + usccCheckChar(first17)!;
}
const BAD = ['2026-02-30', '2026-02-29', '2026-13-01', '2026-04-31'];

describe.each(DIALECTS)('import dates on %s', (dialect) => {
  let t: TestDb;
  let office: Actor;
  let n = 0;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    office = await makeActor(t.db, 'credit-office');
  });
  afterAll(async () => {
    await t?.destroy();
  });

  const counts = async () => ({
    datasets: (await t.db.selectFrom('datasets').select('id').execute()).length,
    chunks: (await t.db.selectFrom('dataset_chunks').select('chunk_no').execute()).length,
  });
  const run = (o: Omit<ImportOptions, 'name'>) => importDataset(t.db, office, { ...o, name: `dates-${++n}` } as ImportOptions);

  it('JSONL: an impossible date is a row error naming the line and the field; the whole file is refused', async () => {
    for (const bad of BAD) {
      const before = await counts();
      const lines = [
        { uscc: uscc(1), name: '甲', industryCode: 'C1391', status: 'active', records: [{ id: 'r1', kind: 'penalty.fine', date: '2024-02-29' }] },
        { uscc: uscc(2), name: '乙', industryCode: 'C1391', status: 'active', records: [{ id: 'r2', kind: 'penalty.fine', date: bad }] },
      ];
      const r = await run({ format: 'jsonl', input: lines.map((l) => JSON.stringify(l)).join('\n') });
      expect(r.success, bad).toBe(false);
      if (r.success) continue;
      expect(r.errors).toEqual([expect.objectContaining({ file: 'input.jsonl', row: 2, path: '/records/0/date' })]);
      expect(r.errors[0]!.message).toContain(`决定日期 ${bad}`);
      expect(r.errors[0]!.messageEn).toContain(`decision date ${bad}`);
      expect(await counts()).toEqual(before);
    }
  });

  it('CSV: the side file and its line are named, with the Chinese field title; 29 February of a leap year is fine', async () => {
    const main = ['统一社会信用代码,企业名称,行业代码,登记状态', `${uscc(1)},甲,C1391,存续`, `${uscc(2)},乙,C1391,存续`].join('\r\n');
    const lists = ['统一社会信用代码,名单,列入日期,移出日期', `${uscc(1)},abnormal-operation,2024-02-29,`, `${uscc(2)},abnormal-operation,2026-01-05,2026-04-31`].join('\n');
    const before = await counts();
    const r = await run({ format: 'csv', input: main, extraFiles: { lists } });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(r.errors.map((e) => `${e.file}:${e.row}:${e.path}`)).toEqual(['lists.csv:3:/lists/0/until']);
    expect(r.errors[0]!.message).toContain('移出日期 2026-04-31 不是有效日期：2026 年 4 月只有 30 天');
    expect(await counts()).toEqual(before);

    const ok = await run({ format: 'csv', input: main, extraFiles: { lists: lists.replace('2026-04-31', '2026-04-30') } });
    expect(ok.success).toBe(true);
    if (ok.success) expect((await loadDataset(t.db, ok.dataset.id))[0]!.lists).toEqual([{ list: 'abnormal-operation', from: '2024-02-29' }]);
  });

  it('XLSX: a date typed as text that is not on the calendar is refused with its sheet row', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('市场主体');
    ws.addRow(['统一社会信用代码', '名称', '行业代码', '登记状态']);
    ws.addRow([uscc(1), '甲', 'C1391', 'active']);
    const rec = wb.addWorksheet('失信记录');
    rec.addRow(['统一社会信用代码', '记录编号', '记录类型', '决定日期', '信用修复日期']);
    rec.addRow([uscc(1), 'R-1', 'coercion', new Date(Date.UTC(2024, 1, 29)), null]);
    rec.addRow([uscc(1), 'R-2', 'coercion', '2026-03-01', '2026-02-30']);
    const before = await counts();
    const r = await run({ format: 'xlsx', input: Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(r.errors).toEqual([expect.objectContaining({ file: '失信记录', row: 3, path: '/records/1/repairedAt', message: expect.stringContaining('信用修复日期 2026-02-30') })]);
    expect(await counts()).toEqual(before);
  });
});
