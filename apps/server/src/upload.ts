/**
 * `POST /upload/dataset`: a dataset file, received under its own size limit (200 MB by default);
 * the import then runs in the background and `datasets.importStatus({ jobId })` reports it.
 *
 * Two request shapes:
 * - `multipart/form-data` (a browser form): fields `name`, `format` (`jsonl` | `csv` | `xlsx`;
 *   default from the file name's extension), `file`, and for CSV the optional side files `records`
 *   (records.csv) and `lists` (lists.csv) of packages/db/IMPORT.md;
 * - the raw file as the body, with `?name=…&format=jsonl|csv|xlsx`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toActor } from '@policy/db';
import type { ImportFormat } from '@policy/db';
import type { AppDeps } from './context.ts';
import { sessionOf } from './context.ts';
import { MUST_CHANGE_PASSWORD_MESSAGE } from './errors.ts';
import { newJob, runImport } from './imports.ts';
import type { ImportFiles } from './imports.ts';
import { multipartBoundary, parseMultipart } from './multipart.ts';
import type { MultipartPart } from './multipart.ts';
import type { ImportJob } from './services.ts';
import { sendJson } from './static.ts';

const FORMATS: readonly ImportFormat[] = ['jsonl', 'csv', 'xlsx'];
const FIELDS = ['name', 'format', 'file', 'records', 'lists'] as const;
const EXTENSIONS: Record<string, ImportFormat> = { jsonl: 'jsonl', ndjson: 'jsonl', csv: 'csv', xlsx: 'xlsx' };

const err = (res: ServerResponse, status: number, code: string, message: string, reason?: string) =>
  sendJson(res, status, { error: { code, message, ...(reason ? { reason } : {}) } });

type Outcome<T> = { success: true; data: T } | { success: false; message: string };

/** The dataset name and format, checked (from form fields or the query string). */
function checkNameFormat(name: string, format: string): Outcome<{ name: string; format: ImportFormat }> {
  if (!name || name.length > 200) {
    return { success: false, message: '缺少数据集名称（字段 name 或 ?name=…，至多 200 字） / missing dataset name (field name or ?name=…, up to 200 characters)' };
  }
  if (!FORMATS.includes(format as ImportFormat)) {
    return { success: false, message: `格式应为 jsonl、csv 或 xlsx（字段 format 或 ?format=…） / format must be jsonl, csv or xlsx: ${format || '(none)'}` };
  }
  return { success: true, data: { name, format: format as ImportFormat } };
}

/** The import of a multipart form: fields `name`, `format`, `file`, optional `records` / `lists` (CSV). */
export function formImport(parts: MultipartPart[], url: URL): Outcome<ImportFiles & { name: string; format: ImportFormat }> {
  const byName = new Map<string, MultipartPart>();
  for (const p of parts) {
    if (!(FIELDS as readonly string[]).includes(p.name)) {
      return { success: false, message: `未知的表单字段 ${p.name}（可用：${FIELDS.join('、')}） / unknown form field ${p.name} (expected ${FIELDS.join(', ')})` };
    }
    if (byName.has(p.name)) return { success: false, message: `表单字段 ${p.name} 出现了多次 / form field ${p.name} is given more than once` };
    // a file input left empty arrives as an empty part with filename=""
    if (p.filename === '' && p.data.length === 0) continue;
    byName.set(p.name, p);
  }
  const text = (k: string) => {
    const p = byName.get(k);
    return p ? p.data.toString('utf8').trim() : (url.searchParams.get(k) ?? '').trim();
  };
  const file = byName.get('file');
  if (!file || file.data.length === 0) return { success: false, message: '缺少文件（表单字段 file） / missing the file (form field file)' };
  const ext = /\.([a-z0-9]+)$/i.exec(file.filename ?? '')?.[1]?.toLowerCase();
  const stem = (file.filename ?? '').replace(/\.[^.]*$/, '').trim();
  const checked = checkNameFormat(text('name') || stem, text('format') || (ext ? (EXTENSIONS[ext] ?? ext) : ''));
  if (!checked.success) return checked;
  const records = byName.get('records');
  const lists = byName.get('lists');
  if ((records || lists) && checked.data.format !== 'csv') {
    return { success: false, message: '失信记录（records）和名单（lists）文件只用于 CSV 导入 / records and lists files go with CSV imports only' };
  }
  return {
    success: true,
    data: {
      ...checked.data,
      input: file.data,
      fileName: file.filename || undefined,
      extraFiles: records || lists ? { records: records?.data, lists: lists?.data } : undefined,
    },
  };
}

/** Receives the body into `job`, refusing beyond `limit`; null when too large or interrupted. */
function receive(req: IncomingMessage, job: ImportJob, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  return new Promise((resolve) => {
    req.on('data', (c: Buffer) => {
      job.bytesReceived += c.length;
      if (job.bytesReceived > limit) {
        job.message = '文件超过上传上限 / the file exceeds the upload limit';
        req.removeAllListeners('data');
        req.resume();
        resolve(null);
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(null));
  });
}

function failJob(job: ImportJob, message: string): void {
  job.phase = 'failed';
  job.message = message;
  job.finishedAt = new Date().toISOString();
}

export async function handleUpload(req: IncomingMessage, res: ServerResponse, url: URL, deps: AppDeps, limit: number): Promise<void> {
  if (req.method !== 'POST') return err(res, 405, 'METHOD_NOT_SUPPORTED', '请使用 POST / use POST');
  const { user } = await sessionOf(deps.db, req);
  if (!user) return err(res, 401, 'UNAUTHORIZED', '请先登录 / please log in');
  if (user.mustChangePassword) return err(res, 403, 'FORBIDDEN', MUST_CHANGE_PASSWORD_MESSAGE, 'must-change-password');
  if (user.role !== 'credit-office') return err(res, 403, 'FORBIDDEN', '只有信用办可以导入数据集 / only the credit office imports datasets');

  const contentType = req.headers['content-type'];
  const multipart = /^\s*multipart\//i.test(contentType ?? '');
  const boundary = multipartBoundary(contentType);
  if (multipart && !boundary) {
    return err(res, 400, 'BAD_REQUEST', 'multipart 请求应为 multipart/form-data 并带 boundary / a multipart upload must be multipart/form-data with a boundary');
  }
  // the raw body is the file: its name and format are known before receiving it
  const query = checkNameFormat((url.searchParams.get('name') ?? '').trim(), (url.searchParams.get('format') ?? '').trim());
  if (!multipart && !query.success) return err(res, 400, 'BAD_REQUEST', query.message);

  const tooLarge = () => {
    res.setHeader('connection', 'close');
    err(res, 413, 'PAYLOAD_TOO_LARGE', `文件超过上传上限 ${Math.round(limit / 1048576)} MB / the file exceeds the ${Math.round(limit / 1048576)} MB upload limit`);
  };
  const declared = req.headers['content-length'] ? Number(req.headers['content-length']) : null;
  if (declared !== null && declared > limit) return tooLarge();

  const job = newJob(deps, {
    name: query.success ? query.data.name : (url.searchParams.get('name') ?? '').trim(),
    format: query.success ? query.data.format : '',
    createdBy: user.username,
    bytesTotal: declared,
  });
  const body = await receive(req, job, limit);
  if (!body) {
    failJob(job, job.message ?? '上传中断 / upload interrupted');
    return tooLarge();
  }

  let files: ImportFiles & { name: string; format: ImportFormat };
  if (boundary) {
    const parsed = parseMultipart(body, boundary);
    const form = parsed.success ? formImport(parsed.parts, url) : { success: false as const, message: `${parsed.message} / ${parsed.messageEn}` };
    if (!form.success) {
      failJob(job, form.message);
      return err(res, 400, 'BAD_REQUEST', form.message);
    }
    files = form.data;
    job.name = files.name;
    job.format = files.format;
  } else if (query.success) {
    files = { ...query.data, input: body };
  } else {
    return err(res, 400, 'BAD_REQUEST', query.message);
  }
  sendJson(res, 202, { jobId: job.id, bytes: job.bytesReceived });
  void runImport(deps, toActor(user), job, files.format, files);
}
