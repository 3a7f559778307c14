/**
 * Golden cases of a version (stored with it): list with current results, look up an enterprise of a
 * dataset to add as a case, add, remove, accept current results as expected (with a reason), the
 * diff against the parent for the review, coverage, and a reviewer's override of failing cases.
 * Cases run against the set in force at the version's effective date with the version in place of
 * its document's (golden.ts `runVersionCases`).
 */
import { officeDay } from '@policy/schemas';
import { z } from 'zod';
import { addCase, diffCases, getDatasetEnterprise, getVersion, listCases, recordGoldenOverride, removeCase, setExpectations, toActor } from '@policy/db';
import type { Actor, GoldenCaseSet } from '@policy/db';
import { badRequest, notFound } from '../errors.ts';
import { readableRows, requireRow } from '../firm-access.ts';
import type { Reader } from '../firm-access.ts';
import { expectationFromActual, runVersionCases, versionCoverage } from '../golden.ts';
import type { RunContext, VersionCaseResult, VersionCaseRun } from '../golden.ts';
import { authedProcedure, roleProcedure, router } from '../trpc.ts';
import { isoDate } from './documents.ts';

const versionId = z.number().int().positive();
const caseId = z.number().int().positive();
const reason = z.string().trim().min(1, '须填写理由 / a reason is required').max(2000);
const expectInput = z.record(z.string(), z.unknown());

/** A version's cases, each with its current result, and the run's totals. */
export interface CasesView extends Omit<GoldenCaseSet, 'cases'> {
  run: Omit<VersionCaseRun, 'results'>;
  cases: (GoldenCaseSet['cases'][number] & { result: VersionCaseResult })[];
}

async function view(ctx: RunContext, actor: Actor, id: number): Promise<CasesView> {
  const [set, v] = await Promise.all([listCases(ctx.db, actor, id), getVersion(ctx.db, actor, id)]);
  const { results, ...run } = await runVersionCases(ctx, v, set.cases);
  return { ...set, run, cases: set.cases.map((c, k) => ({ ...c, result: results[k]! })) };
}

/**
 * The stored record of an enterprise of a dataset, read as firm-level data (firm-access.ts): a
 * viewer is refused, a department editor refused an enterprise outside its domains (by the domain
 * assignment in force at `at`); the read is a `read.enterprise` security event.
 */
async function lookUp(ctx: Reader, datasetId: number, uscc: string, at: string, procedure: string, versionId: number) {
  const key = uscc.trim().toUpperCase();
  const detail = { procedure, datasetId, at, uscc: key, versionId };
  const rows = await readableRows(ctx, datasetId, at, detail);
  const record = await getDatasetEnterprise(ctx.db, datasetId, key);
  if (!record) throw notFound(`数据集中没有该统一社会信用代码 / no enterprise with USCC ${uscc} in dataset ${datasetId}`);
  await requireRow(ctx, rows, rows ? await ctx.services.indexOf(datasetId, key) : 0, detail);
  return record as unknown as Record<string, unknown>;
}

export const casesRouter = router({
  /**
   * The cases of a version in order, each with `result` (passed, expected, actual, message zh/en)
   * against the set the version will be in force with; `run` holds the totals and that set;
   * `editable` says whether the caller may change them now; `overrides` the reviewers' reasons.
   */
  list: authedProcedure.input(z.object({ versionId })).query(({ ctx, input }) => view(ctx, toActor(ctx.user), input.versionId)),

  /**
   * An enterprise of a stored dataset by USCC, with the result it would have as a case of the
   * version (to prefill the expected grade): `record` (as stored), `actual`, and `suggested`
   * (the expectation its current result gives).
   */
  lookup: authedProcedure
    .input(z.object({ versionId, datasetId: z.number().int().positive(), uscc: z.string().min(1).max(32), at: isoDate.optional() }))
    .query(async ({ ctx, input }) => {
      const actor = toActor(ctx.user);
      const v = await getVersion(ctx.db, actor, input.versionId);
      const at = input.at ?? v.effectiveFrom ?? officeDay();
      const record = await lookUp(ctx, input.datasetId, input.uscc, at, 'cases.lookup', v.id);
      const probe = { id: 1, versionId: v.id, position: 0, name: 'lookup', at, enterprise: record, expect: {}, source: null, createdAt: '', createdBy: '', updatedAt: '' };
      const run = await runVersionCases(ctx, v, [probe]);
      const actual = run.results[0]?.actual ?? null;
      return { record, at, actual, suggested: expectationFromActual(v.kind, { rule: true }, actual), problems: run.problems };
    }),

  /**
   * Adds a case to a draft: the enterprise `uscc` of dataset `datasetId` (its stored record) or an
   * `enterprise` record, with `expect` (grading / industry model `{ grade, rule? }`, sampling
   * `{ grade?, ratioPercent, frequencyPerYear }`, domain assignment `{ domains, departments }`) at
   * `at` (default: the version's effective date). Audited; returns the cases view.
   */
  add: roleProcedure('credit-office', 'department-editor')
    .input(
      z.object({
        versionId,
        name: z.string().trim().min(1).max(200),
        at: isoDate.optional(),
        expect: expectInput,
        from: z.union([
          z.object({ datasetId: z.number().int().positive(), uscc: z.string().min(1).max(32) }).strict(),
          z.object({ enterprise: z.record(z.string(), z.unknown()) }).strict(),
        ]),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const actor = toActor(ctx.user);
      const v = await getVersion(ctx.db, actor, input.versionId);
      const at = input.at ?? v.effectiveFrom ?? officeDay();
      const enterprise = 'datasetId' in input.from ? await lookUp(ctx, input.from.datasetId, input.from.uscc, at, 'cases.add', v.id) : input.from.enterprise;
      await addCase(ctx.db, actor, v.id, {
        name: input.name,
        at,
        enterprise,
        expect: input.expect,
        source: 'datasetId' in input.from ? `dataset:${input.from.datasetId}` : null,
      });
      return view(ctx, actor, v.id);
    }),

  /** Removes a case from a draft (audited, with the reason when given); returns the cases view. */
  remove: roleProcedure('credit-office', 'department-editor')
    .input(z.object({ versionId, caseId, reason: z.string().max(2000).optional() }))
    .mutation(async ({ ctx, input }) => {
      const actor = toActor(ctx.user);
      await removeCase(ctx.db, actor, input.versionId, input.caseId, input.reason);
      return view(ctx, actor, input.versionId);
    }),

  /**
   * Accepts the current results as expected, with a written reason (audited per case): the cases
   * `caseIds`, or every failing case when absent. A case without a result to accept is BAD_REQUEST.
   * Returns the cases view (the accepted cases now pass).
   */
  acceptCurrent: roleProcedure('credit-office', 'department-editor')
    .input(z.object({ versionId, caseIds: z.array(caseId).max(500).optional(), reason }))
    .mutation(async ({ ctx, input }) => {
      const actor = toActor(ctx.user);
      const before = await view(ctx, actor, input.versionId);
      const chosen = input.caseIds ? before.cases.filter((c) => input.caseIds!.includes(c.id)) : before.cases.filter((c) => !c.result.passed);
      if (input.caseIds && chosen.length !== input.caseIds.length) {
        const known = new Set(before.cases.map((c) => c.id));
        throw notFound(`黄金用例不存在 / no such golden case: ${input.caseIds.filter((id) => !known.has(id)).join(', ')}`);
      }
      const changes = chosen.map((c) => ({ caseId: c.id, name: c.name, expect: expectationFromActual(before.kind, c.expect, c.result.actual) }));
      const none = changes.filter((c) => c.expect === null);
      if (none.length > 0) {
        throw badRequest(`以下用例没有可接受的结果 / these cases have no result to accept: ${none.map((c) => c.name).join('、')}`);
      }
      if (changes.length > 0) {
        await setExpectations(
          ctx.db,
          actor,
          input.versionId,
          changes.map((c) => ({ caseId: c.caseId, expect: c.expect! })),
          input.reason,
        );
      }
      return view(ctx, actor, input.versionId);
    }),

  /**
   * The review's diff of cases: `added`, `removed` and `changed` (expect / at / enterprise) against
   * the parent version (or `against`, a version number of the same document).
   */
  diff: authedProcedure
    .input(z.object({ versionId, against: z.number().int().positive().optional() }))
    .query(({ ctx, input }) => diffCases(ctx.db, toActor(ctx.user), input.versionId, input.against)),

  /** For every band, rule, override, threshold, indicator band, sampling row / exception and domain of the version, the cases reaching it; `uncovered` lists the others. */
  coverage: authedProcedure.input(z.object({ versionId })).query(async ({ ctx, input }) => {
    const actor = toActor(ctx.user);
    const [set, v] = await Promise.all([listCases(ctx.db, actor, input.versionId), getVersion(ctx.db, actor, input.versionId)]);
    return versionCoverage(ctx, v, set.cases);
  }),

  /** Everything the review screen shows about cases: the results, the diff against the parent, coverage. */
  review: authedProcedure.input(z.object({ versionId })).query(async ({ ctx, input }) => {
    const actor = toActor(ctx.user);
    const cases = await view(ctx, actor, input.versionId);
    const [diff, v] = await Promise.all([diffCases(ctx.db, actor, input.versionId), getVersion(ctx.db, actor, input.versionId)]);
    const coverage = await versionCoverage(ctx, v, cases.cases);
    return { cases, diff, coverage };
  }),

  /**
   * A reviewer records why the version may be published although cases fail (in review or
   * approved; not its author). Refused when no case fails. Stored with the version, audited
   * `cases.override`; publish then passes for these failures.
   */
  override: roleProcedure('reviewer', 'credit-office')
    .input(z.object({ versionId, reason }))
    .mutation(async ({ ctx, input }) => {
      const actor = toActor(ctx.user);
      const current = await view(ctx, actor, input.versionId);
      const failing = current.cases.filter((c) => !c.result.passed).map((c) => c.name);
      if (failing.length === 0) throw badRequest('没有未通过的黄金用例，无需放行 / no golden case fails: nothing to override');
      await recordGoldenOverride(ctx.db, actor, input.versionId, { reason: input.reason, failing });
      return view(ctx, actor, input.versionId);
    }),
});
