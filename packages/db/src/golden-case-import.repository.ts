/**
 * Golden case files of policies/ (`<id>/v<N>.cases.json`) stored with the released versions they
 * belong to, once, then sealed: by the seed (`importCaseFiles`, in the seed's transaction), and for
 * databases seeded before golden cases were stored, at the server's start and by
 * `policy db migrate | seed` (`importMissingCaseFiles`: idempotent, one transaction per version).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { validateCaseFile } from '@policy/schemas';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.repository.ts';
import { contentHash } from './canonical.ts';
import type { Database } from './database.ts';
import { forUpdate, writeTx } from './document-lock.ts';
import { DbError, isDbError } from './errors.ts';
import { isSealed, label, loadVersion, now, parsedDocument } from './golden-case.repository.ts';
import { uniqueViolationTable } from './raw.ts';

type Db = Kysely<Database>;

/** A case file stored with its version. */
export interface ImportedCaseFile {
  documentId: string;
  versionNumber: number;
  /** Number of cases stored. */
  cases: number;
  /** The file, relative to the policies folder: `<id>/v<N>.cases.json`. */
  file: string;
}

/** A case file that could not be stored (its version stays unsealed, so a later run tries again). */
export interface CaseFileProblem {
  file: string;
  message: string;
}

/**
 * Stores the case file of a released version that has none yet (`policies/<id>/v<N>.cases.json`,
 * as read by the seed) and seals the version's cases. Cases are checked like added ones; a file
 * that does not check throws BAD_REQUEST with its issues. Audited `cases.import`.
 */
export async function importCaseFile(trx: Db, actor: Actor, versionId: number, file: unknown, source: string, at = now()): Promise<number> {
  const { version, doc } = await loadVersion(trx, versionId);
  if (await isSealed(trx, versionId)) {
    throw new DbError('PRECONDITION_FAILED', `${label(doc, version)} 的黄金用例已封存 / the golden cases of ${label(doc, version)} are sealed`, { reason: 'immutable' });
  }
  const checked = validateCaseFile(file, parsedDocument(doc, version));
  if (!checked.success) {
    const issues = checked.issues.filter((i) => i.severity === 'error');
    throw new DbError('BAD_REQUEST', `${source}: 黄金用例文件无效（${issues.length} 处） / invalid case file (${issues.length} issue(s))`, { reason: 'invalid-input', issues });
  }
  const cases = checked.data.cases.map((c) => ({ name: c.name, at: c.at ?? checked.data.at, enterprise: c.enterprise, expect: c.expect }));
  for (const [k, c] of cases.entries()) {
    await trx
      .insertInto('golden_cases')
      .values({
        version_id: versionId,
        position: k,
        name: c.name,
        at: c.at,
        enterprise: JSON.stringify(c.enterprise),
        expect: JSON.stringify(c.expect),
        source,
        created_at: at,
        created_by: actor.username,
        updated_at: at,
      })
      .execute();
  }
  await sealCases(trx, versionId, at);
  await recordAudit(
    trx,
    actor,
    { action: 'cases.import', documentId: doc.id, versionNumber: Number(version.version_number), target: `cases:${cases.length}`, reason: source, afterHash: contentHash(cases) },
    at,
  );
  return cases.length;
}

/** Seals a version's cases (idempotent): from now on the database refuses any change to them. */
export async function sealCases(trx: Db, versionId: number, at = now()): Promise<void> {
  if (await isSealed(trx, versionId)) return;
  await trx.insertInto('golden_case_seals').values({ version_id: versionId, at }).execute();
}

/** Published versions whose cases are not sealed yet (those that may still receive their case file). */
async function unsealedReleased(db: Db): Promise<{ id: number; documentId: string; versionNumber: number }[]> {
  const rows = await db
    .selectFrom('versions')
    .leftJoin('golden_case_seals', 'golden_case_seals.version_id', 'versions.id')
    .select(['versions.id', 'versions.document_id', 'versions.version_number'])
    .where('versions.status', '=', 'published')
    .where('golden_case_seals.version_id', 'is', null)
    .orderBy('versions.document_id')
    .orderBy('versions.version_number')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), documentId: r.document_id, versionNumber: Number(r.version_number) }));
}

const caseFileOf = (v: { documentId: string; versionNumber: number }) => `${v.documentId}/v${v.versionNumber}.cases.json`;

/** Stores the version's case file when there is one (null: none, the version is only sealed). */
async function importOne(
  trx: Db,
  actor: Actor,
  policiesDir: string,
  v: { id: number; documentId: string; versionNumber: number },
  at: string,
): Promise<ImportedCaseFile | null> {
  const rel = caseFileOf(v);
  const path = join(policiesDir, rel);
  if (!existsSync(path)) {
    await sealCases(trx, v.id, at);
    return null;
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new DbError('BAD_REQUEST', `${rel}: JSON 语法错误 / invalid JSON: ${(e as Error).message}`, { reason: 'invalid-input' });
  }
  return { documentId: v.documentId, versionNumber: v.versionNumber, cases: await importCaseFile(trx, actor, v.id, data, `policies/${rel}`, at), file: rel };
}

/**
 * For every released version whose cases are not sealed yet: stores `<policiesDir>/<id>/v<N>.cases.json`
 * when it exists, and seals. Used by the seed, in its transaction; the first invalid file throws.
 */
export async function importCaseFiles(trx: Db, actor: Actor, policiesDir: string, at = now()): Promise<ImportedCaseFile[]> {
  const out: ImportedCaseFile[] = [];
  for (const v of await unsealedReleased(trx)) {
    const one = await importOne(trx, actor, policiesDir, v, at);
    if (one) out.push(one);
  }
  return out;
}

/**
 * The case files a database seeded before golden cases were stored is missing: as
 * {@link importCaseFiles}, one transaction per version, so it can run at every start. Idempotent
 * (a stored file seals its version; a second run finds nothing to do), safe when two processes
 * start at once (the loser of a version finds it stored), and nothing at all when `policiesDir`
 * does not exist. An invalid file is reported in `problems` and its version left unsealed (a later
 * run tries again); the others are stored.
 *
 * @example
 * const { imported, problems } = await importMissingCaseFiles(db, SYSTEM_ACTOR, join(root, 'policies'));
 */
export async function importMissingCaseFiles(db: Db, actor: Actor, policiesDir: string): Promise<{ imported: ImportedCaseFile[]; problems: CaseFileProblem[] }> {
  const imported: ImportedCaseFile[] = [];
  const problems: CaseFileProblem[] = [];
  if (!existsSync(policiesDir)) return { imported, problems };
  for (const v of await unsealedReleased(db)) {
    try {
      // the version row is locked first, so a second process waits and then finds the cases sealed
      const one = await writeTx(db, async (trx) => {
        await forUpdate(trx, trx.selectFrom('versions').select('id').where('id', '=', v.id)).execute();
        return (await isSealed(trx, v.id)) ? null : importOne(trx, actor, policiesDir, v, now());
      });
      if (one) imported.push(one);
    } catch (e) {
      // another process stored (or sealed) this version at the same time
      if (uniqueViolationTable(e) !== undefined) continue;
      if (isDbError(e) && e.code === 'BAD_REQUEST') {
        problems.push({ file: caseFileOf(v), message: e.message });
        continue;
      }
      throw e;
    }
  }
  return { imported, problems };
}
