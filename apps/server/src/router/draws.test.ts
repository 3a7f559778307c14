/**
 * Issue 14 through the API: the five findings (no stored directory; drafts readable by everyone; the
 * drawer chooses the seed and may repeat; revoked/deregistered drawn; unbalanced, no 回避, no cap, no
 * plan, no joint inspection), each with a test that failed before.
 */
import type { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveDrawSeed, listAudit } from '@policy/db';
import { parseDay, registerAt } from '@policy/evaluation';
import { createFixture } from '../test-fixture.ts';
import type { Fixture } from '../test-fixture.ts';
import { runSettled } from './runs.ts';

let f: Fixture;
let datasetId = 0;
const AT = '2026-10-31';
const MARKET = 'market-regulation';
const refused = (code: TRPCError['code']) => expect.objectContaining({ code });

async function until<T>(fn: () => Promise<T>, done: (t: T) => boolean): Promise<T> {
  for (;;) {
    const v = await fn();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const csv = (rows: string[][]) => Buffer.from('\uFEFF' + rows.map((r) => r.join(',')).join('\n'), 'utf8').toString('base64');
const spread = (load: Record<string, number>) => Math.max(...Object.values(load)) - Math.min(...Object.values(load));

/** A directory of `m` inspectors for a department, all items. */
async function directory(department: string, m: number, conflicts: Record<number, string[]> = {}) {
  const rows = [['工号', '姓名', '执法证号', '可检查事项', '回避企业']];
  for (let k = 0; k < m; k++) rows.push([`${department.slice(0, 2).toUpperCase()}${String(k).padStart(3, '0')}`, `检查员${k}`, `执法${k}`, '', (conflicts[k] ?? []).join('；')]);
  const user = department === MARKET ? MARKET : 'credit-office';
  return f.as(user).draws.inspectors.import({ department, format: 'csv', contentBase64: csv(rows) });
}

let roundNo = 0;
async function register(department: string, label?: string, user = 'credit-office') {
  const round = label ?? `2027-R${++roundNo}`;
  await f.as(user).draws.rounds.register({ department, round, publicValue: `福彩3D ${round} 372`, windowFrom: '2027-01-05', windowTo: '2027-03-31' });
  return round;
}

beforeAll(async () => {
  f = await createFixture();
  const { jobId } = await f.as('credit-office').datasets.generate({ name: '抽查 3000 户', count: 3000, seed: 14 });
  const job = await until(() => f.as('credit-office').datasets.importStatus({ jobId }), (j) => j.phase === 'done' || j.phase === 'failed');
  expect(job.phase).toBe('done');
  datasetId = job.datasetId!;
  await directory(MARKET, 7);
  await directory('transport', 5);
}, 120_000);
afterAll(() => f?.handle.destroy());

describe('the inspector directory (finding 1: no stored directory)', () => {
  it('imports, lists and exports with Chinese headers; edits only by the department or the credit office; audited', async () => {
    const list = await f.as(MARKET).draws.inspectors.list({ department: MARKET });
    expect(list.map((x) => x.id)).toHaveLength(7);
    expect(list[0]).toMatchObject({ department: MARKET, name: '检查员0', certificate: '执法0', items: [], conflicts: [], active: true });
    const exported = await f.as('credit-office').draws.inspectors.export({ department: MARKET, format: 'csv' });
    const text = Buffer.from(exported.contentBase64, 'base64').toString('utf8');
    expect(text.split('\r\n')[0]).toBe('\uFEFF工号,姓名,执法证号,可检查事项,回避企业,在岗');
    const xlsx = await f.as(MARKET).draws.inspectors.export({ department: MARKET, format: 'xlsx' });
    // the XLSX export imports back to the same directory
    await f.as(MARKET).draws.inspectors.import({ department: MARKET, format: 'xlsx', contentBase64: xlsx.contentBase64 });
    expect(await f.as(MARKET).draws.inspectors.list({ department: MARKET })).toEqual(list.map((x) => ({ ...x, updatedAt: expect.any(String) })));
    await expect(f.as('viewer').draws.inspectors.list({ department: MARKET })).rejects.toEqual(refused('FORBIDDEN'));
    await expect(f.as('transport').draws.inspectors.list({ department: MARKET })).rejects.toEqual(refused('FORBIDDEN'));
    await expect(f.as('transport').draws.inspectors.upsert({ department: MARKET, inspector: { id: 'X1', name: '外', certificate: 'c' } })).rejects.toEqual(refused('FORBIDDEN'));
    await expect(f.as('reviewer').draws.inspectors.remove({ department: MARKET, id: 'MA000' })).rejects.toEqual(refused('FORBIDDEN'));
    const audit = (await listAudit(f.handle.db, { limit: 1 }))[0]!;
    expect(audit).toMatchObject({ action: 'inspector.import', target: `inspectors:${MARKET}`, actor: MARKET });
  });

  it('refuses a wrong file whole, naming rows and columns in Chinese first', async () => {
    const before = await f.as(MARKET).draws.inspectors.list({ department: MARKET });
    const bad = csv([
      ['工号', '姓名', '执法证号', '回避企业'],
      ['N1', '甲', '证1', ''],
      ['N1', '', '证2', '91350100M000100Y4X'],
    ]);
    const error = await f.as(MARKET).draws.inspectors.import({ department: MARKET, format: 'csv', contentBase64: bad }).catch((e: TRPCError) => e);
    expect(error).toMatchObject({ code: 'BAD_REQUEST' });
    const message = (error as TRPCError).message;
    expect(message).toMatch(/^执法检查人员名录有误/);
    expect(message).toContain('第 3 行「姓名」列');
    expect(message).toContain('第 3 行「回避企业」列');
    expect(message).toContain('第 3 行「工号」列：与第 2 行重复');
    expect(await f.as(MARKET).draws.inspectors.list({ department: MARKET })).toEqual(before);
  });
});

describe('draws nobody can steer (findings 2 and 3)', () => {
  it('derives the seed from recorded values, ignores a seed sent by the drawer, and refuses a second draw of the round', async () => {
    await expect(f.as(MARKET).draws.create({ department: MARKET, round: '2099-Q9', datasetId, at: AT })).rejects.toEqual(refused('PRECONDITION_FAILED'));
    const round = await register(MARKET);
    const preview = await f.as(MARKET).draws.preview({ department: MARKET, round, datasetId, at: AT });
    const d = await f.as(MARKET).draws.create({ department: MARKET, round, datasetId, at: AT, seed: 'chosen-by-me' } as never);
    expect(d.seed).not.toBe('chosen-by-me');
    expect(d.seed).toBe(deriveDrawSeed(d.seedInputs!));
    expect(d.seed).toBe(preview.seed);
    expect(d.record).toEqual(preview.record);
    expect(d.seedInputs).toMatchObject({ department: MARKET, round, publicValue: `福彩3D ${round} 372`, attempt: 1, source: { kind: 'dataset', datasetId, at: AT } });
    expect(d.record.inspections.length).toBeGreaterThan(0);
    await expect(f.as(MARKET).draws.create({ department: MARKET, round, datasetId, at: AT })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^market-regulation 的 .* 轮已抽取/) });
    await expect(f.as('credit-office').draws.preview({ department: MARKET, round, datasetId, at: AT })).rejects.toEqual(refused('CONFLICT'));
    expect((await listAudit(f.handle.db, { limit: 1 }))[0]).toMatchObject({ action: 'draw.refused', target: `draws:${MARKET}:${round}` });
    await expect(f.as('credit-office').draws.rounds.register({ department: MARKET, round, publicValue: '999' })).rejects.toEqual(refused('CONFLICT'));
    const again = await f.as('credit-office').draws.verify({ id: d.id });
    expect(again).toMatchObject({ identical: true, problem: null, storedHash: d.resultHash, recomputedHash: d.resultHash });
  });

  it('stores exactly one of two simultaneous draws of a round', async () => {
    const round = await register(MARKET);
    const settled = await Promise.allSettled([f.as(MARKET).draws.create({ department: MARKET, round, datasetId, at: AT }), f.as('credit-office').draws.create({ department: MARKET, round, datasetId, at: AT })]);
    expect(settled.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    expect(settled.filter((x) => x.status === 'rejected').map((x) => ((x as PromiseRejectedResult).reason as TRPCError).code)).toEqual(['CONFLICT']);
    expect(await f.as('credit-office').draws.list({ department: MARKET, round })).toHaveLength(1);
  });

  it('redraws only with a written reason approved by a second person, giving another derived seed', async () => {
    const round = await register(MARKET);
    const first = await f.as(MARKET).draws.create({ department: MARKET, round, datasetId, at: AT });
    await expect(f.as(MARKET).draws.requestRedraw({ id: first.id, reason: '不想要' })).rejects.toEqual(refused('BAD_REQUEST'));
    const req = await f.as(MARKET).draws.requestRedraw({ id: first.id, reason: '名录中两名检查人员已调离，需按新名录重新抽取' });
    await expect(f.as(MARKET).draws.approveRedraw({ requestId: req.id })).rejects.toEqual(refused('FORBIDDEN'));
    await expect(f.as(MARKET).draws.create({ department: MARKET, round, datasetId, at: AT })).rejects.toEqual(refused('CONFLICT'));
    await f.as('reviewer').draws.approveRedraw({ requestId: req.id, note: '同意' });
    const second = await f.as(MARKET).draws.create({ department: MARKET, round, datasetId, at: AT });
    expect(second).toMatchObject({ attempt: 2, status: 'draft' });
    expect(second.seed).toBe(deriveDrawSeed({ ...first.seedInputs!, attempt: 2 }));
    expect((await f.as(MARKET).draws.get({ id: first.id })).status).toBe('superseded');
    await expect(f.as(MARKET).draws.create({ department: MARKET, round, datasetId, at: AT })).rejects.toEqual(refused('CONFLICT'));
    const actions = (await listAudit(f.handle.db, { limit: 12 })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['draw.redraw.request', 'draw.redraw.approve', 'draw.create', 'draw.refused']));
  });
});

describe('confidential until published (finding 2: drafts readable by everyone)', () => {
  it('keeps a draft to its department and the credit office; publishes a public list without grades', async () => {
    const round = await register(MARKET);
    const d = await f.as(MARKET).draws.create({ department: MARKET, round, datasetId, at: AT });
    for (const u of ['viewer', 'transport', 'reviewer']) {
      await expect(f.as(u).draws.get({ id: d.id }), u).rejects.toEqual(refused('FORBIDDEN'));
      await expect(f.as(u).draws.publicList({ id: d.id }), u).rejects.toEqual(refused('FORBIDDEN'));
      expect((await f.as(u).draws.list({})).map((x) => x.id), u).not.toContain(d.id);
    }
    expect((await f.as('credit-office').draws.get({ id: d.id })).view).toBe('whole');
    expect((await f.as(MARKET).draws.get({ id: d.id })).view).toBe('whole');
    await expect(f.as(MARKET).draws.publish({ id: d.id })).rejects.toEqual(refused('FORBIDDEN'));
    await expect(f.as(MARKET).draws.recordOutcome({ id: d.id, uscc: d.record.inspections[0]!.uscc, outcome: 'no-problem' })).rejects.toEqual(refused('PRECONDITION_FAILED'));
    await f.as('credit-office').draws.publish({ id: d.id });
    const pub = await f.as('viewer').draws.get({ id: d.id });
    expect(pub.view).toBe('public');
    expect(JSON.stringify(pub)).not.toMatch(/"grade"|ratioPercent|"roster"/);
    const list = await f.as('viewer').draws.publicList({ id: d.id, format: 'csv' });
    expect(list.rows).toHaveLength(d.record.inspections.length);
    expect(list.rows[0]).toEqual({ uscc: d.record.inspections[0]!.uscc, name: d.record.inspections[0]!.name, items: expect.any(Array), windowFrom: '2027-01-05', windowTo: '2027-03-31' });
    expect(list.rows.every((r) => r.items.length > 0)).toBe(true);
    const text = Buffer.from(list.file!.contentBase64, 'base64').toString('utf8');
    expect(text.split('\r\n')[0]).toBe('\uFEFF序号,统一社会信用代码,市场主体名称,检查事项,检查时间');
    expect(text).toContain('2027-01-05 至 2027-03-31');
    const xlsx = await f.as('transport').draws.publicList({ id: d.id, format: 'xlsx' });
    expect(Buffer.from(xlsx.file!.contentBase64, 'base64').subarray(0, 2).toString()).toBe('PK');
    // outcomes after publication, by the department, audited
    const uscc = d.record.inspections[0]!.uscc;
    await expect(f.as('transport').draws.recordOutcome({ id: d.id, uscc, outcome: 'problem', note: 'x' })).rejects.toEqual(refused('FORBIDDEN'));
    await f.as(MARKET).draws.recordOutcome({ id: d.id, uscc, outcome: 'problem', note: '未按规定公示年度报告' });
    const whole = await f.as(MARKET).draws.get({ id: d.id });
    expect(whole.view === 'whole' && whole.outcomes).toEqual([expect.objectContaining({ uscc, outcome: 'problem', note: '未按规定公示年度报告' })]);
    expect((await listAudit(f.handle.db, { limit: 1 }))[0]).toMatchObject({ action: 'draw.outcome', target: `draw:${d.id}:${uscc}` });
  });
});

describe('who is drawn and how they are paired (findings 4 and 5)', () => {
  it('never draws a deregistered enterprise; pairs two distinct inspectors, balanced, with 回避 and a cap', async () => {
    const round = await register(MARKET);
    const preview = await f.as(MARKET).draws.preview({ department: MARKET, round, datasetId, at: AT });
    const pop = await f.deps.services.population(datasetId);
    const status = registerAt(pop, parseDay(AT)).status;
    const row = new Map(Array.from({ length: pop.n }, (_, i) => [pop.uscc[i]!, i]));
    expect(preview.record.inspections.filter((x) => status[row.get(x.uscc)!] === 2)).toEqual([]);
    expect(preview.record.excluded.deregistered).toBeGreaterThanOrEqual(0);
    for (const x of preview.record.inspections) expect(x.inspectors[0]).not.toBe(x.inspectors[1]);
    expect(spread(preview.record.load)).toBeLessThanOrEqual(1);
    // 回避: inspectors declaring conflicts with drawn enterprises are never paired with them
    const drawn = preview.record.inspections.map((x) => x.uscc);
    await directory(MARKET, 7, { 0: drawn.slice(0, 20), 1: drawn.slice(10, 30) });
    const after = await f.as(MARKET).draws.preview({ department: MARKET, round, datasetId, at: AT });
    const dir = await f.as(MARKET).draws.inspectors.list({ department: MARKET });
    for (const x of after.record.inspections) for (const id of x.inspectors) expect(dir.find((i) => i.id === id)!.conflicts).not.toContain(x.uscc);
    expect(after.record.inspections.map((x) => x.uscc)).toEqual(drawn);
    expect(spread(after.record.load)).toBeLessThanOrEqual(1);
    // a cap that makes pairing impossible is refused with the cap needed
    const needed = Math.ceil((2 * drawn.length) / 7);
    await expect(f.as(MARKET).draws.preview({ department: MARKET, round, datasetId, at: AT, cap: needed - 1 })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringContaining(`上限至少应为 ${needed}`) });
    const capped = await f.as(MARKET).draws.preview({ department: MARKET, round, datasetId, at: AT, cap: needed });
    expect(Math.max(...Object.values(capped.record.load))).toBeLessThanOrEqual(needed);
    await directory(MARKET, 7);
  });

  it("avoids the previous round's inspectors for the same enterprise", async () => {
    const r1 = await register(MARKET, '2030-Q1');
    const r2 = await register(MARKET, '2030-Q2');
    const first = await f.as(MARKET).draws.create({ department: MARKET, round: r1, datasetId, at: AT });
    const second = await f.as(MARKET).draws.preview({ department: MARKET, round: r2, datasetId, at: AT });
    expect(second.record.previousDrawId).toBe(first.id);
    const before = new Map(first.record.inspections.map((x) => [x.uscc, x.inspectors]));
    const again = second.record.inspections.filter((x) => before.has(x.uscc));
    expect(again.length).toBeGreaterThan(0);
    const repeated = again.filter((x) => x.inspectors.some((id) => before.get(x.uscc)!.includes(id))).length;
    expect(second.record.repeatedFromPrevious).toBe(repeated);
    expect(repeated).toBeLessThan(again.length / 2);
  });

  it('plans the year from the frequencies and lists joint visits of a round', async () => {
    const plan = await f.as('viewer').draws.plan({ department: MARKET, datasetId, at: AT });
    expect(plan.roundsPerYear).toBe(4);
    expect(plan.rounds.map((r) => r.round)).toEqual([1, 2, 3, 4]);
    expect(plan.rounds[0]!.expected).toBeGreaterThan(plan.rounds[1]!.expected);
    expect(plan.perYear).toBe(plan.rounds.reduce((a, r) => a + r.expected, 0));
    expect(JSON.stringify(plan)).not.toMatch(/9\d{5}[0-9A-Z]{11}/);
    const round = '2031-Q1';
    await register(MARKET, round);
    await register('transport', round);
    const m = await f.as(MARKET).draws.create({ department: MARKET, round, datasetId, at: AT });
    expect(m.record.inspections).toHaveLength(plan.rounds[0]!.expected);
    const t = await f.as('transport').draws.create({ department: 'transport', round, datasetId, at: AT });
    const both = m.record.inspections.map((x) => x.uscc).filter((u) => t.record.inspections.some((y) => y.uscc === u)).sort();
    const joint = await f.as('credit-office').draws.joint({ round });
    expect(joint.visits.map((v) => v.uscc)).toEqual(both);
    for (const v of joint.visits) expect(v.departments).toEqual([MARKET, 'transport']);
    // drafts of other departments stay hidden: transport sees no joint visit with market's draft
    expect((await f.as('transport').draws.joint({ round })).visits).toEqual([]);
  });
});

describe('draws from a signed-off run', () => {
  it('takes the population from the run, records its hash, and verifies', async () => {
    const run = await f.as('credit-office').runs.create({ datasetId, at: AT });
    await runSettled(run.id);
    const round = await register(MARKET);
    await expect(f.as(MARKET).draws.create({ department: MARKET, round, runId: run.id })).rejects.toEqual(refused('PRECONDITION_FAILED'));
    await f.as('reviewer').runs.signOff({ runId: run.id });
    const fromRun = await f.as(MARKET).draws.create({ department: MARKET, round, runId: run.id });
    const signed = await f.as('viewer').runs.get({ runId: run.id });
    expect(fromRun.seedInputs!.source).toEqual({ kind: 'run', runId: run.id, runHash: signed.runHash });
    const other = await register(MARKET);
    const fromDataset = await f.as(MARKET).draws.preview({ department: MARKET, round: other, datasetId, at: AT });
    // the same enterprises per group as the evaluation gives
    expect(fromRun.record.groups.map((g) => [g.grade, g.ratioPercent, g.population])).toEqual(fromDataset.record.groups.map((g) => [g.grade, g.ratioPercent, g.population]));
    expect((await f.as('credit-office').draws.verify({ id: fromRun.id })).identical).toBe(true);
    // a tampered stored result no longer verifies
    const stored = await f.handle.db.selectFrom('draws').select(['result']).where('id', '=', fromRun.id).executeTakeFirstOrThrow();
    const tampered = stored.result.replace(fromRun.record.inspections[0]!.uscc, fromRun.record.inspections[1]!.uscc);
    await f.handle.db.updateTable('draws').set({ result: tampered }).where('id', '=', fromRun.id).execute();
    expect(await f.as('credit-office').draws.verify({ id: fromRun.id })).toMatchObject({ identical: false });
  }, 120_000);
});
