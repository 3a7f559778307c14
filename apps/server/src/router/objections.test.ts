import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { importDataset, listSecurityEvents, toActor } from '@policy/db';
import { createScratchDatabase, DIALECTS } from '@policy/db/test-support';
import type { ScratchDatabase } from '@policy/db/test-support';
import { addWorkingDays, usccCheckChar } from '@policy/schemas';
import { createFixture } from '../test-fixture.ts';
import type { Fixture } from '../test-fixture.ts';
import { runSettled } from './runs.ts';

const AT = '2026-10-31';
const code = (k: number) => {
  const first = `91410481MA4${String(k).padStart(6, '0')}`;
  return first + usccCheckChar(first)!;
};
/** A food producer (market regulation's domain) with a serious record from market regulation and a warning from transport. */
const FOOD = code(1);
/** A road freight firm (transport's domain) with one general record. */
const FREIGHT = code(2);
const enterprises = [
  {
    uscc: FOOD,
    name: '舞钢市豆香豆制品厂',
    industryCode: 'C1392',
    regionCode: '410481',
    status: 'active',
    records: [
      { id: 'closure-1', kind: 'penalty.closure', date: '2026-05-01', authority: '舞钢市市场监督管理局' },
      { id: 'warning-1', kind: 'penalty.warning', date: '2026-06-01', authority: '舞钢市交通运输局' },
    ],
  },
  {
    uscc: FREIGHT,
    name: '舞钢市顺达货运有限公司',
    industryCode: 'G5430',
    regionCode: '410481',
    status: 'active',
    records: [{ id: 'fine-1', kind: 'penalty.fine', date: '2026-07-01', authority: '舞钢市交通运输局' }],
  },
  ...[3, 4, 5].map((k) => ({ uscc: code(k), name: `舞钢市企业${k}`, industryCode: 'F5211', regionCode: '410481', status: 'active' })),
];

/** Sets the server's clock to a local calendar day (only `Date`: timers keep running). */
const today = (day: string) => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(`${day}T10:00:00`));
};

describe.each(DIALECTS)('objections through the API on %s', (dialect) => {
  let f: Fixture;
  let scratch: ScratchDatabase | undefined;
  let runId: number;
  let runHash: string;

  beforeAll(async () => {
    scratch = dialect === 'sqlite' ? undefined : await createScratchDatabase(dialect, 'policy_objections_api');
    f = await createFixture(scratch?.url ?? ':memory:');
    const input = Buffer.from(enterprises.map((r) => JSON.stringify(r)).join('\n'));
    const r = await importDataset(f.handle.db, toActor(f.users['credit-office']!), { name: 'objections-api', format: 'jsonl', input });
    if (!r.success) throw new Error('import failed');
    const started = await f.as('credit-office').runs.create({ datasetId: r.dataset.id, at: AT });
    await runSettled(started.id);
    const run = await f.as('reviewer').runs.get({ runId: started.id });
    expect(run.status).toBe('completed');
    runId = run.id;
    runHash = run.runHash!;
  }, 120_000);
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    await f?.deps.services.close();
    await f?.handle.destroy();
    await scratch?.drop();
  });

  it('suggests the department from the disputed record’s authority', async () => {
    const closure = await f.as('market-regulation').objections.departments({ runId, uscc: FOOD, recordId: 'closure-1' });
    expect(closure.suggested).toBe('market-regulation');
    expect(closure.departments).toContainEqual({ id: 'transport', name: '市交通运输局' });
    expect(closure.departments.length).toBeGreaterThan(20);
    expect((await f.as('credit-office').objections.departments({ runId, uscc: FOOD, recordId: 'warning-1' })).suggested).toBe('transport');
    expect((await f.as('credit-office').objections.departments({ runId, uscc: FOOD })).suggested).toBeNull();
  });

  it('refuses viewers and departments outside the enterprise’s domains, recording the refusals', async () => {
    await expect(f.as('viewer').objections.file({ runId, uscc: FOOD, grounds: '有误' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(f.as('viewer').objections.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(f.as('viewer').objections.enterprise({ runId, uscc: FOOD })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(f.as('transport').objections.file({ runId, uscc: FOOD, grounds: '有误', recordId: 'warning-1' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(f.as('housing-construction').objections.enterprise({ runId, uscc: FOOD })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(f.as('reviewer').objections.file({ runId, uscc: FOOD, grounds: '有误', department: 'transport' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(f.as('credit-office').objections.file({ runId, uscc: FOOD, grounds: '有误' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(f.as('credit-office').objections.file({ runId, uscc: FOOD, grounds: '有误', department: 'no-such-department' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const refused = (await listSecurityEvents(f.handle.db, toActor(f.users['credit-office']!), { kind: 'read.refused' })).events.map((e) => JSON.parse(e.detail ?? '{}') as { procedure: string; refused: string });
    expect(refused).toContainEqual(expect.objectContaining({ procedure: 'objections.list', refused: 'viewer' }));
    expect(refused).toContainEqual(expect.objectContaining({ procedure: 'objections.file', refused: 'outside-domains' }));
  });

  it('files, routes, flags overdue, upholds with a correction — the run’s results and hash unchanged — and rejects', async () => {
    await f.as('reviewer').runs.signOff({ runId });
    // Friday before 国庆 2024: Sunday 09-29 is a make-up working day, 10-01…07 are off
    today('2024-09-27');
    const closure = await f.as('market-regulation').objections.file({ runId, uscc: FOOD, grounds: '停业处罚已被行政复议撤销', evidence: '复议决定书 舞政复〔2026〕12号', recordId: 'closure-1' });
    expect(closure).toMatchObject({
      runId,
      uscc: FOOD,
      enterpriseName: '舞钢市豆香豆制品厂',
      recordId: 'closure-1',
      department: 'market-regulation',
      departmentName: '市市场监督管理局',
      evidence: '复议决定书 舞政复〔2026〕12号',
      filedBy: 'market-regulation',
      filedByName: '市场监管局编辑',
      deadline: '2024-10-08',
      status: 'open',
      overdue: false,
      answeredBy: null,
      answeredAt: null,
      answerReason: null,
      correction: null,
    });
    expect(closure.deadline).toBe(addWorkingDays('2024-09-27', 3));
    expect(Object.keys(closure).sort()).toEqual(
      ['id', 'runId', 'uscc', 'enterpriseName', 'recordId', 'department', 'departmentName', 'grounds', 'evidence', 'filedBy', 'filedByName', 'filedAt', 'deadline', 'status', 'overdue', 'answeredBy', 'answeredAt', 'answerReason', 'correction'].sort(),
    );
    // routed to transport by the warning's authority
    const warning = await f.as('credit-office').objections.file({ runId, uscc: FOOD, grounds: '警告非本企业', recordId: 'warning-1' });
    expect(warning).toMatchObject({ department: 'transport', deadline: '2024-10-08', evidence: null });

    // the queues
    expect((await f.as('market-regulation').objections.list({ runId, mine: true })).map((o) => o.id)).toEqual([closure.id]);
    expect((await f.as('transport').objections.list({ runId })).map((o) => o.id)).toEqual([warning.id]);
    expect((await f.as('credit-office').objections.list({ runId, status: 'open' })).map((o) => o.id)).toEqual([warning.id, closure.id]);
    expect(await f.as('credit-office').objections.list({ runId, mine: true })).toEqual([]);
    today('2024-10-08');
    expect((await f.as('reviewer').objections.list({ runId })).map((o) => o.overdue)).toEqual([false, false]);
    today('2024-10-09');
    expect((await f.as('reviewer').objections.list({ runId })).map((o) => o.overdue)).toEqual([true, true]);
    vi.useRealTimers();

    // the routed department reads the enterprise although outside its domains; others may not answer
    const before = await f.as('transport').objections.enterprise({ runId, uscc: FOOD });
    expect(before.original.results['public-credit-class']).toMatchObject({ grade: 'C', rule: 'c-serious-record' });
    expect(before.corrected).toBeNull();
    expect(before.records).toEqual([
      { id: 'closure-1', kind: 'penalty.closure', date: '2026-05-01', authority: '舞钢市市场监督管理局' },
      { id: 'warning-1', kind: 'penalty.warning', date: '2026-06-01', authority: '舞钢市交通运输局' },
    ]);
    await expect(f.as('transport').objections.answer({ id: closure.id, decision: 'upheld', reason: '撤销属实' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(f.as('reviewer').objections.answer({ id: closure.id, decision: 'upheld', reason: '撤销属实' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(f.as('viewer').objections.answer({ id: closure.id, decision: 'upheld', reason: '撤销属实' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const noReason = await f.as('market-regulation').objections.answer({ id: closure.id, decision: 'upheld', reason: '  ' }).catch((e: unknown) => e as Error);
    expect(noReason).toMatchObject({ code: 'BAD_REQUEST' });
    expect((noReason as Error).message).toContain('答复理由');

    // upheld: the enterprise re-evaluated without the closure — one general record left: B
    const upheld = await f.as('market-regulation').objections.answer({ id: closure.id, decision: 'upheld', reason: '复议决定已撤销该处罚' });
    expect(upheld).toMatchObject({ status: 'upheld', overdue: false, answeredBy: 'market-regulation', answerReason: '复议决定已撤销该处罚' });
    expect(upheld.correction!.before).toEqual(before.original);
    expect(upheld.correction!.after.results['public-credit-class']).toMatchObject({ grade: 'B', rule: 'b-general-1-to-5' });
    expect(upheld.correction!.after.uscc).toBe(FOOD);
    const after = await f.as('credit-office').objections.enterprise({ runId, uscc: FOOD });
    expect(after.original).toEqual(before.original);
    expect(after.corrected).toEqual(upheld.correction!.after);
    // the signed-off run: same hash, verifies identically
    const run = await f.as('reviewer').runs.get({ runId });
    expect(run).toMatchObject({ status: 'signed-off', runHash });
    expect((await f.as('credit-office').runs.verify({ runId })).identical).toBe(true);
    const audit = await f.handle.db.selectFrom('audit_log').select(['action', 'target']).where('action', 'in', ['objection.file', 'objection.answer', 'run.correct']).execute();
    expect(audit).toContainEqual({ action: 'run.correct', target: `run:${runId}` });
    expect(audit).toContainEqual({ action: 'objection.answer', target: `objection:${closure.id}` });
    await expect(f.as('credit-office').objections.answer({ id: closure.id, decision: 'rejected', reason: '改判' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });

    // rejected: no correction
    const rejected = await f.as('transport').objections.answer({ id: warning.id, decision: 'rejected', reason: '警告决定书送达记录齐全' });
    expect(rejected).toMatchObject({ status: 'rejected', answeredBy: 'transport', correction: null, overdue: false });
    expect((await f.as('credit-office').objections.enterprise({ runId, uscc: FOOD })).corrected).toEqual(upheld.correction!.after);

    // a second upheld objection applies on top of the first correction: no record left → A
    const again = await f.as('credit-office').objections.file({ runId, uscc: FOOD, grounds: '警告已撤销', recordId: 'warning-1' });
    const second = await f.as('transport').objections.answer({ id: again.id, decision: 'upheld', reason: '警告已被撤销' });
    expect(second.correction!.before).toEqual(upheld.correction!.after);
    expect(second.correction!.after.results['public-credit-class']).toMatchObject({ grade: 'A', rule: 'a-no-record' });
    expect((await f.as('credit-office').runs.verify({ runId })).identical).toBe(true);
  }, 60_000);

  it('of concurrent duplicate filings exactly one succeeds; of concurrent answers exactly one wins', async () => {
    const input = { runId, uscc: FREIGHT, grounds: '罚款已缴清并撤销', recordId: 'fine-1' };
    const filings = await Promise.allSettled([f.as('transport').objections.file(input), f.as('credit-office').objections.file(input), f.as('transport').objections.file(input)]);
    expect(filings.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of filings) if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'CONFLICT' });
    const filed = (filings.find((o) => o.status === 'fulfilled') as PromiseFulfilledResult<{ id: number; department: string }>).value;
    expect(filed.department).toBe('transport');
    const answers = await Promise.allSettled([
      f.as('transport').objections.answer({ id: filed.id, decision: 'upheld', reason: '属实' }),
      f.as('credit-office').objections.answer({ id: filed.id, decision: 'upheld', reason: '属实（信用办）' }),
      f.as('transport').objections.answer({ id: filed.id, decision: 'rejected', reason: '不属实' }),
    ]);
    expect(answers.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of answers) if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'PRECONDITION_FAILED' });
    const corrections = await f.handle.db.selectFrom('run_corrections').select('objection_id').where('uscc', '=', FREIGHT).execute();
    const final = (await f.as('credit-office').objections.list({ runId })).find((o) => o.id === filed.id)!;
    expect(corrections).toHaveLength(final.status === 'upheld' ? 1 : 0);
  }, 60_000);
});
