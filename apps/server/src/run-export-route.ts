/**
 * `GET /export/runs/:id?format=csv|xlsx|jsonl&department=DEPT`: a stored run's results as a file
 * (issue 12), written by `exportRun` of @policy/db (which streams the stored chunks into a
 * temporary file and audit-logs the export, `run.export`), then streamed to the client and removed.
 *
 * Who may export what: the credit office and reviewers every enterprise (no `department`) or one
 * department's; a department editor only its own department's (the default when it names none);
 * a viewer nothing. Refusals are JSON errors in Chinese and English, recorded as `read.refused`
 * security events. The run must be completed or signed off. The session cookie authenticates, as
 * for uploads; answers are never stored by the browser (`Cache-Control: no-store`).
 */
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { exportRun, getRunDetail, isDbError, recordSecurityEvent, RUN_EXPORT_FORMATS, toActor } from '@policy/db';
import type { RunExportFormat, User } from '@policy/db';
import type { LocalizedText } from '@policy/schemas';
import type { AppDeps } from './context.ts';
import { sessionOf } from './context.ts';
import { errorBody, MUST_CHANGE_PASSWORD_MESSAGE } from './errors.ts';

const CONTENT_TYPES: Record<RunExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const STATUS_OF: Record<string, number> = { FORBIDDEN: 403, NOT_FOUND: 404, PRECONDITION_FAILED: 412, BAD_REQUEST: 400 };

const err = (reply: FastifyReply, status: number, code: string, message: string, reason?: string) => reply.code(status).send(errorBody(code, message, reason));

/**
 * A `Content-Disposition` naming the file in Chinese (RFC 6266 / RFC 5987 `filename*`), with an
 * ASCII `filename` for clients that do not read `filename*`.
 *
 * @example
 * contentDisposition('评价结果.csv', 'run.csv') // → attachment; filename="run.csv"; filename*=UTF-8''%E8%AF%84…
 */
export function contentDisposition(name: string, asciiName: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encoded}`;
}

/** The department's name as the run's aggregates label it (its Chinese name), else its id. */
function departmentName(aggregates: unknown, department: string): string {
  const a = aggregates as { documents?: { byDepartment?: { key: string; label?: LocalizedText }[] }[]; workload?: { department: string; label?: LocalizedText }[] } | null;
  for (const d of a?.documents ?? []) {
    const hit = d.byDepartment?.find((b) => b.key === department)?.label;
    if (hit) return hit.zh;
  }
  return a?.workload?.find((w) => w.department === department)?.label?.zh ?? department;
}

async function refuse(deps: AppDeps, req: FastifyRequest, user: User, runId: number, refused: 'viewer' | 'outside-domains', department: string | null): Promise<void> {
  await recordSecurityEvent(deps.db, {
    kind: 'read.refused',
    username: user.username,
    userId: user.id,
    clientAddress: req.ip ?? null,
    detail: JSON.stringify({ procedure: 'export.runs', runIds: [runId], refused, ...(department ? { query: `department=${department}` } : {}) }),
  });
}

/**
 * The export route as a fastify plugin.
 *
 * @example
 * await app.register(runExportRoutes, { deps });
 */
export async function runExportRoutes(app: FastifyInstance, opts: { deps: AppDeps }): Promise<void> {
  const { deps } = opts;
  app.route<{ Params: { id: string }; Querystring: { format?: string; department?: string } }>({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/export/runs/:id',
    async handler(req, reply) {
      reply.header('cache-control', 'no-store');
      if (req.method !== 'GET') return err(reply.header('allow', 'GET'), 405, 'METHOD_NOT_SUPPORTED', '请使用 GET / use GET');
      const { user } = await sessionOf(deps.db, req);
      if (!user) return err(reply, 401, 'UNAUTHORIZED', '请先登录 / please log in');
      if (user.mustChangePassword) return err(reply, 403, 'FORBIDDEN', MUST_CHANGE_PASSWORD_MESSAGE, 'must-change-password');
      const runId = /^\d{1,12}$/.test(req.params.id) ? Number(req.params.id) : 0;
      if (runId <= 0) return err(reply, 400, 'BAD_REQUEST', `评价批次编号无效：${req.params.id} / invalid run id: ${req.params.id}`);
      const format = (req.query.format ?? '').trim();
      if (!(RUN_EXPORT_FORMATS as readonly string[]).includes(format)) {
        return err(reply, 400, 'BAD_REQUEST', `格式应为 csv、xlsx 或 jsonl（?format=…） / format must be csv, xlsx or jsonl: ${format || '(none)'}`);
      }
      const asked = (req.query.department ?? '').trim() || null;
      if (asked !== null && !/^[a-z0-9][a-z0-9-]{0,63}$/.test(asked)) return err(reply, 400, 'BAD_REQUEST', `部门标识无效：${asked} / invalid department id: ${asked}`);
      if (user.role === 'viewer') {
        await refuse(deps, req, user, runId, 'viewer', asked);
        return err(reply, 403, 'FORBIDDEN', '只读用户不能导出单个市场主体的评价结果 / viewers cannot export enterprises’ results');
      }
      // a department editor exports its own department's enterprises (the default), nothing else
      const department = user.role === 'department-editor' ? (asked ?? user.department) : asked;
      if (user.role === 'department-editor' && (department === null || department !== user.department)) {
        await refuse(deps, req, user, runId, 'outside-domains', department);
        return err(reply, 403, 'FORBIDDEN', `只能导出本部门（${user.department ?? '无'}）的评价结果 / you can export only your own department’s results (${user.department ?? 'none'})`);
      }

      let detail;
      try {
        detail = await getRunDetail(deps.db, runId);
      } catch (e) {
        if (isDbError(e) && e.code === 'NOT_FOUND') return err(reply, 404, 'NOT_FOUND', e.message);
        throw e;
      }
      if (detail.status !== 'completed' && detail.status !== 'signed-off') {
        return err(reply, 412, 'PRECONDITION_FAILED', `评价批次 ${runId} 尚未完成（${detail.status}），不能导出 / run ${runId} is ${detail.status} and cannot be exported`);
      }

      const dir = mkdtempSync(join(tmpdir(), 'policy-run-export-'));
      const file = join(dir, `run-${runId}.${format}`);
      try {
        await exportRun(deps.db, toActor(user), runId, { format: format as RunExportFormat, department, file });
      } catch (e) {
        rmSync(dir, { recursive: true, force: true });
        if (isDbError(e) && STATUS_OF[e.code]) return err(reply, STATUS_OF[e.code]!, e.code, e.message, e.details.reason);
        throw e;
      }
      const scope = department === null ? '全部' : departmentName(detail.aggregates, department);
      const name = `评价结果_批次${runId}_${detail.at}_${scope}.${format}`;
      const stream = createReadStream(file);
      // the file is removed once sent (or when the client goes away)
      stream.on('close', () => rmSync(dir, { recursive: true, force: true }));
      return reply
        .header('content-type', CONTENT_TYPES[format as RunExportFormat])
        .header('content-length', String(statSync(file).size))
        .header('content-disposition', contentDisposition(name, `run-${runId}-${detail.at}-${department ?? 'all'}.${format}`))
        .header('x-content-type-options', 'nosniff')
        .send(stream);
    },
  });
}
