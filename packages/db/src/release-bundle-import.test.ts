/**
 * Importing a release bundle into another installation, on SQLite and PostgreSQL: a fresh database
 * keeps every content hash; the same bundle twice reports all same and writes nothing; a tampered
 * bundle, a document of another kind and a local version that would stay in force are refused with
 * nothing changed; only the credit office imports.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReleaseBundle } from '@policy/schemas';
import type { Actor } from './actor.ts';
import { SYSTEM_ACTOR } from './actor.ts';
import { auditHead, listAudit, verifyAudit } from './audit.repository.ts';
import type { Database } from './database.ts';
import { writeTx } from './document-lock.ts';
import { importReleasedVersion } from './document-write.repository.ts';
import { inForceAt } from './document-read.repository.ts';
import { isDbError } from './errors.ts';
import { importReleaseBundle } from './release-bundle-import.ts';
import { releaseBundleAt } from './release-bundle.ts';
import { DIALECTS, gradingDoc, itemsDoc, makeActor, openTestDb } from './test-support.ts';
import type { TestDb } from './test-support.ts';

const AT = '2026-10-31';

const release = (db: Kysely<Database>, doc: Record<string, unknown>) => writeTx(db, (trx) => importReleasedVersion(trx, SYSTEM_ACTOR, doc));

/** Grading v2 with a third grade: content different from v1. */
const gradingV2 = () => {
  const g = gradingDoc({ version: 2, effectiveFrom: '2026-06-01' });
  const content = g.content as { grades: unknown[]; decision: { rules: unknown[] } };
  content.grades = [...content.grades, { code: 'C', label: { zh: '严重失信' } }];
  content.decision.rules = [{ id: 'c', grade: 'C', when: { measure: 'general-count', op: '>=', value: 5 } }, ...content.decision.rules];
  return g;
};

async function snapshot(db: Kysely<Database>) {
  const versions = await db.selectFrom('versions').select(['document_id', 'version_number', 'content_hash']).orderBy('id').execute();
  return { versions, head: await auditHead(db) };
}

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (isDbError(e)) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe.each(DIALECTS)('release bundle import on %s', (dialect) => {
  let city: TestDb;
  let county: TestDb;
  let countyOffice: Actor;
  let bundle: ReleaseBundle;
  beforeAll(async () => {
    city = await openTestDb(dialect);
    county = await openTestDb(dialect);
    await release(city.db, gradingDoc());
    await release(city.db, gradingV2());
    await release(city.db, itemsDoc('market'));
    bundle = await releaseBundleAt(city.db, AT);
    countyOffice = await makeActor(county.db, 'credit-office', 'credit-office');
  }, 60_000);
  afterAll(async () => {
    await city?.destroy();
    await county?.destroy();
  });

  it('imports into a fresh database keeping every content hash, audited once with the bundle hash', async () => {
    expect(bundle.documents.map((d) => [d.id, d.version])).toEqual([
      ['public-credit-class', 2],
      ['supervision-items-market', 1],
    ]);
    const report = await importReleaseBundle(county.db, countyOffice, JSON.parse(JSON.stringify(bundle)));
    expect(report.counts).toEqual({ same: 0, new: 2, changed: 0 });
    expect(report.documents.map((d) => [d.documentId, d.outcome, d.oldHash, d.newHash, d.storedVersion])).toEqual(
      bundle.documents.map((d) => [d.id, 'new', null, d.contentHash, d.version]),
    );
    const here = await releaseBundleAt(county.db, AT);
    expect(here.documents.map((d) => [d.id, d.version, d.effectiveFrom, d.contentHash])).toEqual(bundle.documents.map((d) => [d.id, d.version, d.effectiveFrom, d.contentHash]));
    const audit = await listAudit(county.db);
    const summaries = audit.filter((a: { action: string }) => a.action === 'bundle.import');
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({ target: `bundle:${bundle.bundleHash}` });
    expect((await verifyAudit(county.db)).ok).toBe(true);
  });

  it('importing the same bundle twice reports all same and changes nothing', async () => {
    const before = await snapshot(county.db);
    const report = await importReleaseBundle(county.db, countyOffice, bundle);
    expect(report.changed).toBe(false);
    expect(report.documents.every((d) => d.outcome === 'same' && d.oldHash === d.newHash && d.storedVersion === null)).toBe(true);
    expect(await snapshot(county.db)).toEqual(before);
  });

  it('refuses a tampered bundle and changes nothing', async () => {
    const other = await openTestDb(dialect);
    try {
      const office = await makeActor(other.db, 'credit-office', 'credit-office');
      const before = await snapshot(other.db);
      const tampered = JSON.parse(JSON.stringify(bundle)) as ReleaseBundle;
      (tampered.documents[0]!.content as { title: string }).title = '公共信用分类（改）';
      const e = await refusal(importReleaseBundle(other.db, office, tampered));
      expect(e.code).toBe('BAD_REQUEST');
      expect(e.details.reason).toBe('invalid-bundle');
      expect(e.message).toMatch(/发布包校验失败/);
      expect(await snapshot(other.db)).toEqual(before);
      // hash-consistent but not a bundle of this format either
      const e2 = await refusal(importReleaseBundle(other.db, office, { ...bundle, format: 'x' }));
      expect(e2.details.reason).toBe('invalid-bundle');
      expect(await snapshot(other.db)).toEqual(before);
    } finally {
      await other.destroy();
    }
  });

  it('imports what changed as a new version (old hash → new hash) and says what is only here', async () => {
    const other = await openTestDb(dialect);
    try {
      const office = await makeActor(other.db, 'credit-office', 'credit-office');
      await release(other.db, gradingDoc());
      await release(other.db, itemsDoc('market'));
      await release(other.db, itemsDoc('transport', '道路运输企业检查'));
      const v1 = (await inForceAt(other.db, AT)).find((v) => v.documentId === 'public-credit-class')!;
      const report = await importReleaseBundle(other.db, office, bundle);
      expect(report.counts).toEqual({ same: 1, new: 0, changed: 1 });
      const grading = report.documents.find((d) => d.documentId === 'public-credit-class')!;
      expect(grading).toMatchObject({ outcome: 'changed', oldHash: v1.contentHash, oldVersion: 1, newHash: bundle.documents[0]!.contentHash, storedVersion: 2 });
      expect(grading.differences.map((x) => x.zh).join('\n')).toMatch(/C/);
      expect(report.documents.find((d) => d.documentId === 'supervision-items-market')!.differences).toEqual([]);
      expect(report.onlyHere.map((d) => d.documentId)).toEqual(['supervision-items-transport']);
      const now = await inForceAt(other.db, AT);
      expect(now.find((v) => v.documentId === 'public-credit-class')!.contentHash).toBe(bundle.documents[0]!.contentHash);
      // before the bundle's version takes effect the local v1 still applies
      expect((await inForceAt(other.db, '2026-03-01')).find((v) => v.documentId === 'public-credit-class')!.contentHash).toBe(v1.contentHash);
      expect((await verifyAudit(other.db)).ok).toBe(true);
    } finally {
      await other.destroy();
    }
  });

  it('refuses the whole import when a local version would stay in force, or a document differs in kind; nothing changes', async () => {
    const other = await openTestDb(dialect);
    try {
      const office = await makeActor(other.db, 'credit-office', 'credit-office');
      // local grading v5 from 2026-09-01: later than the bundle's 2026-06-01, before its date
      await release(other.db, gradingDoc({ version: 5, effectiveFrom: '2026-09-01', title: '本地分类' }));
      const before = await snapshot(other.db);
      const e = await refusal(importReleaseBundle(other.db, office, bundle));
      expect(e.code).toBe('CONFLICT');
      expect(e.details.reason).toBe('superseded-here');
      expect(e.message).toMatch(/public-credit-class（本系统 v5 自 2026-09-01 生效）/);
      expect(e.message).toMatch(/未导入任何内容/);
      // the items document, stored before the check, was not kept either
      expect(await snapshot(other.db)).toEqual(before);

      const third = await openTestDb(dialect);
      try {
        const o3 = await makeActor(third.db, 'credit-office', 'credit-office');
        await release(third.db, { ...itemsDoc('market'), id: 'public-credit-class', title: '同名不同类' });
        const b3 = await snapshot(third.db);
        const e3 = await refusal(importReleaseBundle(third.db, o3, bundle));
        expect(e3.details.reason).toBe('document-mismatch');
        expect(await snapshot(third.db)).toEqual(b3);
      } finally {
        await third.destroy();
      }
    } finally {
      await other.destroy();
    }
  });

  it('only the credit office imports', async () => {
    const reviewer = await makeActor(county.db, 'reviewer');
    const e = await refusal(importReleaseBundle(county.db, reviewer, bundle));
    expect(e.code).toBe('FORBIDDEN');
  });
});
