/** Preview (candidate set vs the published set over a dataset), explain one enterprise, golden cases. */
import { z } from 'zod';
import { contentHash, getVersion, getVersionByNumber, isDbError, listCases, recordAudit, toActor } from '@policy/db';
import type { Actor, GoldenCase } from '@policy/db';
import type { Kysely } from 'kysely';
import type { Database } from '@policy/db';
import { differentiatedPlanShares, prefixIssues, sharePercentText, validateBundle, validateDocument } from '@policy/schemas';
import type { Issue, PolicyDocument, SamplingDocument } from '@policy/schemas';
import type { Context } from '../context.ts';
import { badRequest, notFound } from '../errors.ts';
import { runCases, storedCaseFile } from '../golden.ts';
import type { GoldenCaseResult } from '../golden.ts';
import { hashOf, versionSet } from '../services.ts';
import type { SetMember, VersionSet } from '../services.ts';
import { publishedSet } from '../published-set.ts';
import { movedAmong, principalOf, readableRows, recordRead, requireFirmReader, requireRow, scopeAggregate } from '../firm-access.ts';
import type { Reader } from '../firm-access.ts';
import { firmReadScope } from '@policy/schemas';
import { hasTriggerConditions, hasWarningRules, improvements } from '@policy/evaluation';
import type { Evaluator } from '@policy/evaluation';
import { sqlImpactReport, sqlMovedPage } from '../impact-sql.ts';
import type { EngineName } from '../sql-engine-run.ts';
import { authedProcedure, router } from '../trpc.ts';
import { isoDate } from './documents.ts';
import { movedCsv, movedFileName } from '../moved-csv.ts';

export const candidateInput = z
  .object({
    /** Stored versions (any status the caller may read) that replace their document's version in force. */
    versionIds: z.array(z.number().int().positive()).max(50).default([]),
    /** Unsaved documents from the editor, replacing (or adding to) the set in force. */
    documents: z.array(z.unknown()).max(50).default([]),
  })
  .default({ versionIds: [], documents: [] });
export type CandidateInput = z.infer<typeof candidateInput>;

export { publishedSet };

/** The published set with the candidate's versions and documents in place of theirs. */
export async function candidateSet(db: Kysely<Database>, actor: Actor, base: VersionSet, cand: CandidateInput): Promise<VersionSet> {
  const byId = new Map(base.members.map((m) => [m.documentId, m]));
  for (const id of cand.versionIds) {
    const v = await getVersion(db, actor, id);
    const r = validateDocument(v.content);
    if (!r.success) throw badRequest(`${v.documentId} v${v.versionNumber} 有错误，无法预览 / has errors and cannot be previewed`, r.issues);
    byId.set(v.documentId, { documentId: v.documentId, kind: v.kind, versionNumber: v.versionNumber, status: v.status, contentHash: v.contentHash, document: r.data });
  }
  cand.documents.forEach((d, k) => {
    const r = validateDocument(d);
    if (!r.success) throw badRequest(`第 ${k + 1} 个候选文档有错误 / candidate document ${k + 1} has errors`, prefixIssues(r.issues, ['documents', k]));
    byId.set(r.data.id, { documentId: r.data.id, kind: r.data.kind, versionNumber: null, status: 'unsaved', contentHash: hashOf(d), document: r.data });
  });
  return versionSet([...byId.values()]);
}

function compileOrRefuse(ctx: Context, set: VersionSet, which: string) {
  const r = ctx.services.evaluator(set);
  if (!r.success) throw badRequest(`${which}无法编译 / the ${which === '候选策略' ? 'candidate' : which === '对比基准' ? 'base' : 'published'} set does not compile`, r.issues);
  return r.evaluator;
}

const describeSet = (s: VersionSet) =>
  s.members.map((m) => ({ documentId: m.documentId, kind: m.kind, versionNumber: m.versionNumber, status: m.status, contentHash: m.contentHash }));

/**
 * The stored version whose golden cases a member of the candidate runs: the version itself; for an
 * unsaved document from the editor, the stored version it was edited from (its `version`, when the
 * actor may read it), else the version it replaces in the base set. Null for a document never stored.
 */
async function caseVersionOf(ctx: Context, actor: Actor, base: VersionSet, m: SetMember): Promise<{ id: number; versionNumber: number } | null> {
  const stored = async (n: number) => {
    try {
      const v = await getVersionByNumber(ctx.db, actor, m.documentId, n);
      return { id: v.id, versionNumber: v.versionNumber };
    } catch (e) {
      if (isDbError(e) && (e.code === 'NOT_FOUND' || e.code === 'FORBIDDEN')) return null;
      throw e;
    }
  };
  if (m.versionNumber !== null) return stored(m.versionNumber);
  const edited = typeof m.document.version === 'number' ? await stored(m.document.version) : null;
  if (edited) return edited;
  const replaced = base.members.find((b) => b.documentId === m.documentId)?.versionNumber;
  return replaced === null || replaced === undefined ? null : stored(replaced);
}

/** A key of a version's stored cases: what they run and expect (a draft's cases change). */
const casesKey = (versionId: number, cases: readonly GoldenCase[]) =>
  `${versionId}:${contentHash(cases.map((c) => [c.name, c.at, c.enterprise, c.expect]))}`;

/**
 * Golden cases of the documents the candidate changed (else of every member): the stored cases of
 * each one's version (`caseVersionOf`), run against the candidate set.
 */
async function goldenFor(ctx: Context, actor: Actor, base: VersionSet, cand: VersionSet, evaluator: Parameters<typeof runCases>[0]): Promise<GoldenCaseResult[]> {
  const baseKeys = new Set(base.members.map((m) => `${m.documentId}@${m.contentHash}`));
  const changed = cand.members.filter((m) => !baseKeys.has(`${m.documentId}@${m.contentHash}`));
  const targets = changed.length > 0 ? changed : cand.members;
  const out: GoldenCaseResult[] = [];
  for (const m of targets) {
    if (m.kind === 'supervision-items') continue;
    const v = await caseVersionOf(ctx, actor, base, m);
    if (!v) continue;
    const { cases } = await listCases(ctx.db, actor, v.id);
    if (cases.length === 0) continue;
    const label = `${m.documentId} v${v.versionNumber}`;
    out.push(...ctx.services.golden(cand, casesKey(v.id, cases), () => runCases(evaluator, m.documentId, m.kind, label, storedCaseFile(cases))));
  }
  return out;
}

const movedInput = z
  .object({
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(50),
    search: z.string().max(100).optional(),
    document: z.string().max(128).optional(),
  })
  .default({ offset: 0, limit: 50 });

const previewInput = z.object({
  datasetId: z.number().int().positive(),
  at: isoDate,
  candidate: candidateInput,
  moved: movedInput,
  /**
   * A stored version (any status the caller may read) of a document the candidate changes: the
   * candidate is then compared with the set in force with this version in place of its document's
   * (e.g. a reviewer comparing v5 with v3 rather than with the published v4). Default: the set in force.
   */
  base: z.number().int().positive().optional(),
});

/**
 * The set a preview compares against: the published set in force at `at`, with the `base` version
 * in place of its document's when given. BAD_REQUEST when that version's document is not one the
 * candidate names (the comparison would then mix two changes), or when the version has errors.
 */
export async function baseSet(db: Kysely<Database>, actor: Actor, published: VersionSet, cand: VersionSet, baseVersionId: number | undefined): Promise<VersionSet> {
  if (baseVersionId === undefined) return published;
  const v = await getVersion(db, actor, baseVersionId);
  // the candidate's own members (stored versions or unsaved documents); the rest are the published ones
  const named = cand.members.filter((m) => !published.members.includes(m)).map((m) => m.documentId);
  if (!named.includes(v.documentId)) {
    throw badRequest(
      `对比基准 ${v.documentId} v${v.versionNumber} 不属于候选策略中的文档 / the base version ${v.documentId} v${v.versionNumber} is not of a document in the candidate`,
      [
        {
          code: 'schema.invalid',
          severity: 'error',
          path: '/base',
          message: `对比基准须为候选文档（${named.join('、') || '无'}）的某个版本`,
          messageEn: `the base must be a version of a document in the candidate (${named.join(', ') || 'none'})`,
        },
      ],
    );
  }
  const r = validateDocument(v.content);
  if (!r.success) throw badRequest(`对比基准 ${v.documentId} v${v.versionNumber} 有错误，无法预览 / the base version has errors and cannot be previewed`, r.issues);
  const byId = new Map(published.members.map((m) => [m.documentId, m]));
  byId.set(v.documentId, { documentId: v.documentId, kind: v.kind, versionNumber: v.versionNumber, status: v.status, contentHash: v.contentHash, document: r.data });
  return versionSet([...byId.values()]);
}

/** The base and candidate sets of a preview input. */
async function previewSets(ctx: Context & { user: NonNullable<Context['user']> }, input: Omit<z.infer<typeof previewInput>, 'moved'>) {
  const actor = toActor(ctx.user);
  const published = await publishedSet(ctx.db, input.at, ctx.services);
  const cand = await candidateSet(ctx.db, actor, published, input.candidate);
  const base = await baseSet(ctx.db, actor, published, cand, input.base);
  return { base, cand };
}

/** Both sides evaluated in memory (the population loaded in the evaluation worker). */
async function memoryImpact(ctx: Context, input: z.infer<typeof previewInput>, base: VersionSet, cand: VersionSet, evBase: Evaluator, evCand: Evaluator) {
  // (a cold load: both sets compiled in the worker threads while the population is read)
  await ctx.services.populationCompiling(input.datasetId, [base, cand]);
  const [rb, rc] = [await ctx.services.evaluate(base, evBase, input.datasetId, input.at), await ctx.services.evaluate(cand, evCand, input.datasetId, input.at)];
  const pop = await ctx.services.population(input.datasetId);
  return { rb, rc, pop, n: pop.n };
}

const hasTriggersOrWarnings = (set: VersionSet) => {
  const bundle = { documents: set.members.map((m) => m.document) };
  return hasTriggerConditions(bundle) || hasWarningRules(bundle);
};

/**
 * Whether a preview of the dataset is surely evaluated in memory (SQLite, or fewer enterprises than
 * the SQL engine takes on PostgreSQL: see impact-sql.ts), so that its population can be read from the start.
 */
async function inMemoryForSure(ctx: Context, datasetId: number): Promise<boolean> {
  if (ctx.dialect !== 'postgres') return true;
  const row = await ctx.db.selectFrom('datasets').select('row_count').where('id', '=', datasetId).executeTakeFirst();
  return row !== undefined && Number(row.row_count) < ctx.services.limits.sqlEngineMinEnterprises;
}

async function runPreview(ctx: Context & { user: NonNullable<Context['user']> }, input: z.infer<typeof previewInput>) {
  const t0 = performance.now();
  // a cold load begins now, while the sets are read and compiled here (the worker threads compile them too once known)
  if (await inMemoryForSure(ctx, input.datasetId)) await ctx.services.startLoading(input.datasetId);
  const { base, cand } = await previewSets(ctx, input);
  const evBase = compileOrRefuse(ctx, base, input.base === undefined ? '已发布策略' : '对比基准');
  const evCand = compileOrRefuse(ctx, cand, '候选策略');
  const t1 = performance.now();
  // the golden cases (the candidate over its documents' few stored records) run on this thread while the dataset is evaluated
  const goldenRun = goldenFor(ctx, toActor(ctx.user), base, cand, evCand);
  goldenRun.catch(() => undefined); // awaited below; not unhandled when the evaluation fails first
  // a large dataset on PostgreSQL: the report computed inside the database, the population never loaded here (issue 16)
  const sql = await sqlImpactReport(ctx, input, evBase, evCand, base);
  const t2 = performance.now();
  const mem = sql ? null : await memoryImpact(ctx, input, base, cand, evBase, evCand);
  const { rb, rc, n } = sql ?? mem!;
  const t3 = performance.now();
  const comparison = sql ? sql.comparison : ctx.services.compare(base, cand, input.datasetId, mem!.rb, mem!.rc, mem!.pop, input.moved);
  const t4 = performance.now();
  const golden = await goldenRun;
  const t5 = performance.now();
  const warnings: Issue[] = validateBundle(cand.members.map((m) => m.document)).filter((i) => i.severity === 'warning' || i.severity === 'error');
  const notes: { code: string; message: string; messageEn: string }[] = [];
  const share = comparison.differentiatedShare;
  if (share.meetsTarget === false)
    notes.push({
      code: 'sampling.differentiated-share-low',
      message: `差异化抽查占比 ${share.afterPercent.toFixed(1)}% 低于要求的 ${share.targetPercent}%`,
      messageEn: `differentiated sampling share ${share.afterPercent.toFixed(1)}% is below the required ${share.targetPercent}%`,
    });
  // 002 (六): the candidate plan's differentiated share in enterprises (户数), per department and year
  const planShares = candidatePlanShares(cand.members.map((m) => m.document), rc.result.departments);
  for (const p of planShares) {
    if (p.meetsTarget !== false) continue;
    notes.push({
      code: 'sampling.differentiated-share-below',
      message: `${p.departmentLabel.zh} ${p.year} 年差异化抽查占比 ${sharePercentText(p.sharePercent!, p.targetPercent!)}%，低于目标 ${p.targetPercent}%，差 ${p.gapPoints.toFixed(1)} 个百分点`,
      messageEn: `${p.departmentLabel.en}: the differentiated share of ${p.year} is ${sharePercentText(p.sharePercent!, p.targetPercent!)}%, below the target ${p.targetPercent}% by ${p.gapPoints.toFixed(1)} percentage points`,
    });
  }
  if (rc.aggregate.noDomain.count > 0)
    notes.push({ code: 'domains.uncovered', message: `${rc.aggregate.noDomain.count} 户市场主体不属于任何监管领域`, messageEn: `${rc.aggregate.noDomain.count} enterprises fall into no domain` });
  if (rc.aggregate.multiDepartment.count > 0)
    notes.push({ code: 'domains.multi-department', message: `${rc.aggregate.multiDepartment.count} 户市场主体属于多个部门的监管领域`, messageEn: `${rc.aggregate.multiDepartment.count} enterprises fall into several departments' domains` });
  if (sql?.signalsPartial && (hasTriggersOrWarnings(cand) || hasTriggersOrWarnings(base)))
    notes.push({ code: 'engine.sql-partial', message: '数据库内评价：触发式监管与预警名单本次未计算', messageEn: 'evaluated in the database: trigger-based supervision and early warnings were not computed' });
  const failed = golden.filter((g) => !g.passed).length;
  if (failed > 0) notes.push({ code: 'golden.failed', message: `${failed} 个黄金用例未通过`, messageEn: `${failed} golden case(s) fail` });
  return {
    datasetId: input.datasetId,
    at: input.at,
    engine: (sql ? 'sql' : 'memory') as EngineName,
    scoped: sql?.scoped ?? false,
    // the stored SQL run whose results stood for the base side (issue 16; null: both sides evaluated)
    baseRun: sql?.baseRun ?? null,
    n,
    base: { versions: describeSet(base), aggregate: rb.aggregate },
    candidate: { versions: describeSet(cand), aggregate: rc.aggregate },
    comparison,
    planShares,
    // 002 (八) trigger-based supervision: per department, item → enterprises whose conditioned trigger points hold, and the measures
    triggers: { base: rb.triggers, candidate: rc.triggers },
    // 003 第十三条 early warnings: per rule and per warned department, the enterprises warned (not the validation warnings below)
    earlyWarnings: { base: rb.warnings, candidate: rc.warnings },
    golden,
    warnings: [...notes, ...warnings.map((w) => ({ code: w.code, message: w.message, messageEn: w.messageEn, path: w.path, documentId: w.documentId }))],
    timings: {
      compileMs: Math.round(t1 - t0),
      loadMs: Math.round(t2 - t1),
      evaluateMs: Math.round(t3 - t2),
      compareMs: Math.round(t4 - t3),
      // (the golden cases run beside the evaluation: what is left of them after the comparison)
      goldenMs: Math.round(t5 - t4),
      totalMs: Math.round(performance.now() - t0),
      // inside PostgreSQL (in loadMs): filling the sides' tables, counting, and the triggers and warnings
      sql: sql ? sql.timings : null,
    },
  };
}

/**
 * A preview as the reader may see it: the moved enterprises and the aggregates' enterprise samples
 * of the reader's domains (a department editor), none for a viewer (the counts, matrices,
 * distributions and workload stay: they are aggregates); recorded as a `read.moved` when it names
 * any enterprise.
 */
async function scopePreview(ctx: Reader, input: z.infer<typeof previewInput>, p: Awaited<ReturnType<typeof runPreview>>) {
  const scope = firmReadScope(principalOf(ctx.user));
  const detail = { procedure: 'evaluation.preview', datasetId: input.datasetId, at: input.at };
  if (scope.kind === 'none') {
    return {
      ...p,
      base: { ...p.base, aggregate: scopeAggregate(p.base.aggregate, 'none') },
      candidate: { ...p.candidate, aggregate: scopeAggregate(p.candidate.aggregate, 'none') },
      comparison: { ...p.comparison, moved: { ...p.comparison.moved, items: [] } },
    };
  }
  if (scope.kind === 'all' || p.scoped) {
    // (a report computed in SQL for a department editor holds its domains' enterprises only already)
    await recordRead(ctx, 'read.moved', { ...detail, count: p.comparison.moved.items.length });
    return p;
  }
  const rows = (await readableRows(ctx, input.datasetId, input.at, detail))!;
  const { base, cand } = await previewSets(ctx, input);
  const rb = await ctx.services.evaluate(base, compileOrRefuse(ctx, base, '对比基准'), input.datasetId, input.at);
  const rc = await ctx.services.evaluate(cand, compileOrRefuse(ctx, cand, '候选策略'), input.datasetId, input.at);
  const moved = movedAmong(rb.result, rc.result, await ctx.services.population(input.datasetId), rows, input.moved);
  await recordRead(ctx, 'read.moved', { ...detail, count: moved.items.length });
  return {
    ...p,
    base: { ...p.base, aggregate: scopeAggregate(p.base.aggregate, rows) },
    candidate: { ...p.candidate, aggregate: scopeAggregate(p.candidate.aggregate, rows) },
    comparison: { ...p.comparison, moved },
  };
}

export const evaluationRouter = router({
  /**
   * Compares a candidate (draft versions or unsaved documents) with the published set in force at
   * `at` (or with that set with the `base` version in place of its document's) over a stored dataset: distributions, migration matrices, moved enterprises (paged and
   * searchable), workload per department, golden cases and warnings.
   */
  preview: authedProcedure.input(previewInput).query(async ({ ctx, input }) => scopePreview(ctx, input, await runPreview(ctx, input))),

  /** Only the moved enterprises of a preview (another page or search), reusing cached results. */
  moved: authedProcedure.input(previewInput).query(async ({ ctx, input }) => {
    const detail = { procedure: 'evaluation.moved', datasetId: input.datasetId, at: input.at, ...(input.moved.search ? { query: input.moved.search } : {}) };
    // a viewer is refused before anything is evaluated; an editor reads its domains' enterprises only
    await requireFirmReader(ctx, detail);
    // a large dataset on PostgreSQL: the page computed inside the database (issue 16)
    const sets = await previewSets(ctx, input);
    const sqlPage = await sqlMovedPage(ctx, input, compileOrRefuse(ctx, sets.base, input.base === undefined ? '已发布策略' : '对比基准'), compileOrRefuse(ctx, sets.cand, '候选策略'), sets.base);
    if (sqlPage) {
      await recordRead(ctx, 'read.moved', { ...detail, count: sqlPage.items.length });
      return sqlPage;
    }
    const rows = await readableRows(ctx, input.datasetId, input.at, detail);
    const { base, cand } = await previewSets(ctx, input);
    const rb = await ctx.services.evaluate(base, compileOrRefuse(ctx, base, input.base === undefined ? '已发布策略' : '对比基准'), input.datasetId, input.at);
    const rc = await ctx.services.evaluate(cand, compileOrRefuse(ctx, cand, '候选策略'), input.datasetId, input.at);
    const pop = await ctx.services.population(input.datasetId);
    const moved = rows ? movedAmong(rb.result, rc.result, pop, rows, input.moved) : ctx.services.compare(base, cand, input.datasetId, rb, rc, pop, input.moved).moved;
    await recordRead(ctx, 'read.moved', { ...detail, count: moved.items.length });
    return moved;
  }),

  /**
   * The whole moved list (every page, no search) as a CSV file (issue 15): the same enterprises the
   * reader's `moved` pages hold (a department editor its domains' only; a viewer refused), recorded as
   * a `read.moved` and audit-logged (`moved.export`) as run exports are. A mutation: one export per click.
   */
  movedExport: authedProcedure.input(previewInput.omit({ moved: true })).mutation(async ({ ctx, input }) => {
    const detail = { procedure: 'evaluation.movedExport', datasetId: input.datasetId, at: input.at };
    const rows = await readableRows(ctx, input.datasetId, input.at, detail);
    const { base, cand } = await previewSets(ctx, input);
    const rb = await ctx.services.evaluate(base, compileOrRefuse(ctx, base, input.base === undefined ? '已发布策略' : '对比基准'), input.datasetId, input.at);
    const rc = await ctx.services.evaluate(cand, compileOrRefuse(ctx, cand, '候选策略'), input.datasetId, input.at);
    const pop = await ctx.services.population(input.datasetId);
    const comparison = ctx.services.compare(base, cand, input.datasetId, rb, rc, pop, { offset: 0, limit: rows ? 0 : pop.n });
    const moved = rows ? movedAmong(rb.result, rc.result, pop, rows, { offset: 0, limit: pop.n }) : comparison.moved;
    const baseKeys = new Set(base.members.map((m) => `${m.documentId}@${m.contentHash}`));
    const changed = cand.members.filter((m) => !baseKeys.has(`${m.documentId}@${m.contentHash}`));
    const fileName = movedFileName(changed.map((m) => m.document.title), input.at);
    await recordRead(ctx, 'read.moved', { ...detail, count: moved.items.length });
    const scope = rows ? (ctx.user.department ?? '-') : '*';
    await ctx.db.transaction().execute((trx) =>
      recordAudit(trx, toActor(ctx.user), {
        action: 'moved.export',
        target: `dataset:${input.datasetId}`,
        reason: `format=csv; at=${input.at}; documents=${changed.map((m) => m.documentId).join(',') || '-'}; department=${scope}; enterprises=${moved.items.length}`,
      }),
    );
    return { fileName, count: moved.items.length, csv: movedCsv(comparison.documents, moved.items) };
  }),

  /** Why one enterprise (by USCC) has its grades at `at` under the published set or a candidate. */
  explain: authedProcedure
    .input(z.object({ datasetId: z.number().int().positive(), at: isoDate, uscc: z.string().min(1).max(32), candidate: candidateInput }))
    .query(async ({ ctx, input }) => {
      const uscc = input.uscc.trim().toUpperCase();
      const detail = { procedure: 'evaluation.explain', datasetId: input.datasetId, at: input.at, uscc };
      const rows = await readableRows(ctx, input.datasetId, input.at, detail);
      const base = await publishedSet(ctx.db, input.at, ctx.services);
      const useCandidate = input.candidate.versionIds.length > 0 || input.candidate.documents.length > 0;
      const set = useCandidate ? await candidateSet(ctx.db, toActor(ctx.user), base, input.candidate) : base;
      const ev = compileOrRefuse(ctx, set, useCandidate ? '候选策略' : '已发布策略');
      const pop = await ctx.services.population(input.datasetId);
      const i = await ctx.services.indexOf(input.datasetId, uscc);
      if (i < 0) throw notFound(`数据集中没有该统一社会信用代码 / no enterprise with USCC ${input.uscc} in dataset ${input.datasetId}`);
      await requireRow(ctx, rows, i, detail);
      // issue 13 finding 9: the smallest changes to each better grade (after the firm-access check above)
      return { versions: describeSet(set), explanation: ev.explain(pop, i, input.at), improvements: improvements(ev, pop, i, input.at) };
    }),

  /** Golden cases (the stored cases of each version) of the documents in force at `at`, or of those a candidate changes. */
  golden: authedProcedure.input(z.object({ at: isoDate, candidate: candidateInput })).query(async ({ ctx, input }) => {
    const base = await publishedSet(ctx.db, input.at, ctx.services);
    const actor = toActor(ctx.user);
    const cand = await candidateSet(ctx.db, actor, base, input.candidate);
    const ev = compileOrRefuse(ctx, cand, '候选策略');
    const results = await goldenFor(ctx, actor, base, cand, ev);
    return { passed: results.filter((r) => r.passed).length, failed: results.filter((r) => !r.passed).length, results };
  }),
});

/** The yearly plans of the candidate's sampling document with their differentiated share (户数) and the department's name. */
function candidatePlanShares(documents: readonly PolicyDocument[], departments: readonly { id: string; name: { zh: string; en?: string } }[]) {
  const sampling = documents.find((d): d is SamplingDocument => d.kind === 'sampling');
  if (!sampling) return [];
  return differentiatedPlanShares(sampling.content).map((p) => {
    const dep = departments.find((d) => d.id === p.department);
    return { ...p, departmentLabel: { zh: dep?.name.zh ?? p.department, en: dep?.name.en ?? p.department } };
  });
}
