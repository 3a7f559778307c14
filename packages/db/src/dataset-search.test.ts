import { usccCheckChar } from '@policy/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDatasetChunks, loadDataset, readDatasetChunks } from './dataset-chunks.repository.ts';
import { importDataset } from './dataset-import.repository.ts';
import { CHUNK_ROWS } from './dataset-prepare.ts';
import { searchDatasetEnterprises } from './dataset-search.repository.ts';
import type { TestDb } from './test-support.ts';
import { DIALECTS, makeActor, openTestDb } from './test-support.ts';

/** A valid USCC from a number. */
function uscc(n: number): string {
  const first17 = `91350100${String(n).padStart(9, '0')}`;
  return first17 + usccCheckChar(first17)!;
}

const SPECIAL: Record<number, string> = {
  5: 'ABC食品有限公司',
  6: '福州abc餐饮管理有限公司',
  7: '百分之100%食品厂',
  8: 'under_score 贸易行',
  9: '闽侯县青口镇食品站',
};

const enterprise = (n: number) => ({
  uscc: uscc(n),
  name: SPECIAL[n] ?? `测试企业${n}有限公司`,
  industryCode: 'C1391',
  regionCode: '350102',
  status: 'active',
});

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe.each(DIALECTS)('dataset search and chunk reads on %s', (dialect) => {
  let t: TestDb;
  let big: number;
  let other: number;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    const office = await makeActor(t.db, 'credit-office');
    const a = await importDataset(t.db, office, { name: 'big', format: 'jsonl', input: jsonl(Array.from({ length: 12_345 }, (_, i) => enterprise(i + 1))) });
    // a second dataset with overlapping USCCs and names: never part of the first one's answers
    const b = await importDataset(t.db, office, {
      name: 'other',
      format: 'jsonl',
      input: jsonl([{ ...enterprise(5), name: 'ABC 另一个数据集' }, enterprise(20_000)]),
    });
    if (!a.success || !b.success) throw new Error('import failed');
    big = a.dataset.id;
    other = b.dataset.id;
  }, 120_000);
  afterAll(async () => {
    await t?.destroy();
  });

  const names = (ms: { name: string }[]) => ms.map((m) => m.name);

  it('finds an enterprise by its full USCC, in either case, with its row', async () => {
    const found = await searchDatasetEnterprises(t.db, big, ` ${uscc(4321).toLowerCase()} `);
    expect(found).toEqual([{ uscc: uscc(4321), name: '测试企业4321有限公司', rowNumber: 4321, industryCode: 'C1391', regionCode: '350102' }]);
    expect(await searchDatasetEnterprises(t.db, big, uscc(99_999))).toEqual([]);
  });

  it('finds USCC prefixes in USCC order, up to the limit', async () => {
    const prefix = uscc(1234).slice(0, 17 - 1); // …00000123 + one more digit
    const found = await searchDatasetEnterprises(t.db, big, prefix, 5);
    expect(found.map((m) => m.uscc)).toEqual([1230, 1231, 1232, 1233, 1234].map(uscc));
    const all = await searchDatasetEnterprises(t.db, big, uscc(1).slice(0, 14), 100);
    expect(all).toHaveLength(100);
    expect(all.map((m) => m.uscc)).toEqual([...all.map((m) => m.uscc)].sort());
    expect(all.every((m) => m.uscc.startsWith(uscc(1).slice(0, 14)))).toBe(true);
  });

  it('finds name fragments, case-insensitively, in import order', async () => {
    expect(names(await searchDatasetEnterprises(t.db, big, 'abc'))).toEqual(['ABC食品有限公司', '福州abc餐饮管理有限公司']);
    expect(names(await searchDatasetEnterprises(t.db, big, '食品'))).toEqual(['ABC食品有限公司', '百分之100%食品厂', '闽侯县青口镇食品站']);
    expect(names(await searchDatasetEnterprises(t.db, big, '测试企业1234有'))).toEqual(['测试企业1234有限公司']);
    const many = await searchDatasetEnterprises(t.db, big, '有限公司', 7);
    expect(many.map((m) => m.rowNumber)).toEqual([1, 2, 3, 4, 5, 6, 10]);
    expect(await searchDatasetEnterprises(t.db, big, '不存在的企业')).toEqual([]);
  });

  it('takes % and _ literally', async () => {
    expect(names(await searchDatasetEnterprises(t.db, big, '%'))).toEqual(['百分之100%食品厂']);
    expect(names(await searchDatasetEnterprises(t.db, big, '_'))).toEqual(['under_score 贸易行']);
    expect(names(await searchDatasetEnterprises(t.db, big, '100%食'))).toEqual(['百分之100%食品厂']);
  });

  it('puts USCC matches before name matches, each enterprise once', async () => {
    // "100" is no USCC prefix here (they start with 9); only the name of row 7 contains it … and "测试企业100…"
    const found = await searchDatasetEnterprises(t.db, big, '100', 3);
    expect(found.map((m) => m.rowNumber)).toEqual([7, 100, 1000]);
    const both = await searchDatasetEnterprises(t.db, big, '91350100', 3);
    expect(both.map((m) => m.uscc)).toEqual([uscc(1), uscc(2), uscc(3)]);
  });

  it('answers nothing for a blank query and keeps datasets apart', async () => {
    expect(await searchDatasetEnterprises(t.db, big, '   ')).toEqual([]);
    expect(names(await searchDatasetEnterprises(t.db, other, 'abc'))).toEqual(['ABC 另一个数据集']);
    expect(await searchDatasetEnterprises(t.db, 9_999, 'abc')).toEqual([]);
  });

  it('lists the chunks of a dataset and reads some of them, in the order asked', async () => {
    const chunks = await listDatasetChunks(t.db, big);
    expect(chunks).toHaveLength(Math.ceil(12_345 / CHUNK_ROWS));
    expect(chunks[0]).toEqual({ chunkNo: 0, firstRow: 1, rowCount: CHUNK_ROWS });
    expect(chunks[6]).toEqual({ chunkNo: 6, firstRow: 6 * CHUNK_ROWS + 1, rowCount: 12_345 - 6 * CHUNK_ROWS });
    expect(await listDatasetChunks(t.db, other)).toEqual([{ chunkNo: 0, firstRow: 1, rowCount: 2 }]);
    expect(await listDatasetChunks(t.db, 9_999)).toEqual([]);
    const all = await loadDataset(t.db, big);
    // more chunks than one round trip reads, repeated and out of order
    const nos = [6, 0, 3, 0, ...Array.from({ length: 20 }, (_, i) => i % 7)];
    const read = await readDatasetChunks(t.db, big, nos);
    expect(read).toHaveLength(nos.length);
    nos.forEach((no, k) => expect(read[k]).toEqual(all.slice(no * CHUNK_ROWS, (no + 1) * CHUNK_ROWS)));
    expect((await readDatasetChunks(t.db, other, [0]))[0]!.map((r) => r.name)).toEqual(['ABC 另一个数据集', '测试企业20000有限公司']);
    expect(await readDatasetChunks(t.db, big, [])).toEqual([]);
    await expect(readDatasetChunks(t.db, big, [0, 7])).rejects.toThrow(/deleted or is incomplete/);
    await expect(readDatasetChunks(t.db, 9_999, [0])).rejects.toThrow(/deleted or is incomplete/);
  });
});
