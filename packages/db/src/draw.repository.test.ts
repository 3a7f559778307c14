import { Migrator, PostgresAdapter, sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { listAudit } from './audit.repository.ts';
import { contentHash } from './canonical.ts';
import { checkMayDraw, createDraw, getDraw, listDraws, publishDraw } from './draw.repository.ts';
import type { NewDraw } from './draw.repository.ts';
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

const newDraw = (overrides: Partial<NewDraw> = {}): NewDraw => ({
  name: '2026 第一轮',
  datasetId: 1,
  at: '2026-10-31',
  department: 'market-regulation',
  seed: 'c0ffee',
  round: 1,
  roster,
  versions,
  result,
  ...overrides,
});

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

  it('stores a draft with its roster, versions and result hash, audit-logged', async () => {
    const d = await createDraw(t.db, market, newDraw());
    expect(d).toMatchObject({ name: '2026 第一轮', datasetId: 1, at: '2026-10-31', department: 'market-regulation', seed: 'c0ffee', round: 1, versions, status: 'draft', createdBy: market.username, publishedBy: null, publishedAt: null });
    expect(d.resultHash).toBe(contentHash(result));
    expect(await getDraw(t.db, d.id)).toEqual({ ...d, roster, result });
    const audit = (await listAudit(t.db, { limit: 1 }))[0]!;
    expect(audit).toMatchObject({ action: 'draw.create', target: `draw:${d.id}`, reason: 'seed=c0ffee; dataset=1; at=2026-10-31', after_hash: d.resultHash, actor: market.username });
    expect(await codeOf(createDraw(t.db, transport, newDraw()))).toBe('FORBIDDEN:department');
    expect(await codeOf(createDraw(t.db, viewer, newDraw()))).toBe('FORBIDDEN:role');
  });

  it('lists draws newest first, of one dataset when asked', async () => {
    const a = await createDraw(t.db, office, newDraw({ name: 'a', datasetId: 7, department: null }));
    const b = await createDraw(t.db, office, newDraw({ name: 'b', datasetId: 8 }));
    const c = await createDraw(t.db, office, newDraw({ name: 'c', datasetId: 7 }));
    const all = await listDraws(t.db);
    expect(all.slice(0, 3).map((x) => x.id)).toEqual([c.id, b.id, a.id]);
    expect(all[0]).toEqual(c);
    expect((await listDraws(t.db, { datasetId: 7 })).map((x) => x.name)).toEqual(['c', 'a']);
    expect(await listDraws(t.db, { datasetId: 999 })).toEqual([]);
    expect(await codeOf(getDraw(t.db, 99_999))).toBe('NOT_FOUND:not-found');
  });

  it('publishes once, never by its department maker, audit-logged', async () => {
    const d = await createDraw(t.db, market, newDraw({ name: 'to publish' }));
    expect(await codeOf(publishDraw(t.db, market, d.id))).toBe('FORBIDDEN:self-approval');
    expect(await codeOf(publishDraw(t.db, transport, d.id))).toBe('FORBIDDEN:department');
    expect(await codeOf(publishDraw(t.db, viewer, d.id))).toBe('FORBIDDEN:role');
    expect(await codeOf(publishDraw(t.db, office, 99_999))).toBe('NOT_FOUND:not-found');
    const p = await publishDraw(t.db, marketColleague, d.id);
    expect(p).toMatchObject({ id: d.id, status: 'published', publishedBy: marketColleague.username, resultHash: d.resultHash });
    expect(p.publishedAt).not.toBeNull();
    expect(await getDraw(t.db, d.id)).toMatchObject({ status: 'published', publishedBy: marketColleague.username, publishedAt: p.publishedAt });
    expect(await codeOf(publishDraw(t.db, office, d.id))).toBe('PRECONDITION_FAILED:wrong-status');
    const audit = (await listAudit(t.db, { limit: 1 }))[0]!;
    expect(audit).toMatchObject({ action: 'draw.publish', target: `draw:${d.id}`, after_hash: d.resultHash, actor: marketColleague.username });
    // the credit office publishes its own draws itself
    const own = await createDraw(t.db, office, newDraw({ name: 'own' }));
    expect((await publishDraw(t.db, office, own.id)).status).toBe('published');
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
      const made = newDraw({ name: 'made by the server' });
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
      const next = await createDraw(old.db, author, newDraw({ name: 'after' }));
      expect(next.id).toBeGreaterThan(kept.id);
    } finally {
      await old.destroy();
    }
  });
});
