/** 双随机 draws: run on the published set at a date, stored with their seed, re-runnable, publishable. */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { checkMayDraw, contentHash, createDraw, getDraw, getVersionByNumber, listDraws, publishDraw, toActor } from '@policy/db';
import type { DrawVersion, User } from '@policy/db';
import { draw } from '@policy/evaluation';
import type { DrawResult } from '@policy/evaluation';
import { documentSchemas, firmReadScope } from '@policy/schemas';
import type { PolicyDocument } from '@policy/schemas';
import type { Context } from '../context.ts';
import { badRequest } from '../errors.ts';
import { principalOf, recordRead } from '../firm-access.ts';
import { versionSet } from '../services.ts';
import type { VersionSet } from '../services.ts';
import { authedProcedure, roleProcedure, router } from '../trpc.ts';
import { isoDate } from './documents.ts';
import { publishedSet } from './evaluation.ts';

const inspector = z.object({ id: z.string().min(1).max(64), name: z.string().min(1).max(100), department: z.string().min(1).max(64) });

/** What is stored of a draw's result (and hashed: a re-run must give the same). */
const summary = (r: DrawResult) => ({
  groups: r.groups,
  inspections: r.inspections.map((x) => ({ uscc: x.uscc, name: x.name, department: x.department, grade: x.grade, ratioPercent: x.ratioPercent, inspectors: x.inspectors.map((i) => i.id) })),
  issues: r.issues,
});
type DrawSummary = ReturnType<typeof summary>;

async function runDraw(ctx: Context, set: VersionSet, input: { datasetId: number; at: string; department?: string | null; roster: z.infer<typeof inspector>[]; seed: string; round: number }) {
  const r = ctx.services.evaluator(set);
  if (!r.success) throw badRequest('策略无法编译 / the policy set does not compile', r.issues);
  const { result } = await ctx.services.evaluate(set, r.evaluator, input.datasetId, input.at);
  const population = await ctx.services.population(input.datasetId);
  return draw({ evaluation: result, population, department: input.department ?? undefined, roster: input.roster, seed: input.seed, round: input.round });
}

/** The inspections a user may read: every one (credit office, reviewers), its department's (an editor), none (a viewer). */
function inspectionsFor(user: User, list: DrawSummary['inspections']): DrawSummary['inspections'] {
  const scope = firmReadScope(principalOf(user));
  if (scope.kind === 'all') return list;
  if (scope.kind === 'none') return [];
  return list.filter((x) => scope.departments.includes(x.department));
}

export const drawsRouter = router({
  /** Runs and stores a draw (seed generated when not given). */
  create: roleProcedure('credit-office', 'department-editor')
    .input(
      z.object({
        name: z.string().min(1).max(200),
        datasetId: z.number().int().positive(),
        at: isoDate,
        department: z.string().min(1).max(64).optional(),
        roster: z.array(inspector).min(2).max(10_000),
        seed: z.string().min(1).max(128).optional(),
        round: z.number().int().min(1).max(52).default(1),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const actor = toActor(ctx.user);
      checkMayDraw(actor, input.department); // before evaluating anything
      const seed = input.seed ?? randomBytes(8).toString('hex');
      const set = await publishedSet(ctx.db, input.at, ctx.services);
      if (set.members.length === 0) throw badRequest(`${input.at} 没有生效的策略 / no policy in force at ${input.at}`);
      const stored = summary(await runDraw(ctx, set, { ...input, seed }));
      const versions: DrawVersion[] = set.members.map((m) => ({ documentId: m.documentId, versionNumber: m.versionNumber!, contentHash: m.contentHash }));
      const created = await createDraw(ctx.db, actor, {
        name: input.name,
        datasetId: input.datasetId,
        at: input.at,
        department: input.department ?? null,
        seed,
        round: input.round,
        roster: input.roster,
        versions,
        result: stored,
      });
      const inspections = inspectionsFor(ctx.user, stored.inspections);
      await recordRead(ctx, 'read.draw', { procedure: 'draws.create', drawId: created.id, datasetId: input.datasetId, count: inspections.length });
      return { ...created, ...stored, inspections };
    }),

  list: authedProcedure
    .input(z.object({ datasetId: z.number().int().positive().optional() }).default({}))
    .query(({ ctx, input }) => listDraws(ctx.db, { datasetId: input.datasetId })),

  /**
   * A stored draw. Its inspected enterprises are firm-level (firm-access.ts): all of them for the
   * credit office and reviewers, a department editor's own department's, none for a viewer (the
   * groups' counts stay); recorded as a `read.draw` security event when any is returned.
   */
  get: authedProcedure.input(z.object({ id: z.number().int().positive() })).query(async ({ ctx, input }) => {
    const { result, ...stored } = await getDraw(ctx.db, input.id);
    const summary = result as DrawSummary;
    const inspections = inspectionsFor(ctx.user, summary.inspections);
    if (inspections.length > 0) await recordRead(ctx, 'read.draw', { procedure: 'draws.get', drawId: stored.id, datasetId: stored.datasetId, count: inspections.length });
    return { ...stored, ...summary, inspections };
  }),

  /** Re-runs a stored draw from its seed, roster and exact versions; says whether the result is identical. */
  rerun: authedProcedure.input(z.object({ id: z.number().int().positive() })).query(async ({ ctx, input }) => {
    const stored = await getDraw(ctx.db, input.id);
    const actor = toActor(ctx.user);
    const members = [];
    for (const v of stored.versions) {
      const d = await getVersionByNumber(ctx.db, actor, v.documentId, v.versionNumber);
      members.push({ documentId: d.documentId, kind: d.kind, versionNumber: d.versionNumber, status: d.status, contentHash: d.contentHash, document: documentSchemas[d.kind].parse(d.content) as PolicyDocument });
    }
    const result = await runDraw(ctx, versionSet(members), stored);
    const hash = contentHash(summary(result));
    return { id: stored.id, identical: hash === stored.resultHash, storedHash: stored.resultHash, rerunHash: hash };
  }),

  /** Publishes a stored draw (一公开): it can no longer be deleted; audit-logged with its result hash. */
  publish: roleProcedure('credit-office', 'department-editor')
    .input(z.object({ id: z.number().int().positive() }))
    .mutation(({ ctx, input }) => publishDraw(ctx.db, toActor(ctx.user), input.id)),
});
