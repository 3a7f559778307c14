/**
 * 起草说明 (explanatory notes, issue 15): the note a version carries into review, drafted in the admin
 * from the semantic diff and the impact report when the author submits, edited by the author, shown at
 * the top of the review page, printed with it and listed in the version history.
 *
 * - `get`: the note of one version (whoever may read the version);
 * - `ofDocument`: the notes of every version of a document the caller may read (for the history);
 * - `save`: the author or the credit office, while the version is a draft or in review (db
 *   explanatory-note.repository.ts has the rules: length, status, revision, audit).
 * Notes carry who changed them last by display name, never by login name alone.
 */
import { z } from 'zod';
import { displayNames, explanatoryNoteOf, explanatoryNotesOf, getVersion, history, NOTE_MAX_CHARS, saveExplanatoryNote, toActor } from '@policy/db';
import type { ExplanatoryNote } from '@policy/db';
import type { Context } from '../context.ts';
import { authedProcedure, roleProcedure, router } from '../trpc.ts';

const versionId = z.number().int().positive();

/** A note as the admin shows it: with the display name of whoever changed it last. */
export type NoteView = ExplanatoryNote & { updatedByName: string };

async function named(ctx: Context, notes: ExplanatoryNote[]): Promise<NoteView[]> {
  const names = await displayNames(ctx.db, notes.map((n) => n.updatedBy));
  return notes.map((n) => ({ ...n, updatedByName: names.get(n.updatedBy) ?? n.updatedBy }));
}

export const notesRouter = router({
  /** The version's note, or null (unreadable versions are refused as by `documents.get`). */
  get: authedProcedure.input(z.object({ versionId })).query(async ({ ctx, input }) => {
    await getVersion(ctx.db, toActor(ctx.user), input.versionId);
    const note = await explanatoryNoteOf(ctx.db, input.versionId);
    return { note: note ? (await named(ctx, [note]))[0]! : null, maxChars: NOTE_MAX_CHARS };
  }),

  /** The notes of the document's readable versions, by version id. */
  ofDocument: authedProcedure.input(z.object({ documentId: z.string().min(1).max(128) })).query(async ({ ctx, input }) => {
    const versions = await history(ctx.db, toActor(ctx.user), input.documentId);
    return named(ctx, await explanatoryNotesOf(ctx.db, versions.map((v) => v.id)));
  }),

  /**
   * Stores the note; `revision` is the one last read (0 when there was none). Refused: too long
   * (BAD_REQUEST), not the author or the credit office (FORBIDDEN), the version approved, rejected,
   * published or already reviewed (PRECONDITION_FAILED), stale revision (CONFLICT with the stored text).
   */
  save: roleProcedure('credit-office', 'department-editor')
    // the payload is bounded here; the limit people meet (with its Chinese message) is the repository's
    .input(z.object({ versionId, text: z.string().max(NOTE_MAX_CHARS * 4), revision: z.number().int().min(0) }))
    .mutation(async ({ ctx, input }) => {
      const actor = toActor(ctx.user);
      // the same read check as `get`: a version of another department is not found, not revealed
      await getVersion(ctx.db, actor, input.versionId);
      return (await named(ctx, [await saveExplanatoryNote(ctx.db, actor, input)]))[0]!;
    }),
});
