/**
 * 双随机、一公开 (issue 14): rounds registered in advance with a public value; one draw per department
 * and round whose seed is derived from recorded values (run hash or dataset hash and versions,
 * department, round, public value, attempt) — the drawer never passes one; redraws with a written
 * reason approved by a second person; drafts visible to their department and the credit office
 * only; publication gives the public list (never the grade); outcomes entered back; the yearly plan
 * and joint inspections.
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  checkMayDraw,
  checkMayReadDraft,
  createDraw,
  decideRedraw,
  getDraw,
  getRound,
  INSPECTION_OUTCOMES,
  listDraws,
  listOutcomes,
  listRedraws,
  listRounds,
  nextAttempt,
  publicInspections,
  publicListFile,
  publishDraw,
  readsWhole,
  recordAudit,
  recordOutcome,
  registerRound,
  requestRedraw,
  toActor,
} from '@policy/db';
import type { Draw, DrawDetail } from '@policy/db';
import type { RoundDrawRecord } from '@policy/evaluation';
import { jointInspections } from '@policy/evaluation';
import { computeDraw, planFor, verifyDraw } from '../draw-service.ts';
import type { DrawRequest } from '../draw-service.ts';
import type { Reader } from '../firm-access.ts';
import { recordRead } from '../firm-access.ts';
import { authedProcedure, roleProcedure, router } from '../trpc.ts';
import { department, inspectorsRouter, MIME } from './draw-inspectors.ts';
import { isoDate } from './documents.ts';

const id = z.number().int().positive();
const round = z.string().min(1).max(32);
/** Where the population comes from: a signed-off run, or the policies in force on a dataset at a date. */
const source = {
  runId: id.optional(),
  datasetId: id.optional(),
  at: isoDate.optional(),
};
const drawInput = z.object({ department, round, ...source, cap: z.number().int().min(1).max(100_000).optional() });

/** A draw as its department and the credit office see it: everything stored, with its outcomes. */
async function wholeView(ctx: Reader, d: DrawDetail) {
  const { result, ...rest } = d;
  return { ...rest, record: result as RoundDrawRecord, outcomes: await listOutcomes(ctx.db, d.id) };
}

/** A published draw as everyone else sees it: what was drawn from (no enterprise) and the public list. */
async function publicView(ctx: Reader, d: DrawDetail) {
  const { result: _result, roster: _roster, ...rest } = d;
  const registered = d.department && d.roundLabel ? await getRound(ctx.db, d.department, d.roundLabel) : undefined;
  return { ...rest, publicList: publicInspections(d, registered) };
}

/** Refuses (FORBIDDEN, recorded) a reader who may not see this draw: a draft outside its department and the credit office. */
async function requireVisible(ctx: Reader, d: Draw, procedure: string): Promise<'whole' | 'public'> {
  const actor = toActor(ctx.user);
  if (readsWhole(actor, d.department)) return 'whole';
  if (d.status === 'published') return 'public';
  await recordRead(ctx, 'read.refused', { procedure, drawId: d.id, datasetId: d.datasetId });
  checkMayReadDraft(actor, d.department);
  throw new TRPCError({ code: 'FORBIDDEN' });
}

const requestOf = (input: z.infer<typeof drawInput>): DrawRequest => ({ department: input.department, round: input.round, runId: input.runId ?? null, datasetId: input.datasetId ?? null, at: input.at ?? null, cap: input.cap ?? null });

export const drawsRouter = router({
  inspectors: inspectorsRouter,

  rounds: router({
    /** Registers a round before its draw: the public value (e.g. a lottery number) is fixed here and never changes. */
    register: roleProcedure('credit-office', 'department-editor')
      .input(z.object({ department, round, publicValue: z.string().min(1).max(200), windowFrom: isoDate.optional(), windowTo: isoDate.optional() }))
      .mutation(({ ctx, input }) => registerRound(ctx.db, toActor(ctx.user), input)),
    list: authedProcedure.input(z.object({ department: department.optional() }).default({})).query(({ ctx, input }) => listRounds(ctx.db, input.department)),
  }),

  /** What `create` would store now (same seed), without storing it; its department and the credit office only. */
  preview: roleProcedure('credit-office', 'department-editor')
    .input(drawInput)
    .mutation(async ({ ctx, input }) => {
      checkMayDraw(toActor(ctx.user), input.department);
      const { attempt } = await nextAttempt(ctx.db, input.department, input.round);
      const c = await computeDraw(ctx, requestOf(input), attempt);
      await recordRead(ctx, 'read.draw', { procedure: 'draws.preview', datasetId: c.datasetId, count: c.record.inspections.length });
      return { attempt, seed: c.seed, seedInputs: c.seedInputs, datasetId: c.datasetId, at: c.at, runId: c.runId, record: c.record };
    }),

  /**
   * Draws the round and stores it as a draft. A second draw of a round is refused (CONFLICT) unless
   * a redraw was approved; two simultaneous draws store exactly one.
   */
  create: roleProcedure('credit-office', 'department-editor')
    .input(drawInput.extend({ name: z.string().min(1).max(200).optional() }))
    .mutation(async ({ ctx, input }) => {
      const actor = toActor(ctx.user);
      checkMayDraw(actor, input.department);
      const { attempt, redrawId } = await nextAttempt(ctx.db, input.department, input.round).catch(async (e: unknown) => {
        await recordAudit(ctx.db, actor, { action: 'draw.refused', target: `draws:${input.department}:${input.round}`, reason: '每轮只能抽取一次 / one draw per round' });
        throw e;
      });
      const c = await computeDraw(ctx, requestOf(input), attempt);
      const created = await createDraw(ctx.db, actor, {
        name: input.name ?? `${input.round} ${input.department}`,
        datasetId: c.datasetId,
        at: c.at,
        department: input.department,
        round: input.round,
        attempt,
        redrawId,
        seedInputs: c.seedInputs,
        runId: c.runId,
        cap: input.cap ?? null,
        roster: c.roster,
        versions: c.versions,
        result: c.record,
      });
      await recordRead(ctx, 'read.draw', { procedure: 'draws.create', drawId: created.id, datasetId: c.datasetId, count: c.record.inspections.length });
      return { ...created, record: c.record };
    }),

  /** Asks for a redraw of a draft (written reason, ≥ 10 characters); a second person approves. */
  requestRedraw: roleProcedure('credit-office', 'department-editor')
    .input(z.object({ id, reason: z.string().min(1).max(2000) }))
    .mutation(({ ctx, input }) => requestRedraw(ctx.db, toActor(ctx.user), { drawId: input.id, reason: input.reason })),

  /** Approves (or with `approve: false` rejects) a redraw: the credit office or a reviewer, not the requester. */
  approveRedraw: roleProcedure('credit-office', 'reviewer')
    .input(z.object({ requestId: id, approve: z.boolean().default(true), note: z.string().max(2000).optional() }))
    .mutation(({ ctx, input }) => decideRedraw(ctx.db, toActor(ctx.user), input)),

  redraws: authedProcedure
    .input(z.object({ department: department.optional(), round: round.optional() }).default({}))
    .query(({ ctx, input }) => {
      const actor = toActor(ctx.user);
      if (actor.role === 'viewer') throw new TRPCError({ code: 'FORBIDDEN', message: '只读用户不能查看重新抽取申请 / viewers cannot see redraw requests' });
      const scoped = actor.role === 'department-editor' ? { ...input, department: actor.department ?? '' } : input;
      return listRedraws(ctx.db, scoped);
    }),

  /** Stored draws: every published one; drafts and superseded ones only of the reader's department (all for the credit office). */
  list: authedProcedure
    .input(z.object({ datasetId: id.optional(), department: department.optional(), round: round.optional() }).default({}))
    .query(async ({ ctx, input }) => {
      const actor = toActor(ctx.user);
      return (await listDraws(ctx.db, input)).filter((d) => d.status === 'published' || readsWhole(actor, d.department));
    }),

  /**
   * One draw: whole (record with grades and inspectors, roster, seed inputs, outcomes) for its
   * department and the credit office; once published, its public view for everyone else; a draft
   * is FORBIDDEN to anyone else (viewers, reviewers, other departments).
   */
  get: authedProcedure.input(z.object({ id })).query(async ({ ctx, input }) => {
    const d = await getDraw(ctx.db, input.id);
    const view = await requireVisible(ctx, d, 'draws.get');
    if (view === 'public') return { view, ...(await publicView(ctx, d)) };
    await recordRead(ctx, 'read.draw', { procedure: 'draws.get', drawId: d.id, datasetId: d.datasetId, count: (d.result as RoundDrawRecord).inspections?.length ?? 0 });
    return { view, ...(await wholeView(ctx, d)) };
  }),

  /** Publishes a draft (一公开): by the credit office, or a department editor other than its maker. */
  publish: roleProcedure('credit-office', 'department-editor')
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => publishDraw(ctx.db, toActor(ctx.user), input.id)),

  /** The public list of a published draw (no grade), as rows and, when asked, a CSV or XLSX file. */
  publicList: authedProcedure.input(z.object({ id, format: z.enum(['json', 'csv', 'xlsx']).default('json') })).query(async ({ ctx, input }) => {
    const d = await getDraw(ctx.db, input.id);
    if (d.status !== 'published') await requireVisible(ctx, d, 'draws.publicList');
    const registered = d.department && d.roundLabel ? await getRound(ctx.db, d.department, d.roundLabel) : undefined;
    const rows = publicInspections(d, registered);
    const title = `${d.roundLabel ?? ''} ${d.department ?? ''} 双随机抽查名单`.trim();
    if (input.format === 'json') return { id: d.id, title, rows, file: null };
    const data = await publicListFile(rows, input.format, title);
    return { id: d.id, title, rows, file: { filename: `${title}.${input.format}`, mimeType: MIME[input.format], contentBase64: data.toString('base64') } };
  }),

  /** Enters an inspection's outcome after publication: 未发现问题 no-problem / 发现问题 problem (with a note) / 未检查 not-inspected. */
  recordOutcome: roleProcedure('credit-office', 'department-editor')
    .input(z.object({ id, uscc: z.string().min(1).max(18), outcome: z.enum(INSPECTION_OUTCOMES), note: z.string().max(2000).default('') }))
    .mutation(({ ctx, input }) => recordOutcome(ctx.db, toActor(ctx.user), { drawId: input.id, uscc: input.uscc, outcome: input.outcome, note: input.note })),

  /** The department's yearly plan (counts per round and grade; no enterprise) from a signed-off run or a dataset at a date. */
  plan: authedProcedure.input(z.object({ department, ...source })).query(({ ctx, input }) => planFor(ctx, input)),

  /** Joint inspections of a round: enterprises drawn by several departments, among the draws the reader may see. */
  joint: authedProcedure.input(z.object({ round })).query(async ({ ctx, input }) => {
    const actor = toActor(ctx.user);
    const visible = (await listDraws(ctx.db, { round: input.round })).filter((d) => d.status === 'published' || (d.status === 'draft' && readsWhole(actor, d.department)));
    const draws = [];
    for (const d of visible) {
      const full = await getDraw(ctx.db, d.id);
      draws.push({ id: d.id, department: d.department ?? '', inspections: (full.result as RoundDrawRecord).inspections ?? [] });
    }
    const visits = jointInspections(draws);
    if (visits.length > 0) await recordRead(ctx, 'read.draw', { procedure: 'draws.joint', count: visits.length });
    return { round: input.round, draws: visible.map((d) => ({ id: d.id, department: d.department, status: d.status })), visits };
  }),

  /** Recomputes a draw from its recorded inputs (seed, run or dataset and versions, roster, previous round); `identical` when the same. */
  verify: authedProcedure.input(z.object({ id })).mutation(async ({ ctx, input }) => {
    await requireVisible(ctx, await getDraw(ctx.db, input.id), 'draws.verify');
    const { draw, problem, recomputedHash } = await verifyDraw(ctx, input.id);
    return { id: draw.id, identical: problem === null, problem, seed: draw.seed, storedHash: draw.resultHash, recomputedHash };
  }),
});
