import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { listAudit } from './audit.repository.ts';
import { importDataset } from './dataset-import.repository.ts';
import type { DbError } from './errors.ts';
import {
  completeRun,
  datasetContentHash,
  failRun,
  forEachRunChunk,
  getRun,
  inputsOf,
  interruptUnfinishedRuns,
  parseRunPayload,
  RunHasher,
  runLine,
  signOffRun,
  startRun,
  storedRunHash,
  writeRunChunk,
} from './run.repository.ts';
import type { Run } from './run.repository.ts';
import type { TestDb } from './test-support.ts';
import { DIALECTS, makeActor, openTestDb } from './test-support.ts';

const versions = [{ documentId: 'public-credit-class', versionNumber: 1, contentHash: 'a'.repeat(64) }];
const enterprise = (i: number) => ({ uscc: `91350100M0001${String(i).padStart(4, '0')}X`, name: `企业${i}`, industryCode: '5211', status: 'active' });
const line = (i: number, grade: string) => runLine(i, JSON.stringify({ uscc: enterprise(i).uscc, results: { 'public-credit-class': { grade, rule: 'r' } } }));

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => `${(e as DbError).code}:${(e as DbError).details?.reason}`,
  );

describe.each(DIALECTS)('runs on %s', (dialect) => {
  let t: TestDb;
  let office: Actor;
  let reviewer: Actor;
  let reviewer2: Actor;
  let datasetId: number;
  let datasetHash: string;

  /** A completed run of 3 enterprises in two chunks. */
  async function completedRun(): Promise<Run> {
    const run = await startRun(t.db, office, { datasetId, datasetHash, at: '2026-10-31', jurisdiction: null, versions, total: 3 });
    const chunks = [line(0, 'A') + line(1, 'B'), line(2, 'C')];
    const hasher = new RunHasher(inputsOf(run));
    await writeRunChunk(t.db, run.id, { chunkNo: 0, firstRow: 0, rowCount: 2, payload: chunks[0]! }, 2);
    expect((await getRun(t.db, run.id)).progress).toEqual({ done: 2, total: 3 });
    await writeRunChunk(t.db, run.id, { chunkNo: 1, firstRow: 2, rowCount: 1, payload: chunks[1]! }, 3);
    for (const c of chunks) hasher.update(c);
    return completeRun(t.db, office, run.id, { runHash: hasher.digest(), counts: { dataset: 3, evaluated: 3 }, aggregates: { n: 3 } });
  }

  beforeAll(async () => {
    t = await openTestDb(dialect);
    office = await makeActor(t.db, 'credit-office', 'credit-office');
    reviewer = await makeActor(t.db, 'reviewer', 'credit-office');
    reviewer2 = await makeActor(t.db, 'reviewer', 'credit-office');
    const input = Buffer.from([0, 1, 2].map((i) => JSON.stringify(enterprise(i))).join('\n'));
    const r = await importDataset(t.db, office, { name: 'runs-test', format: 'jsonl', input });
    if (!r.success) throw new Error(JSON.stringify(r.errors));
    datasetId = r.dataset.id;
    datasetHash = await datasetContentHash(t.db, datasetId);
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('hashes a dataset by its stored content', async () => {
    expect(datasetHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await datasetContentHash(t.db, datasetId)).toBe(datasetHash);
    // the definition: SHA-256 of every chunk's JSON text and a newline, in chunk order
    const rows = await t.db.selectFrom('dataset_chunks').select('payload').where('dataset_id', '=', datasetId).orderBy('chunk_no').execute();
    const h = createHash('sha256');
    for (const r of rows) h.update(r.payload, 'utf8').update('\n');
    expect(datasetHash).toBe(h.digest('hex'));
  });

  it('stores a chunk given as UTF-8 bytes as the same text, with the same hash', async () => {
    const run = await startRun(t.db, office, { datasetId, datasetHash, at: '2026-10-31', jurisdiction: null, versions, total: 3 });
    const payload = line(0, 'A') + line(1, '乙') + line(2, 'C');
    await writeRunChunk(t.db, run.id, { chunkNo: 0, firstRow: 0, rowCount: 3, bytes: new TextEncoder().encode(payload) }, 3);
    const stored: string[] = [];
    await forEachRunChunk(t.db, run.id, (c) => void stored.push(c.payload));
    expect(stored).toEqual([payload]);
    expect(typeof stored[0]).toBe('string');
    expect(new RunHasher(inputsOf(run)).update(new TextEncoder().encode(payload)).digest()).toBe(new RunHasher(inputsOf(run)).update(payload).digest());
    await failRun(t.db, run.id, { zh: '测试', en: 'test' });
  });

  it('runs from running to completed with progress, the hash in the audit log', async () => {
    const run = await completedRun();
    expect(run).toMatchObject({ status: 'completed', progress: { done: 3, total: 3 }, counts: { dataset: 3, evaluated: 3 }, createdBy: office.username });
    expect(await storedRunHash(t.db, run)).toBe(run.runHash);
    const audit = await listAudit(t.db, {});
    const complete = audit.find((e) => e.action === 'run.complete' && e.target === `run:${run.id}`);
    expect(complete?.after_hash).toBe(run.runHash);
  });

  it('parses stored lines back', () => {
    expect(parseRunPayload(line(7, 'A') + line(8, 'B')).map((l) => l.row)).toEqual([7, 8]);
  });

  it('refuses a creator other than the credit office, and completing an incomplete run', async () => {
    expect(await codeOf(startRun(t.db, reviewer, { datasetId, datasetHash, at: '2026-10-31', jurisdiction: null, versions, total: 3 }))).toBe('FORBIDDEN:role');
    const run = await startRun(t.db, office, { datasetId, datasetHash, at: '2026-10-31', jurisdiction: null, versions, total: 3 });
    expect(await codeOf(completeRun(t.db, office, run.id, { runHash: 'x', counts: { dataset: 3, evaluated: 3 }, aggregates: null }))).toBe('PRECONDITION_FAILED:wrong-status');
    await failRun(t.db, run.id, { zh: '失败', en: 'failed' });
    expect(await getRun(t.db, run.id)).toMatchObject({ status: 'failed', error: { zh: '失败', en: 'failed' } });
  });

  it('reads a run whose process stopped as failed: interrupted', async () => {
    const run = await startRun(t.db, office, { datasetId, datasetHash, at: '2026-10-31', jurisdiction: null, versions, total: 3 });
    expect((await getRun(t.db, run.id)).status).toBe('running');
    expect(await interruptUnfinishedRuns(t.db, 0)).toBeGreaterThanOrEqual(1);
    expect(await getRun(t.db, run.id)).toMatchObject({ status: 'failed', error: { en: expect.stringMatching(/interrupted/) } });
  });

  it('is signed off by a reviewer other than its creator only, exactly once under concurrency', async () => {
    const run = await completedRun();
    expect(await codeOf(signOffRun(t.db, office, run.id))).toBe('FORBIDDEN:role');
    const outcomes = await Promise.allSettled([signOffRun(t.db, reviewer, run.id), signOffRun(t.db, reviewer2, run.id), signOffRun(t.db, reviewer, run.id)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect((o.reason as DbError).code).toBe('PRECONDITION_FAILED');
    const signed = await getRun(t.db, run.id);
    expect(signed.status).toBe('signed-off');
    expect([reviewer.username, reviewer2.username]).toContain(signed.signedOffBy);
    const audit = await listAudit(t.db, {});
    expect(audit.filter((e) => e.action === 'run.sign-off' && e.target === `run:${run.id}`).map((e) => e.after_hash)).toEqual([run.runHash]);
  });

  it('refuses below the application any change to a signed-off run and its results, and a self sign-off', async () => {
    const run = await completedRun();
    // the creator signing off directly in SQL
    await expect(t.rawExec(`update runs set status = 'signed-off', signed_off_by = '${office.username}' where id = ${run.id}`)).rejects.toThrow(/signed off|签发/);
    // a completed run's results can still be changed (verify finds it); a signed-off one's never
    await signOffRun(t.db, reviewer, run.id);
    await expect(t.rawExec(`update runs set run_hash = 'x' where id = ${run.id}`)).rejects.toThrow(/never changes/);
    await expect(t.rawExec(`update runs set status = 'completed' where id = ${run.id}`)).rejects.toThrow(/never changes/);
    await expect(t.rawExec(`delete from runs where id = ${run.id}`)).rejects.toThrow(/never changes/);
    await expect(t.rawExec(`update run_results set payload = 'x' where run_id = ${run.id}`)).rejects.toThrow(/never changes/);
    await expect(t.rawExec(`delete from run_results where run_id = ${run.id}`)).rejects.toThrow(/never changes/);
    await expect(t.rawExec(`insert into run_results (run_id, chunk_no, first_row, row_count, payload) values (${run.id}, 9, 9, 1, 'x')`)).rejects.toThrow(/never changes/);
    const after = await getRun(t.db, run.id);
    expect(after).toMatchObject({ status: 'signed-off', runHash: run.runHash });
    expect(await storedRunHash(t.db, after)).toBe(run.runHash);
  });

  it('finds a tampered result by its hash', async () => {
    const run = await completedRun();
    await t.rawExec(`update run_results set payload = replace(payload, '"grade":"C"', '"grade":"A"') where run_id = ${run.id} and chunk_no = 1`);
    expect(await storedRunHash(t.db, run)).not.toBe(run.runHash);
  });
});
