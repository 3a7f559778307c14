/**
 * Relational dataset load (issue 16): the COPY path stores exactly what the INSERT path stores and what
 * the records say (names with tabs, newlines, backslashes, quotes, `\N`, Chinese; nulls; fractional
 * scores; record domains), in one or several COPY rounds; a failure part-way — a value the server
 * refuses, the records' source throwing — leaves the dataset's rows as they were.
 */
import type { EnterpriseRecord } from '@policy/schemas';
import { usccCheckChar } from '@policy/schemas';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset } from './dataset-import.repository.ts';
import { isDbError } from './errors.ts';
import { copyCell, loadRelationalDataset, loadRelationalDatasetFromChunks } from './relational-dataset.ts';
import type { TestDb } from './test-support.ts';
import { DIALECTS, makeActor, openTestDb } from './test-support.ts';

function uscc(n: number): string {
  const first17 = `91350100${String(n).padStart(9, '0')}`;
  return first17 + usccCheckChar(first17)!;
}

const AWKWARD = ['制表\t符', '换行\n企业', '回车\r\n公司', '反斜杠\\有限公司', '字面 \\N 与 \\t', `引号 "双" '单'`, '厦门市思明区某某贸易有限公司', '😀 表情', '\\', '末尾反斜杠\\'];

/** `n` records; every 7th has records, every 5th list memberships, every 3rd a dated status history. */
function population(n: number, offset = 0): EnterpriseRecord[] {
  return Array.from({ length: n }, (_, k): EnterpriseRecord => {
    const i = k + offset;
    const r: EnterpriseRecord = {
      uscc: uscc(i + 1),
      name: `${AWKWARD[i % AWKWARD.length]}${i}`,
      industryCode: i % 2 ? 'C1391' : 'F52',
      status: i % 3 === 0 ? 'licence-revoked' : 'active',
    };
    if (i % 4 !== 0) r.regionCode = '350203';
    if (i % 6 !== 1) r.publicCreditScore = i % 6 === 0 ? null : (i % 100) + 0.1 + 0.2;
    if (i % 6 === 2) r.scoreDate = '2026-03-31';
    if (i % 3 === 0) {
      r.statusSince = '2026-05-01';
      r.statusHistory = [
        { status: 'deregistered', since: '2025-02-28' },
        { status: 'active', since: '2024-02-29' },
      ];
    }
    if (i % 7 === 0) {
      r.records = [
        { id: `R${i}\t甲`, kind: 'penalty.fine', date: '2026-01-15', authority: '厦门市\\市场监督管理局\n稽查支队', domain: 'special-equipment' },
        { id: `R${i}-2`, kind: 'coercion', date: '2025-12-31', repairedAt: '2026-06-30', seriousConsequence: true, objection: { filed: '2026-01-02', resolved: null } },
      ];
    }
    if (i % 5 === 0) r.lists = [{ list: 'abnormal-operation', from: '2026-02-01', until: i % 10 ? null : '2026-04-01' }];
    return r;
  });
}

describe('COPY text cells', () => {
  it('escapes backslash, tab, newline and carriage return, writes \\N for null', () => {
    expect(copyCell('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyCell('\\N')).toBe('\\\\N');
    expect(copyCell('企业')).toBe('企业');
    expect(copyCell(null)).toBe('\\N');
    expect([copyCell(true), copyCell(false), copyCell(0.30000000000000004), copyCell(7)]).toEqual(['t', 'f', '0.30000000000000004', '7']);
  });
});

describe.skipIf(!DIALECTS.includes('postgres'))('relational dataset load on PostgreSQL', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb('postgres');
  });
  afterAll(async () => {
    await t?.destroy();
  });

  /** Every stored row of dataset `ds`, table by table, in key order (dates as text, without dataset_id). */
  async function stored(ds: number) {
    const read = async (table: string, order: string) =>
      (await sql<{ j: Record<string, unknown> }>`select to_jsonb(x) - 'dataset_id' as j from ${sql.table(table)} x where dataset_id = ${ds} order by ${sql.raw(order)}`.execute(t.db)).rows.map(
        (r) => r.j,
      );
    return {
      enterprises: await read('ds_enterprises', 'row_no'),
      statuses: await read('ds_statuses', 'row_no, seq'),
      records: await read('ds_records', 'row_no, record_id'),
      lists: await read('ds_list_members', 'row_no, list, from_date'),
    };
  }

  const counts = async (ds: number) => {
    const n = async (table: string) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where dataset_id = ${ds}`.execute(t.db)).rows[0]!.n);
    return [await n('ds_enterprises'), await n('ds_statuses'), await n('ds_records'), await n('ds_list_members')];
  };

  it('stores the records as they are: awkward names, nulls, fractional scores, statuses, records, lists', async () => {
    const records = population(40);
    const loaded = await loadRelationalDataset(t.db, 1, records);
    expect(loaded).toEqual({ enterprises: 40, statuses: 14 * 3, records: 6 * 2, listMembers: 8 });
    const s = await stored(1);
    expect(s.enterprises.map((e) => e.name)).toEqual(records.map((r) => r.name));
    expect(s.enterprises[0]).toEqual({
      row_no: 0,
      uscc: uscc(1),
      name: '制表\t符0',
      status: 'licence-revoked',
      status_since: '2026-05-01',
      industry_code: 'F52',
      region_code: null,
      public_credit_score: null,
      score_date: null,
    });
    expect(s.enterprises[2]).toMatchObject({ name: '回车\r\n公司2', public_credit_score: 2.3000000000000003, score_date: '2026-03-31', region_code: '350203' });
    expect(s.enterprises[1]!.public_credit_score).toBeNull();
    expect(s.statuses.slice(0, 3)).toEqual([
      { row_no: 0, seq: 0, since: '2024-02-29', status: 'active' },
      { row_no: 0, seq: 1, since: '2025-02-28', status: 'deregistered' },
      { row_no: 0, seq: 2, since: '2026-05-01', status: 'licence-revoked' },
    ]);
    expect(s.records.slice(0, 2)).toEqual([
      {
        row_no: 0,
        record_id: 'R0\t甲',
        kind: 'penalty.fine',
        date: '2026-01-15',
        repaired_at: null,
        objection_filed: null,
        objection_resolved: null,
        serious_consequence: false,
        authority: '厦门市\\市场监督管理局\n稽查支队',
        domain: 'special-equipment',
      },
      {
        row_no: 0,
        record_id: 'R0-2',
        kind: 'coercion',
        date: '2025-12-31',
        repaired_at: '2026-06-30',
        objection_filed: '2026-01-02',
        objection_resolved: null,
        serious_consequence: true,
        authority: null,
        domain: null,
      },
    ]);
    expect(s.lists.slice(0, 2)).toEqual([
      { row_no: 0, list: 'abnormal-operation', from_date: '2026-02-01', until_date: '2026-04-01' },
      { row_no: 5, list: 'abnormal-operation', from_date: '2026-02-01', until_date: null },
    ]);
  });

  it('COPY (in one round or many) stores exactly what the INSERT path stores', async () => {
    const records = population(3000);
    await loadRelationalDataset(t.db, 2, records, { method: 'insert', batchRows: 700 });
    await loadRelationalDataset(t.db, 3, records);
    // side tables copied every few enterprises: many enterprise COPY rounds
    await loadRelationalDataset(t.db, 4, records, { sideBufferChars: 500 });
    const reference = await stored(2);
    expect(reference.enterprises).toHaveLength(3000);
    expect(await stored(3)).toEqual(reference);
    expect(await stored(4)).toEqual(reference);
    // an async source (as from stored chunks) gives the same
    async function* slowly() {
      for (const r of records) yield r;
    }
    await loadRelationalDataset(t.db, 5, slowly(), { sideBufferChars: 10_000 });
    expect(await stored(5)).toEqual(reference);
  });

  it('replaces the dataset and leaves the others alone', async () => {
    await loadRelationalDataset(t.db, 6, population(50));
    await loadRelationalDataset(t.db, 7, population(30));
    const seven = await stored(7);
    await loadRelationalDataset(t.db, 6, population(20, 100));
    expect((await stored(6)).enterprises.map((e) => e.uscc)).toEqual(population(20, 100).map((r) => r.uscc));
    expect(await stored(7)).toEqual(seven);
  });

  it('a value refused part-way leaves the dataset as it was, and names the enterprise', async () => {
    await loadRelationalDataset(t.db, 8, population(100));
    const before = await stored(8);
    const bad = population(5000);
    bad[4321]!.records = [{ id: 'x', kind: 'penalty.fine', date: '2026-02-30' }];
    const e = await loadRelationalDataset(t.db, 8, bad).catch((x: unknown) => x);
    expect(isDbError(e)).toBe(true);
    expect((e as Error).message).toContain('第 4322 家企业的失信记录（date）有误');
    expect(await stored(8)).toEqual(before);
    // in the enterprise COPY, after some rounds
    const badStatus = population(5000);
    badStatus[3000]!.statusSince = '2026-13-01';
    const e2 = await loadRelationalDataset(t.db, 8, badStatus, { sideBufferChars: 2000 }).catch((x: unknown) => x);
    expect((e2 as Error).message).toContain('第 3001 家企业的企业（status_since）有误');
    expect(await stored(8)).toEqual(before);
    // a fresh dataset id: nothing at all
    expect(await loadRelationalDataset(t.db, 9, bad).catch(() => 'failed')).toBe('failed');
    expect(await counts(9)).toEqual([0, 0, 0, 0]);
  });

  it('the source failing part-way leaves nothing, and the connection goes on working', async () => {
    const records = population(6000);
    async function* failing() {
      for (const [k, r] of records.entries()) {
        if (k === 5000) throw new Error('source broke');
        yield r;
      }
    }
    for (let round = 0; round < 3; round++) {
      await expect(loadRelationalDataset(t.db, 10, failing())).rejects.toThrow('source broke');
      await expect(loadRelationalDataset(t.db, 10, failing(), { sideBufferChars: 3000 })).rejects.toThrow('source broke');
    }
    expect(await counts(10)).toEqual([0, 0, 0, 0]);
    // the pool (size 4) still serves loads and queries
    await loadRelationalDataset(t.db, 10, records.slice(0, 10));
    expect(await counts(10)).toEqual([10, 12, 4, 2]);
  });

  it('loads an imported dataset from its stored chunks', async () => {
    const office = await makeActor(t.db, 'credit-office');
    const records = population(1200);
    const imported = await importDataset(t.db, office, { name: 'relational', format: 'jsonl', input: records.map((r) => JSON.stringify(r)).join('\n') });
    if (!imported.success) throw new Error('import failed');
    const id = imported.dataset.id;
    const loaded = await loadRelationalDatasetFromChunks(t.db, id);
    expect(loaded.enterprises).toBe(1200);
    await loadRelationalDataset(t.db, 11, records, { method: 'insert' });
    expect(await stored(id)).toEqual(await stored(11));
  });
});

describe.skipIf(!DIALECTS.includes('sqlite'))('relational dataset load on SQLite', () => {
  it('refuses: the tables exist on PostgreSQL only', async () => {
    const t = await openTestDb('sqlite');
    try {
      await expect(loadRelationalDataset(t.db, 1, population(1))).rejects.toThrow(/PostgreSQL only/);
    } finally {
      await t.destroy();
    }
  });
});
