import { usccCheckChar } from '@policy/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { listAudit } from './audit.repository.ts';
import { listDatasetChunks, loadDataset } from './dataset-chunks.repository.ts';
import { applyDatasetDelta, getDatasetVersion, readDeltaText } from './dataset-delta.ts';
import { importDataset } from './dataset-import.repository.ts';
import { CHUNK_ROWS } from './dataset-prepare.ts';
import { searchDatasetEnterprises } from './dataset-search.repository.ts';
import { datasetContentHash, startRun } from './run.repository.ts';
import type { TestDb } from './test-support.ts';
import { DIALECTS, makeActor, openTestDb } from './test-support.ts';

function uscc(n: number): string {
  const first17 = `91350100${String(n).padStart(9, '0')}`;
  return first17 + usccCheckChar(first17)!;
}

const enterprise = (n: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  uscc: uscc(n),
  name: `测试企业${n}有限公司`,
  industryCode: 'C1391',
  regionCode: '350102',
  status: 'active',
  publicCreditScore: 60 + (n % 40),
  ...extra,
});

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** Base population: one full chunk and 10 rows in the last one. */
const BASE = CHUNK_ROWS + 10;
const baseRecords = () => Array.from({ length: BASE }, (_, i) => enterprise(i + 1, i === 6 ? { records: [{ id: 'old', kind: 'penalty.warning', date: '2025-12-01' }] } : {}));
/** New enterprises: fill the last chunk and one more chunk and a bit. */
const NEW = CHUNK_ROWS + 5;

const fine = { id: 'r1', kind: 'penalty.fine', date: '2026-03-01' };

/** The delta of the main test, and (written out by hand) the file it should amount to. */
function deltaAndMerged() {
  const delta = {
    upsert: [enterprise(5, { name: '变更后的名称（福州）有限公司', regionCode: '350103' }), ...Array.from({ length: NEW }, (_, i) => enterprise(100_000 + i))],
    records: [
      { uscc: uscc(7), record: fine },
      { uscc: uscc(7), record: { id: 'old', kind: 'penalty.warning', date: '2025-12-01', repairedAt: '2026-04-01' } },
      { uscc: uscc(100_001), record: { ...fine, objection: { filed: '2026-03-10', resolved: null } } },
    ],
    lists: [
      { uscc: uscc(8), list: 'serious-dishonesty', from: '2026-01-01', until: null },
      { uscc: uscc(8), list: 'abnormal-operation', from: '2025-06-01' },
    ],
    deregister: [{ uscc: uscc(9), date: '2026-06-30' }],
  };
  const merged = baseRecords();
  merged[4] = enterprise(5, { name: '变更后的名称（福州）有限公司', regionCode: '350103' });
  merged[6] = enterprise(7, { records: [{ id: 'old', kind: 'penalty.warning', date: '2025-12-01', repairedAt: '2026-04-01' }, fine] });
  merged[7] = enterprise(8, { lists: [{ list: 'serious-dishonesty', from: '2026-01-01', until: null }, { list: 'abnormal-operation', from: '2025-06-01' }] });
  merged[8] = enterprise(9, { status: 'deregistered', statusSince: '2026-06-30' });
  for (let i = 0; i < NEW; i++) merged.push(enterprise(100_000 + i, i === 1 ? { records: [{ ...fine, objection: { filed: '2026-03-10', resolved: null } }] } : {}));
  return { delta, merged };
}

describe.each(DIALECTS)('dataset delta on %s', (dialect) => {
  let t: TestDb;
  let office: Actor;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    office = await makeActor(t.db, 'credit-office');
  });
  afterAll(async () => {
    await t?.destroy();
  });

  /** The `dataset.update` audit entries (of one dataset). */
  const updates = async (id?: number) => (await listAudit(t.db, { limit: 10_000 })).filter((a) => a.action === 'dataset.update' && (id === undefined || a.target === `dataset:${id}`));

  let seq = 0;
  async function load(records: unknown[]): Promise<number> {
    const r = await importDataset(t.db, office, { name: `ds-${++seq}`, format: 'jsonl', input: jsonl(records) });
    if (!r.success) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
    return r.dataset.id;
  }

  it('applied, equals a full import of the merged file (records, chunks, content hash, search), version and audit advance', async () => {
    const id = await load(baseRecords());
    const before = await getDatasetVersion(t.db, id);
    expect(before.version).toBe(1);
    const { delta, merged } = deltaAndMerged();
    const r = await applyDatasetDelta(t.db, office, id, delta);
    if (!r.success) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
    expect(r.previousVersion).toBe(1);
    expect(r.counts).toEqual({ added: NEW, changed: 4, upsert: NEW + 1, records: 3, lists: 2, deregister: 1 });
    expect(r.dataset).toMatchObject({ version: 2, rowCount: BASE + NEW });

    const full = await load(merged);
    const fullHash = await datasetContentHash(t.db, full);
    expect(r.dataset.contentHash).toBe(fullHash);
    expect(await datasetContentHash(t.db, id)).toBe(fullHash);
    expect(r.dataset.contentHash).not.toBe(before.contentHash);
    expect(await loadDataset(t.db, id)).toEqual(await loadDataset(t.db, full));
    expect((await listDatasetChunks(t.db, id)).map((c) => [c.firstRow, c.rowCount])).toEqual((await listDatasetChunks(t.db, full)).map((c) => [c.firstRow, c.rowCount]));
    const rows = async (ds: number) =>
      (await t.db.selectFrom('dataset_enterprises').select(['row_number', 'uscc', 'name', 'industry_code', 'region_code']).where('dataset_id', '=', ds).orderBy('row_number').execute()).map((x) => ({
        ...x,
        row_number: Number(x.row_number),
      }));
    expect(await rows(id)).toEqual(await rows(full));
    expect((await searchDatasetEnterprises(t.db, id, '变更后的名称')).map((m) => m.uscc)).toEqual([uscc(5)]);

    const v = await getDatasetVersion(t.db, id);
    expect(v).toMatchObject({ version: 2, contentHash: fullHash, rowCount: BASE + NEW });
    const audit = await updates(id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: office.username, after_hash: fullHash });
    expect(audit[0]!.reason).toContain('version 1 → 2');
    expect(audit[0]!.reason).toContain(`upsert=${NEW + 1} (added ${NEW}); records=3; lists=2; deregister=1`);

    // a run names the version it used; a hash of another version is refused
    const versions = [{ documentId: 'public-credit-class', versionNumber: 1, contentHash: 'a'.repeat(64) }];
    const run = await startRun(t.db, office, { datasetId: id, datasetHash: fullHash, at: '2026-07-01', jurisdiction: null, versions, total: BASE + NEW });
    expect(run.datasetVersion).toBe(2);
    await expect(startRun(t.db, office, { datasetId: id, datasetHash: before.contentHash, at: '2026-07-01', jurisdiction: null, versions, total: 1 })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('a bad item refuses the whole delta, names the item, USCC and field in Chinese, and changes nothing', async () => {
    const id = await load(baseRecords());
    const hash = await datasetContentHash(t.db, id);
    const auditBefore = (await updates()).length;
    const r = await applyDatasetDelta(t.db, office, id, {
      upsert: [enterprise(5, { name: '不应写入' }), enterprise(200_000)],
      records: [
        { uscc: uscc(7), record: fine },
        { uscc: uscc(8), record: { id: 'x', kind: 'penalty.fine', date: '2026-02-30' } },
        { uscc: uscc(999_999), record: fine },
      ],
      lists: [{ uscc: uscc(9), list: 'serious-dishonesty', from: '2026-13-01' }],
      deregister: [{ uscc: uscc(10), date: '2026-04-31' }],
    });
    expect(r.success).toBe(false);
    if (r.success) return;
    const byPath = Object.fromEntries(r.errors.map((e) => [e.path, e.message]));
    expect(byPath['/records/1/record/date']).toBe(`新增或变更的失信记录 第 2 项（统一社会信用代码 ${uscc(8)}）：决定日期 2026-02-30 不是有效日期：2026 年 2 月只有 28 天`);
    expect(byPath['/records/2/uscc']).toContain('数据集中没有该市场主体');
    expect(byPath['/lists/0/from']).toContain(`名单变动 第 1 项（统一社会信用代码 ${uscc(9)}）：列入日期 2026-13-01 不是有效日期`);
    expect(byPath['/deregister/0/date']).toContain(`注销登记 第 1 项（统一社会信用代码 ${uscc(10)}）：`);
    expect(r.errorCount).toBe(4);
    expect(await datasetContentHash(t.db, id)).toBe(hash);
    expect(await getDatasetVersion(t.db, id)).toMatchObject({ version: 1, rowCount: BASE, updatedAt: null });
    expect((await searchDatasetEnterprises(t.db, id, '不应写入')).length).toBe(0);
    expect((await updates()).length).toBe(auditBefore);
  });

  it('checks the delta itself: bad upserts, unknown fields, duplicates, empty, malformed JSON', async () => {
    const id = await load([enterprise(1), enterprise(2, { status: 'licence-revoked' })]);
    const msgs = async (delta: unknown) => {
      const r = await applyDatasetDelta(t.db, office, id, delta);
      return r.success ? [] : r.errors.map((e) => `${e.path} ${e.message}`);
    };
    expect(await msgs([])).toEqual([expect.stringContaining('增量应为 JSON 对象')]);
    expect(await msgs({})).toEqual([expect.stringContaining('增量为空')]);
    expect(await msgs({ upserts: [] })).toEqual([expect.stringContaining('未知字段“upserts”')]);
    const bad = await msgs({ upsert: [enterprise(3, { industryCode: 'X' }), enterprise(4), enterprise(4)], deregister: [{ uscc: uscc(2), date: '2026-01-01', why: 1 }] });
    expect(bad[0]).toMatch(/^\/upsert\/0\/industryCode 新增或变更的市场主体 第 1 项（统一社会信用代码 .+）：/);
    expect(bad[1]).toContain('/upsert/2/uscc 新增或变更的市场主体 第 3 项');
    expect(bad[1]).toContain('已见于第 2 项');
    expect(bad[2]).toContain('/deregister/0/why');
    // a licence-revoked enterprise without a status date cannot be deregistered by date
    expect(await msgs({ deregister: [{ uscc: uscc(2), date: '2026-01-01' }] })).toEqual([expect.stringContaining('没有起始日期')]);
    expect(() => readDeltaText('{"upsert": [')).toThrow(/增量文件不是有效的 JSON/);
    const odd = await applyDatasetDelta(t.db, office, id, { records: [{ uscc: uscc(1), record: { id: 'k', kind: 'permit.misc', date: '2026-01-05' } }] });
    expect(odd.success).toBe(true);
    expect(odd.warnings.map((w) => `${w.path} ${w.message}`)).toEqual([expect.stringMatching(/^\/records\/0\/record\/kind 新增或变更的失信记录 第 1 项（统一社会信用代码 .+）：记录类型 permit.misc 不是已知的记录类型/)]);
    expect((await getDatasetVersion(t.db, id)).version).toBe(2);
  });

  it('deregistration keeps the earlier dated status in the history; a repeat with another date is refused', async () => {
    const id = await load([enterprise(1, { status: 'licence-revoked', statusSince: '2025-01-01' })]);
    const r = await applyDatasetDelta(t.db, office, id, { deregister: [{ uscc: uscc(1), date: '2026-02-01' }] });
    expect(r.success).toBe(true);
    expect((await loadDataset(t.db, id))[0]).toMatchObject({ status: 'deregistered', statusSince: '2026-02-01', statusHistory: [{ status: 'licence-revoked', since: '2025-01-01' }] });
    const again = await applyDatasetDelta(t.db, office, id, { deregister: [{ uscc: uscc(1), date: '2026-03-01' }] });
    expect(again.success).toBe(false);
    if (!again.success) expect(again.errors[0]!.message).toContain('已注销（注销日期 2026-02-01）');
    // the same deregistration again changes no record, but is still a (recorded) version
    const same = await applyDatasetDelta(t.db, office, id, { deregister: [{ uscc: uscc(1), date: '2026-02-01' }] });
    expect(same.success && same.counts.changed).toBe(0);
  });

  it('concurrent deltas serialise: both apply on top of each other, or a stale baseVersion is refused', async () => {
    const id = await load(baseRecords());
    const both = await Promise.allSettled([
      applyDatasetDelta(t.db, office, id, { upsert: [enterprise(11, { name: '并发甲' })], records: [{ uscc: uscc(12), record: fine }] }),
      applyDatasetDelta(t.db, office, id, { upsert: [enterprise(13, { name: '并发乙' })], records: [{ uscc: uscc(12), record: { ...fine, id: 'r2' } }] }),
    ]);
    expect(both.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(both.map((s) => s.status === 'fulfilled' && s.value.success && s.value.dataset.version).sort()).toEqual([2, 3]);
    const records = await loadDataset(t.db, id);
    expect([records[10]!.name, records[12]!.name]).toEqual(['并发甲', '并发乙']);
    expect(records[11]!.records!.map((x) => x.id).sort()).toEqual(['r1', 'r2']); // no lost update
    const v = await getDatasetVersion(t.db, id);
    expect(v).toMatchObject({ version: 3, contentHash: await datasetContentHash(t.db, id) });

    const raced = await Promise.allSettled([
      applyDatasetDelta(t.db, office, id, { baseVersion: 3, upsert: [enterprise(14, { name: '基于3甲' })] }),
      applyDatasetDelta(t.db, office, id, { baseVersion: 3, upsert: [enterprise(15, { name: '基于3乙' })] }),
    ]);
    expect(raced.map((s) => s.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = raced.find((s) => s.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'CONFLICT', details: { reason: 'stale-revision' } });
    expect(String(refused.reason.message)).toContain('已是第 4 版，增量基于第 3 版');
    expect((await getDatasetVersion(t.db, id)).version).toBe(4);
    const after = await loadDataset(t.db, id);
    expect([after[13]!.name, after[14]!.name].filter((n) => n.startsWith('基于3'))).toHaveLength(1);
  });

  it('a viewer, or a department user who did not import it, may not update a dataset', async () => {
    const id = await load([enterprise(1)]);
    const viewer = await makeActor(t.db, 'viewer');
    const editor = await makeActor(t.db, 'department-editor', 'market');
    await expect(applyDatasetDelta(t.db, viewer, id, { upsert: [enterprise(2)] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(applyDatasetDelta(t.db, editor, id, { upsert: [enterprise(2)] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(applyDatasetDelta(t.db, office, 999_999, { upsert: [enterprise(2)] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
