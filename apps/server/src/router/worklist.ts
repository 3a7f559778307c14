/**
 * What needs me (首页 "待我处理"): per role, the work waiting for the signed-in user, each entry with
 * what the screen it links to needs, in the names people read (display names, document titles,
 * item names), never internal ids alone.
 * - reviewers and the credit office: versions in review that they did not make and have not reviewed;
 * - whoever drafted: their drafts returned by a reviewer (已退回) with the reviewer and the opinion;
 * - the credit office: approved versions waiting to be published;
 * - department editors: changes of their supervision items not yet reported whose 10-working-day
 *   report deadline (`ITEM_REPORT_WORKING_DAYS`) is at most {@link DEADLINE_NEAR_WORKING_DAYS} working days away, or past;
 * - everyone: releases taking effect in the next {@link UPCOMING_DAYS} days.
 *
 * "Returned" is derived from the stored rejection (db worklist.repository.ts), not stored again.
 */
import { z } from 'zod';
import { addWorkingDays, canReview, ITEM_REPORT_WORKING_DAYS, workingDaysBetween } from '@policy/schemas';
import { displayNames, getVersion, listDocuments, returnedDrafts, toActor } from '@policy/db';
import type { DocumentSummary, ReturnedDraft } from '@policy/db';
import type { Context } from '../context.ts';
import { todayIso } from '../firm-access.ts';
import { authedProcedure, router } from '../trpc.ts';

/** A report deadline this many working days away (or less, or past) is "near". */
export const DEADLINE_NEAR_WORKING_DAYS = 3;
/** Releases taking effect within this many calendar days are listed. */
export const UPCOMING_DAYS = 30;

const DAY = 86_400_000;
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);

/** A returned draft as people read it: the reviewer by display name. */
export type Returned = ReturnedDraft & { title: string; authorId: number | null };

async function returnedOf(ctx: Context, docs: readonly DocumentSummary[]): Promise<Returned[]> {
  const drafts = docs.flatMap((d) => (d.latest && d.latest.status === 'draft' ? [d] : []));
  const found = await returnedDrafts(ctx.db, drafts.map((d) => d.latest!.id));
  return drafts.flatMap((d) => {
    const r = found.get(d.latest!.id);
    return r ? [{ ...r, title: d.title, authorId: d.latest!.authorId }] : [];
  });
}

interface DeadlineChange {
  documentId: string;
  title: string;
  versionNumber: number;
  /** The version listed is a draft the editor can change (else in review or approved: it is reported in the next draft). */
  draft: boolean;
  itemCode: string;
  itemName: string;
  changeType: 'added' | 'changed' | 'removed';
  changeDate: string;
  deadline: string;
  /** Working days from today to the deadline; negative when it has passed. */
  workingDaysLeft: number;
}

async function deadlinesOf(ctx: Context, docs: readonly DocumentSummary[], today: string): Promise<DeadlineChange[]> {
  const user = ctx.user!;
  if (user.role !== 'department-editor' || !user.department) return [];
  const out: DeadlineChange[] = [];
  for (const d of docs) {
    if (d.kind !== 'supervision-items' || d.owner !== user.department || !d.latest) continue;
    const v = await getVersion(ctx.db, toActor(user), d.latest.id);
    const items = ((v.content.content as { items?: unknown[] } | undefined)?.items ?? []) as {
      code?: string;
      name?: string;
      changes?: { date?: string; type?: DeadlineChange['changeType']; reportedAt?: string }[];
    }[];
    for (const it of items) {
      for (const ch of it.changes ?? []) {
        if (ch.reportedAt || !ch.date || !/^\d{4}-\d{2}-\d{2}$/.test(ch.date)) continue;
        const deadline = addWorkingDays(ch.date, ITEM_REPORT_WORKING_DAYS);
        const left = deadline >= today ? workingDaysBetween(today, deadline) : -workingDaysBetween(deadline, today);
        if (left > DEADLINE_NEAR_WORKING_DAYS) continue;
        out.push({
          documentId: d.id,
          title: d.title,
          versionNumber: d.latest.versionNumber,
          draft: d.latest.status === 'draft',
          itemCode: it.code ?? '',
          itemName: it.name ?? '',
          changeType: ch.type ?? 'changed',
          changeDate: ch.date,
          deadline,
          workingDaysLeft: left,
        });
      }
    }
  }
  return out.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.itemCode.localeCompare(b.itemCode));
}

export const worklistRouter = router({
  /** The signed-in user's queues (see the module comment); `today` is the server's date. */
  home: authedProcedure.query(async ({ ctx }) => {
    const user = ctx.user;
    const actor = toActor(user);
    const today = todayIso();
    const docs = await listDocuments(ctx.db, actor);
    const names = await displayNames(ctx.db, docs.flatMap((d) => (d.latest ? [d.latest.authorName] : [])));
    const nameOf = (u: string) => names.get(u) ?? u;

    let reviews: { documentId: string; title: string; kind: string; versionNumber: number; authorName: string; submittedAt: string | null }[] = [];
    if (canReview(user)) {
      const open = docs.filter((d) => d.latest?.status === 'in-review' && d.latest.authorId !== user.id);
      const mine = new Set(
        open.length === 0
          ? []
          : (
              await ctx.db
                .selectFrom('reviews')
                .select('version_id')
                .where('reviewer_id', '=', user.id)
                .where('version_id', 'in', open.map((d) => d.latest!.id))
                .execute()
            ).map((r) => Number(r.version_id)),
      );
      reviews = open
        .filter((d) => !mine.has(d.latest!.id))
        .map((d) => ({
          documentId: d.id,
          title: d.title,
          kind: d.kind,
          versionNumber: d.latest!.versionNumber,
          authorName: nameOf(d.latest!.authorName),
          submittedAt: d.latest!.submittedAt,
        }));
    }

    const returned = (await returnedOf(ctx, docs)).filter((r) => r.authorId === user.id);

    const approved =
      user.role === 'credit-office'
        ? docs
            .filter((d) => d.latest?.status === 'approved')
            .map((d) => ({
              documentId: d.id,
              title: d.title,
              kind: d.kind,
              versionNumber: d.latest!.versionNumber,
              authorName: nameOf(d.latest!.authorName),
              effectiveFrom: d.latest!.effectiveFrom,
              approvedAt: d.latest!.updatedAt,
            }))
        : [];

    const horizon = addDays(today, UPCOMING_DAYS);
    const upcoming = docs
      .flatMap((d) => (d.scheduled && d.scheduled.effectiveFrom && d.scheduled.effectiveFrom > today && d.scheduled.effectiveFrom <= horizon ? [{ d, v: d.scheduled }] : []))
      .map(({ d, v }) => ({
        documentId: d.id,
        title: d.title,
        kind: d.kind,
        versionNumber: v.versionNumber,
        effectiveFrom: v.effectiveFrom!,
        days: daysBetween(today, v.effectiveFrom!),
      }))
      .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));

    const deadlines = await deadlinesOf(ctx, docs, today);
    return { today, reviews, returned, approved, deadlines, upcoming };
  }),

  /**
   * Drafts returned by a reviewer (已退回) that the user can read, newest draft per document, with the
   * reviewer's display name, date and opinion; optionally of one document only.
   */
  returned: authedProcedure
    .input(z.object({ documentId: z.string().min(1).max(200).optional() }).default({}))
    .query(async ({ ctx, input }) => {
      const docs = (await listDocuments(ctx.db, toActor(ctx.user))).filter((d) => input.documentId === undefined || d.id === input.documentId);
      return returnedOf(ctx, docs);
    }),
});
