/** Datasets (imported populations for previews): list, the default one, import progress, generate a sample, delete. */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { deleteDataset, getDataset, getDefaultDataset, listDatasets, searchDatasetEnterprises, setDefaultDataset, toActor } from '@policy/db';
import type { EnterpriseMatch } from '@policy/db';
import { readableRows, recordRead, searchAmong, todayIso } from '../firm-access.ts';
import { newJob, runGenerate } from '../imports.ts';
import { isoDate } from './documents.ts';
import { authedProcedure, roleProcedure, router } from '../trpc.ts';

const datasetId = z.number().int().positive();

export const datasetsRouter = router({
  list: authedProcedure.query(({ ctx }) => listDatasets(ctx.db)),

  get: authedProcedure.input(z.object({ datasetId })).query(({ ctx, input }) => getDataset(ctx.db, input.datasetId)),

  /**
   * The default dataset (默认数据集) behind the home chart, the live preview, the impact report, the
   * lookup and the print, with when and by whom (display name) it was last set. `dataset` is null
   * when none is stored. Uploads never change it.
   */
  default: authedProcedure.query(({ ctx }) => getDefaultDataset(ctx.db)),

  /** Makes a dataset the default (credit office; audited `dataset.set-default` with the old and the new one). */
  setDefault: roleProcedure('credit-office')
    .input(z.object({ datasetId }))
    .mutation(({ ctx, input }) => setDefaultDataset(ctx.db, toActor(ctx.user), input.datasetId)),

  /**
   * Enterprises of a dataset by 统一社会信用代码 prefix or name fragment (case-insensitive): USCC
   * matches first, then names in import order, at most `limit` (default 20). Firm-level (like
   * `evaluation.explain`): the credit office and reviewers search every enterprise, a department
   * editor the enterprises of its domains by the domain assignment in force on `at` (default today),
   * a viewer is refused; every search is a `read.search` security event. NOT_FOUND for a missing dataset.
   */
  searchEnterprises: authedProcedure
    .input(z.object({ datasetId, query: z.string().max(100), limit: z.number().int().min(1).max(100).default(20), at: isoDate.optional() }))
    .query(async ({ ctx, input }) => {
      await getDataset(ctx.db, input.datasetId);
      const detail = { procedure: 'datasets.searchEnterprises', datasetId: input.datasetId, query: input.query.slice(0, 100) };
      const rows = await readableRows(ctx, input.datasetId, input.at ?? todayIso(), detail);
      let found: EnterpriseMatch[];
      if (!rows) found = await searchDatasetEnterprises(ctx.db, input.datasetId, input.query, input.limit);
      else {
        // the reader's matches found in its rows, then each one's stored fields by its full USCC
        const pop = await ctx.services.population(input.datasetId);
        found = [];
        for (const i of searchAmong(pop, rows, input.query, input.limit)) found.push(...(await searchDatasetEnterprises(ctx.db, input.datasetId, pop.uscc[i]!, 1)));
      }
      await recordRead(ctx, 'read.search', { ...detail, count: found.length });
      return found;
    }),

  /** Progress of an upload or generation: bytes received, rows read, then the dataset or every bad row. */
  importStatus: roleProcedure('credit-office')
    .input(z.object({ jobId: z.string().uuid() }))
    .query(async ({ ctx, input }) => {
      // this process's jobs as they run; an earlier process's as recorded (interrupted ones read "failed: interrupted")
      const job = await ctx.services.jobs.get(input.jobId);
      if (!job) throw new TRPCError({ code: 'NOT_FOUND', message: `导入任务不存在 / no such import job: ${input.jobId}` });
      return job;
    }),

  imports: roleProcedure('credit-office').query(({ ctx }) => ctx.services.jobs.list()),

  /**
   * Generates a synthetic dataset (deterministic from the seed) and imports it as a background job
   * (generated and read in the jobs worker thread; progress through `importStatus`). At most
   * GENERATE_MAX enterprises (default 1,000,000).
   */
  generate: roleProcedure('credit-office')
    .input(z.object({ name: z.string().min(1).max(200), count: z.number().int().min(1).max(100_000_000), seed: z.union([z.string().min(1).max(64), z.number().int()]) }))
    .mutation(({ ctx, input }) => {
      const max = ctx.services.limits.generateMax;
      if (input.count > max) {
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: `一次至多生成 ${max.toLocaleString('en')} 户（GENERATE_MAX） / at most ${max.toLocaleString('en')} enterprises can be generated at once (GENERATE_MAX)`,
        });
      }
      const job = newJob(ctx, { name: input.name, format: 'jsonl', createdBy: ctx.user.username, bytesTotal: null });
      void runGenerate(ctx, toActor(ctx.user), job, input.count, input.seed);
      return { jobId: job.id };
    }),

  delete: roleProcedure('credit-office')
    .input(z.object({ datasetId }))
    .mutation(async ({ ctx, input }) => {
      await deleteDataset(ctx.db, toActor(ctx.user), input.datasetId);
      ctx.services.forgetDataset(input.datasetId);
      return { ok: true as const };
    }),
});
