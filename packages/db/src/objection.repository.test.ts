import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '@policy/schemas';
import type { Actor } from './actor.ts';
import { listAudit } from './audit.repository.ts';
import { importDataset } from './dataset-import.repository.ts';
import type { DbError } from './errors.ts';
import {
  answerObjection,
  correctionHash,
  fileObjection,
  getCorrections,
  getObjection,
  listObjections,
  runEnterpriseResult,
} from './objection.repository.ts';
import type { RunEnterpriseResult } from './objection.repository.ts';
import { completeRun, datasetContentHash, getRun, inputsOf, RunHasher, runLine, signOffRun, startRun, storedRunHash, writeRunChunk } from './run.repository.ts';
import type { Run } from './run.repository.ts';
import type { TestDb } from './test-support.ts';
import { DIALECTS, makeActor, openTestDb } from './test-support.ts';

const versions = [{ documentId: 'public-credit-class', versionNumber: 1, contentHash: 'a'.repeat(64) }];
const uscc = (i: number) => `91350100M0001${String(i).padStart(4, '0')}X`;
const enterprise = (i: number) => ({
  uscc: uscc(i),
  name: `企业${i}`,
  industryCode: '5211',
  status: 'active',
  records: [
    { id: `r${i}-1`, kind: 'penalty.fine', date: '2024-05-01', authority: '舞钢市市场监督管理局' },
    { id: `r${i}-2`, kind: 'penalty.warning', date: '2024-06-01', authority: '舞钢市交通运输局' },
  ],
});
/** Enterprise 0 and 1 are market regulation's, 2 is transport's. */
const departmentsOf = (i: number) => (i === 2 ? ['transport'] : ['market-regulation', 'taxation']);
const result = (i: number, grade: string): RunEnterpriseResult => ({
  uscc: uscc(i),
  name: `企业${i}`,
  results: { 'public-credit-class': { grade, rule: grade === 'A' ? 'a' : 'b' } },
  domains: [],
  departments: departmentsOf(i),
  sampling: null,
});
const line = (i: number, grade: string) => runLine(i, JSON.stringify(result(i, grade)));
const MARKET = { id: 'market-regulation', name: '市市场监督管理局' };
const TRANSPORT = { id: 'transport', name: '市交通运输局' };

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => `${(e as DbError).code}:${(e as DbError).details?.reason}`,
  );

describe.each(DIALECTS)('objections on %s', (dialect) => {
  let t: TestDb;
  let office: Actor;
  let reviewer: Actor;
  let viewer: Actor;
  let market: Actor;
  let transport: Actor;
  let datasetId: number;
  let datasetHash: string;

  async function completedRun(): Promise<Run> {
    const run = await startRun(t.db, office, { datasetId, datasetHash, at: '2024-09-01', jurisdiction: null, versions, total: 3 });
    const payload = line(0, 'B') + line(1, 'B') + line(2, 'B');
    await writeRunChunk(t.db, run.id, { chunkNo: 0, firstRow: 0, rowCount: 3, payload }, 3);
    return completeRun(t.db, office, run.id, { runHash: new RunHasher(inputsOf(run)).update(payload).digest(), counts: { dataset: 3, evaluated: 3 }, aggregates: {} });
  }

  beforeAll(async () => {
    t = await openTestDb(dialect);
    office = await makeActor(t.db, 'credit-office', 'credit-office');
    reviewer = await makeActor(t.db, 'reviewer', 'credit-office');
    viewer = await makeActor(t.db, 'viewer');
    market = await makeActor(t.db, 'department-editor', 'market-regulation');
    transport = await makeActor(t.db, 'department-editor', 'transport');
    const input = Buffer.from([0, 1, 2].map((i) => JSON.stringify(enterprise(i))).join('\n'));
    const r = await importDataset(t.db, office, { name: 'objections-test', format: 'jsonl', input });
    if (!r.success) throw new Error(JSON.stringify(r.errors));
    datasetId = r.dataset.id;
    datasetHash = await datasetContentHash(t.db, datasetId);
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('reads an enterprise’s stored result line and record', async () => {
    const run = await completedRun();
    const r = await runEnterpriseResult(t.db, run, uscc(1));
    expect(r.row).toBe(1);
    expect(r.result).toEqual(result(1, 'B'));
    expect(r.record.records?.map((x) => x.id)).toEqual(['r1-1', 'r1-2']);
    await expect(codeOf(runEnterpriseResult(t.db, run, '91350100M00019999X'))).resolves.toBe('NOT_FOUND:not-found');
  });

  it('files an objection routed to a department with a deadline of 3 working days across 国庆, flagged overdue after it', async () => {
    const run = await completedRun();
    // Friday 2024-09-27: Sunday 09-29 is a make-up working day, 10-01…07 are off → 09-29, 09-30, 10-08
    const o = await fileObjection(t.db, market, { runId: run.id, uscc: uscc(0), grounds: '  该罚款已被复议撤销  ', evidence: '复议决定书', recordId: 'r0-1', department: MARKET }, { today: '2024-09-27' });
    expect(o).toMatchObject({
      runId: run.id,
      uscc: uscc(0),
      enterpriseName: '企业0',
      recordId: 'r0-1',
      department: 'market-regulation',
      departmentName: '市市场监督管理局',
      grounds: '该罚款已被复议撤销',
      evidence: '复议决定书',
      filedBy: market.username,
      filedOn: '2024-09-27',
      deadline: '2024-10-08',
      status: 'open',
      overdue: false,
      answeredBy: null,
      correction: null,
    });
    expect(o.deadline).toBe(addWorkingDays('2024-09-27', 3));
    expect(o.filedByName).toMatch(/department-editor/);
    const queue = (today: string) => listObjections(t.db, market, { runId: run.id, department: 'market-regulation' }, { today });
    expect((await queue('2024-10-08')).map((x) => [x.id, x.overdue])).toEqual([[o.id, false]]);
    expect((await queue('2024-10-09')).map((x) => [x.id, x.overdue])).toEqual([[o.id, true]]);
    // the other department does not see it; the credit office and reviewers do; a viewer is refused
    expect(await listObjections(t.db, transport, { runId: run.id })).toEqual([]);
    expect(await listObjections(t.db, transport, { runId: run.id, department: 'market-regulation' })).toEqual([]);
    expect((await listObjections(t.db, office, { runId: run.id })).map((x) => x.id)).toEqual([o.id]);
    expect((await listObjections(t.db, reviewer, { runId: run.id, status: 'open' })).map((x) => x.id)).toEqual([o.id]);
    expect(await listObjections(t.db, reviewer, { runId: run.id, status: 'upheld' })).toEqual([]);
    await expect(codeOf(listObjections(t.db, viewer, {}))).resolves.toBe('FORBIDDEN:role');
    await expect(codeOf(getObjection(t.db, transport, o.id))).resolves.toBe('NOT_FOUND:not-found');
    const audit = await listAudit(t.db, {});
    expect(audit.find((e) => e.action === 'objection.file' && e.target === `objection:${o.id}`)?.reason).toContain('deadline=2024-10-08');
  });

  it('refuses filings that are not allowed', async () => {
    const run = await completedRun();
    const base = { runId: run.id, uscc: uscc(2), grounds: '记录有误', department: TRANSPORT };
    await expect(codeOf(fileObjection(t.db, viewer, base))).resolves.toBe('FORBIDDEN:role');
    await expect(codeOf(fileObjection(t.db, reviewer, base))).resolves.toBe('FORBIDDEN:role');
    // market regulation does not supervise enterprise 2
    await expect(codeOf(fileObjection(t.db, market, base))).resolves.toBe('FORBIDDEN:department');
    await expect(codeOf(fileObjection(t.db, office, { ...base, grounds: '   ' }))).resolves.toBe('BAD_REQUEST:invalid-input');
    await expect(codeOf(fileObjection(t.db, office, { ...base, recordId: 'no-such-record' }))).resolves.toBe('BAD_REQUEST:invalid-input');
    await expect(codeOf(fileObjection(t.db, office, { ...base, uscc: '91350100M00019999X' }))).resolves.toBe('NOT_FOUND:not-found');
    const running = await startRun(t.db, office, { datasetId, datasetHash, at: '2024-09-01', jurisdiction: null, versions, total: 3 });
    await expect(codeOf(fileObjection(t.db, office, { ...base, runId: running.id }))).resolves.toBe('PRECONDITION_FAILED:wrong-status');
    // transport's editor files for its enterprise
    await expect(codeOf(fileObjection(t.db, transport, base))).resolves.toBe('ok');
  });

  it('of concurrent duplicate filings exactly one succeeds; another record or the whole result is a separate objection', async () => {
    const run = await completedRun();
    const input = { runId: run.id, uscc: uscc(1), grounds: '记录有误', recordId: 'r1-2', department: TRANSPORT };
    const outcomes = await Promise.allSettled([fileObjection(t.db, office, input), fileObjection(t.db, market, input), fileObjection(t.db, office, input)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'CONFLICT', details: { reason: 'duplicate' } });
    const whole = { ...input, recordId: undefined };
    const wholeOutcomes = await Promise.allSettled([fileObjection(t.db, office, whole), fileObjection(t.db, office, whole)]);
    expect(wholeOutcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    await expect(codeOf(fileObjection(t.db, office, { ...input, recordId: 'r1-1' }))).resolves.toBe('ok');
    expect(await listObjections(t.db, office, { runId: run.id })).toHaveLength(3);
  });

  it('an upheld answer stores the correction in the same transaction; the run stays as it was; answered objections never change', async () => {
    const run = await completedRun();
    const signed = await signOffRun(t.db, reviewer, run.id);
    const o = await fileObjection(t.db, office, { runId: run.id, uscc: uscc(0), grounds: '罚款已撤销', recordId: 'r0-1', department: MARKET }, { today: '2024-09-27' });
    // only the routed department's editor (or the credit office) answers; a reason is required
    await expect(codeOf(answerObjection(t.db, transport, o.id, { decision: 'rejected', reason: '无' }))).resolves.toBe('FORBIDDEN:department');
    await expect(codeOf(answerObjection(t.db, reviewer, o.id, { decision: 'rejected', reason: '无' }))).resolves.toBe('FORBIDDEN:role');
    const empty = await answerObjection(t.db, market, o.id, { decision: 'rejected', reason: ' ' }).catch((e: unknown) => e as DbError);
    expect(empty).toMatchObject({ code: 'BAD_REQUEST' });
    expect((empty as DbError).message).toContain('答复理由');
    await expect(codeOf(answerObjection(t.db, market, o.id, { decision: 'upheld', reason: '确已撤销' }))).resolves.toBe('BAD_REQUEST:invalid-input');

    const { record } = await runEnterpriseResult(t.db, signed, uscc(0));
    const corrected = { ...record, records: record.records!.filter((r) => r.id !== 'r0-1') };
    const after = { ...result(0, 'B'), results: { 'public-credit-class': { grade: 'A', rule: 'a' } } };
    const answered = await answerObjection(t.db, market, o.id, { decision: 'upheld', reason: '  处罚已被撤销 ' }, { correction: { basedOn: 0, result: after, record: corrected }, today: '2024-10-09' });
    expect(answered).toMatchObject({ status: 'upheld', overdue: false, answeredBy: market.username, answerReason: '处罚已被撤销', correction: { before: result(0, 'B'), after } });
    const [c] = await getCorrections(t.db, run.id, uscc(0));
    expect(c).toMatchObject({ runId: run.id, uscc: uscc(0), seq: 1, row: 0, objectionId: o.id, result: after, record: corrected, createdBy: market.username });
    expect(c!.hash).toBe(correctionHash({ runHash: signed.runHash, runId: run.id, uscc: uscc(0), seq: 1, objectionId: o.id, result: after, record: corrected }));
    // the run, its results and its hash unchanged; the original line still readable
    const again = await getRun(t.db, run.id);
    expect(again.runHash).toBe(signed.runHash);
    expect(await storedRunHash(t.db, again)).toBe(signed.runHash);
    expect((await runEnterpriseResult(t.db, again, uscc(0))).result).toEqual(result(0, 'B'));
    const audit = await listAudit(t.db, {});
    expect(audit.find((e) => e.action === 'objection.answer' && e.target === `objection:${o.id}`)?.reason).toContain('decision=upheld');
    expect(audit.find((e) => e.action === 'run.correct' && e.target === `run:${run.id}`)?.after_hash).toBe(c!.hash);

    // answered once; below the application too
    await expect(codeOf(answerObjection(t.db, office, o.id, { decision: 'rejected', reason: '再答' }))).resolves.toBe('PRECONDITION_FAILED:wrong-status');
    await expect(t.rawExec(`update objections set answer_reason = 'x' where id = ${o.id}`)).rejects.toThrow(/已答复的异议不可修改/);
    await expect(t.rawExec(`delete from objections where id = ${o.id}`)).rejects.toThrow(/不可删除/);
    await expect(t.rawExec(`update run_corrections set result = '{}' where id = ${c!.id}`)).rejects.toThrow(/只能追加/);
    await expect(t.rawExec(`delete from run_corrections where id = ${c!.id}`)).rejects.toThrow(/只能追加/);
    // an open objection changes only to an answer
    const open = await fileObjection(t.db, office, { runId: run.id, uscc: uscc(1), grounds: '有误', department: MARKET });
    await expect(t.rawExec(`update objections set grounds = 'x' where id = ${open.id}`)).rejects.toThrow(/其余内容不可修改/);
    await expect(t.rawExec(`update objections set status = 'upheld' where id = ${open.id}`)).rejects.toThrow(/其余内容不可修改/);

    // a second upheld objection of the same enterprise is computed on the first correction
    const o2 = await fileObjection(t.db, office, { runId: run.id, uscc: uscc(0), grounds: '警告有误', recordId: 'r0-2', department: TRANSPORT });
    const stale = answerObjection(t.db, transport, o2.id, { decision: 'upheld', reason: '有误' }, { correction: { basedOn: 0, result: after, record: corrected } });
    await expect(codeOf(stale)).resolves.toBe('PRECONDITION_FAILED:wrong-status');
    expect((await getObjection(t.db, office, o2.id)).status).toBe('open');
    const none = { ...corrected, records: [] };
    const second = await answerObjection(t.db, transport, o2.id, { decision: 'upheld', reason: '有误' }, { correction: { basedOn: 1, result: after, record: none } });
    expect(second.correction).toEqual({ before: after, after });
    expect((await getCorrections(t.db, run.id, uscc(0))).map((x) => [x.seq, x.objectionId])).toEqual([
      [1, o.id],
      [2, o2.id],
    ]);
  });

  it('a rejected answer stores no correction; of concurrent answers exactly one wins', async () => {
    const run = await completedRun();
    const o = await fileObjection(t.db, office, { runId: run.id, uscc: uscc(2), grounds: '有误', recordId: 'r2-2', department: TRANSPORT });
    const outcomes = await Promise.allSettled([
      answerObjection(t.db, transport, o.id, { decision: 'rejected', reason: '记录属实' }),
      answerObjection(t.db, office, o.id, { decision: 'rejected', reason: '记录属实（信用办）' }),
      answerObjection(t.db, transport, o.id, { decision: 'rejected', reason: '第三次' }),
    ]);
    expect(outcomes.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    for (const x of outcomes) if (x.status === 'rejected') expect(x.reason).toMatchObject({ code: 'PRECONDITION_FAILED' });
    const answered = await getObjection(t.db, transport, o.id);
    expect(answered).toMatchObject({ status: 'rejected', correction: null, overdue: false });
    expect(await getCorrections(t.db, run.id)).toEqual([]);
    // and concurrent upheld answers: one correction
    const o2 = await fileObjection(t.db, office, { runId: run.id, uscc: uscc(2), grounds: '有误', recordId: 'r2-1', department: TRANSPORT });
    const { record } = await runEnterpriseResult(t.db, run, uscc(2));
    const correction = { basedOn: 0, result: result(2, 'A'), record };
    const upheld = await Promise.allSettled([
      answerObjection(t.db, transport, o2.id, { decision: 'upheld', reason: '一' }, { correction }),
      answerObjection(t.db, office, o2.id, { decision: 'upheld', reason: '二' }, { correction }),
    ]);
    expect(upheld.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    expect(await getCorrections(t.db, run.id)).toHaveLength(1);
  });
});
