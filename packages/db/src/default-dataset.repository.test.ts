import { usccCheckChar } from '@policy/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { SYSTEM_ACTOR } from './actor.ts';
import { listAudit } from './audit.repository.ts';
import { createDb } from './client.ts';
import { importDataset } from './dataset-import.repository.ts';
import { deleteDataset } from './dataset.repository.ts';
import { getDefaultDataset, setDefaultDataset } from './default-dataset.repository.ts';
import type { DbError } from './errors.ts';
import { createMigrator, migrateToLatest } from './migrate.ts';
import type { TestDb } from './test-support.ts';
import { createScratchDatabase, DIALECTS, makeActor, openTestDb } from './test-support.ts';

function uscc(n: number): string {
  const first17 = `91350100${String(n).padStart(9, '0')}`;
  return first17 + usccCheckChar(first17)!;
}
const jsonl = (ns: number[]) =>
  ns.map((n) => JSON.stringify({ uscc: uscc(n), name: `测试企业${n}有限公司`, industryCode: 'C1391', regionCode: '350102', status: 'active' })).join('\n') + '\n';

describe.each(DIALECTS)('the default dataset on %s', (dialect) => {
  let t: TestDb;
  let office: Actor;
  let reviewer: Actor;
  let editor: Actor;
  const ids: Record<string, number> = {};
  const add = async (name: string, actor: Actor, rows = [1, 2, 3]) => {
    const r = await importDataset(t.db, actor, { name, format: 'jsonl', input: jsonl(rows) });
    if (!r.success) throw new Error('import failed');
    ids[name] = r.dataset.id;
    return r.dataset.id;
  };
  const setDefaultEntries = async () =>
    (await listAudit(t.db, { limit: 1000 })).filter((a) => a.action === 'dataset.set-default').reverse();

  beforeAll(async () => {
    t = await openTestDb(dialect);
    office = await makeActor(t.db, 'credit-office');
    reviewer = await makeActor(t.db, 'reviewer');
    editor = await makeActor(t.db, 'department-editor', 'transport');
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('has none on a fresh installation; the first dataset stored becomes it, later uploads never change it', async () => {
    expect((await getDefaultDataset(t.db)).dataset).toBeNull();
    await add('样本 50,000 户', office, [1, 2, 3, 4, 5]);
    const first = await getDefaultDataset(t.db);
    expect(first.dataset).toMatchObject({ id: ids['样本 50,000 户'], rowCount: 5 });
    expect(first.changedBy?.username).toBe(office.username);
    await add('测试上传 30 户', office, [7]);
    await add('部门上传', editor, [8]);
    const after = await getDefaultDataset(t.db);
    expect(after.dataset?.id).toBe(ids['样本 50,000 户']);
    expect(after.changedAt).toBe(first.changedAt);
    expect((await setDefaultEntries()).map((a) => a.target)).toEqual([`dataset:${ids['样本 50,000 户']}`]);
  });

  it('is changed by the credit office only, audited with the old and the new dataset and who did it', async () => {
    for (const actor of [reviewer, editor]) {
      const e = (await setDefaultDataset(t.db, actor, ids['测试上传 30 户']!).catch((x: unknown) => x)) as DbError;
      expect(e.code).toBe('FORBIDDEN');
    }
    const s = await setDefaultDataset(t.db, office, ids['测试上传 30 户']!);
    expect(s.dataset?.id).toBe(ids['测试上传 30 户']);
    expect(s.changedBy).toEqual({ username: office.username, displayName: expect.stringContaining('credit-office') });
    const last = (await setDefaultEntries()).at(-1)!;
    expect(last).toMatchObject({ actor: office.username, target: `dataset:${ids['测试上传 30 户']}` });
    expect(last.reason).toBe(`样本 50,000 户（#${ids['样本 50,000 户']}） → 测试上传 30 户（#${ids['测试上传 30 户']}）`);
    // the same again changes nothing and records nothing
    const n = (await setDefaultEntries()).length;
    await setDefaultDataset(t.db, office, ids['测试上传 30 户']!);
    expect(await setDefaultEntries()).toHaveLength(n);
    const missing = (await setDefaultDataset(t.db, office, 999_999).catch((x: unknown) => x)) as DbError;
    expect(missing.code).toBe('NOT_FOUND');
  });

  it('refuses to delete the default dataset', async () => {
    const e = (await deleteDataset(t.db, office, ids['测试上传 30 户']!).catch((x: unknown) => x)) as DbError;
    expect(e.code).toBe('PRECONDITION_FAILED');
    expect(e.details.reason).toBe('default-dataset');
    await deleteDataset(t.db, office, ids['部门上传']!);
    expect((await getDefaultDataset(t.db)).dataset?.id).toBe(ids['测试上传 30 户']);
  });

  it('leaves one consistent setting and two audit entries in order when two changes race', async () => {
    const a = ids['样本 50,000 户']!;
    const b = await add('第三个', office, [9, 10]);
    const before = await setDefaultEntries();
    const results = await Promise.allSettled([setDefaultDataset(t.db, office, a), setDefaultDataset(t.db, office, b)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const entries = (await setDefaultEntries()).slice(before.length);
    expect(entries).toHaveLength(2);
    const [first, second] = entries as [(typeof entries)[number], (typeof entries)[number]];
    // the second change starts from the first one's choice, and the setting is the second one's
    expect(first.reason!.split(' → ')[0]).toBe(`测试上传 30 户（#${ids['测试上传 30 户']}）`);
    expect(second.reason!.split(' → ')[0]).toBe(first.reason!.split(' → ')[1]);
    expect(Number(second.seq)).toBeGreaterThan(Number(first.seq));
    const setting = await getDefaultDataset(t.db);
    expect(`dataset:${setting.dataset?.id}`).toBe(second.target);
    expect([a, b]).toContain(setting.dataset?.id);
  });

  it('keeps the implicit default of an existing database (the oldest dataset) as the explicit one on migration', async () => {
    const scratch = await createScratchDatabase(dialect);
    const h = dialect === 'sqlite' ? createDb(scratch.url) : createDb(scratch.url, { poolSize: 2 });
    try {
      const up = await createMigrator(h.db).migrateTo('2026_11_26_07_00_00_access_events');
      if (up.error) throw up.error;
      for (const [name, status] of [['sample', 'ready'], ['upload', 'ready'], ['half', 'importing']] as const) {
        await h.db
          .insertInto('datasets')
          .values({ name, created_by: 'system', created_at: '2026-11-01T00:00:00Z', row_count: 0, status, source_format: 'jsonl' })
          .execute();
      }
      const m = await migrateToLatest(h.db);
      if (m.error) throw m.error;
      const oldest = await h.db.selectFrom('datasets').select('id').where('name', '=', 'sample').executeTakeFirstOrThrow();
      const s = await getDefaultDataset(h.db);
      expect(s.dataset?.name).toBe('sample');
      expect(s.dataset?.id).toBe(Number(oldest.id));
      expect(s.changedBy).toEqual({ username: 'system', displayName: '系统' });
      // an upload after the migration does not take over
      await importDataset(h.db, SYSTEM_ACTOR, { name: 'later', format: 'jsonl', input: jsonl([1]) });
      expect((await getDefaultDataset(h.db)).dataset?.name).toBe('sample');
    } finally {
      await h.destroy();
      await scratch.drop();
    }
  });
});
