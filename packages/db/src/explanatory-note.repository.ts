/**
 * 起草说明 (explanatory notes, issue 15): the note a version carries into review — what changed, the
 * expected effect, the legal basis and the author's reasons — drafted in the admin when the author
 * submits, stored here with the version, shown in review, printed and listed in the history.
 *
 * Rules (enforced here, and below the application by the migration's guard):
 * - written only while the version is a draft or in review, and in review only until the first review
 *   decision (a reviewer approves what they read); approved, rejected and released versions' notes
 *   never change (PRECONDITION_FAILED `wrong-status`);
 * - by the credit office, or by a department editor who may write the document and made the version
 *   (created, saved or submitted it: `makersOf`); never by reviewers or viewers (FORBIDDEN);
 * - at most {@link NOTE_MAX_CHARS} characters (BAD_REQUEST with a Chinese message);
 * - `revision` is the one last read (0: no note yet); a stale one is CONFLICT `stale-revision` with the
 *   stored text, so of two simultaneous edits exactly one wins (under the version's row lock);
 * - every change is audited (`version.note`, with hashes of the old and new text).
 */
import type { Kysely } from 'kysely';
import type { Actor } from './actor.ts';
import { actorId } from './actor.ts';
import { recordAudit } from './audit.repository.ts';
import { sha256 } from './canonical.ts';
import type { Database } from './database.ts';
import { writeTx } from './document-lock.ts';
import { assertWrite, loadVersion, now } from './document-rows.ts';
import { DbError } from './errors.ts';
import type { ExplanatoryNoteRow } from './explanatory-note.table.ts';
import { makersOf } from './version-makers.ts';

type Db = Kysely<Database>;

/** The longest note accepted, in characters (a long supervision-item change stays well below). */
export const NOTE_MAX_CHARS = 20_000;

export interface ExplanatoryNote {
  versionId: number;
  text: string;
  revision: number;
  /** Login name of whoever changed it last. */
  updatedBy: string;
  updatedById: number | null;
  updatedAt: string;
}

const toNote = (r: ExplanatoryNoteRow): ExplanatoryNote => ({
  versionId: Number(r.version_id),
  text: r.text,
  revision: Number(r.revision),
  updatedBy: r.updated_by,
  updatedById: r.updated_by_id === null ? null : Number(r.updated_by_id),
  updatedAt: r.updated_at,
});

const STATUS_ZH: Record<string, string> = {
  approved: '已批准',
  rejected: '已退回',
  published: '已发布',
  superseded: '已被替代',
};

/** The note of a version; null when it has none. Callers check that the actor may read the version. */
export async function explanatoryNoteOf(db: Db, versionId: number): Promise<ExplanatoryNote | null> {
  const r = await db.selectFrom('explanatory_notes').selectAll().where('version_id', '=', versionId).executeTakeFirst();
  return r ? toNote(r) : null;
}

/** The notes of several versions (those without one are left out). */
export async function explanatoryNotesOf(db: Db, versionIds: readonly number[]): Promise<ExplanatoryNote[]> {
  if (versionIds.length === 0) return [];
  const rows = await db.selectFrom('explanatory_notes').selectAll().where('version_id', 'in', [...versionIds]).orderBy('version_id').execute();
  return rows.map(toNote);
}

/**
 * Stores a version's note (see the module's rules). Returns the stored note; the same text again is
 * not a change (no new revision, no audit entry).
 *
 * @example
 * const note = await saveExplanatoryNote(db, editor, { versionId: draft.id, text, revision: 0 });
 */
export async function saveExplanatoryNote(db: Db, actor: Actor, input: { versionId: number; text: string; revision: number }): Promise<ExplanatoryNote> {
  const text = input.text.replace(/\r\n/g, '\n').trimEnd();
  if ([...text].length > NOTE_MAX_CHARS) {
    throw new DbError('BAD_REQUEST', `起草说明不能超过 ${NOTE_MAX_CHARS} 字（现有 ${[...text].length} 字），请精简 / the explanatory note is limited to ${NOTE_MAX_CHARS} characters (now ${[...text].length})`, {
      reason: 'invalid-input',
    });
  }
  if (actor.role !== 'credit-office' && actor.role !== 'department-editor') {
    throw new DbError('FORBIDDEN', `只有版本的起草人或信用办可以修改起草说明 / only the version's author or the credit office edit its explanatory note (role ${actor.role})`, {
      reason: 'role',
    });
  }
  return writeTx(db, async (trx) => {
    const { version, doc } = await loadVersion(trx, input.versionId, { lock: true });
    const label = `v${version.version_number}`;
    if (actor.role !== 'credit-office') {
      assertWrite(actor, doc);
      if (!(await makersOf(trx, version)).has(actor.id)) {
        throw new DbError('FORBIDDEN', `只有版本的起草人或信用办可以修改起草说明 / only the version's author or the credit office edit its explanatory note`, {
          reason: 'not-author',
        });
      }
    }
    if (version.status !== 'draft' && version.status !== 'in-review') {
      throw new DbError(
        'PRECONDITION_FAILED',
        `${label} ${STATUS_ZH[version.status] ?? version.status}，起草说明不能再修改 / the explanatory note of ${label} no longer changes (${version.status})`,
        { reason: 'wrong-status' },
      );
    }
    if (version.status === 'in-review') {
      const reviewed = await trx.selectFrom('reviews').select('id').where('version_id', '=', version.id).executeTakeFirst();
      if (reviewed) {
        throw new DbError('PRECONDITION_FAILED', `${label} 已有审核意见，起草说明不能再修改 / ${label} has been reviewed: its explanatory note no longer changes`, {
          reason: 'wrong-status',
        });
      }
    }
    const stored = await trx.selectFrom('explanatory_notes').selectAll().where('version_id', '=', version.id).executeTakeFirst();
    const current = stored ? Number(stored.revision) : 0;
    if (input.revision !== current) {
      throw new DbError('CONFLICT', `起草说明已被他人修改，请刷新后再改 / the explanatory note changed since revision ${input.revision} (now ${current})`, {
        reason: 'stale-revision',
        currentRevision: current,
        currentContent: stored?.text ?? null,
      });
    }
    if (stored && stored.text === text) return toNote(stored);
    const at = now();
    const row = { text, revision: current + 1, updated_by: actor.username, updated_by_id: actorId(actor), updated_at: at };
    if (stored) await trx.updateTable('explanatory_notes').set(row).where('version_id', '=', version.id).where('revision', '=', current).execute();
    else await trx.insertInto('explanatory_notes').values({ version_id: Number(version.id), ...row }).execute();
    const excerpt = [...text].length > 200 ? `${[...text].slice(0, 200).join('')}…` : text;
    await recordAudit(
      trx,
      actor,
      {
        action: 'version.note',
        documentId: doc.id,
        versionNumber: Number(version.version_number),
        reason: excerpt || '（清空）',
        beforeHash: stored ? sha256(stored.text) : null,
        afterHash: sha256(text),
      },
      at,
    );
    return toNote({ version_id: version.id, ...row });
  });
}
