/** A dataset stored before dates were checked: the impossible date is found by row and field. */
import { usccCheckChar } from '@policy/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInvalidDateError, recordDateProblems, storedDateError, storedDateProblems } from './dataset-dates.ts';
import { importDataset } from './dataset-import.repository.ts';
import type { TestDb } from './test-support.ts';
import { DIALECTS, makeActor, openTestDb } from './test-support.ts';

function uscc(n: number): string {
  const first17 = `91350100${String(n).padStart(9, '0')}`;
  return first17 + usccCheckChar(first17)!;
}

describe.each(DIALECTS)('stored impossible dates on %s', (dialect) => {
  let t: TestDb;
  let datasetId = 0;
  let sound = 0;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    const office = await makeActor(t.db, 'credit-office');
    const rows = Array.from({ length: 5_000 }, (_, i) => ({
      uscc: uscc(i + 1),
      name: `企业${i + 1}`,
      industryCode: 'C1391',
      status: 'active',
      records: i === 4_321 ? [{ id: 'r', kind: 'penalty.fine', date: '2026-03-01', objection: { filed: '2026-03-02', resolved: null } }] : undefined,
    }));
    const input = rows.map((r) => JSON.stringify(r)).join('\n');
    const a = await importDataset(t.db, office, { name: 'old', format: 'jsonl', input });
    const b = await importDataset(t.db, office, { name: 'sound', format: 'jsonl', input });
    if (!a.success || !b.success) throw new Error('import failed');
    datasetId = a.dataset.id;
    sound = b.dataset.id;
    // what an import before the calendar check could store: 2026-02-30 in row 4,322
    const chunk = await t.db.selectFrom('dataset_chunks').select(['chunk_no', 'payload']).where('dataset_id', '=', datasetId).where('payload', 'like', '%2026-03-02%').executeTakeFirstOrThrow();
    await t.db
      .updateTable('dataset_chunks')
      .set({ payload: chunk.payload.replace('2026-03-02', '2026-02-30') })
      .where('dataset_id', '=', datasetId)
      .where('chunk_no', '=', chunk.chunk_no)
      .execute();
  }, 60_000);
  afterAll(async () => {
    await t?.destroy();
  });

  it('finds the row, field and reason, and makes a clear refusal of the evaluation error', async () => {
    // that the evaluation's own refusal is recognised (isInvalidDateError) is tested where storage and
    // evaluation meet: apps/server/src/population.test.ts
    expect(await storedDateProblems(t.db, datasetId)).toEqual([
      expect.objectContaining({ row: 4_322, uscc: uscc(4_322), path: '/records/0/objection/filed', field: '异议提出日期', value: '2026-02-30' }),
    ]);
    const err = await storedDateError(t.db, datasetId);
    expect(err).toMatchObject({ code: 'BAD_REQUEST', details: { reason: 'invalid-input' } });
    expect(err!.message).toContain('第 4322 行的异议提出日期 2026-02-30');
    expect(err!.message).toContain('row 4322, objection filing date 2026-02-30');
    expect(err!.details.issues![0]).toMatchObject({ path: '/rows/4322/records/0/objection/filed', message: expect.stringContaining('2026 年 2 月只有 28 天') });
    expect(await storedDateError(t.db, sound)).toBeUndefined();
    expect(isInvalidDateError(new Error('something else'))).toBe(false);
  });

  it('checks every date field of a record', () => {
    const problems = recordDateProblems(
      {
        uscc: 'X',
        lists: [{ list: 'a', from: '2026-04-31', until: null }],
        records: [{ id: 'r', kind: 'k', date: '2024-02-29', repairedAt: '2026-13-01', objection: { filed: '2026-01-01', resolved: '2026-02-29' } }],
      },
      7,
    );
    expect(problems.map((p) => `${p.row} ${p.path} ${p.field}`)).toEqual([
      '7 /lists/0/from 列入日期',
      '7 /records/0/repairedAt 信用修复日期',
      '7 /records/0/objection/resolved 异议处理日期',
    ]);
  });
});
