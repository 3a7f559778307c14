/**
 * Indicator values of a relational dataset (issue 16, migration `2026_11_27_21_00_00_indicator_values`):
 * one row per enterprise, values by key position. Every value reads back as the record gave it —
 * numbers to the last bit, booleans as 0 / 1, texts with quotes, backslashes, braces, commas, the word
 * NULL, tabs, newlines and Chinese — an enterprise without values has no row, a reload replaces the
 * dataset's values and keys and leaves other datasets alone, and a source failing part-way leaves the
 * values as they were.
 */
import type { EnterpriseRecord } from '@policy/schemas';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRelationalIndicators } from './sql-engine.repository.ts';
import type { TestDb } from './test-support.ts';
import { DIALECTS, openTestDb } from './test-support.ts';

const TEXTS = ['合格', 'a"b', 'back\\slash', '{brace}', 'com,ma', 'NULL', 'tab\there', 'new\nline', '', ' 空格 ', '\\N', '"'];
const NUMBERS = [0, -0.5, 1e-7, 0.1 + 0.2, 123456789.123, 1e21, -3];

const record = (i: number, indicators?: Record<string, unknown>): EnterpriseRecord =>
  ({ uscc: `U${i}`, name: `企业${i}`, industryCode: 'F52', status: 'active', ...(indicators ? { indicators } : {}) }) as EnterpriseRecord;

/** Every value of dataset `ds` as (row, key) → [kind, number, text], read through the keys' positions. */
async function values(t: TestDb, ds: number): Promise<Map<string, [number, number | null, string | null]>> {
  const rows = await sql<{ row_no: number; key: string; kind: number; num: number | null; txt: string | null }>`
    select v.row_no, k.key, v.kinds[k.pos] as kind, v.nums[k.pos] as num, v.txts[k.pos] as txt
    from ds_indicator_values v join ds_indicator_keys k on k.dataset_id = v.dataset_id
    where v.dataset_id = ${ds} and v.kinds[k.pos] is not null`.execute(t.db);
  return new Map(rows.rows.map((r) => [`${r.row_no}/${r.key}`, [r.kind, r.num, r.txt]]));
}

describe.skipIf(!DIALECTS.includes('postgres'))('indicator values on PostgreSQL', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb('postgres');
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('reads back every value as the record gave it; no row for an enterprise without values', async () => {
    const records: EnterpriseRecord[] = [
      ...TEXTS.map((x, i) => record(i, { 'food.result': x, 'food.rate': NUMBERS[i % NUMBERS.length], 'food.ok': i % 2 === 0 })),
      record(100),
      record(101, { 'food.rate': null, 'general.late': 2 }),
      record(102, { 'food.rate': null }),
    ];
    expect(await loadRelationalIndicators(t.db, 7, records)).toBe(TEXTS.length + 1);
    const got = await values(t, 7);
    const want = new Map<string, [number, number | null, string | null]>();
    TEXTS.forEach((x, i) => {
      want.set(`${i}/food.result`, [3, null, x]);
      want.set(`${i}/food.rate`, [1, NUMBERS[i % NUMBERS.length]!, null]);
      want.set(`${i}/food.ok`, [2, i % 2 === 0 ? 1 : 0, null]);
    });
    want.set(`${TEXTS.length + 1}/general.late`, [1, 2, null]);
    expect(got).toEqual(want);
    // a negative number and 0.1 + 0.2 to the last bit
    expect(Object.is(got.get('1/food.rate')![1], -0.5)).toBe(true);
    expect(got.get('3/food.rate')![1]).toBe(0.1 + 0.2);
    const rows = await sql<{ row_no: number }>`select row_no from ds_indicator_values where dataset_id = 7 order by row_no`.execute(t.db);
    expect(rows.rows.map((r) => r.row_no)).not.toContain(TEXTS.length);
    expect(rows.rows.map((r) => r.row_no)).not.toContain(TEXTS.length + 2);
  });

  it('a reload replaces the values and keys of its dataset only', async () => {
    await loadRelationalIndicators(t.db, 8, [record(0, { a: 1 }), record(1, { b: 'x' })]);
    await loadRelationalIndicators(t.db, 9, [record(0, { a: 5 })]);
    await loadRelationalIndicators(t.db, 8, [record(0, { c: true })]);
    expect(await values(t, 8)).toEqual(new Map([['0/c', [2, 1, null]]]));
    const keys = await sql<{ key: string }>`select key from ds_indicator_keys where dataset_id = 8`.execute(t.db);
    expect(keys.rows.map((r) => r.key)).toEqual(['c']);
    expect(await values(t, 9)).toEqual(new Map([['0/a', [1, 5, null]]]));
  });

  it('the source failing part-way leaves the values as they were', async () => {
    await loadRelationalIndicators(t.db, 10, [record(0, { a: 1 })]);
    async function* failing(): AsyncGenerator<EnterpriseRecord> {
      for (let i = 0; i < 5000; i++) yield record(i, { a: i, b: `文本${i}` });
      throw new Error('读取中断 / source broke');
    }
    await expect(loadRelationalIndicators(t.db, 10, failing())).rejects.toThrow(/source broke/);
    expect(await values(t, 10)).toEqual(new Map([['0/a', [1, 1, null]]]));
    const keys = await sql<{ key: string }>`select key from ds_indicator_keys where dataset_id = 10`.execute(t.db);
    expect(keys.rows.map((r) => r.key)).toEqual(['a']);
  });
});
