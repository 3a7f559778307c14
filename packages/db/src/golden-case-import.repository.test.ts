/**
 * Case files stored for released versions that have none (a database seeded before golden cases
 * were stored): once, also when two processes do it at the same time; an invalid file is reported
 * and tried again next time; nothing without a policies folder. On SQLite and PostgreSQL.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from './actor.ts';
import { listAudit } from './audit.repository.ts';
import { importReleasedVersion } from './document.repository.ts';
import { importMissingCaseFiles } from './golden-case-import.repository.ts';
import { listCases } from './golden-case.repository.ts';
import type { TestDb } from './test-support.ts';
import { DIALECTS, gradingDoc, openTestDb } from './test-support.ts';

const enterprise = (uscc: string, records: unknown[] = []) => ({ uscc, name: `企业 ${uscc}`, industryCode: 'C2438', regionCode: '410481', status: 'active', records });
const good = {
  at: '2026-10-31',
  cases: [
    { name: '无记录为A', enterprise: enterprise('91410481MA40007005'), expect: { grade: 'A', rule: 'a' } },
    { name: '一次罚款为B', enterprise: enterprise('91410481MA40007018', [{ id: 'r1', kind: 'penalty.fine', date: '2026-04-01' }]), expect: { grade: 'B' } },
  ],
};
const bad = { at: '2026-10-31', cases: [{ name: '未知等级', enterprise: enterprise('91410481MA4000702B'), expect: { grade: 'Z' } }] };

describe.each(DIALECTS)('importMissingCaseFiles on %s', (dialect) => {
  let t: TestDb;
  let dir: string;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    dir = mkdtempSync(join(tmpdir(), 'policy-case-files-'));
    for (const [id, file] of [
      ['imp-good', good],
      ['imp-bad', bad],
    ] as const) {
      mkdirSync(join(dir, id));
      writeFileSync(join(dir, id, 'v1.cases.json'), JSON.stringify(file));
    }
    // released versions without cases, as a database seeded before golden cases were stored has them
    await t.db.transaction().execute(async (trx) => {
      for (const id of ['imp-good', 'imp-bad', 'imp-none']) await importReleasedVersion(trx, SYSTEM_ACTOR, gradingDoc({ id }));
    });
  });
  afterAll(async () => {
    await t?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const versionId = async (id: string) => Number((await t.db.selectFrom('versions').select('id').where('document_id', '=', id).executeTakeFirstOrThrow()).id);

  it('does nothing without a policies folder (nothing is sealed)', async () => {
    expect(await importMissingCaseFiles(t.db, SYSTEM_ACTOR, join(dir, 'missing'))).toEqual({ imported: [], problems: [] });
    expect((await listCases(t.db, SYSTEM_ACTOR, await versionId('imp-none'))).sealed).toBe(false);
  });

  it('stores each file once when two runs race, reports an invalid file and tries it again next time', async () => {
    const runs = await Promise.allSettled([importMissingCaseFiles(t.db, SYSTEM_ACTOR, dir), importMissingCaseFiles(t.db, SYSTEM_ACTOR, dir)]);
    expect(runs.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const done = runs.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof importMissingCaseFiles>>>).value);
    expect(done.flatMap((d) => d.imported)).toEqual([{ documentId: 'imp-good', versionNumber: 1, cases: 2, file: 'imp-good/v1.cases.json' }]);
    expect(done[0]!.problems).toMatchObject([{ file: 'imp-bad/v1.cases.json', message: expect.stringContaining('invalid case file') }]);

    const stored = await listCases(t.db, SYSTEM_ACTOR, await versionId('imp-good'));
    expect([stored.cases.map((c) => c.name), stored.sealed]).toEqual([['无记录为A', '一次罚款为B'], true]);
    expect((await listCases(t.db, SYSTEM_ACTOR, await versionId('imp-none'))).sealed).toBe(true);
    expect((await listCases(t.db, SYSTEM_ACTOR, await versionId('imp-bad'))).sealed).toBe(false);
    expect((await listAudit(t.db)).filter((e) => e.action === 'cases.import').map((e) => e.document_id)).toEqual(['imp-good']);

    // fixed: the next run stores it; then nothing is left to do
    writeFileSync(join(dir, 'imp-bad', 'v1.cases.json'), JSON.stringify({ ...bad, cases: [{ ...bad.cases[0]!, expect: { grade: 'A' } }] }));
    expect(await importMissingCaseFiles(t.db, SYSTEM_ACTOR, dir)).toEqual({ imported: [{ documentId: 'imp-bad', versionNumber: 1, cases: 1, file: 'imp-bad/v1.cases.json' }], problems: [] });
    expect(await importMissingCaseFiles(t.db, SYSTEM_ACTOR, dir)).toEqual({ imported: [], problems: [] });
  });
});
