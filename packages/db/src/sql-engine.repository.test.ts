import { sql } from 'kysely';
import { usccCheckChar } from '@policy/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset } from './dataset-import.repository.ts';
import { deleteDataset } from './dataset.repository.ts';
import { ensureRelationalDataset } from './sql-engine.repository.ts';
import type { TestDb } from './test-support.ts';
import { makeActor, openTestDb } from './test-support.ts';

const uscc = (n: number) => {
  const first17 = `91350100${String(n).padStart(9, '0')}`;
  return first17 + usccCheckChar(first17)!;
};

describe('relational load for the SQL engine on postgres', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb('postgres');
  }, 120_000);
  afterAll(() => t?.destroy());

  it('loads a dataset once when two runs ask for it at the same moment', async () => {
    const rows = Array.from({ length: 3000 }, (_, n) => ({ uscc: uscc(n + 1), name: `测试企业${n}`, industryCode: 'C1391', regionCode: '350102', status: 'active', publicCreditScore: 60 + (n % 40) }));
    const office = await makeActor(t.db, 'credit-office');
    // a first dataset stays the default (the default cannot be deleted)
    await importDataset(t.db, office, { name: 'default', format: 'jsonl', input: JSON.stringify(rows[0]) });
    const r = await importDataset(t.db, office, { name: 'concurrent-load', format: 'jsonl', input: rows.map((x) => JSON.stringify(x)).join('\n') });
    if (!r.success) throw new Error('import failed');
    const id = r.dataset.id;
    const settled = await Promise.allSettled([ensureRelationalDataset(t.db, id), ensureRelationalDataset(t.db, id), ensureRelationalDataset(t.db, id)]);
    expect(settled.map((s) => (s.status === 'rejected' ? String(s.reason) : s.status))).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    const loads = settled.map((s) => (s as PromiseFulfilledResult<{ loaded: boolean; enterprises: number }>).value);
    expect(loads.filter((l) => l.loaded)).toHaveLength(1);
    expect(loads.map((l) => l.enterprises)).toEqual([3000, 3000, 3000]);
    const count = await sql<{ n: string }>`select count(*) as n from ds_enterprises where dataset_id = ${id}`.execute(t.db);
    expect(Number(count.rows[0]!.n)).toBe(3000);
    const marks = await sql<{ n: string }>`select count(*) as n from ds_relational_loads where dataset_id = ${id}`.execute(t.db);
    expect(Number(marks.rows[0]!.n)).toBe(1);
    // deleting the dataset removes its relational copy too
    await deleteDataset(t.db, office, id);
    const left = await sql<{ n: string }>`select (select count(*) from ds_enterprises where dataset_id = ${id}) + (select count(*) from ds_relational_loads where dataset_id = ${id}) as n`.execute(t.db);
    expect(Number(left.rows[0]!.n)).toBe(0);
  }, 120_000);
});
