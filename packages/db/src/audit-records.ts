/**
 * The second half of `verifyAudit`: the records the audit entries speak about must still say what the
 * entries recorded. For every version: its content still hashes to its content hash (canonical.ts)
 * and to the hash its submit, approve, reject and publish entries recorded; its effective date is the
 * one recorded at release; its status is the one its entries lead to (released, rejected, approved,
 * in review, draft; `published` and `superseded` both count as released); a published version has
 * the approvals its entries recorded; every review row has its approve or reject entry and every such
 * entry its review row. Every document has its `document.create` entry,
 * every lifecycle entry its version, every release anchor (`releases`) its entry with the recorded
 * hash. Old entries without some field are checked as far as they allow.
 */
import { RELEASED_STATUSES } from '@policy/schemas';
import type { Kysely } from 'kysely';
import type { AuditProblem, AuditRow } from './audit.table.ts';
import { contentHash } from './canonical.ts';
import type { Database } from './database.ts';

const SUBMIT = 'version.submit';
const APPROVE = 'version.approve';
const REJECT = 'version.reject';
const PUBLISH = 'version.publish';
const RELEASES = new Set(['version.publish', 'version.import', 'version.rollback']);
const LIFECYCLE = new Set([SUBMIT, APPROVE, REJECT, ...RELEASES]);

const key = (documentId: string, versionNumber: number) => `${documentId}\u0000${versionNumber}`;
const isReleased = (status: string) => (RELEASED_STATUSES as readonly string[]).includes(status);

/** `effectiveFrom=YYYY-MM-DD` in the reason of publish and import entries. */
const recordedDate = (reason: string | null): string | undefined => /effectiveFrom=(\d{4}-\d{2}-\d{2})/.exec(reason ?? '')?.[1];

/** `approvals:n/m` in the target of approve entries. */
function recordedApprovals(target: string | null): { count: number; required: number } | undefined {
  const m = /approvals:(\d+)\/(\d+)/.exec(target ?? '');
  return m ? { count: Number(m[1]), required: Number(m[2]) } : undefined;
}

const STATUS_ZH: Record<string, string> = {
  released: '已发布',
  rejected: '已退回',
  approved: '已批准',
  'in-review': '审核中',
  draft: '草稿',
};

export async function checkRecords(db: Kysely<Database>, rows: AuditRow[]): Promise<{ problems: AuditProblem[]; versionsChecked: number }> {
  const problems: AuditProblem[] = [];
  const [versions, reviews, documents, releases] = await Promise.all([
    db.selectFrom('versions').select(['id', 'document_id', 'version_number', 'status', 'content', 'content_hash', 'effective_from']).orderBy('id').execute(),
    db.selectFrom('reviews').selectAll().orderBy('id').execute(),
    db.selectFrom('documents').select('id').orderBy('id').execute(),
    db.selectFrom('releases').selectAll().orderBy('id').execute(),
  ]);

  const byVersion = new Map<string, AuditRow[]>();
  const bySeq = new Map<number, AuditRow>();
  const created = new Set<string>();
  for (const r of rows) {
    bySeq.set(Number(r.seq), r);
    if (r.action === 'document.create' && r.document_id) created.add(r.document_id);
    if (r.document_id === null || r.version_number === null || !LIFECYCLE.has(r.action)) continue;
    const k = key(r.document_id, Number(r.version_number));
    const list = byVersion.get(k) ?? [];
    list.push(r);
    byVersion.set(k, list);
  }
  const reviewsOf = new Map<number, typeof reviews>();
  for (const r of reviews) {
    const list = reviewsOf.get(Number(r.version_id)) ?? [];
    list.push(r);
    reviewsOf.set(Number(r.version_id), list);
  }

  for (const d of documents) {
    if (!created.has(d.id)) {
      problems.push({
        kind: 'missing-entry',
        seq: null,
        documentId: d.id,
        reason: `文档 ${d.id} 没有创建记录（审计记录被删除、日志被清空，或文档被直接写入） / document ${d.id} has no document.create entry (entries deleted, log wiped, or the document written directly)`,
      });
    }
  }

  const seen = new Set<string>();
  for (const v of versions) {
    const doc = v.document_id;
    const vn = Number(v.version_number);
    const label = `${doc} v${vn}`;
    const at = { documentId: doc, versionNumber: vn };
    const k = key(doc, vn);
    seen.add(k);
    const entries = byVersion.get(k) ?? [];
    const release = entries.filter((e) => RELEASES.has(e.action)).at(-1);
    const submit = entries.find((e) => e.action === SUBMIT);
    const rejectEntry = entries.find((e) => e.action === REJECT);
    const approvals = entries.filter((e) => e.action === APPROVE);
    const lastApproval = approvals.length > 0 ? recordedApprovals(approvals.at(-1)!.target) : undefined;
    const approvers = new Set(approvals.map((e) => (e.actor_id === null ? `name:${e.actor}` : `id:${Number(e.actor_id)}`)));
    const approvalsComplete = approvals.length > 0 && approvers.size >= (lastApproval?.required ?? 1);

    // content: recomputed, and as recorded by the entries once submitted
    let content: Record<string, unknown> | undefined;
    if (v.status !== 'draft') {
      try {
        content = JSON.parse(v.content) as Record<string, unknown>;
      } catch {
        content = undefined;
      }
      if (!content || contentHash(content) !== v.content_hash) {
        problems.push({
          kind: 'content',
          seq: release ? Number(release.seq) : null,
          ...at,
          reason: `${label} 的内容与其内容哈希不符（内容被修改） / ${label}: its content does not match its content hash (content edited)`,
        });
      } else {
        const differing = entries.find((e) => {
          const recorded = e.action === REJECT ? e.before_hash : e.after_hash;
          return recorded !== null && recorded !== v.content_hash;
        });
        if (differing) {
          const s = Number(differing.seq);
          problems.push({
            kind: 'content',
            seq: s,
            ...at,
            reason: `${label} 的内容哈希与第 ${s} 条记录（${differing.action}）的不符（内容被替换） / ${label}: content hash differs from the one recorded in entry ${s} (${differing.action}): content replaced`,
          });
        }
      }
    }

    // status: what the entries lead to
    const expected = release ? 'released' : rejectEntry ? 'rejected' : approvalsComplete ? 'approved' : submit ? 'in-review' : 'draft';
    const actual = isReleased(v.status) ? 'released' : v.status;
    if (expected !== actual) {
      const because = release ?? rejectEntry ?? approvals.at(-1) ?? submit;
      const s = because ? Number(because.seq) : null;
      const where = s === null ? '没有任何审核或发布记录' : `见第 ${s} 条`;
      const whereEn = s === null ? 'no review or release entry' : `see entry ${s}`;
      problems.push({
        kind: 'status',
        seq: s,
        ...at,
        reason: `${label} 的状态为 ${v.status}，但审计记录显示应为${STATUS_ZH[expected]}（${where}） / ${label} is ${v.status} but its entries say ${expected} (${whereEn})`,
      });
    }

    // approvals of a version published after review
    if (release?.action === PUBLISH && !approvalsComplete) {
      const required = lastApproval?.required;
      problems.push({
        kind: 'approvals',
        seq: Number(release.seq),
        ...at,
        reason:
          required === undefined
            ? `${label} 由第 ${Number(release.seq)} 条发布，但没有任何批准记录 / ${label} was published in entry ${Number(release.seq)} without any approval entry`
            : `${label} 由第 ${Number(release.seq)} 条发布，但只记录了 ${approvers.size}/${required} 个批准 / ${label} was published in entry ${Number(release.seq)} with ${approvers.size} of ${required} approvals recorded`,
      });
    }

    // effective date as recorded at release
    if (release) {
      let date = recordedDate(release.reason);
      if (date === undefined && release.action === 'version.rollback' && content && typeof content.effectiveFrom === 'string') date = content.effectiveFrom;
      if (date !== undefined && v.effective_from !== date) {
        const s = Number(release.seq);
        problems.push({
          kind: 'effective-date',
          seq: s,
          ...at,
          reason: `${label} 的生效日期为 ${v.effective_from ?? '（空）'}，但第 ${s} 条发布记录为 ${date}（生效日期被修改） / ${label}: effective date ${v.effective_from ?? '(none)'} differs from ${date} recorded at its release (entry ${s})`,
        });
      }
    }

    // reviews ↔ approve / reject entries, one to one
    const unmatched = entries.filter((e) => e.action === APPROVE || e.action === REJECT);
    for (const r of reviewsOf.get(Number(v.id)) ?? []) {
      const action = r.decision === 'approve' ? APPROVE : REJECT;
      const i = unmatched.findIndex((e) => e.action === action && e.actor_id !== null && Number(e.actor_id) === Number(r.reviewer_id) && (e.reason ?? '') === r.comment);
      if (i >= 0) {
        unmatched.splice(i, 1);
        continue;
      }
      problems.push({
        kind: 'review',
        seq: null,
        ...at,
        reason: `${label} 的审核意见 #${Number(r.id)}（${r.reviewer_name}，${r.decision === 'approve' ? '批准' : '退回'}）没有对应的审计记录（被插入或修改） / ${label}: review #${Number(r.id)} (${r.reviewer_name}, ${r.decision}) has no matching audit entry (inserted or edited)`,
      });
    }
    for (const e of unmatched) {
      const s = Number(e.seq);
      const what = e.action === APPROVE ? '批准' : '退回';
      problems.push({
        kind: 'review',
        seq: s,
        ...at,
        reason: `第 ${s} 条记录了 ${e.actor} 对 ${label} 的${what}，但对应的审核意见已不存在（被删除或修改） / entry ${s} records ${e.actor}'s ${e.action === APPROVE ? 'approval' : 'rejection'} of ${label} but the review row is missing (deleted or edited)`,
      });
    }
  }

  // lifecycle entries whose version is gone
  for (const [k, entries] of byVersion) {
    if (seen.has(k)) continue;
    const e = entries[0]!;
    const s = Number(e.seq);
    const label = `${e.document_id} v${Number(e.version_number)}`;
    problems.push({
      kind: 'missing-record',
      seq: s,
      documentId: e.document_id!,
      versionNumber: Number(e.version_number),
      reason: `第 ${s} 条记录了 ${label} 的 ${e.action}，但该版本已不存在（被删除） / entry ${s} records ${e.action} of ${label} but the version no longer exists (deleted)`,
    });
  }

  // release anchors: the log still holds each recorded head
  const lastSeq = rows.length > 0 ? Number(rows[rows.length - 1]!.seq) : 0;
  const anchored = new Set<number>();
  for (const rel of releases) {
    const s = Number(rel.audit_seq);
    anchored.add(s);
    const label = `${rel.document_id} v${Number(rel.version_number)}`;
    const at = { documentId: rel.document_id, versionNumber: Number(rel.version_number) };
    const entry = bySeq.get(s);
    if (!entry) {
      problems.push({
        kind: 'release',
        seq: s,
        ...at,
        reason:
          s > lastSeq
            ? `${label} 发布时审计日志已到第 ${s} 条，现在只到第 ${lastSeq} 条（日志末尾被删除或日志被清空） / ${label} was published at entry ${s} but the log now ends at entry ${lastSeq} (tail deleted or log wiped)`
            : `${label} 发布时记录的第 ${s} 条已不存在（被删除） / entry ${s}, the head recorded when ${label} was published, is missing (deleted)`,
      });
    } else if (entry.hash !== rel.audit_hash) {
      problems.push({
        kind: 'release',
        seq: s,
        ...at,
        reason: `第 ${s} 条的哈希与 ${label} 发布时记录的不符（日志被改写或重新计算） / entry ${s} no longer has the hash recorded when ${label} was published (log rewritten or recomputed)`,
      });
    } else if (entry.action !== PUBLISH || entry.document_id !== rel.document_id || Number(entry.version_number) !== Number(rel.version_number)) {
      problems.push({
        kind: 'release',
        seq: s,
        ...at,
        reason: `${label} 的发布锚指向第 ${s} 条，但该条不是它的发布记录（${entry.action}） / the release anchor of ${label} points at entry ${s}, which is not its publish entry (${entry.action})`,
      });
    }
  }
  // once releases are anchored, every later publish has its anchor
  if (anchored.size > 0) {
    const from = Math.min(...anchored);
    for (const r of rows) {
      const s = Number(r.seq);
      if (r.action !== PUBLISH || s < from || anchored.has(s)) continue;
      const label = `${r.document_id} v${Number(r.version_number)}`;
      problems.push({
        kind: 'release',
        seq: s,
        documentId: r.document_id ?? undefined,
        versionNumber: r.version_number === null ? undefined : Number(r.version_number),
        reason: `第 ${s} 条发布了 ${label}，但没有对应的发布锚记录（releases 中的行被删除） / entry ${s} published ${label} but its release anchor is missing (row deleted from releases)`,
      });
    }
  }

  return { problems, versionsChecked: versions.length };
}
