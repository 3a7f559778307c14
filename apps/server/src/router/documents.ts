/** Documents and versions: list, read, draft, save, validate, submit, review, publish, roll back, history, in force, diff. */
import { z } from 'zod';
import {
  approve,
  createDraft,
  getRequiredApprovals,
  getVersion,
  getVersionByNumber,
  history,
  inForceAt,
  listDocuments,
  publish,
  reject,
  rollback,
  saveDraft,
  setRequiredApprovals,
  submitForReview,
  toActor,
} from '@policy/db';
import type { VersionDetail } from '@policy/db';
import { calendarDate, checkScope, DEPARTMENT_KINDS, DOCUMENT_KINDS, documentSchemas, parseDocument, rawDiff, semanticDiff, validateBundle, validateDocument } from '@policy/schemas';
import type { DocumentKind, DomainAssignmentDocument, Issue, PolicyDocument } from '@policy/schemas';
import { badRequest } from '../errors.ts';
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

function parsedDoc(v: VersionDetail): PolicyDocument | null {
  const p = documentSchemas[v.kind].safeParse(v.content);
  return p.success ? (p.data as PolicyDocument) : null;
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

  /** Every readable version, oldest first, with content and parent hashes and reviews. */
  history: authedProcedure.input(z.object({ documentId: docId })).query(({ ctx, input }) => history(ctx.db, toActor(ctx.user), input.documentId)),

  /** The set of versions in force at a date. */
  inForce: authedProcedure.input(z.object({ at: isoDate })).query(({ ctx, input }) => inForceAt(ctx.db, input.at)),

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

  /** Saves a draft; `revision` must be the one last read (stale → CONFLICT with the current revision). */
  saveDraft: roleProcedure('credit-office', 'department-editor')
    .input(z.object({ versionId, revision: z.number().int().min(0), content }))
    .mutation(async ({ ctx, input }) => {
      const actor = toActor(ctx.user);
      const v = await getVersion(ctx.db, actor, input.versionId);
      await assertInScope(ctx.db, { id: v.documentId, kind: v.kind, owner: v.owner }, input.content);
      return saveDraft(ctx.db, actor, input);
    }),

  /** Schema, semantic and cross-document checks of a document body: the issues list, never an error. */
  validate: authedProcedure
    .input(z.object({ content, at: isoDate.optional() }))
    .query(({ ctx, input }) => checkDocument(ctx.db, input.content, input.at)),

  /** Submits a draft for review; a document with errors is refused with its issues. */
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
      return submitForReview(ctx.db, actor, input);
    }),

  approve: roleProcedure('reviewer', 'credit-office')
    .input(z.object({ versionId, comment: z.string().max(2000).optional() }))
    .mutation(({ ctx, input }) => approve(ctx.db, toActor(ctx.user), input)),

  reject: roleProcedure('reviewer', 'credit-office')
    .input(z.object({ versionId, comment: z.string().trim().min(1, '退回时必须填写意见 / a rejection needs a comment').max(2000) }))
    .mutation(({ ctx, input }) => reject(ctx.db, toActor(ctx.user), input)),

  publish: roleProcedure('credit-office')
    .input(z.object({ versionId, effectiveFrom: effectiveFromDate.optional() }))
    .mutation(async ({ ctx, input }) => {
      const actor = toActor(ctx.user);
      const v = await getVersion(ctx.db, actor, input.versionId);
      // the assignment may have changed since the version was submitted: judged as it will be in force
      await assertInScope(ctx.db, { id: v.documentId, kind: v.kind, owner: v.owner }, v.content, input.effectiveFrom);
      return publish(ctx.db, actor, input);
    }),

  rollback: roleProcedure('credit-office')
    .input(z.object({ documentId: docId, toVersion: z.number().int().positive(), effectiveFrom: effectiveFromDate, reason: z.string().max(2000).optional() }))
    .mutation(({ ctx, input }) => rollback(ctx.db, toActor(ctx.user), input)),

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
      const sentences = before && after ? semanticDiff(a.kind, before, after).sentences : [];
      return {
        documentId: input.documentId,
        kind: a.kind,
        from: { versionNumber: a.versionNumber, status: a.status, contentHash: a.contentHash, text: JSON.stringify(a.content, null, 2) },
        to: { versionNumber: b.versionNumber, status: b.status, contentHash: b.contentHash, text: JSON.stringify(b.content, null, 2) },
        semantic: Boolean(before && after),
        sentences,
        changes: rawDiff(a.content, b.content),
      };
    }),
});
