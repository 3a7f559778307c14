/**
 * A run's early warnings and triggers (issue 13): stored with its completion apart from the result
 * lines (the run hash is that of the lines alone), read back in order and by kind, and frozen with
 * the run once it is signed off (the database refuses a new or changed signal) on both dialects. On
 * PostgreSQL the run of each signal is checked once per statement (no foreign key): a signal naming no
 * run is refused, a run with signals cannot be deleted, also when the two happen at once.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { importDataset } from './dataset-import.repository.ts';
import { completeRun, datasetContentHash, inputsOf, RunHasher, runLine, signOffRun, startRun, storedRunHash, writeRunChunk } from './run.repository.ts';
import { countRunSignals, listRunSignals, pageRunSignals } from './run-signals.repository.ts';
import type { StoredRunSignal } from './run.repository.ts';
import type { TestDb } from './test-support.ts';
import { DIALECTS, makeActor, openTestDb } from './test-support.ts';

const versions = [{ documentId: 'public-credit-class', versionNumber: 1, contentHash: 'a'.repeat(64) }];
const enterprise = (i: number) => ({ uscc: `91350100M0002${String(i).padStart(4, '0')}X`, name: `预警企业${i}`, industryCode: '1431', status: 'active' });

const signals: StoredRunSignal[] = [
  { kind: 'warning', documentId: 'early-warning-market-regulation', code: 'score-at-most-70', owner: 'market-regulation', row: 1, uscc: enterprise(1).uscc, name: '预警企业1', departments: ['market-regulation'], detail: { label: { zh: '公共信用综合评价分降至中档及以下', en: 'score at most 70' }, notify: ['market-regulation', 'credit-office'] } },
  { kind: 'trigger', documentId: 'supervision-items-market-regulation', code: 'SCJG-001', owner: 'market-regulation', row: 1, uscc: enterprise(1).uscc, name: '预警企业1', departments: ['market-regulation'], detail: { label: { zh: '食品生产企业监督检查', en: '食品生产企业监督检查' }, triggers: ['trigger-3'], measures: ['measure-1'] } },
];

describe.each(DIALECTS)('run signals on %s', (dialect) => {
  let t: TestDb;
  let office: Actor;
  let reviewer: Actor;
  let datasetId: number;
  let datasetHash: string;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    office = await makeActor(t.db, 'credit-office', 'credit-office');
    reviewer = await makeActor(t.db, 'reviewer', 'credit-office');
    const input = Buffer.from([0, 1].map((i) => JSON.stringify(enterprise(i))).join('\n'));
    const r = await importDataset(t.db, office, { name: 'signals-test', format: 'jsonl', input });
    if (!r.success) throw new Error(JSON.stringify(r.errors));
    datasetId = r.dataset.id;
    datasetHash = await datasetContentHash(t.db, datasetId);
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('keeps the signals with the completed run, by kind, without touching its hash; a signed-off run refuses new ones', async () => {
    const run = await startRun(t.db, office, { datasetId, datasetHash, at: '2026-10-31', jurisdiction: null, versions, total: 2 });
    const payload = runLine(0, '{"uscc":"a"}') + runLine(1, '{"uscc":"b"}');
    await writeRunChunk(t.db, run.id, { chunkNo: 0, firstRow: 0, rowCount: 2, payload }, 2);
    const hash = new RunHasher(inputsOf(run)).update(payload).digest();
    const done = await completeRun(t.db, office, run.id, { runHash: hash, counts: { dataset: 2, evaluated: 2 }, aggregates: null, signals });
    expect(await storedRunHash(t.db, done)).toBe(hash);
    expect(await listRunSignals(t.db, run.id)).toEqual(signals);
    expect((await listRunSignals(t.db, run.id, 'trigger')).map((s) => s.code)).toEqual(['SCJG-001']);
    // counted and paged in the database; a department sees the signals of the enterprises it supervises
    expect(await countRunSignals(t.db, run.id)).toEqual([
      { kind: 'warning', documentId: 'early-warning-market-regulation', code: 'score-at-most-70', owner: 'market-regulation', label: signals[0]!.detail.label, count: 1 },
      { kind: 'trigger', documentId: 'supervision-items-market-regulation', code: 'SCJG-001', owner: 'market-regulation', label: signals[1]!.detail.label, count: 1 },
    ]);
    expect(await pageRunSignals(t.db, run.id, { departments: ['market-regulation'], offset: 1, limit: 10 })).toEqual({ total: 2, rows: [signals[1]] });
    expect(await pageRunSignals(t.db, run.id, { departments: ['market'], offset: 0, limit: 10 })).toEqual({ total: 0, rows: [] });
    expect((await pageRunSignals(t.db, run.id, { kind: 'warning', departments: null, offset: 0, limit: 10 })).rows).toEqual([signals[0]]);
    await signOffRun(t.db, reviewer, run.id);
    const row = { run_id: run.id, seq: 9, kind: 'warning', document_id: 'x', code: 'y', owner: 'z', row_no: 0, uscc: 'u', name: 'n', departments: '[]', detail: '{}' };
    await expect(t.db.insertInto('run_signals').values(row).execute()).rejects.toThrow(/已签发的评价批次不可修改/);
    await expect(t.db.deleteFrom('run_signals').where('run_id', '=', run.id).execute()).rejects.toThrow(/已签发的评价批次不可修改/);
    expect(await listRunSignals(t.db, run.id)).toHaveLength(2);
  });

  it('refuses a whole statement that touches a signed-off run, even among rows of an open one, and leaves open runs writable', async () => {
    const signed = await startRun(t.db, office, { datasetId, datasetHash, at: '2026-10-30', jurisdiction: null, versions, total: 2 });
    const payload = runLine(0, '{"uscc":"a"}');
    await writeRunChunk(t.db, signed.id, { chunkNo: 0, firstRow: 0, rowCount: 1, payload }, 1);
    await completeRun(t.db, office, signed.id, { runHash: new RunHasher(inputsOf(signed)).update(payload).digest(), counts: { dataset: 2, evaluated: 1 }, aggregates: null, signals });
    await signOffRun(t.db, reviewer, signed.id);
    const open = await startRun(t.db, office, { datasetId, datasetHash, at: '2026-10-29', jurisdiction: null, versions, total: 2 });
    const row = (runId: number, seq: number) => ({ run_id: runId, seq, kind: 'warning', document_id: 'x', code: 'y', owner: 'z', row_no: 0, uscc: 'u', name: 'n', departments: '[]', detail: '{}' });
    // many rows of the open run and one of the signed-off run in one statement: nothing is written
    const rows = [...Array.from({ length: 50 }, (_, k) => row(open.id, k)), row(signed.id, 99)];
    await expect(t.db.insertInto('run_signals').values(rows).execute()).rejects.toThrow(/已签发的评价批次不可修改/);
    expect(await listRunSignals(t.db, open.id)).toEqual([]);
    // the open run's rows alone are written, changed and deleted
    await t.db.insertInto('run_signals').values(rows.slice(0, 50)).execute();
    await t.db.updateTable('run_signals').set({ code: 'z' }).where('run_id', '=', open.id).execute();
    expect(new Set((await listRunSignals(t.db, open.id)).map((s) => s.code))).toEqual(new Set(['z']));
    // moving a signal into, or changing one of, the signed-off run is refused
    await expect(t.db.updateTable('run_signals').set({ run_id: signed.id, seq: 1000 }).where('run_id', '=', open.id).where('seq', '=', 0).execute()).rejects.toThrow(/已签发的评价批次不可修改/);
    await expect(t.db.updateTable('run_signals').set({ code: 'changed' }).where('run_id', '=', signed.id).execute()).rejects.toThrow(/已签发的评价批次不可修改/);
    expect(await listRunSignals(t.db, signed.id)).toEqual(signals);
    await t.db.deleteFrom('run_signals').where('run_id', '=', open.id).execute();
    expect(await listRunSignals(t.db, open.id)).toEqual([]);
  });
});

describe.skipIf(!DIALECTS.includes('postgres'))('the run of a signal on PostgreSQL, checked once per statement', () => {
  let t: TestDb;
  let office: Actor;
  let datasetId: number;
  let datasetHash: string;
  const row = (runId: number, seq: number) => ({ run_id: runId, seq, kind: 'warning', document_id: 'x', code: 'y', owner: 'z', row_no: 0, uscc: 'u', name: 'n', departments: '[]', detail: '{}' });

  beforeAll(async () => {
    t = await openTestDb('postgres');
    office = await makeActor(t.db, 'credit-office', 'credit-office');
    const input = Buffer.from([0, 1].map((i) => JSON.stringify(enterprise(i))).join('\n'));
    const r = await importDataset(t.db, office, { name: 'signals-run-check', format: 'jsonl', input });
    if (!r.success) throw new Error(JSON.stringify(r.errors));
    datasetId = r.dataset.id;
    datasetHash = await datasetContentHash(t.db, datasetId);
  });
  afterAll(async () => {
    await t?.destroy();
  });
  const open = (day: string) => startRun(t.db, office, { datasetId, datasetHash, at: day, jurisdiction: null, versions, total: 2 });

  it('refuses a statement with a signal of no run (nothing written), and the deletion of a run with signals', async () => {
    const run = await open('2026-09-30');
    await expect(t.db.insertInto('run_signals').values([row(run.id, 0), row(run.id + 1000, 1)]).execute()).rejects.toThrow(/评价批次不存在[^]*run \d+/);
    expect(await listRunSignals(t.db, run.id)).toEqual([]);
    await t.db.insertInto('run_signals').values([row(run.id, 0), row(run.id, 1)]).execute();
    await expect(t.db.updateTable('run_signals').set({ run_id: run.id + 1000 }).where('run_id', '=', run.id).execute()).rejects.toThrow(/评价批次不存在/);
    await expect(t.db.deleteFrom('runs').where('id', '=', run.id).execute()).rejects.toThrow(/已有预警与触发，不能删除/);
    expect(await listRunSignals(t.db, run.id)).toHaveLength(2);
    // without its signals the run can go
    await t.db.deleteFrom('run_signals').where('run_id', '=', run.id).execute();
    await t.db.deleteFrom('runs').where('id', '=', run.id).execute();
  });

  it('a run deleted while its signals are written: the one that commits second is refused, whichever it is', async () => {
    for (const first of ['signals', 'delete'] as const) {
      const run = await open(first === 'signals' ? '2026-09-29' : '2026-09-28');
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let started!: () => void;
      const begun = new Promise<void>((resolve) => (started = resolve));
      // the first transaction does its write and holds it open until the second has been sent
      const firstTx = t.db.transaction().execute(async (trx) => {
        if (first === 'signals') await trx.insertInto('run_signals').values([row(run.id, 0)]).execute();
        else await trx.deleteFrom('runs').where('id', '=', run.id).execute();
        started();
        await held;
      });
      await begun;
      const second =
        first === 'signals' ? t.db.deleteFrom('runs').where('id', '=', run.id).execute() : t.db.insertInto('run_signals').values([row(run.id, 0)]).execute();
      // the second waits for the first's lock (it is still pending after the first's write)
      const waiting = await Promise.race([second.then(() => 'done', () => 'failed'), new Promise((r) => setTimeout(() => r('waiting'), 300))]);
      expect(waiting).toBe('waiting');
      release();
      const [a, b] = await Promise.allSettled([firstTx, second]);
      expect(a.status).toBe('fulfilled');
      expect(b.status).toBe('rejected');
      const runs = (await sql<{ n: number }>`select count(*)::int as n from runs where id = ${run.id}`.execute(t.db)).rows[0]!.n;
      const orphans = (await sql<{ n: number }>`select count(*)::int as n from run_signals s where not exists (select 1 from runs r where r.id = s.run_id)`.execute(t.db)).rows[0]!.n;
      expect(orphans).toBe(0);
      expect(runs).toBe(first === 'signals' ? 1 : 0);
    }
  });
});
