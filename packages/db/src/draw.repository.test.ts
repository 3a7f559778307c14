import { Migrator, PostgresAdapter, sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { listAudit } from './audit.repository.ts';
import { contentHash } from './canonical.ts';
import {
  checkMayDraw,
  checkMayReadDraft,
  createDraw,
  decideRedraw,
  deriveDrawSeed,
  getDraw,
  getRound,
  listDraws,
  listOutcomes,
  listRedraws,
  nextAttempt,
  previousRoundDraw,
  publishDraw,
  recordOutcome,
  registerRound,
  requestRedraw,
} from './draw.repository.ts';
import type { NewDraw } from './draw.repository.ts';
import type { SeedInputs } from './draw.table.ts';
import { canonicalJson, sha256 } from './canonical.ts';
import type { DbError } from './errors.ts';
import { createMigrator, migrateToLatest } from './migrate.ts';
import type { TestDb } from './test-support.ts';
import { DIALECTS, makeActor, openTestDb } from './test-support.ts';

const roster = [
  { id: 'i1', name: '张一', department: 'market-regulation' },
  { id: 'i2', name: '李二', department: 'market-regulation' },
];
const versions = [{ documentId: 'public-credit-class', versionNumber: 2, contentHash: 'a'.repeat(64) }];
const result = { groups: [{ inspectors: ['i1', 'i2'] }], inspections: [{ uscc: '91350100M000100Y43', grade: 'B' }], issues: [] };

let roundNo = 0;
/** A fresh round label (each test draws its own rounds). */
const freshRound = () => `2026-T${++roundNo}`;

const inputsOf = (department: string, round: string, attempt = 1, publicValue = '372'): SeedInputs => ({
  department,
  round,
  publicValue,
  attempt,
  source: { kind: 'dataset', datasetId: 1, datasetHash: 'd'.repeat(64), at: '2026-10-31', versions },
});

const newDraw = (overrides: Partial<NewDraw> = {}): NewDraw => {
  const department = overrides.department ?? 'market-regulation';
  const round = overrides.round ?? '2026-Q1';
  const attempt = overrides.attempt ?? 1;
  return {
    name: '2026 第一轮',
    datasetId: 1,
    at: '2026-10-31',
    department,
    round,
    attempt,
    redrawId: null,
    seedInputs: inputsOf(department, round, attempt),
    runId: null,
    cap: null,
    roster,
    versions,
    result,
    ...overrides,
  };
};

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => `${(e as DbError).code}:${(e as DbError).details?.reason}`,
  );

/** The server's own migration of the draws table, as servers before this package had it ran it. */
const SERVER_DRAWS: Migration = {
  async up(db: Kysely<any>) {
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    await db.schema
      .createTable('draws')
      .ifNotExists()
      .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('dataset_id', 'integer', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('department', 'text')
      .addColumn('seed', 'text', (c) => c.notNull())
      .addColumn('round', 'integer', (c) => c.notNull())
      .addColumn('roster', 'text', (c) => c.notNull())
      .addColumn('versions', 'text', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('result_hash', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('published_by', 'text')
      .addColumn('published_at', 'text')
      .execute();
    await sql`create index if not exists draws_dataset on draws (dataset_id)`.execute(db);
  },
};

describe.each(DIALECTS)('draws on %s', (dialect) => {
  let t: TestDb;
  let office: Actor;
  let market: Actor;
  let marketColleague: Actor;
  let transport: Actor;
  let viewer: Actor;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    office = await makeActor(t.db, 'credit-office', 'credit-office');
    market = await makeActor(t.db, 'department-editor', 'market-regulation');
    marketColleague = await makeActor(t.db, 'department-editor', 'market-regulation');
    transport = await makeActor(t.db, 'department-editor', 'transport');
    viewer = await makeActor(t.db, 'viewer');
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('lets the credit office draw for anyone and a department editor for its own department only', () => {
    expect(() => checkMayDraw(office, null)).not.toThrow();
    expect(() => checkMayDraw(office, 'transport')).not.toThrow();
    expect(() => checkMayDraw(market, 'market-regulation')).not.toThrow();
    expect(() => checkMayDraw(market, 'transport')).toThrow(/own department/);
    expect(() => checkMayDraw(market, null)).toThrow(/own department/);
    expect(() => checkMayDraw(viewer, 'market-regulation')).toThrow(/cannot run draws/);
  });

  /** Registers a fresh round of `department` and returns its label. */
  const round = async (department = 'market-regulation', publicValue = '372') => {
    const r = freshRound();
    await registerRound(t.db, office, { department, round: r, publicValue, windowFrom: '2026-01-05', windowTo: '2026-03-31' });
    return r;
  };

  it('registers a round once, with a public value that never changes (audit-logged)', async () => {
    const r = freshRound();
    const reg = await registerRound(t.db, market, { department: 'market-regulation', round: r, publicValue: '福彩3D 2026001期 372' });
    expect(reg).toMatchObject({ department: 'market-regulation', round: r, publicValue: '福彩3D 2026001期 372', registeredBy: market.username });
    expect((await listAudit(t.db, { limit: 1 }))[0]).toMatchObject({ action: 'draw.round.register', target: `draws:market-regulation:${r}` });
    expect(await codeOf(registerRound(t.db, office, { department: 'market-regulation', round: r, publicValue: '999' }))).toBe('CONFLICT:duplicate');
    expect(await codeOf(registerRound(t.db, transport, { department: 'market-regulation', round: freshRound(), publicValue: '1' }))).toBe('FORBIDDEN:department');
    expect(await codeOf(registerRound(t.db, viewer, { department: 'market-regulation', round: freshRound(), publicValue: '1' }))).toBe('FORBIDDEN:role');
    // not even at the SQL prompt
    await expect(t.rawExec(`update draw_rounds set public_value = '999' where round = '${r}'`)).rejects.toThrow(/never changes/);
    expect((await getRound(t.db, 'market-regulation', r))?.publicValue).toBe('福彩3D 2026001期 372');
  });

  it('derives the seed from the recorded inputs (the drawer never chooses it), audit-logged', async () => {
    const r = await round();
    const d = await createDraw(t.db, market, newDraw({ round: r }));
    const si = inputsOf('market-regulation', r);
    expect(d.seed).toBe(sha256(canonicalJson(si)));
    expect(d.seed).toBe(deriveDrawSeed(si));
    expect(d).toMatchObject({ roundLabel: r, attempt: 1, seedInputs: si, status: 'draft', department: 'market-regulation', createdBy: market.username });
    expect(d.resultHash).toBe(contentHash(result));
    expect(await getDraw(t.db, d.id)).toEqual({ ...d, roster, result });
    const audit = (await listAudit(t.db, { limit: 1 }))[0]!;
    expect(audit).toMatchObject({ action: 'draw.create', target: `draw:${d.id}`, after_hash: d.resultHash, actor: market.username });
    expect(audit.reason).toContain(`seed=${d.seed}`);
    // another public value gives another seed; an unregistered round or a wrong public value is refused
    expect(deriveDrawSeed({ ...si, publicValue: '373' })).not.toBe(d.seed);
    expect(await codeOf(createDraw(t.db, market, newDraw({ round: freshRound() })))).toBe('PRECONDITION_FAILED:wrong-status');
    const r2 = await round();
    expect(await codeOf(createDraw(t.db, market, newDraw({ round: r2, seedInputs: { ...inputsOf('market-regulation', r2), publicValue: '000' } })))).toBe('PRECONDITION_FAILED:wrong-status');
    expect(await codeOf(createDraw(t.db, transport, newDraw({ round: r2 })))).toBe('FORBIDDEN:department');
    expect(await codeOf(createDraw(t.db, viewer, newDraw({ round: r2 })))).toBe('FORBIDDEN:role');
  });

  it('stores one draw per department and round: a second is refused and audit-logged', async () => {
    const r = await round();
    await createDraw(t.db, market, newDraw({ round: r }));
    expect(await codeOf(nextAttempt(t.db, 'market-regulation', r))).toBe('CONFLICT:duplicate');
    expect(await codeOf(createDraw(t.db, office, newDraw({ round: r })))).toBe('CONFLICT:duplicate');
    expect((await listAudit(t.db, { limit: 1 }))[0]).toMatchObject({ action: 'draw.refused', target: `draws:market-regulation:${r}`, actor: office.username });
    expect(await listDraws(t.db, { department: 'market-regulation', round: r })).toHaveLength(1);
    // another department's same round is its own
    const tr = freshRound();
    await registerRound(t.db, office, { department: 'transport', round: tr, publicValue: '372' });
    expect((await createDraw(t.db, transport, newDraw({ department: 'transport', round: tr }))).status).toBe('draft');
  });

  it('stores exactly one of two simultaneous draws of a round', async () => {
    const r = await round();
    const settled = await Promise.allSettled([createDraw(t.db, market, newDraw({ round: r })), createDraw(t.db, marketColleague, newDraw({ round: r }))]);
    expect(settled.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    const rejected = settled.filter((x): x is PromiseRejectedResult => x.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect((rejected[0]!.reason as DbError).code).toBe('CONFLICT');
    expect(await listDraws(t.db, { department: 'market-regulation', round: r })).toHaveLength(1);
  });

  it('redraws only with a written reason approved by a second person; every step audit-logged', async () => {
    const r = await round();
    const first = await createDraw(t.db, market, newDraw({ round: r }));
    expect(await codeOf(requestRedraw(t.db, market, { drawId: first.id, reason: '太短' }))).toBe('BAD_REQUEST:invalid-input');
    expect(await codeOf(requestRedraw(t.db, transport, { drawId: first.id, reason: '检查人员名录有误，两名人员已调离本部门' }))).toBe('FORBIDDEN:department');
    const req = await requestRedraw(t.db, market, { drawId: first.id, reason: '检查人员名录有误，两名人员已调离本部门' });
    expect(req).toMatchObject({ status: 'pending', department: 'market-regulation', round: r, drawId: first.id, requestedBy: market.username });
    expect((await listAudit(t.db, { limit: 1 }))[0]).toMatchObject({ action: 'draw.redraw.request', target: `draw:${first.id}` });
    // pending: still refused
    expect(await codeOf(nextAttempt(t.db, 'market-regulation', r))).toBe('CONFLICT:duplicate');
    expect(await codeOf(decideRedraw(t.db, market, { requestId: req.id, approve: true }))).toBe('FORBIDDEN:role');
    expect(await codeOf(decideRedraw(t.db, viewer, { requestId: req.id, approve: true }))).toBe('FORBIDDEN:role');
    const selfOffice = await requestRedraw(t.db, office, { drawId: first.id, reason: '重复申请应当被拒绝的理由文字' }).catch((e: DbError) => e);
    expect((selfOffice as DbError).details?.reason).toBe('duplicate');
    const reviewer = await makeActor(t.db, 'reviewer');
    const approved = await decideRedraw(t.db, reviewer, { requestId: req.id, approve: true, note: '同意' });
    expect(approved).toMatchObject({ status: 'approved', decidedBy: reviewer.username });
    expect((await listAudit(t.db, { limit: 1 }))[0]).toMatchObject({ action: 'draw.redraw.approve', actor: reviewer.username });
    expect(await codeOf(decideRedraw(t.db, office, { requestId: req.id, approve: false }))).toBe('PRECONDITION_FAILED:already-reviewed');
    const next = await nextAttempt(t.db, 'market-regulation', r);
    expect(next).toEqual({ attempt: 2, redrawId: req.id });
    const second = await createDraw(t.db, market, newDraw({ round: r, attempt: 2, redrawId: next.redrawId }));
    expect(second.seed).not.toBe(first.seed);
    expect((await getDraw(t.db, first.id)).status).toBe('superseded');
    expect((await listRedraws(t.db, { department: 'market-regulation', round: r }))[0]).toMatchObject({ status: 'used', newDrawId: second.id });
    // the approval is used once
    expect(await codeOf(createDraw(t.db, market, newDraw({ round: r, attempt: 3, redrawId: req.id })))).toBe('CONFLICT:duplicate');
    expect(await codeOf(publishDraw(t.db, office, first.id))).toBe('PRECONDITION_FAILED:wrong-status');
    // the requester's own office cannot approve its own request
    const own = await requestRedraw(t.db, office, { drawId: second.id, reason: '信用办发现抽取所用数据集有误需要重新抽取' });
    expect(await codeOf(decideRedraw(t.db, office, { requestId: own.id, approve: true }))).toBe('FORBIDDEN:self-approval');
  });

  it('lets only its department and the credit office read a draft', () => {
    expect(() => checkMayReadDraft(office, 'market-regulation')).not.toThrow();
    expect(() => checkMayReadDraft(market, 'market-regulation')).not.toThrow();
    expect(() => checkMayReadDraft(transport, 'market-regulation')).toThrow(/until it is published/);
    expect(() => checkMayReadDraft(viewer, 'market-regulation')).toThrow(/until it is published/);
  });

  it("finds the department's previous round", async () => {
    const a = await round('housing-construction');
    const b = await round('housing-construction');
    const da = await createDraw(t.db, office, newDraw({ department: 'housing-construction', round: a }));
    expect(await previousRoundDraw(t.db, 'housing-construction', a)).toBeUndefined();
    expect((await previousRoundDraw(t.db, 'housing-construction', b))?.id).toBe(da.id);
  });

  it('lists draws newest first, of one dataset when asked', async () => {
    const a = await createDraw(t.db, office, newDraw({ name: 'a', datasetId: 7, round: await round() }));
    const b = await createDraw(t.db, office, newDraw({ name: 'b', datasetId: 8, round: await round() }));
    const c = await createDraw(t.db, office, newDraw({ name: 'c', datasetId: 7, round: await round() }));
    const all = await listDraws(t.db);
    expect(all.slice(0, 3).map((x) => x.id)).toEqual([c.id, b.id, a.id]);
    expect(all[0]).toEqual(c);
    expect((await listDraws(t.db, { datasetId: 7 })).map((x) => x.name).slice(0, 2)).toEqual(['c', 'a']);
    expect(await listDraws(t.db, { datasetId: 999 })).toEqual([]);
    expect(await codeOf(getDraw(t.db, 99_999))).toBe('NOT_FOUND:not-found');
  });

  it('publishes once, never by its department maker, then takes outcomes (audit-logged)', async () => {
    const d = await createDraw(t.db, market, newDraw({ name: 'to publish', round: await round() }));
    const uscc = result.inspections[0]!.uscc;
    expect(await codeOf(recordOutcome(t.db, market, { drawId: d.id, uscc, outcome: 'no-problem', note: '' }))).toBe('PRECONDITION_FAILED:wrong-status');
    expect(await codeOf(publishDraw(t.db, market, d.id))).toBe('FORBIDDEN:self-approval');
    expect(await codeOf(publishDraw(t.db, transport, d.id))).toBe('FORBIDDEN:department');
    expect(await codeOf(publishDraw(t.db, viewer, d.id))).toBe('FORBIDDEN:role');
    expect(await codeOf(publishDraw(t.db, office, 99_999))).toBe('NOT_FOUND:not-found');
    const p = await publishDraw(t.db, marketColleague, d.id);
    expect(p).toMatchObject({ id: d.id, status: 'published', publishedBy: marketColleague.username, resultHash: d.resultHash });
    expect(await codeOf(publishDraw(t.db, office, d.id))).toBe('PRECONDITION_FAILED:wrong-status');
    expect((await listAudit(t.db, { limit: 1 }))[0]).toMatchObject({ action: 'draw.publish', target: `draw:${d.id}`, after_hash: d.resultHash });
    // outcomes
    expect(await codeOf(recordOutcome(t.db, transport, { drawId: d.id, uscc, outcome: 'no-problem', note: '' }))).toBe('FORBIDDEN:department');
    expect(await codeOf(recordOutcome(t.db, market, { drawId: d.id, uscc: '91350100M000100Y99', outcome: 'no-problem', note: '' }))).toBe('NOT_FOUND:not-found');
    expect(await codeOf(recordOutcome(t.db, market, { drawId: d.id, uscc, outcome: 'problem', note: ' ' }))).toBe('BAD_REQUEST:invalid-input');
    await recordOutcome(t.db, market, { drawId: d.id, uscc, outcome: 'not-inspected', note: '企业停业' });
    await recordOutcome(t.db, market, { drawId: d.id, uscc, outcome: 'problem', note: '未公示年度报告' });
    expect(await listOutcomes(t.db, d.id)).toEqual([expect.objectContaining({ uscc, outcome: 'problem', note: '未公示年度报告', recordedBy: market.username })]);
    const audit = (await listAudit(t.db, { limit: 1 }))[0]!;
    expect(audit).toMatchObject({ action: 'draw.outcome', target: `draw:${d.id}:${uscc}` });
    expect(audit.before_hash).not.toBeNull();
  });

  it('migrates a database whose draws table the server made, keeping its rows and dropping the server bookkeeping', async () => {
    const old = await openTestDb(dialect);
    try {
      // back to the schema before this package had draws, then the server's migrator as it was
      const down = await createMigrator(old.db).migrateTo('2026_11_21_00_00_00_initial');
      expect(down.error).toBeUndefined();
      const tables = async () => (await old.db.introspection.getTables()).map((x) => x.name);
      expect(await tables()).not.toContain('draws');
      const server = await new Migrator({
        db: old.db,
        provider: { getMigrations: async () => ({ '2026_11_21_12_00_00_server_draws': SERVER_DRAWS }) },
        migrationTableName: 'server_migration',
        migrationLockTableName: 'server_migration_lock',
      }).migrateToLatest();
      expect(server.error).toBeUndefined();
      // the row as the server's own code wrote it then (today's repository also writes audit columns that schema lacks)
      const made = { ...newDraw({ name: 'made by the server' }), seed: 'c0ffee', round: 1 };
      const kept = await old.db
        .insertInto('draws')
        .values({
          name: made.name,
          dataset_id: made.datasetId,
          at: made.at,
          department: made.department,
          seed: made.seed,
          round: made.round,
          roster: JSON.stringify(made.roster),
          versions: JSON.stringify(made.versions),
          result: JSON.stringify(made.result),
          result_hash: 'server-made',
          status: 'draft',
          created_by: 'credit-office',
          created_at: new Date().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(await tables()).toEqual(expect.arrayContaining(['draws', 'server_migration', 'server_migration_lock']));

      const m = await migrateToLatest(old.db);
      expect(m.error).toBeUndefined();
      // this package's migrations from the draws one on (later ones may follow), every one applied
      const applied = m.results?.map((r) => [r.migrationName, r.status]) ?? [];
      expect(applied[0]).toEqual(['2026_11_21_12_00_00_draws', 'Success']);
      expect(applied.every(([, status]) => status === 'Success')).toBe(true);
      const after = await tables();
      expect(after).toContain('draws');
      expect(after).not.toContain('server_migration');
      expect(after).not.toContain('server_migration_lock');
      expect(await getDraw(old.db, kept.id)).toMatchObject({ name: 'made by the server', roster, result });
      const author = await makeActor(old.db, 'credit-office', 'credit-office');
      await registerRound(old.db, author, { department: 'market-regulation', round: '2026-Q1', publicValue: '372' });
      const next = await createDraw(old.db, author, newDraw({ name: 'after' }));
      expect(next.id).toBeGreaterThan(kept.id);
    } finally {
      await old.destroy();
    }
  });
});
