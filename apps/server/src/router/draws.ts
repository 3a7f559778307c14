/** 双随机 draws: run on the published set at a date, stored with their seed, re-runnable, publishable. */
import { randomBytes } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { contentHash, getVersionByNumber, recordAudit, toActor } from '@policy/db';
import type { Actor, Database } from '@policy/db';
import { draw } from '@policy/evaluation';
import type { DrawResult } from '@policy/evaluation';
import { documentSchemas } from '@policy/schemas';
import type { PolicyDocument } from '@policy/schemas';
import type { Kysely, Selectable } from 'kysely';
import type { Context } from '../context.ts';
import type { DrawTable } from '../db/migrations.ts';
import { badRequest, forbidden, notFound } from '../errors.ts';
import { versionSet } from '../services.ts';
import type { VersionSet } from '../services.ts';
import { authedProcedure, roleProcedure, router } from '../trpc.ts';
import { isoDate } from './documents.ts';
import { publishedSet } from './evaluation.ts';

type ServerDb = Kysely<Database & { draws: DrawTable }>;
const sdb = (ctx: Context) => ctx.db as unknown as ServerDb;

const inspector = z.object({ id: z.string().min(1).max(64), name: z.string().min(1).max(100), department: z.string().min(1).max(64) });

interface StoredVersion {
  documentId: string;
  versionNumber: number;
  contentHash: string;
}

const summary = (r: DrawResult) => ({
  groups: r.groups,
  inspections: r.inspections.map((x) => ({ uscc: x.uscc, name: x.name, department: x.department, grade: x.grade, ratioPercent: x.ratioPercent, inspectors: x.inspectors.map((i) => i.id) })),
  issues: r.issues,
});

const toDraw = (row: Selectable<DrawTable>) => ({
  id: Number(row.id),
  name: row.name,
  datasetId: Number(row.dataset_id),
  at: row.at,
  department: row.department,
  seed: row.seed,
  round: Number(row.round),
  versions: JSON.parse(row.versions) as StoredVersion[],
  resultHash: row.result_hash,
  status: row.status,
  createdBy: row.created_by,
  createdAt: row.created_at,
  publishedBy: row.published_by,
  publishedAt: row.published_at,
});

function mayDraw(actor: Actor, department: string | null | undefined) {
  if (actor.role === 'credit-office') return;
  if (actor.role === 'department-editor' && department && department === actor.department) return;
  throw forbidden(
    actor.role === 'department-editor'
      ? `只能为本部门抽取 / you can only draw for your own department (${actor.department})`
      : `当前角色不能抽取 / role ${actor.role} cannot run draws`,
  );
}

async function runDraw(ctx: Context, set: VersionSet, input: { datasetId: number; at: string; department?: string | null; roster: z.infer<typeof inspector>[]; seed: string; round: number }) {
  const r = ctx.services.evaluator(set);
  if (!r.success) throw badRequest('策略无法编译 / the policy set does not compile', r.issues);
  const { result } = await ctx.services.evaluate(set, r.evaluator, input.datasetId, input.at);
  const population = await ctx.services.population(input.datasetId);
  return draw({ evaluation: result, population, department: input.department ?? undefined, roster: input.roster, seed: input.seed, round: input.round });
}

async function loadDraw(ctx: Context, id: number) {
  const row = await sdb(ctx).selectFrom('draws').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`抽取记录不存在 / no such draw: ${id}`);
  return row;
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
      mayDraw(actor, input.department);
      const seed = input.seed ?? randomBytes(8).toString('hex');
      const set = await publishedSet(ctx.db, input.at, ctx.services);
      if (set.members.length === 0) throw badRequest(`${input.at} 没有生效的策略 / no policy in force at ${input.at}`);
      const result = await runDraw(ctx, set, { ...input, seed });
      const stored = summary(result);
      const versions: StoredVersion[] = set.members.map((m) => ({ documentId: m.documentId, versionNumber: m.versionNumber!, contentHash: m.contentHash }));
      const at = new Date().toISOString();
      const row = await sdb(ctx).transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('draws')
          .values({
            name: input.name,
            dataset_id: input.datasetId,
            at: input.at,
            department: input.department ?? null,
            seed,
            round: input.round,
            roster: JSON.stringify(input.roster),
            versions: JSON.stringify(versions),
            result: JSON.stringify(stored),
            result_hash: contentHash(stored),
            status: 'draft',
            created_by: actor.username,
            created_at: at,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx as never, actor, { action: 'draw.create', target: `draw:${inserted.id}`, reason: `seed=${seed}; dataset=${input.datasetId}; at=${input.at}`, afterHash: inserted.result_hash });
        return inserted;
      });
      return { ...toDraw(row), ...stored };
    }),

  list: authedProcedure.input(z.object({ datasetId: z.number().int().positive().optional() }).default({})).query(async ({ ctx, input }) => {
    let q = sdb(ctx).selectFrom('draws').selectAll();
    if (input.datasetId) q = q.where('dataset_id', '=', input.datasetId);
    return (await q.orderBy('id', 'desc').execute()).map(toDraw);
  }),

  get: authedProcedure.input(z.object({ id: z.number().int().positive() })).query(async ({ ctx, input }) => {
    const row = await loadDraw(ctx, input.id);
    return { ...toDraw(row), ...(JSON.parse(row.result) as ReturnType<typeof summary>), roster: JSON.parse(row.roster) as z.infer<typeof inspector>[] };
  }),

  /** Re-runs a stored draw from its seed, roster and exact versions; says whether the result is identical. */
  rerun: authedProcedure.input(z.object({ id: z.number().int().positive() })).query(async ({ ctx, input }) => {
    const row = await loadDraw(ctx, input.id);
    const actor = toActor(ctx.user);
    const versions = JSON.parse(row.versions) as StoredVersion[];
    const members = [];
    for (const v of versions) {
      const d = await getVersionByNumber(ctx.db, actor, v.documentId, v.versionNumber);
      members.push({ documentId: d.documentId, kind: d.kind, versionNumber: d.versionNumber, status: d.status, contentHash: d.contentHash, document: documentSchemas[d.kind].parse(d.content) as PolicyDocument });
    }
    const result = await runDraw(ctx, versionSet(members), {
      datasetId: Number(row.dataset_id),
      at: row.at,
      department: row.department,
      roster: JSON.parse(row.roster) as z.infer<typeof inspector>[],
      seed: row.seed,
      round: Number(row.round),
    });
    const hash = contentHash(summary(result));
    return { id: Number(row.id), identical: hash === row.result_hash, storedHash: row.result_hash, rerunHash: hash };
  }),

  /** Publishes a stored draw (一公开): it can no longer be deleted; audit-logged with its result hash. */
  publish: roleProcedure('credit-office', 'department-editor')
    .input(z.object({ id: z.number().int().positive() }))
    .mutation(async ({ ctx, input }) => {
      const actor = toActor(ctx.user);
      const row = await loadDraw(ctx, input.id);
      mayDraw(actor, row.department);
      if (row.status === 'published') throw new TRPCError({ code: 'PRECONDITION_FAILED', message: `抽取结果已公开 / draw ${input.id} is already published` });
      if (row.created_by === actor.username && actor.role !== 'credit-office') {
        // the maker publishes through the credit office, like any release
        throw forbidden('抽取人不能自行公开，请由信用办公开 / the credit office publishes a department\'s draw');
      }
      const at = new Date().toISOString();
      await sdb(ctx).transaction().execute(async (trx) => {
        await trx.updateTable('draws').set({ status: 'published', published_by: actor.username, published_at: at }).where('id', '=', input.id).execute();
        await recordAudit(trx as never, actor, { action: 'draw.publish', target: `draw:${input.id}`, afterHash: row.result_hash });
      });
      return toDraw(await loadDraw(ctx, input.id));
    }),
});
