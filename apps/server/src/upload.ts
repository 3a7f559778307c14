/**
 * `POST /upload/dataset?name=…&format=jsonl|csv|xlsx`: the body is the file, streamed in under its own
 * size limit; the import then runs in the background and `datasets.importStatus({ jobId })` reports it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toActor } from '@policy/db';
import type { ImportFormat } from '@policy/db';
import type { AppDeps } from './context.ts';
import { sessionOf } from './context.ts';
import { MUST_CHANGE_PASSWORD_MESSAGE } from './errors.ts';
import { newJob, runImport } from './imports.ts';
import { sendJson } from './static.ts';

const FORMATS: readonly ImportFormat[] = ['jsonl', 'csv', 'xlsx'];

const err = (res: ServerResponse, status: number, code: string, message: string, reason?: string) =>
  sendJson(res, status, { error: { code, message, ...(reason ? { reason } : {}) } });

export async function handleUpload(req: IncomingMessage, res: ServerResponse, url: URL, deps: AppDeps, limit: number): Promise<void> {
  if (req.method !== 'POST') return err(res, 405, 'METHOD_NOT_SUPPORTED', '请使用 POST / use POST');
  const { user } = await sessionOf(deps.db, req);
  if (!user) return err(res, 401, 'UNAUTHORIZED', '请先登录 / please log in');
  if (user.mustChangePassword) return err(res, 403, 'FORBIDDEN', MUST_CHANGE_PASSWORD_MESSAGE, 'must-change-password');
  if (user.role !== 'credit-office') return err(res, 403, 'FORBIDDEN', '只有信用办可以导入数据集 / only the credit office imports datasets');
  const name = (url.searchParams.get('name') ?? '').trim();
  const format = (url.searchParams.get('format') ?? '').trim() as ImportFormat;
  if (!name || name.length > 200) return err(res, 400, 'BAD_REQUEST', '缺少数据集名称（?name=…，至多 200 字） / missing dataset name (?name=…, up to 200 characters)');
  if (!FORMATS.includes(format)) return err(res, 400, 'BAD_REQUEST', `格式应为 jsonl、csv 或 xlsx（?format=…） / format must be jsonl, csv or xlsx: ${format || '(none)'}`);
  const declared = req.headers['content-length'] ? Number(req.headers['content-length']) : null;
  if (declared !== null && declared > limit) {
    res.setHeader('connection', 'close');
    return err(res, 413, 'PAYLOAD_TOO_LARGE', `文件超过上传上限 ${Math.round(limit / 1048576)} MB / the file exceeds the ${Math.round(limit / 1048576)} MB upload limit`);
  }
  const job = newJob(deps, { name, format, createdBy: user.username, bytesTotal: declared });
  const chunks: Buffer[] = [];
  const ok = await new Promise<boolean>((resolve) => {
    req.on('data', (c: Buffer) => {
      job.bytesReceived += c.length;
      if (job.bytesReceived > limit) {
        job.phase = 'failed';
        job.message = `文件超过上传上限 / the file exceeds the upload limit`;
        req.removeAllListeners('data');
        req.resume();
        resolve(false);
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(true));
    req.on('error', () => resolve(false));
  });
  if (!ok) {
    job.finishedAt = new Date().toISOString();
    if (job.phase !== 'failed') {
      job.phase = 'failed';
      job.message = '上传中断 / upload interrupted';
    }
    res.setHeader('connection', 'close');
    return err(res, 413, 'PAYLOAD_TOO_LARGE', `文件超过上传上限 ${Math.round(limit / 1048576)} MB / the file exceeds the ${Math.round(limit / 1048576)} MB upload limit`);
  }
  sendJson(res, 202, { jobId: job.id, bytes: job.bytesReceived });
  void runImport(deps, toActor(user), job, format, Buffer.concat(chunks));
}
