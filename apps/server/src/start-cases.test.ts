/**
 * A database seeded before golden cases were stored (its released versions have no cases) gets the
 * case files of policies/ at the next start, logged, and not twice. On SQLite and PostgreSQL.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigrator, getVersionByNumber, importReleasedVersion, listAudit, listCases, seed, SYSTEM_ACTOR, verifyAudit } from '@policy/db';
import { createDb } from '@policy/db/client';
import { createScratchDatabase, DIALECTS } from '@policy/db/test-support';
import type { ScratchDatabase } from '@policy/db/test-support';
import { createApp, REPO_ROOT } from './app.ts';
import { createLogger } from './logger.ts';

const POLICIES = join(REPO_ROOT, 'policies');
/** The migration before golden cases were stored. */
const BEFORE_GOLDEN_CASES = '2026_11_26_04_00_00_import_jobs';
const withCaseFiles = readdirSync(POLICIES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && readdirSync(join(POLICIES, d.name)).includes('v1.cases.json'))
  .map((d) => d.name)
  .sort();
const casesIn = (id: string) => (JSON.parse(readFileSync(join(POLICIES, id, 'v1.cases.json'), 'utf8')) as { cases: unknown[] }).cases.length;

describe.each(DIALECTS)('case files stored at start on %s', (dialect) => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await createScratchDatabase(dialect, 'policy_start_cases');
    // as the seed did before golden cases were stored: users, and the documents as released versions
    const h = createDb(scratch.url);
    try {
      const m = await createMigrator(h.db).migrateTo(BEFORE_GOLDEN_CASES);
      if (m.error) throw m.error;
      expect((await seed(h.db)).seeded).toBe(true);
      await h.db.transaction().execute(async (trx) => {
        for (const d of readdirSync(POLICIES, { withFileTypes: true }).filter((x) => x.isDirectory())) {
          await importReleasedVersion(trx, SYSTEM_ACTOR, JSON.parse(readFileSync(join(POLICIES, d.name, 'v1.json'), 'utf8')) as Record<string, unknown>);
        }
      });
    } finally {
      await h.destroy();
    }
  }, 120_000);
  afterAll(async () => {
    await scratch?.drop();
  });

  async function start() {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', write: (l) => lines.push(l) });
    const app = await createApp({ databaseUrl: scratch.url, port: 0, logger, adminDist: join(REPO_ROOT, 'no-admin-build') });
    const logged = lines.map((l) => JSON.parse(l) as { msg: string; versions?: number; cases?: number; files?: string[] });
    return { app, imported: logged.filter((l) => l.msg === 'golden case files imported') };
  }

  it('imports the case files at the next start and logs how many; a later start imports nothing', async () => {
    expect(withCaseFiles.length).toBeGreaterThan(3);
    const total = withCaseFiles.reduce((n, id) => n + casesIn(id), 0);
    const first = await start();
    try {
      expect(first.app.seedResult.seeded).toBe(false);
      expect(first.app.caseFiles.map((f) => f.documentId).sort()).toEqual(withCaseFiles);
      expect(first.imported).toMatchObject([{ versions: withCaseFiles.length, cases: total }]);
      const v1 = await getVersionByNumber(first.app.handle.db, SYSTEM_ACTOR, 'public-credit-class', 1);
      const set = await listCases(first.app.handle.db, SYSTEM_ACTOR, v1.id);
      expect([set.cases.length, set.sealed, set.cases[0]!.source]).toEqual([casesIn('public-credit-class'), true, 'policies/public-credit-class/v1.cases.json']);
    } finally {
      await first.app.close();
    }

    const second = await start();
    try {
      expect(second.app.caseFiles).toEqual([]);
      expect(second.imported).toEqual([]);
      const db = second.app.handle.db;
      const v1 = await getVersionByNumber(db, SYSTEM_ACTOR, 'public-credit-class', 1);
      expect((await listCases(db, SYSTEM_ACTOR, v1.id)).cases).toHaveLength(casesIn('public-credit-class'));
      const imports = (await listAudit(db, { limit: 1000 })).filter((e) => e.action === 'cases.import').map((e) => e.document_id).sort();
      expect(imports).toEqual(withCaseFiles);
      expect((await verifyAudit(db)).ok).toBe(true);
    } finally {
      await second.app.close();
    }
  }, 120_000);
});
