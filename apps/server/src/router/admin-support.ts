/**
 * What the admin's home page and live preview need beyond the other routers: the default dataset,
 * a reproducible sample of a dataset's records (evaluated in the browser's Web Worker with the same
 * `@policy/evaluation` package), and the grade distribution under the set in force.
 *
 * The distribution (an aggregate) is open to every signed-in user. The sample is firm-level (raw
 * records, 003 第五条): the credit office and reviewers get the whole sample, a department editor
 * the sampled enterprises of its domains by the domain assignment in force today, a viewer is
 * refused; each sample is a `read.sample` security event (firm-access.ts).
 */
import { officeDay } from '@policy/schemas';
import { z } from 'zod';
import { getDataset, getDefaultDataset } from '@policy/db';
import type { Dataset } from '@policy/db';
import type { Context } from '../context.ts';
import { badRequest } from '../errors.ts';
import { readableRows, readableUsccs, recordRead } from '../firm-access.ts';
import { authedProcedure, router } from '../trpc.ts';
import { isoDate } from './documents.ts';
import { publishedSet } from './evaluation.ts';

/** Fixed so that every browser previews the same enterprises (and a test can rely on it). */
export const SAMPLE_SEED = 'admin-live-preview';
export const MAX_SAMPLE = 50_000;

/** Today's date of the office (China time), YYYY-MM-DD. */
const today = (): string => officeDay();

/**
 * The default dataset: the one the credit office chose (`datasets.setDefault`; the first dataset
 * stored until then), never the newest upload. Null when there is none.
 */
export async function defaultDataset(db: Context['db']): Promise<Dataset | null> {
  return (await getDefaultDataset(db)).dataset;
}

export const adminSupportRouter = router({
  /** The dataset the home chart and the live preview use by default (null when none is stored). */
  defaultDataset: authedProcedure.query(({ ctx }) => defaultDataset(ctx.db)),

  /**
   * A reproducible sample of a dataset's enterprise records (CONTRACTS §1) for the browser's live
   * preview: the same seed always gives the same enterprises. A department editor gets the sampled
   * enterprises of its domains only, and `total` counts only those; a viewer is refused (FORBIDDEN).
   */
  sample: authedProcedure
    .input(z.object({ datasetId: z.number().int().positive(), size: z.number().int().min(1).max(MAX_SAMPLE).default(20_000) }))
    .query(async ({ ctx, input }) => {
      const ds = await getDataset(ctx.db, input.datasetId);
      const detail = { procedure: 'adminSupport.sample', datasetId: ds.id };
      const rows = await readableRows(ctx, ds.id, today(), detail);
      // only the chunks the sample is drawn from are read (a few percent of a large dataset), once
      let records = await ctx.services.populations.sample(ds, input.size, SAMPLE_SEED);
      let total = ds.rowCount;
      if (rows) {
        const allowed = readableUsccs(await ctx.services.population(ds.id), rows);
        records = records.filter((r) => allowed.has(r.uscc));
        total = allowed.size;
      }
      await recordRead(ctx, 'read.sample', { ...detail, count: records.length });
      return { datasetId: ds.id, datasetName: ds.name, total, size: records.length, seed: SAMPLE_SEED, records };
    }),

  /**
   * Grade distribution of a dataset (default: the default dataset) under the published set in force
   * at `at` (default: today): per grading or industry-model document, the count of each grade and
   * of enterprises without one.
   */
  distribution: authedProcedure
    .input(z.object({ datasetId: z.number().int().positive().optional(), at: isoDate.optional() }).default({}))
    .query(async ({ ctx, input }) => {
      const at = input.at ?? today();
      const ds = input.datasetId !== undefined ? await getDataset(ctx.db, input.datasetId) : await defaultDataset(ctx.db);
      const set = await publishedSet(ctx.db, at);
      const versions = set.members.map((m) => ({ documentId: m.documentId, kind: m.kind, versionNumber: m.versionNumber, contentHash: m.contentHash }));
      if (!ds) return { at, dataset: null, n: 0, outside: 0, versions, documents: [] };
      const compiled = ctx.services.evaluator(set);
      if (!compiled.success) throw badRequest('当前生效的策略无法编译 / the set in force does not compile', compiled.issues);
      const { aggregate } = await ctx.services.evaluate(set, compiled.evaluator, ds.id, at);
      return {
        at,
        dataset: { id: ds.id, name: ds.name, rowCount: ds.rowCount },
        // in the register on the day; `outside`: deregistered by then, graded and counted nowhere
        n: aggregate.n,
        outside: aggregate.outside,
        versions,
        documents: aggregate.documents.map((d) => ({
          id: d.id,
          kind: d.kind,
          title: d.title,
          grades: d.grades,
          gradeLabels: d.gradeLabels,
          // counts per grade in `grades` order; the enterprises without a grade apart
          counts: d.overall.counts.slice(0, d.grades.length),
          noGrade: d.overall.counts[d.grades.length] ?? 0,
          total: d.overall.total,
        })),
      };
    }),
});
