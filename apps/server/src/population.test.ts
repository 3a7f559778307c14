import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_ROWS, deleteDataset, importDataset, isInvalidDateError, loadDataset, storedDateProblems } from '@policy/db';
import { DIALECTS, makeActor, openTestDb } from '@policy/db/test-support';
import type { TestDb } from '@policy/db/test-support';
import { usccCheckChar } from '@policy/schemas';
import { buildPopulation } from '@policy/evaluation';
import type { Population } from '@policy/evaluation';
import { generatedJsonl } from './generate-jsonl.ts';
import { loadPopulation, sampleDataset } from './population.ts';
import { warmUp } from './worker-pool.ts';

/** A valid USCC from a number. */
function uscc(n: number): string {
  const first17 = `91350100${String(n).padStart(9, '0')}`;
  return first17 + usccCheckChar(first17)!;
}

const enterprise = (n: number) => ({
  uscc: uscc(n),
  name: n === 9 ? '𠮷野家（福州）餐饮管理有限公司' : `测试企业${n}有限公司`,
  industryCode: 'C1391',
  regionCode: '350102',
  status: 'active',
  publicCreditScore: 80 + (n % 20),
  ...(n === 8 ? { records: [{ id: 'r1', kind: 'penalty.fine', date: '2026-03-01' }], lists: [{ list: 'serious-dishonesty', from: '2026-01-01', until: null }] } : {}),
});

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** A population as plain data (typed arrays as arrays, whatever their buffer; NaN kept apart), for deep equality. */
function plain(pop: Population): unknown {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(pop)) {
    if (ArrayBuffer.isView(v)) out[k] = { type: v.constructor.name, values: Array.from(v as Float64Array, (x) => (Number.isNaN(x) ? 'NaN' : x)) };
    else if (v instanceof Map) out[k] = [...v.entries()].map(([key, col]) => [key, plain(col as never)]);
    else out[k] = v;
  }
  return out;
}

describe.each(DIALECTS)('populations and samples of stored datasets on %s', (dialect) => {
  let t: TestDb;
  let big: number;
  let other: number;
  const records = Array.from({ length: 12_345 }, (_, i) => enterprise(i + 1));

  beforeAll(async () => {
    await warmUp(); // the worker threads load their modules once
    t = await openTestDb(dialect);
    const office = await makeActor(t.db, 'credit-office');
    const a = await importDataset(t.db, office, { name: 'big', format: 'jsonl', input: jsonl(records) });
    // a second dataset with an overlapping USCC: never part of the first one's answers
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

  it('loads a dataset into the columnar population, in file order across chunks', async () => {
    const pop = await loadPopulation(t.db, big);
    expect(pop.n).toBe(12_345);
    expect(pop.uscc).toEqual(records.map((e) => e.uscc));
    expect(pop.name[8]).toBe('𠮷野家（福州）餐饮管理有限公司');
    expect((await loadPopulation(t.db, other)).uscc).toEqual([uscc(5), uscc(20_000)]);
    await expect(loadPopulation(t.db, 9_999)).rejects.toThrow(/no such dataset/);
  });

  it('refuses a deleted dataset', async () => {
    const office = await makeActor(t.db, 'credit-office');
    const r = await importDataset(t.db, office, { name: 'to-delete', format: 'jsonl', input: jsonl([enterprise(1)]) });
    if (!r.success) throw new Error('import failed');
    expect((await loadPopulation(t.db, r.dataset.id)).uscc).toEqual([uscc(1)]);
    await deleteDataset(t.db, office, r.dataset.id);
    await expect(loadPopulation(t.db, r.dataset.id)).rejects.toThrow(/no such dataset/);
  });

  it("fails with the evaluation's invalid-date error on a dataset stored before the calendar check, which db recognises", async () => {
    const office = await makeActor(t.db, 'credit-office');
    const rows = [enterprise(1), { ...enterprise(2), records: [{ id: 'r', kind: 'penalty.fine', date: '2026-03-01', objection: { filed: '2026-03-02', resolved: null } }] }];
    const r = await importDataset(t.db, office, { name: 'old dates', format: 'jsonl', input: jsonl(rows) });
    if (!r.success) throw new Error('import failed');
    // what an import before the calendar check could store: 2026-02-30 in row 2
    const chunk = await t.db.selectFrom('dataset_chunks').select('payload').where('dataset_id', '=', r.dataset.id).executeTakeFirstOrThrow();
    await t.db
      .updateTable('dataset_chunks')
      .set({ payload: chunk.payload.replace('2026-03-02', '2026-02-30') })
      .where('dataset_id', '=', r.dataset.id)
      .execute();
    const thrown = await loadPopulation(t.db, r.dataset.id).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isInvalidDateError(thrown)).toBe(true);
    expect(await storedDateProblems(t.db, r.dataset.id)).toEqual([expect.objectContaining({ row: 2, path: '/records/0/objection/filed', value: '2026-02-30' })]);
  });

  it('builds the population in both worker threads exactly as one pass would (generated data: indicators, dated statuses, records, lists)', async () => {
    const office = await makeActor(t.db, 'credit-office');
    const r = await importDataset(t.db, office, { name: 'generated', format: 'jsonl', input: generatedJsonl(9_001, 'split-load') });
    if (!r.success) throw new Error('import failed');
    const loaded = await loadPopulation(t.db, r.dataset.id);
    const onePass = buildPopulation(await loadDataset(t.db, r.dataset.id));
    expect(plain(loaded)).toEqual(plain(onePass));
    expect(loaded.indicators.size).toBeGreaterThan(0);
    expect(loaded.stRows.length).toBeGreaterThan(0);
  });

  it("reports a bad date in the second half of the chunks (the jobs worker's part) as in the first", async () => {
    const office = await makeActor(t.db, 'credit-office');
    const rows = records.slice(0, 9_000).map((e, i) => (i === 8_500 ? { ...e, records: [{ id: 'r', kind: 'penalty.fine', date: '2026-03-03' }] } : e));
    const r = await importDataset(t.db, office, { name: 'bad date late', format: 'jsonl', input: jsonl(rows) });
    if (!r.success) throw new Error('import failed');
    const last = await t.db.selectFrom('dataset_chunks').select(['chunk_no', 'payload']).where('dataset_id', '=', r.dataset.id).orderBy('chunk_no', 'desc').executeTakeFirstOrThrow();
    await t.db
      .updateTable('dataset_chunks')
      .set({ payload: last.payload.replace('2026-03-03', '2026-02-30') })
      .where('dataset_id', '=', r.dataset.id)
      .where('chunk_no', '=', last.chunk_no)
      .execute();
    const thrown = await loadPopulation(t.db, r.dataset.id).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isInvalidDateError(thrown)).toBe(true);
    // nothing of the failed load is left half-built: loading the big dataset still works
    expect((await loadPopulation(t.db, big)).n).toBe(12_345);
  });

  it('samples the same records for the same seed, in import order, spread over the file', async () => {
    const all = await loadDataset(t.db, big);
    const position = new Map(all.map((r, i) => [r.uscc, i]));
    const a = await sampleDataset(t.db, big, 1_000, 'seed-1');
    const again = await sampleDataset(t.db, big, 1_000, 'seed-1');
    const b = await sampleDataset(t.db, big, 1_000, 'seed-2');
    expect(a).toHaveLength(1_000);
    expect(again).toEqual(a);
    expect(b.map((r) => r.uscc)).not.toEqual(a.map((r) => r.uscc));
    const rows = a.map((r) => position.get(r.uscc)!);
    expect(new Set(rows).size).toBe(1_000);
    expect(rows).toEqual([...rows].sort((x, y) => x - y));
    // the records are the stored ones, unchanged
    for (const r of a.slice(0, 50)) expect(r).toEqual(all[position.get(r.uscc)!]);
    // from the first stretch of the file and from the last, read from 4 of the 7 chunks only
    expect(rows[0]!).toBeLessThan(CHUNK_ROWS);
    expect(rows[rows.length - 1]!).toBeGreaterThanOrEqual(Math.floor((5 * 12_345) / 7 / CHUNK_ROWS) * CHUNK_ROWS);
    expect(new Set(rows.map((i) => Math.floor(i / CHUNK_ROWS))).size).toBe(4);
  });

  it('gives the whole dataset when the sample is as large, and refuses a missing dataset', async () => {
    expect((await sampleDataset(t.db, other, 5, 'x')).map((r) => r.name)).toEqual(['ABC 另一个数据集', '测试企业20000有限公司']);
    const everything = await sampleDataset(t.db, big, 12_345, 'x');
    expect(everything).toHaveLength(12_345);
    expect(await sampleDataset(t.db, big, 0, 'x')).toEqual([]);
    await expect(sampleDataset(t.db, 9_999, 10, 'x')).rejects.toThrow(/no such dataset/);
  });
});
