/** Datasets (imported populations for previews): list, import progress, generate a sample, delete. */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { deleteDataset, getDataset, listDatasets, searchDatasetEnterprises, toActor } from '@policy/db';
import { generatedJsonl, newJob, runImport } from '../imports.ts';
import { authedProcedure, roleProcedure, router } from '../trpc.ts';

const datasetId = z.number().int().positive();

export const datasetsRouter = router({
  list: authedProcedure.query(({ ctx }) => listDatasets(ctx.db)),

  get: authedProcedure.input(z.object({ datasetId })).query(({ ctx, input }) => getDataset(ctx.db, input.datasetId)),

  /**
   * Enterprises of a dataset by 统一社会信用代码 prefix or name fragment (case-insensitive): USCC
   * matches first, then names in import order, at most `limit` (default 20). Open to every signed-in
   * user, like `evaluation.explain`. NOT_FOUND for a missing dataset.
   */
  searchEnterprises: authedProcedure
    .input(z.object({ datasetId, query: z.string().max(100), limit: z.number().int().min(1).max(100).default(20) }))
    .query(async ({ ctx, input }) => {
      await getDataset(ctx.db, input.datasetId);
      return searchDatasetEnterprises(ctx.db, input.datasetId, input.query, input.limit);
    }),

  /** Progress of an upload or generation: bytes received, rows read, then the dataset or every bad row. */
  importStatus: roleProcedure('credit-office')
    .input(z.object({ jobId: z.string().uuid() }))
    .query(({ ctx, input }) => {
      const job = ctx.services.imports.get(input.jobId);
      if (!job) throw new TRPCError({ code: 'NOT_FOUND', message: `导入任务不存在 / no such import job: ${input.jobId}` });
      return job;
    }),

  imports: roleProcedure('credit-office').query(({ ctx }) => [...ctx.services.imports.values()].reverse()),

  /** Generates a synthetic dataset (deterministic from the seed) and imports it in the background. */
  generate: roleProcedure('credit-office')
    .input(z.object({ name: z.string().min(1).max(200), count: z.number().int().min(1).max(2_000_000), seed: z.union([z.string().min(1).max(64), z.number().int()]) }))
    .mutation(({ ctx, input }) => {
      const job = newJob(ctx, { name: input.name, format: 'jsonl', createdBy: ctx.user.username, bytesTotal: null });
      const body = generatedJsonl(input.count, input.seed);
      job.bytesReceived = job.bytesTotal = body.length;
      void runImport(ctx, toActor(ctx.user), job, 'jsonl', { input: body, fileName: 'generated.jsonl' });
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
