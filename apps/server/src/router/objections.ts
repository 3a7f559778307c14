/**
 * Objections to an enterprise's result in an official run (issue 12; 000 二(三): the department
 * that provided the disputed data answers within 3 working days; 003 第五条: results are internal).
 *
 * Filed by the credit office or an editor of a department supervising the enterprise (the
 * departments of the run's result: the domain assignment the run was evaluated with), routed to the
 * department responsible for the disputed data — suggested from the record's `authority` matched
 * against the department names of the run's domain assignment — with its deadline; answered by that
 * department's editor or the credit office. An upheld answer re-evaluates the one enterprise on this
 * thread with the run's stored versions at the run's date, the disputed record removed (and the
 * records of earlier upheld objections of it), after checking that the unchanged record still gives
 * the stored result; the correction is stored in the answer's transaction. The run's results and
 * hash never change. Every firm-level read is a security event, like the other firm-level reads.
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  answerObjection,
  getCorrections,
  getObjection,
  getRun,
  listObjections,
  mayAnswerObjection,
  fileObjection,
  runEnterpriseResult,
  SYSTEM_ACTOR,
  toActor,
} from '@policy/db';
import type { NewCorrection, Objection as StoredObjection, Run, RunEnterpriseResult } from '@policy/db';
import { compile, buildPopulation } from '@policy/evaluation';
import type { DepartmentDef, EnterpriseRecord, PolicyDocument } from '@policy/schemas';
import { canReadEnterprise } from '@policy/schemas';
import { badRequest } from '../errors.ts';
import { outsideMessage, principalOf, recordRead, requireFirmReader } from '../firm-access.ts';
import type { Reader } from '../firm-access.ts';
import { authedProcedure, router } from '../trpc.ts';
import { runDocuments } from './runs.ts';

/** An objection as the API returns it. */
export interface Objection {
  id: number;
  runId: number;
  uscc: string;
  enterpriseName: string;
  recordId: string | null;
  department: string;
  departmentName: string;
  grounds: string;
  evidence: string | null;
  filedBy: string;
  filedByName: string;
  filedAt: string;
  /** YYYY-MM-DD. */
  deadline: string;
  status: 'open' | 'upheld' | 'rejected';
  overdue: boolean;
  answeredBy: string | null;
  answeredAt: string | null;
  answerReason: string | null;
  correction: null | { before: RunEnterpriseResult; after: RunEnterpriseResult };
}

const toApi = (o: StoredObjection): Objection => ({
  id: o.id,
  runId: o.runId,
  uscc: o.uscc,
  enterpriseName: o.enterpriseName,
  recordId: o.recordId,
  department: o.department,
  departmentName: o.departmentName,
  grounds: o.grounds,
  evidence: o.evidence,
  filedBy: o.filedBy,
  filedByName: o.filedByName,
  filedAt: o.filedAt,
  deadline: o.deadline,
  status: o.status,
  overdue: o.overdue,
  answeredBy: o.answeredBy,
  answeredAt: o.answeredAt,
  answerReason: o.answerReason,
  correction: o.correction,
});

const runId = z.number().int().positive();
const uscc = z.string().trim().min(1).max(32);
const text = (max: number) => z.string().max(max);

// ------------------------------------------------------------------ the run, the enterprise, the departments

/** The departments of the run's domain assignment (the directory), in its order. */
const directoryOf = (documents: PolicyDocument[]): DepartmentDef[] => documents.find((d) => d.kind === 'domain-assignment')?.content.departments ?? [];

/**
 * The department whose name the record's issuing authority carries: the authority equals, or
 * contains, a department's name, its name without the leading 市, its short name or its id (the
 * longest match wins: 舞钢市市场监督管理局 → 市市场监督管理局). Null when none matches.
 *
 * @example
 * departmentOfAuthority('舞钢市交通运输局', directory) // → 'transport'
 */
export function departmentOfAuthority(authority: string | undefined, directory: readonly DepartmentDef[]): string | null {
  const a = authority?.trim();
  if (!a) return null;
  let best: { id: string; length: number } | null = null;
  for (const d of directory) {
    const names = [d.name.zh, d.name.zh.startsWith('市') ? d.name.zh.slice(1) : '', d.shortName ?? '', d.id].filter((n) => n.length >= 2);
    for (const n of names) {
      if (a.includes(n) && (!best || n.length > best.length)) best = { id: d.id, length: n.length };
    }
  }
  return best?.id ?? null;
}

/** A run that objections apply to: completed or signed off. */
async function objectionRun(ctx: Reader, id: number): Promise<Run> {
  return getRun(ctx.db, id);
}

/** The documents the run was evaluated with (content hashes checked). */
async function documentsOf(ctx: Reader, run: Run): Promise<PolicyDocument[]> {
  const { documents, problem } = await runDocuments(ctx.db, toActor(ctx.user), run.versions);
  if (problem) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: problem });
  return documents;
}

/**
 * Refuses (FORBIDDEN, recorded) a reader who may not read the enterprise's result: a viewer; a
 * department editor when the enterprise is outside its department's domains (the run's result) and
 * no objection to it in the run is routed to its department.
 */
async function requireEnterprise(ctx: Reader, run: Run, result: RunEnterpriseResult, procedure: string, options: { routedCounts: boolean }): Promise<void> {
  const detail = { procedure, datasetId: run.datasetId, at: run.at, uscc: result.uscc };
  await requireFirmReader(ctx, detail);
  if (canReadEnterprise(principalOf(ctx.user), { departments: result.departments ?? [] })) return;
  if (options.routedCounts && ctx.user.role === 'department-editor') {
    const routed = await listObjections(ctx.db, toActor(ctx.user), { runId: run.id });
    if (routed.some((o) => o.uscc === result.uscc)) return;
  }
  await recordRead(ctx, 'read.refused', { ...detail, refused: 'outside-domains' });
  throw new TRPCError({ code: 'FORBIDDEN', message: outsideMessage(ctx.user.department ?? '') });
}

// ------------------------------------------------------------------ re-evaluation

/** The enterprise's result at the run's date with the run's documents (this thread: one enterprise). */
function evaluateOne(documents: PolicyDocument[], record: EnterpriseRecord, at: string): RunEnterpriseResult {
  const compiled = compile({ documents });
  if (!compiled.success) {
    throw new TRPCError({ code: 'PRECONDITION_FAILED', message: '评价批次所用的策略无法编译，不能重新评价 / the run’s policy set does not compile: cannot re-evaluate' });
  }
  return compiled.evaluator.evaluate(buildPopulation([record]), at).toJSON(0) as unknown as RunEnterpriseResult;
}

/**
 * The correction of an upheld objection: the enterprise's record as last corrected (the run's when
 * none) without the disputed record, re-evaluated with the run's documents at its date. Refused when
 * the unchanged record no longer gives the stored result (the run could not be reproduced).
 */
async function correctionFor(ctx: Reader, o: StoredObjection): Promise<NewCorrection> {
  const run = await objectionRun(ctx, o.runId);
  const { result, record } = await runEnterpriseResult(ctx.db, run, o.uscc);
  const documents = await documentsOf(ctx, run);
  const original = evaluateOne(documents, record, run.at);
  if (JSON.stringify(original) !== JSON.stringify(result)) {
    throw new TRPCError({
      code: 'PRECONDITION_FAILED',
      message: `重新计算得不到评价批次中存储的结果，不能更正 / re-evaluating ${o.uscc} does not give the run’s stored result: cannot correct`,
    });
  }
  const previous = (await getCorrections(ctx.db, run.id, o.uscc)).at(-1);
  const base = previous?.record ?? record;
  const corrected: EnterpriseRecord = o.recordId === null ? base : { ...base, records: (base.records ?? []).filter((r) => r.id !== o.recordId) };
  return { basedOn: previous?.seq ?? 0, result: evaluateOne(documents, corrected, run.at), record: corrected };
}

// ------------------------------------------------------------------ the router

export const objectionsRouter = router({
  /** Files an objection (credit office; a department editor for enterprises of its domains). */
  file: authedProcedure
    .input(
      z.object({
        runId,
        uscc,
        grounds: text(4000),
        evidence: text(4000).optional(),
        recordId: z.string().max(200).optional(),
        department: z.string().max(100).optional(),
      }),
    )
    .mutation(async ({ ctx, input }): Promise<Objection> => {
      await requireFirmReader(ctx, { procedure: 'objections.file', uscc: input.uscc });
      const run = await objectionRun(ctx, input.runId);
      const { result, record } = await runEnterpriseResult(ctx.db, run, input.uscc);
      await requireEnterprise(ctx, run, result, 'objections.file', { routedCounts: false });
      const directory = directoryOf(await documentsOf(ctx, run));
      const disputed = input.recordId ? (record.records ?? []).find((r) => r.id === input.recordId) : undefined;
      if (input.recordId && !disputed) throw badRequest(`该市场主体没有编号为 ${input.recordId} 的记录 / the enterprise has no record ${input.recordId}`);
      const id = input.department || departmentOfAuthority(disputed?.authority, directory);
      if (!id) throw badRequest('请选择负责处理的部门（无法从记录的决定机关确定） / choose the responsible department (the record’s authority names none)');
      const department = directory.find((d) => d.id === id);
      if (!department) throw badRequest(`部门目录中没有 ${id} / no department ${id} in the run’s domain assignment`);
      const filed = await fileObjection(ctx.db, toActor(ctx.user), {
        runId: run.id,
        uscc: input.uscc,
        grounds: input.grounds,
        evidence: input.evidence ?? null,
        recordId: input.recordId ?? null,
        department: { id: department.id, name: department.name.zh },
      });
      return toApi(filed);
    }),

  /** Objections, newest first: a department editor's are those routed to its department; `mine`: routed to my department. */
  list: authedProcedure
    .input(z.object({ runId: runId.optional(), status: z.enum(['open', 'upheld', 'rejected']).optional(), mine: z.boolean().optional() }).default({}))
    .query(async ({ ctx, input }): Promise<Objection[]> => {
      const detail = { procedure: 'objections.list' };
      await requireFirmReader(ctx, detail);
      const rows = await listObjections(ctx.db, toActor(ctx.user), { runId: input.runId, status: input.status, department: input.mine ? (ctx.user.department ?? '') : undefined });
      await recordRead(ctx, 'read.enterprise', { ...detail, count: rows.length });
      return rows.map(toApi);
    }),

  /**
   * Answers an open objection (an editor of the routed department or the credit office); upheld
   * re-evaluates the enterprise and stores the correction in the same transaction.
   */
  answer: authedProcedure
    .input(z.object({ id: z.number().int().positive(), decision: z.enum(['upheld', 'rejected']), reason: text(4000) }))
    .mutation(async ({ ctx, input }): Promise<Objection> => {
      const actor = toActor(ctx.user);
      // read as the system to tell a refusal (FORBIDDEN) from an unknown objection; the answer checks again
      const o = await getObjection(ctx.db, SYSTEM_ACTOR, input.id);
      const correction =
        input.decision === 'upheld' && o.status === 'open' && mayAnswerObjection(actor, o.department) && input.reason.trim() ? await correctionFor(ctx, o) : undefined;
      return toApi(await answerObjection(ctx.db, actor, input.id, { decision: input.decision, reason: input.reason }, { correction }));
    }),

  /** The departments an objection can be routed to (the run's directory) and the one the disputed record's authority suggests. */
  departments: authedProcedure
    .input(z.object({ runId, uscc, recordId: z.string().max(200).optional() }))
    .query(async ({ ctx, input }): Promise<{ suggested: string | null; departments: { id: string; name: string }[] }> => {
      await requireFirmReader(ctx, { procedure: 'objections.departments', uscc: input.uscc });
      const run = await objectionRun(ctx, input.runId);
      const { result, record } = await runEnterpriseResult(ctx.db, run, input.uscc);
      await requireEnterprise(ctx, run, result, 'objections.departments', { routedCounts: false });
      const directory = directoryOf(await documentsOf(ctx, run));
      const disputed = input.recordId ? (record.records ?? []).find((r) => r.id === input.recordId) : undefined;
      return { suggested: departmentOfAuthority(disputed?.authority, directory), departments: directory.map((d) => ({ id: d.id, name: d.name.zh })) };
    }),

  /** An enterprise's result in the run, its corrected result (latest correction, or null) and its records. */
  enterprise: authedProcedure.input(z.object({ runId, uscc })).query(async ({ ctx, input }) => {
    await requireFirmReader(ctx, { procedure: 'objections.enterprise', uscc: input.uscc });
    const run = await objectionRun(ctx, input.runId);
    const { result, record } = await runEnterpriseResult(ctx.db, run, input.uscc);
    await requireEnterprise(ctx, run, result, 'objections.enterprise', { routedCounts: true });
    const latest = (await getCorrections(ctx.db, run.id, input.uscc)).at(-1);
    await recordRead(ctx, 'read.enterprise', { procedure: 'objections.enterprise', datasetId: run.datasetId, at: run.at, uscc: input.uscc });
    return {
      original: result,
      corrected: latest?.result ?? null,
      records: (record.records ?? []).map((r) => ({ id: r.id, kind: r.kind, date: r.date, authority: r.authority ?? null })),
    };
  }),
});
