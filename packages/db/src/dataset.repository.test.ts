import ExcelJS from 'exceljs';
import { usccCheckChar } from '@policy/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { listAudit } from './audit.repository.ts';
import { forEachDatasetChunk, getDatasetEnterprise, loadDataset } from './dataset-chunks.repository.ts';
import { importDataset } from './dataset-import.repository.ts';
import { CHUNK_ROWS } from './dataset-prepare.ts';
import { deleteDataset, getDataset, listDatasets } from './dataset.repository.ts';
import type { DbError } from './errors.ts';
import type { TestDb } from './test-support.ts';
import { DIALECTS, makeActor, openTestDb } from './test-support.ts';

/** A valid USCC from a number. */
function uscc(n: number): string {
  const first17 = `91350100${String(n).padStart(9, '0')}`;
  return first17 + usccCheckChar(first17)!;
}

const enterprise = (n: number, extra: Record<string, unknown> = {}) => ({
  uscc: uscc(n),
  name: `测试企业${n}有限公司`,
  industryCode: 'C1391',
  regionCode: '350102',
  status: 'active',
  publicCreditScore: 80 + (n % 20),
  ...extra,
});

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe.each(DIALECTS)('dataset import on %s', (dialect) => {
  let t: TestDb;
  let office: Actor;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    office = await makeActor(t.db, 'credit-office');
  });
  afterAll(async () => {
    await t?.destroy();
  });

  async function stored() {
    const datasets = await t.db.selectFrom('datasets').select('id').execute();
    const rows = await t.db.selectFrom('dataset_enterprises').select('row_number').execute();
    const chunks = await t.db.selectFrom('dataset_chunks').select('chunk_no').execute();
    return { datasets: datasets.length, rows: rows.length, chunks: chunks.length };
  }

  it('imports JSONL, reports progress, and loads it back in file order', async () => {
    const records = Array.from({ length: 12_345 }, (_, i) =>
      enterprise(i + 1, i === 8 ? { name: '𠮷野家（福州）餐饮管理有限公司 — “测试” é' } : i === 7 ? { records: [{ id: 'r1', kind: 'penalty.fine', date: '2026-03-01' }], lists: [{ list: 'serious-dishonesty', from: '2026-01-01', until: null }] } : {}),
    );
    const progress: number[] = [];
    const r = await importDataset(t.db, office, {
      name: 'jsonl-ok',
      format: 'jsonl',
      input: Buffer.from(jsonl(records)),
      progressEvery: 5_000,
      onProgress: (p) => progress.push(p.rows),
    });
    expect(r).toMatchObject({ success: true, dataset: { name: 'jsonl-ok', rowCount: 12_345 } });
    expect(progress).toEqual([5_000, 10_000, 12_345]);
    if (!r.success) return;
    const back = await loadDataset(t.db, r.dataset.id);
    expect(back.length).toBe(12_345);
    // every record, across the chunk boundaries, in file order
    expect(back).toEqual(records);
    const chunks = await t.db.selectFrom('dataset_chunks').select(['first_row', 'row_count']).where('dataset_id', '=', r.dataset.id).orderBy('chunk_no').execute();
    expect(chunks.length).toBe(Math.ceil(12_345 / CHUNK_ROWS));
    expect(chunks.map((c) => Number(c.row_count)).reduce((a, b) => a + b, 0)).toBe(12_345);
    expect(Number(chunks[1]!.first_row)).toBe(CHUNK_ROWS + 1);
    const first = await t.db.selectFrom('dataset_chunks').select('payload').where('dataset_id', '=', r.dataset.id).where('chunk_no', '=', 0).executeTakeFirstOrThrow();
    expect(first.payload).toMatch(/^[\x20-\x7e]+$/); // stored as ASCII JSON; the records above came back unchanged
    expect(back[8]!.name).toBe('𠮷野家（福州）餐饮管理有限公司 — “测试” é');
    // streamed chunk by chunk, in file order (what the server builds its columnar population from)
    const streamed: string[] = [];
    const sizes: number[] = [];
    await forEachDatasetChunk(t.db, await getDataset(t.db, r.dataset.id), (chunk) => {
      sizes.push(chunk.length);
      for (const e of chunk) streamed.push(e.uscc);
    });
    expect(streamed).toEqual(records.map((e) => e.uscc));
    expect(sizes).toEqual(chunks.map((c) => Number(c.row_count)));
    // row lookup by USCC: the search columns point into the right chunk
    for (const i of [0, 7, CHUNK_ROWS - 1, CHUNK_ROWS, 12_344]) {
      expect(await getDatasetEnterprise(t.db, r.dataset.id, records[i]!.uscc)).toEqual(records[i]);
    }
    expect(await getDatasetEnterprise(t.db, r.dataset.id, uscc(99_999))).toBeUndefined();
    expect((await listDatasets(t.db)).map((d) => d.name)).toContain('jsonl-ok');
  });

  it('refuses a file with bad rows, names every row and reason, and leaves nothing behind', async () => {
    const before = await stored();
    const lines = [
      JSON.stringify(enterprise(1)),
      '{"uscc": broken',
      JSON.stringify(enterprise(3, { industryCode: 'A1391' })),
      JSON.stringify(enterprise(4, { status: 'closed' })),
      JSON.stringify(enterprise(1)),
      JSON.stringify(enterprise(6, { records: [{ id: 'x', kind: 'penalty.fine', date: '2026-02-30x' }] })),
      JSON.stringify({ ...enterprise(7), uscc: uscc(7).slice(0, 17) + (uscc(7).endsWith('0') ? '1' : '0') }),
    ];
    const r = await importDataset(t.db, office, { name: 'jsonl-bad', format: 'jsonl', input: lines.join('\n') });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(r.errors.map((e) => [e.row, e.path])).toEqual([
      [2, ''],
      [3, '/industryCode'],
      [4, '/status'],
      [5, '/uscc'],
      [6, '/records/0/date'],
    ]);
    expect(r.errors[3]!.message).toMatch(/重复.*第 1 行/);
    // a wrong check character is a warning naming the line, not a rejection
    expect(r.warnings.map((w) => [w.row, w.path])).toEqual([[7, '/uscc']]);
    expect(await stored()).toEqual(before);
  });

  it('leaves nothing behind when the import dies midway', async () => {
    const before = await stored();
    const records = Array.from({ length: 20_000 }, (_, i) => enterprise(i + 1));
    const crash = importDataset(t.db, office, {
      name: 'crashes',
      format: 'jsonl',
      input: jsonl(records),
      progressEvery: 10_000,
      onProgress: (p) => {
        if (p.rows === 10_000) throw new Error('simulated crash');
      },
    });
    await expect(crash).rejects.toThrow('simulated crash');
    expect(await stored()).toEqual(before);
    expect((await listDatasets(t.db)).map((d) => d.name)).not.toContain('crashes');
  });

  it('imports CSV with records.csv and lists.csv keyed by uscc, with Chinese headers', async () => {
    const main = [
      '统一社会信用代码,企业名称,行业代码,行政区划代码,登记状态,公共信用综合评价分,indicators.haccp',
      `${uscc(1)},"甲公司,食品",C1391,350102,存续,88.5,true`,
      `${uscc(2)},乙公司,52,,吊销,,`,
    ].join('\r\n');
    const records = ['uscc,id,kind,date,repairedAt,objectionFiled,objectionResolved', `${uscc(2)},R-1,penalty.fine,2026-03-01,,2026-03-10,`].join('\n');
    const lists = ['uscc,list,from,until', `${uscc(2)},abnormal-operation,2026-01-05,`].join('\n');
    const r = await importDataset(t.db, office, { name: 'csv-ok', format: 'csv', input: main, extraFiles: { records, lists } });
    expect(r.success).toBe(true);
    if (!r.success) return;
    const back = await loadDataset(t.db, r.dataset.id);
    expect(back).toEqual([
      { uscc: uscc(1), name: '甲公司,食品', industryCode: 'C1391', regionCode: '350102', status: 'active', publicCreditScore: 88.5, indicators: { haccp: true } },
      {
        uscc: uscc(2),
        name: '乙公司',
        industryCode: '52',
        status: 'licence-revoked',
        records: [{ id: 'R-1', kind: 'penalty.fine', date: '2026-03-01', objection: { filed: '2026-03-10', resolved: null } }],
        lists: [{ list: 'abnormal-operation', from: '2026-01-05' }],
      },
    ]);
  });

  it('names the side file and line of a bad CSV detail row', async () => {
    const before = await stored();
    const main = ['uscc,name,industryCode,status', `${uscc(1)},甲,C1391,active`].join('\n');
    const records = ['uscc,id,kind,date', `${uscc(1)},R-1,penalty.fine,2026-03-01`, `${uscc(1)},R-2,penalty.fine,yesterday`, `${uscc(9)},R-3,penalty.fine,2026-03-01`].join('\n');
    const r = await importDataset(t.db, office, { name: 'csv-bad', format: 'csv', input: main, extraFiles: { records } });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(r.errors.map((e) => `${e.file}:${e.row}:${e.path}`)).toEqual(['records.csv:3:/records/1/date', 'records.csv:4:/uscc']);
    expect(await stored()).toEqual(before);
  });

  it('imports XLSX with the Chinese sheet names and refuses numeric USCC cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('市场主体');
    ws.addRow(['统一社会信用代码', '名称', '行业代码', '登记状态', '指标.score']);
    ws.addRow([uscc(1), '甲', 'C1391', 'active', 92]);
    ws.addRow([uscc(2), '乙', '4812', 'active', null]);
    const rec = wb.addWorksheet('失信记录');
    rec.addRow(['统一社会信用代码', '记录编号', '记录类型', '决定日期']);
    rec.addRow([uscc(2), 'R-9', 'coercion', new Date(Date.UTC(2026, 4, 6))]);
    const lst = wb.addWorksheet('名单');
    lst.addRow(['统一社会信用代码', '名单', '列入日期', '移出日期']);
    lst.addRow([uscc(1), 'joint-punishment', '2025-01-01', '2025-12-31']);
    const r = await importDataset(t.db, office, { name: 'xlsx-ok', format: 'xlsx', input: Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(await loadDataset(t.db, r.dataset.id)).toEqual([
      { uscc: uscc(1), name: '甲', industryCode: 'C1391', status: 'active', indicators: { score: 92 }, lists: [{ list: 'joint-punishment', from: '2025-01-01', until: '2025-12-31' }] },
      { uscc: uscc(2), name: '乙', industryCode: '4812', status: 'active', records: [{ id: 'R-9', kind: 'coercion', date: '2026-05-06' }] },
    ]);

    const bad = new ExcelJS.Workbook();
    const s = bad.addWorksheet('enterprises');
    s.addRow(['uscc', 'name', 'industryCode', 'status']);
    s.addRow([Number('913501001234567890'), '甲', 'C1391', 'active']);
    const b = await importDataset(t.db, office, { name: 'xlsx-bad', format: 'xlsx', input: Buffer.from(await bad.xlsx.writeBuffer()) });
    expect(b.success).toBe(false);
    if (!b.success) expect(b.errors[0]).toMatchObject({ file: 'enterprises', row: 2, path: '/uscc' });
    const notXlsx = await importDataset(t.db, office, { name: 'xlsx-junk', format: 'xlsx', input: Buffer.from('not a workbook') });
    expect(notXlsx.success).toBe(false);
  });

  it('refuses a taken name and deletes a dataset with its rows', async () => {
    const r = await importDataset(t.db, office, { name: 'to-delete', format: 'jsonl', input: jsonl([enterprise(1)]) });
    const dup = await importDataset(t.db, office, { name: 'to-delete', format: 'jsonl', input: jsonl([enterprise(1)]) }).catch((e: unknown) => e);
    expect((dup as DbError).code).toBe('CONFLICT');
    if (!r.success) throw new Error('import failed');
    const ds = await getDataset(t.db, r.dataset.id);
    expect((await loadDataset(t.db, r.dataset.id)).map((e) => e.uscc)).toEqual([uscc(1)]);
    await deleteDataset(t.db, office, r.dataset.id);
    await expect(loadDataset(t.db, r.dataset.id)).rejects.toThrow(/no such dataset/);
    // a reader that fetched the dataset before the deletion finds its chunks gone
    await expect(forEachDatasetChunk(t.db, ds, () => undefined)).rejects.toThrow(/deleted or is incomplete/);
    expect((await listDatasets(t.db)).map((d) => d.name)).not.toContain('to-delete');
    const left = await t.db.selectFrom('dataset_enterprises').select('row_number').where('dataset_id', '=', r.dataset.id).execute();
    expect(left).toEqual([]);
    const leftChunks = await t.db.selectFrom('dataset_chunks').select('chunk_no').where('dataset_id', '=', r.dataset.id).execute();
    expect(leftChunks).toEqual([]);
    expect((await listAudit(t.db)).map((a) => a.action)).toEqual(expect.arrayContaining(['dataset.import', 'dataset.delete']));
  });
});
