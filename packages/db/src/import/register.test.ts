/** The dated status and score columns (状态日期 / 评分日期) in CSV and XLSX imports, on both dialects. */
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

describe.each(DIALECTS)('import of dated status and score on %s', (dialect) => {
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
  const run = (o: Omit<ImportOptions, 'name'>) => importDataset(t.db, office, { ...o, name: `register-${++n}` } as ImportOptions);

  it('CSV: 状态日期 and 评分日期 (or statusSince / scoreDate) are stored; rows without them unchanged', async () => {
    const zh = ['统一社会信用代码,企业名称,行业代码,登记状态,状态日期,公共信用综合评价分,评分日期', `${uscc(1)},甲,C1391,吊销,2024-02-29,62.5,2025-10-31`, `${uscc(2)},乙,C1391,存续,,80,`].join('\n');
    const r = await run({ format: 'csv', input: zh });
    expect(r.success).toBe(true);
    if (!r.success) return;
    const rows = await loadDataset(t.db, r.dataset.id);
    expect(rows[0]).toMatchObject({ status: 'licence-revoked', statusSince: '2024-02-29', publicCreditScore: 62.5, scoreDate: '2025-10-31' });
    expect(rows[1]).not.toHaveProperty('statusSince');
    expect(rows[1]).not.toHaveProperty('scoreDate');
    const en = ['uscc,name,industryCode,status,statusSince,publicCreditScore,scoreDate', `${uscc(3)},丙,C1391,deregistered,2026-01-05,,`].join('\n');
    const e = await run({ format: 'csv', input: en });
    expect(e.success).toBe(true);
    if (e.success) expect((await loadDataset(t.db, e.dataset.id))[0]).toMatchObject({ status: 'deregistered', statusSince: '2026-01-05' });
  });

  it('CSV: a status date that is not on the calendar is a row error naming the field', async () => {
    const bad = ['统一社会信用代码,企业名称,行业代码,登记状态,状态日期', `${uscc(1)},甲,C1391,吊销,2025-02-29`].join('\n');
    const r = await run({ format: 'csv', input: bad });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.errors).toEqual([expect.objectContaining({ row: 2, path: '/statusSince', message: expect.stringContaining('状态日期 2025-02-29') })]);
  });

  it('XLSX: date cells and text dates in 状态日期 / 评分日期', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('市场主体');
    ws.addRow(['统一社会信用代码', '名称', '行业代码', '登记状态', '状态日期', '公共信用综合评价分', '评分日期']);
    ws.addRow([uscc(1), '甲', 'C1391', '注销', new Date(Date.UTC(2028, 1, 29)), 71, '2027-10-31']);
    ws.addRow([uscc(2), '乙', 'C1391', 'active', null, null, null]);
    const r = await run({ format: 'xlsx', input: Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(r.success).toBe(true);
    if (!r.success) return;
    const rows = await loadDataset(t.db, r.dataset.id);
    expect(rows[0]).toMatchObject({ status: 'deregistered', statusSince: '2028-02-29', publicCreditScore: 71, scoreDate: '2027-10-31' });
    expect(rows[1]).not.toHaveProperty('statusSince');
  });
});
