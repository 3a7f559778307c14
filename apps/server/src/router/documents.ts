/**
 * Documents and versions: list, read, draft, save (also with errors), discard a draft, validate,
 * submit, review, publish, start a rollback draft, history (with standings computed for a date), in force (as known on a date), diff.
 */
import { z } from 'zod';
import {
  approve,
  createDraft,
  getRequiredApprovals,
  getVersion,
  getVersionByNumber,
  history,
  inForceAt,
  listCases,
  listDocuments,
  publish,
  reject,
  createRollbackDraft,
  discardDraft,
  saveDraft,
  setRequiredApprovals,
  submitForReview,
  toActor,
} from '@policy/db';
import type { VersionDetail } from '@policy/db';
import { calendarDate, checkScope, DEPARTMENT_KINDS, DOCUMENT_KINDS, documentSchemas, parseDocument, rawDiff, semanticDiff, validateBundle, validateDocument } from '@policy/schemas';
import type { DiffSentence, DocumentKind, DomainAssignmentDocument, Issue, PolicyDocument } from '@policy/schemas';
import { badRequest } from '../errors.ts';
import { gateInput, runVersionCases } from '../golden.ts';
import { authedProcedure, roleProcedure, router } from '../trpc.ts';

/** A date input: the platform's calendar rule (`2026-02-30` is a BAD_REQUEST naming the field, never a 500). */
export const isoDate = calendarDate('日期', 'date');
const effectiveFromDate = calendarDate('生效日期', 'effective date');
const kind = z.enum(DOCUMENT_KINDS);
const versionId = z.number().int().positive();
const docId = z.string().min(1).max(128);
/** Document bodies are validated by the document schemas, not here: any JSON value is accepted at the boundary. */
const content = z.unknown();

/**
 * Errors of a document (schema and semantic checks), of the set it would join, and of its scope:
 * a department's document names only `owner` (the stored owner; the content's own when not given)
 * and the domains the assignment in force gives it.
 */
async function checkDocument(db: Parameters<typeof inForceAt>[0], doc: unknown, at?: string, owner?: string): Promise<{ valid: boolean; issues: Issue[] }> {
  const r = validateDocument(doc);
  if (!r.success) return { valid: false, issues: r.issues };
  const issues = [...r.issues];
  // cross-document references (grades, domains, departments) against the set in force
  const when = at ?? r.data.effectiveFrom;
  const others = (await inForceAt(db, when)).filter((v) => v.documentId !== r.data.id);
  const parsed = others.flatMap((v) => {
    const p = documentSchemas[v.kind].safeParse(v.content);
    return p.success ? [p.data as PolicyDocument] : [];
  });
  // only the issues of this document: the others are in force already and not being edited
  for (const i of validateBundle([...parsed, r.data])) if (i.documentId === r.data.id) issues.push(i);
  const assignment = parsed.find((d): d is DomainAssignmentDocument => d.kind === 'domain-assignment');
  // a domain the assignment lacks is reported once, as an unknown reference
  for (const i of checkScope(r.data, owner ?? r.data.owner, assignment)) if (!issues.some((x) => x.path === i.path)) issues.push(i);
  return { valid: !issues.some((i) => i.severity === 'error'), issues };
}

/**
 * Refuses (BAD_REQUEST with the issues) a department's document that names another department or a
 * domain the domain assignment in force at `at` (default: the document's effective date) does not
 * give its owner. Structural errors are left to the store, which refuses them with their own issues.
 */
async function assertInScope(
  db: Parameters<typeof inForceAt>[0],
  doc: { id: string; kind: DocumentKind; owner: string },
  content: unknown,
  at?: string,
): Promise<void> {
  if (!DEPARTMENT_KINDS.includes(doc.kind) || content === null || typeof content !== 'object' || Array.isArray(content)) return;
  const parsed = parseDocument({ ...content, id: doc.id, kind: doc.kind, owner: doc.owner });
  if (!parsed.success) return;
  const inForce = await inForceAt(db, at ?? parsed.data.effectiveFrom);
  const stored = inForce.find((v) => v.kind === 'domain-assignment');
  const assignment = stored && documentSchemas['domain-assignment'].safeParse(stored.content);
  const issues = checkScope(parsed.data, doc.owner, assignment?.success ? assignment.data : undefined);
  if (issues.length > 0) {
    throw badRequest(`文档超出本部门的职责范围（${issues.length} 处） / the document is outside its department's scope (${issues.length} issue(s))`, issues);
  }
}

/**
 * The version's document as a policy document, with its effective date as the version record has
 * it (the same for every version published since one effective date per version; versions released
 * before may have kept another date in their JSON).
 */
function parsedDoc(v: VersionDetail): PolicyDocument | null {
  const p = documentSchemas[v.kind].safeParse(v.effectiveFrom ? { ...v.content, effectiveFrom: v.effectiveFrom } : v.content);
  return p.success ? (p.data as PolicyDocument) : null;
}

/** What a reviewer must see about a version's effective date besides the date change: retroactivity and the past it changes, a rollback's note. */
function effectiveDateSentences(v: VersionDetail): DiffSentence[] {
  const out: DiffSentence[] = [];
  const e = v.effectiveDate;
  if (e.retroactive) {
    out.push({
      zh: `追溯生效：自 ${e.effectiveFrom} 起，早于发布日 ${e.publishDay}；理由：${e.retroactiveReason ?? ''}`,
      en: `retroactive: in force from ${e.effectiveFrom}, before the publish day ${e.publishDay}; reason: ${e.retroactiveReason ?? ''}`,
      path: '/effectiveFrom',
      warning: true,
    });
  } else if (e.inThePast) {
    out.push({
      zh: `生效日期 ${e.effectiveFrom} 早于发布日 ${e.publishDay}，且未标记为追溯`,
      en: `the effective date ${e.effectiveFrom} is before the publish day ${e.publishDay} and not marked retroactive`,
      path: '/effectiveFrom',
      warning: true,
    });
  }
  for (const c of e.pastChanges) {
    const was = c.replaces ? `v${c.replaces.versionNumber}` : '无生效版本';
    const wasEn = c.replaces ? `v${c.replaces.versionNumber}` : 'no version';
    out.push({
      zh: `改变过去的生效版本：${c.from} 至 ${c.to} 由 ${was} 改为 v${v.versionNumber}`,
      en: `changes the past: from ${c.from} to ${c.to} v${v.versionNumber} instead of ${wasEn}`,
      path: '/effectiveFrom',
      warning: true,
    });
  }
  if (v.note) out.push({ zh: `说明：${v.note}`, en: `note: ${v.note}`, path: '' });
  return out;
}

export const documentsRouter = router({
  /** Documents by kind and owner department, each with its published and newest readable version. */
  list: authedProcedure
    .input(z.object({ kind: kind.optional(), department: z.string().min(1).max(64).optional() }).default({}))
    .query(({ ctx, input }) => listDocuments(ctx.db, toActor(ctx.user), input)),

  /** One version with content and reviews (unreleased versions of other departments are refused). */
  get: authedProcedure.input(z.object({ versionId })).query(({ ctx, input }) => getVersion(ctx.db, toActor(ctx.user), input.versionId)),

  getByNumber: authedProcedure
    .input(z.object({ documentId: docId, versionNumber: z.number().int().positive() }))
    .query(({ ctx, input }) => getVersionByNumber(ctx.db, toActor(ctx.user), input.documentId, input.versionNumber)),

  /**
   * Every readable version, oldest first, with content and parent hashes and reviews; released
   * versions with their `standing` on `at` (default today): in-force, scheduled or superseded.
   */
  history: authedProcedure
    .input(z.object({ documentId: docId, at: isoDate.optional() }))
    .query(({ ctx, input }) => history(ctx.db, toActor(ctx.user), input.documentId, { at: input.at })),

  /** The set of versions in force at a date; with `asKnownOn`, as known at the end of that day (versions published later ignored). */
  inForce: authedProcedure
    .input(z.object({ at: isoDate, asKnownOn: calendarDate('已知日期', 'as-known-on date').optional() }))
    .query(({ ctx, input }) => inForceAt(ctx.db, input.at, { asKnownOn: input.asKnownOn })),

  createDraft: roleProcedure('credit-office', 'department-editor')
    .input(
      z.union([
        z.object({ documentId: docId, basedOnVersion: z.number().int().positive().optional(), content: content.optional() }).strict(),
        z
          .object({
            newDocument: z.object({ id: docId, kind, owner: z.string().min(1).max(64).optional(), title: z.string().min(1).max(200) }),
            content,
          })
          .strict(),
      ]),
    )
    .mutation(async ({ ctx, input }) => {
      const actor = toActor(ctx.user);
      if ('newDocument' in input) {
        const nd = input.newDocument;
        await assertInScope(ctx.db, { id: nd.id, kind: nd.kind, owner: nd.owner ?? ctx.user.department ?? '' }, input.content);
      } else if (input.content !== undefined) {
        const doc = (await listDocuments(ctx.db, actor, { department: ctx.user.department ?? undefined })).find((d) => d.id === input.documentId);
        if (doc) await assertInScope(ctx.db, doc, input.content);
      }
      return createDraft(ctx.db, actor, input);
    }),

  /**
   * Saves a draft; `revision` must be the one last read (stale → CONFLICT with the current
   * revision). The document's `effectiveFrom` is the version's effective date; `retroactiveReason`
   * marks it retroactive (text), clears the mark (null or empty) or keeps it (absent). A draft with
   * errors is saved too (unfinished work is kept; submit refuses it): the answer's `issues` are its
   * errors, cross-document ones included, and `errors` their number.
   */
  saveDraft: roleProcedure('credit-office', 'department-editor')
    .input(z.object({ versionId, revision: z.number().int().min(0), content, retroactiveReason: z.string().max(2000).nullable().optional() }))
    .mutation(async ({ ctx, input }) => {
      const actor = toActor(ctx.user);
      const v = await getVersion(ctx.db, actor, input.versionId);
      await assertInScope(ctx.db, { id: v.documentId, kind: v.kind, owner: v.owner }, input.content);
      const saved = await saveDraft(ctx.db, actor, input);
      const stored = { ...(input.content as Record<string, unknown>), id: v.documentId, kind: v.kind, owner: v.owner, version: v.versionNumber };
      const issues = saved.issues.length > 0 ? saved.issues : (await checkDocument(ctx.db, stored, undefined, v.owner)).issues.filter((i) => i.severity === 'error');
      return { ...saved, issues, errors: issues.length };
    }),

  /**
   * Discards an unsubmitted draft (放弃草稿): its author or the credit office; audited
   * `document.discard`. Already gone → NOT_FOUND; submitted meanwhile → PRECONDITION_FAILED.
   */
  discardDraft: roleProcedure('credit-office', 'department-editor')
    .input(z.object({ versionId, reason: z.string().max(2000).optional() }))
    .mutation(({ ctx, input }) => discardDraft(ctx.db, toActor(ctx.user), input)),

  /** Schema, semantic and cross-document checks of a document body: the issues list, never an error. */
  validate: authedProcedure
    .input(z.object({ content, at: isoDate.optional() }))
    .query(({ ctx, input }) => checkDocument(ctx.db, input.content, input.at)),

  /**
   * Submits a draft for review; a document with errors is refused with its issues. The answer
   * carries `golden`: the version's golden cases run against the set it will be in force with
   * (`failures` lists the failing ones; publish is refused while any fails unless overridden).
   */
  submit: roleProcedure('credit-office', 'department-editor')
    .input(z.object({ versionId, revision: z.number().int().min(0).optional(), comment: z.string().max(2000).optional() }))
    .mutation(async ({ ctx, input }) => {
      const actor = toActor(ctx.user);
      const v = await getVersion(ctx.db, actor, input.versionId);
      if (v.status === 'draft') {
        const check = await checkDocument(ctx.db, v.content, undefined, v.owner);
        if (!check.valid) {
          const n = check.issues.filter((i) => i.severity === 'error').length;
          throw badRequest(`文档有 ${n} 个错误，不能提交审核 / the document has ${n} error(s) and cannot be submitted`, check.issues);
        }
      }
      const submitted = await submitForReview(ctx.db, actor, input);
      const run = await runVersionCases(ctx, await getVersion(ctx.db, actor, input.versionId), (await listCases(ctx.db, actor, input.versionId)).cases);
      const failures = run.results.filter((r) => !r.passed);
      return { ...submitted, golden: { total: run.total, passed: run.passed, failed: run.failed, failures, problems: run.problems } };
    }),

  approve: roleProcedure('reviewer', 'credit-office')
    .input(z.object({ versionId, comment: z.string().max(2000).optional() }))
    .mutation(({ ctx, input }) => approve(ctx.db, toActor(ctx.user), input)),

  reject: roleProcedure('reviewer', 'credit-office')
    .input(z.object({ versionId, comment: z.string().trim().min(1, '退回时必须填写意见 / a rejection needs a comment').max(2000) }))
    .mutation(({ ctx, input }) => reject(ctx.db, toActor(ctx.user), input)),

  /**
   * Publishes an approved version. `effectiveFrom` confirms the reviewed effective date (another date
   * → CONFLICT); a simultaneous second publish → CONFLICT. While golden cases fail (run against the
   * set in force at the effective date) → PRECONDITION_FAILED `golden-cases-failing` naming them,
   * unless a reviewer recorded an override (`cases.override`) or `goldenOverrideReason` is given
   * by a reviewer who did not make the version (recorded and audited).
   */
  publish: roleProcedure('credit-office')
    .input(z.object({ versionId, effectiveFrom: effectiveFromDate, goldenOverrideReason: z.string().max(2000).optional() }))
    .mutation(async ({ ctx, input }) => {
      const actor = toActor(ctx.user);
      const v = await getVersion(ctx.db, actor, input.versionId);
      // the assignment may have changed since the version was submitted: judged as it will be in force
      await assertInScope(ctx.db, { id: v.documentId, kind: v.kind, owner: v.owner }, v.content, input.effectiveFrom);
      const run = await runVersionCases(ctx, v, (await listCases(ctx.db, actor, v.id)).cases);
      return publish(ctx.db, actor, { versionId: input.versionId, effectiveFrom: input.effectiveFrom, golden: gateInput(run, input.goldenOverrideReason) });
    }),

  /**
   * Starts a rollback: a new draft copying an earlier released version's content, noted
   * "回退至 v<N>", in force from `effectiveFrom` (default today). It is submitted, reviewed and
   * published like any other draft.
   */
  createRollbackDraft: roleProcedure('credit-office', 'department-editor')
    .input(
      z.object({
        documentId: docId,
        toVersion: z.number().int().positive(),
        effectiveFrom: effectiveFromDate.optional(),
        reason: z.string().max(2000).optional(),
      }),
    )
    .mutation(({ ctx, input }) => createRollbackDraft(ctx.db, toActor(ctx.user), input)),

  approvals: authedProcedure.query(({ ctx }) => getRequiredApprovals(ctx.db)),

  setApprovals: roleProcedure('credit-office')
    .input(z.object({ kind, count: z.number().int().min(1).max(10) }))
    .mutation(async ({ ctx, input }) => {
      await setRequiredApprovals(ctx.db, toActor(ctx.user), input.kind, input.count);
      return getRequiredApprovals(ctx.db);
    }),

  /**
   * Differences between two versions of a document: sentences in policy language and the raw JSON
   * changes, plus both documents as formatted JSON for a side-by-side editor.
   */
  diff: authedProcedure
    .input(z.object({ documentId: docId, from: z.number().int().positive(), to: z.number().int().positive() }))
    .query(async ({ ctx, input }) => {
      const actor = toActor(ctx.user);
      const [a, b] = await Promise.all([
        getVersionByNumber(ctx.db, actor, input.documentId, input.from),
        getVersionByNumber(ctx.db, actor, input.documentId, input.to),
      ]);
      const before = parsedDoc(a);
      const after = parsedDoc(b);
      const sentences = before && after ? [...semanticDiff(a.kind, before, after).sentences, ...effectiveDateSentences(b)] : [];
      const side = (v: VersionDetail) => ({
        versionNumber: v.versionNumber,
        status: v.status,
        contentHash: v.contentHash,
        effectiveFrom: v.effectiveFrom,
        retroactive: v.retroactive,
        retroactiveReason: v.retroactiveReason,
        note: v.note,
        text: JSON.stringify(v.content, null, 2),
      });
      return {
        documentId: input.documentId,
        kind: a.kind,
        from: side(a),
        to: side(b),
        /** The newer version's effective date as the review shows it (retroactivity, past in-force sets it changes). */
        effectiveDate: b.effectiveDate,
        semantic: Boolean(before && after),
        sentences,
        changes: rawDiff(a.content, b.content),
      };
    }),
});
