/**
 * Reading a `multipart/form-data` upload with @fastify/multipart (busboy underneath): every part is
 * collected into memory under one total size limit, and busboy's refusals become bilingual messages
 * that name the part.
 */
import type { FastifyRequest } from 'fastify';

export interface MultipartPart {
  /** The form field name (`Content-Disposition: form-data; name="…"`). */
  name: string;
  /** The file name for file fields (`filename="…"` or RFC 5987 `filename*=UTF-8''…`); null for plain fields. */
  filename: string | null;
  contentType: string | null;
  data: Buffer;
}

export type MultipartResult =
  | { success: true; parts: MultipartPart[] }
  | { success: false; status: 400 | 413; message: string; messageEn: string };

/** Limits for @fastify/multipart's registration (busboy's own limits). */
export const multipartLimits = (totalBytes: number) => ({
  fileSize: totalBytes,
  files: 5,
  fields: 10,
  parts: 20,
  fieldSize: 64 * 1024,
  headerPairs: 20,
});

function fail(status: 400 | 413, zh: string, en: string): MultipartResult {
  return { success: false, status, message: `multipart 请求体无效：${zh}`, messageEn: `invalid multipart body: ${en}` };
}

/**
 * Reads all parts of a multipart request. `limit` bounds the sum of all parts; `onBytes` reports
 * progress as bytes arrive.
 *
 * @example
 * const r = await readMultipart(request, { limit: 200 * 1048576 });
 * if (r.success) for (const p of r.parts) console.log(p.name, p.filename, p.data.length);
 */
export async function readMultipart(request: FastifyRequest, opts: { limit: number; onBytes?: (n: number) => void }): Promise<MultipartResult> {
  const parts: MultipartPart[] = [];
  let total = 0;
  let current = '';
  const count = (n: number) => {
    total += n;
    opts.onBytes?.(n);
  };
  try {
    for await (const part of request.parts()) {
      current = part.fieldname;
      if (part.type === 'file') {
        const chunks: Buffer[] = [];
        for await (const chunk of part.file as AsyncIterable<Buffer>) {
          count(chunk.length);
          if (total > opts.limit) return tooLarge(opts.limit);
          chunks.push(chunk);
        }
        parts.push({ name: part.fieldname, filename: part.filename, contentType: part.mimetype || null, data: Buffer.concat(chunks) });
      } else {
        const data = Buffer.from(String(part.value ?? ''), 'utf8');
        if (part.valueTruncated) return fail(413, `字段 ${part.fieldname} 过长`, `field ${part.fieldname} is too long`);
        count(data.length);
        parts.push({ name: part.fieldname, filename: null, contentType: part.mimetype || null, data });
      }
      current = '';
    }
  } catch (e) {
    return explain(e, parts.length + 1, current, opts.limit);
  }
  return { success: true, parts };
}

function tooLarge(limit: number): MultipartResult {
  const size = limit >= 1048576 ? `${Math.round(limit / 1048576)} MB` : `${limit} bytes`;
  return { success: false, status: 413, message: `文件超过上传上限 ${size}`, messageEn: `the file exceeds the ${size} upload limit` };
}

/** busboy's and @fastify/multipart's errors in words, naming the part `n` (field `name`) being read. */
function explain(e: unknown, n: number, name: string, limit: number): MultipartResult {
  const code = (e as { code?: string }).code ?? '';
  const message = e instanceof Error ? e.message : String(e);
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(limit);
  if (code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') {
    return fail(413, '字段或文件过多', 'too many fields or files');
  }
  if (/Unexpected end of form|Unexpected end of multipart data/i.test(message)) {
    const which = name ? `第 ${n} 部分（${name}）` : `第 ${n} 部分之前`;
    const whichEn = name ? `part ${n} (${name})` : `the body before part ${n}`;
    return fail(400, `${which}没有结束分隔符，请求可能被截断`, `${whichEn} has no closing boundary; the body may be truncated`);
  }
  if (/Boundary not found/i.test(message)) {
    return fail(400, '缺少分隔符（boundary）', 'the content type names no boundary');
  }
  if (/Malformed part header|Malformed content disposition/i.test(message)) {
    return fail(400, `第 ${n} 部分的头部无效`, `the headers of part ${n} are malformed`);
  }
  return fail(400, '无法解析', 'it cannot be parsed');
}
