/**
 * Per-department effect of a candidate (issue 15, item 8): for each department, the enterprises it
 * supervises and the inspections per year (Σ ratio × frequency) under the set in force and under the
 * candidate (typically an edited domain assignment or sampling table), over a stored dataset. Only
 * aggregates: any signed-in user may ask (no enterprise is named). The domain-assignment editor shows
 * it beside the matrix, changed departments first, with the column sums named as such.
 */
import { z } from 'zod';
import { toActor } from '@policy/db';
import type { WorkloadRow } from '@policy/evaluation';
import type { LocalizedText } from '@policy/schemas';
import { badRequest } from '../errors.ts';
import { publishedSet } from '../published-set.ts';
import type { VersionSet } from '../services.ts';
import type { Context } from '../context.ts';
import { authedProcedure, router } from '../trpc.ts';
import { isoDate } from './documents.ts';
import { candidateInput, candidateSet } from './evaluation.ts';

export interface DepartmentImpactRow {
  /** '' for enterprises in no department's domain. */
  department: string;
  label: LocalizedText;
  enterprises: { before: number; after: number };
  inspectionsPerYear: { before: number; after: number };
  changed: boolean;
}

const NO_DEPARTMENT: LocalizedText = { zh: '未归属部门', en: 'no department' };

/**
 * Joins the workload rows of both sides by department (a department only one side has counts 0 on
 * the other), changed rows first (largest change in inspections first), then by inspections after.
 * An empty no-department row is left out.
 *
 * @example
 * departmentImpact([{ department: 'a', enterprises: 10, inspectionsPerYear: 2, … }], [{ department: 'a', enterprises: 12, … }])
 * // → [{ department: 'a', enterprises: { before: 10, after: 12 }, changed: true, … }]
 */
export function departmentImpact(before: readonly WorkloadRow[], after: readonly WorkloadRow[]): DepartmentImpactRow[] {
  const rows = new Map<string, DepartmentImpactRow>();
  for (const [side, list] of [['before', before], ['after', after]] as const) {
    for (const w of list) {
      let r = rows.get(w.department);
      if (!r) {
        r = {
          department: w.department,
          label: w.label ?? (w.department === '' ? NO_DEPARTMENT : { zh: w.department }),
          enterprises: { before: 0, after: 0 },
          inspectionsPerYear: { before: 0, after: 0 },
          changed: false,
        };
        rows.set(w.department, r);
      }
      // the candidate's name of a department wins (a renamed department reads as it will)
      if (side === 'after' && w.label) r.label = w.label;
      r.enterprises[side] = w.enterprises;
      r.inspectionsPerYear[side] = w.inspectionsPerYear;
    }
  }
  const out = [...rows.values()].filter((r) => r.department !== '' || r.enterprises.before > 0 || r.enterprises.after > 0);
  for (const r of out) {
    r.changed =
      r.enterprises.before !== r.enterprises.after ||
      Math.abs(r.inspectionsPerYear.before - r.inspectionsPerYear.after) > 1e-9;
  }
  const delta = (r: DepartmentImpactRow) => Math.abs(r.inspectionsPerYear.after - r.inspectionsPerYear.before);
  return out.sort((a, b) => Number(b.changed) - Number(a.changed) || delta(b) - delta(a) || b.inspectionsPerYear.after - a.inspectionsPerYear.after);
}

export const departmentImpactInput = z.object({
  datasetId: z.number().int().positive(),
  at: isoDate,
  candidate: candidateInput,
});

function evaluatorOf(ctx: Context, set: VersionSet, which: 'candidate' | 'published') {
  const r = ctx.services.evaluator(set);
  if (!r.success)
    throw badRequest(which === 'candidate' ? '候选策略无法编译 / the candidate set does not compile' : '已发布策略无法编译 / the published set does not compile', r.issues);
  return r.evaluator;
}

/** departmentImpact.get: the rows above, with the enterprises in the register on the day. */
const get = authedProcedure.input(departmentImpactInput).query(async ({ ctx, input }) => {
  const published = await publishedSet(ctx.db, input.at, ctx.services);
  const cand = await candidateSet(ctx.db, toActor(ctx.user), published, input.candidate);
  const rb = await ctx.services.evaluate(published, evaluatorOf(ctx, published, 'published'), input.datasetId, input.at);
  const rc = await ctx.services.evaluate(cand, evaluatorOf(ctx, cand, 'candidate'), input.datasetId, input.at);
  return {
    datasetId: input.datasetId,
    at: input.at,
    n: rc.aggregate.n,
    rows: departmentImpact(rb.aggregate.workload, rc.aggregate.workload),
  };
});

export const departmentImpactRouter = router({ get });
