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
import { Transform } from 'node:stream';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toActor } from '@policy/db';
import type { ImportFormat, User } from '@policy/db';
import type { AppDeps } from './context.ts';
import { sessionOf } from './context.ts';
import { errorBody, MUST_CHANGE_PASSWORD_MESSAGE } from './errors.ts';
import { newJob, runImport } from './imports.ts';
import type { ImportFiles } from './imports.ts';
import { multipartLimits, readMultipart } from './multipart.ts';
import type { MultipartPart } from './multipart.ts';
import type { ImportJob } from './services.ts';

const FORMATS: readonly ImportFormat[] = ['jsonl', 'csv', 'xlsx'];
const FIELDS = ['name', 'format', 'file', 'records', 'lists'] as const;
const EXTENSIONS: Record<string, ImportFormat> = { jsonl: 'jsonl', ndjson: 'jsonl', csv: 'csv', xlsx: 'xlsx' };

const err = (reply: FastifyReply, status: number, code: string, message: string, reason?: string) => reply.code(status).send(errorBody(code, message, reason));

export const EMPTY_FILE_MESSAGE = '文件为空，未导入任何数据 / the file is empty; nothing was imported';

/** True when a file holds nothing but white space (an empty upload imports 0 enterprises: refused). */
export const isBlank = (data: Buffer): boolean => !/\S/.test(data.subarray(0, 4096).toString('latin1')) && !/\S/.test(data.toString('latin1'));

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
  if (!file) return { success: false, message: '缺少文件（表单字段 file） / missing the file (form field file)' };
  if (isBlank(file.data)) return { success: false, message: EMPTY_FILE_MESSAGE };
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

function failJob(job: ImportJob, message: string): void {
  job.phase = 'failed';
  job.message = message;
  job.finishedAt = new Date().toISOString();
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Upload route: the signed-in credit-office user (set in onRequest). */
    uploader: User | null;
    /** Upload route: the import job, created once the body starts arriving. */
    importJob: ImportJob | null;
  }
}

const isMultipart = (req: FastifyRequest) => /^\s*multipart\//i.test(req.headers['content-type'] ?? '');
const query = (req: FastifyRequest) => new URL(req.url, 'http://local').searchParams;

/**
 * The upload endpoint as a fastify plugin (own scope: the raw body is a Buffer under `limit`,
 * multipart bodies go through @fastify/multipart). The user is checked before the body is read.
 *
 * @example
 * await app.register(uploadRoutes, { deps, limit: 200 * 1048576 });
 */
export async function uploadRoutes(app: FastifyInstance, opts: { deps: AppDeps; limit: number }): Promise<void> {
  const { deps, limit } = opts;
  const mb = Math.round(limit / 1048576);
  const tooLargeMessage = `文件超过上传上限 ${mb} MB / the file exceeds the ${mb} MB upload limit`;
  app.decorateRequest('uploader', null);
  app.decorateRequest('importJob', null);
  // in this scope every body is the file itself, whatever its content type (JSON included) …
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limit }, (_req, body, done) => done(null, body));
  // … except multipart forms
  await app.register(fastifyMultipart, { limits: multipartLimits(limit), throwFileSizeLimit: true });

  app.setErrorHandler((e: { code?: string; statusCode?: number }, req, reply) => {
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e.statusCode === 413) {
      if (req.importJob) failJob(req.importJob, tooLargeMessage);
      reply.header('connection', 'close');
      return err(reply, 413, 'PAYLOAD_TOO_LARGE', tooLargeMessage);
    }
    if (req.importJob) failJob(req.importJob, '上传中断 / upload interrupted');
    throw e; // the server's handler answers (503 for database faults, 500 otherwise)
  });

  app.route({
    method: ['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'POST'],
    url: '/upload/dataset',
    bodyLimit: limit,
    async onRequest(req, reply) {
      if (req.method !== 'POST') return err(reply.header('allow', 'POST'), 405, 'METHOD_NOT_SUPPORTED', '请使用 POST / use POST');
      const { user } = await sessionOf(deps.db, req);
      if (!user) return err(reply, 401, 'UNAUTHORIZED', '请先登录 / please log in');
      if (user.mustChangePassword) return err(reply, 403, 'FORBIDDEN', MUST_CHANGE_PASSWORD_MESSAGE, 'must-change-password');
      if (user.role !== 'credit-office') return err(reply, 403, 'FORBIDDEN', '只有信用办可以导入数据集 / only the credit office imports datasets');
      const declared = req.headers['content-length'] ? Number(req.headers['content-length']) : null;
      if (declared !== null && declared > limit) return err(reply.header('connection', 'close'), 413, 'PAYLOAD_TOO_LARGE', tooLargeMessage);
      if (declared === 0) return err(reply, 400, 'BAD_REQUEST', EMPTY_FILE_MESSAGE);
      if (!isMultipart(req)) {
        // the raw body is the file: its name and format are known before receiving it
        const q = checkNameFormat((query(req).get('name') ?? '').trim(), (query(req).get('format') ?? '').trim());
        if (!q.success) return err(reply, 400, 'BAD_REQUEST', q.message);
      }
      req.uploader = user;
    },
    async preParsing(req, _reply, payload) {
      const declared = req.headers['content-length'] ? Number(req.headers['content-length']) : null;
      const q = query(req);
      const job = newJob(deps, { name: (q.get('name') ?? '').trim(), format: (q.get('format') ?? '').trim(), createdBy: req.uploader!.username, bytesTotal: declared });
      req.importJob = job;
      if (isMultipart(req)) return payload; // @fastify/multipart reads the request itself; bytes are counted as parts arrive
      const counted = payload.pipe(
        new Transform({
          transform(chunk: Buffer, _enc, next) {
            job.bytesReceived += chunk.length;
            next(null, chunk);
          },
        }),
      );
      payload.on('error', (e) => counted.destroy(e));
      return counted;
    },
    async handler(req, reply) {
      const job = req.importJob!;
      const user = req.uploader!;
      let files: ImportFiles & { name: string; format: ImportFormat };
      if (req.isMultipart()) {
        const parsed = await readMultipart(req, { limit, onBytes: (n) => (job.bytesReceived += n) });
        if (!parsed.success) {
          const message = `${parsed.message} / ${parsed.messageEn}`;
          failJob(job, message);
          if (parsed.status === 413) reply.header('connection', 'close');
          return err(reply, parsed.status, parsed.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', message);
        }
        const form = formImport(parsed.parts, new URL(req.url, 'http://local'));
        if (!form.success) {
          failJob(job, form.message);
          return err(reply, 400, 'BAD_REQUEST', form.message);
        }
        files = form.data;
        job.name = files.name;
        job.format = files.format;
      } else {
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        if (isBlank(body)) {
          failJob(job, EMPTY_FILE_MESSAGE);
          return err(reply, 400, 'BAD_REQUEST', EMPTY_FILE_MESSAGE);
        }
        const q = checkNameFormat((query(req).get('name') ?? '').trim(), (query(req).get('format') ?? '').trim());
        if (!q.success) return err(reply, 400, 'BAD_REQUEST', q.message);
        files = { ...q.data, input: body };
      }
      void runImport(deps, toActor(user), job, files.format, files);
      return reply.code(202).send({ jobId: job.id, bytes: job.bytesReceived });
    },
  });
}
