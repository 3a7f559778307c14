/**
 * A small `multipart/form-data` parser (RFC 7578) over a body already received under the upload
 * size limit. Parts are zero-copy views into the body, so a 200 MB upload is held once in memory.
 */

export interface MultipartPart {
  /** The form field name (`Content-Disposition: form-data; name="…"`). */
  name: string;
  /** The file name for file fields (`filename="…"` or RFC 5987 `filename*=UTF-8''…`). */
  filename: string | null;
  contentType: string | null;
  /** The part's bytes: a view into the request body, not a copy. */
  data: Buffer;
}

export type MultipartResult =
  | { success: true; parts: MultipartPart[] }
  | { success: false; message: string; messageEn: string };

const MAX_HEADER_BYTES = 16 * 1024;

/** The boundary of a `multipart/form-data` content type, or null. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType || !/^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) return null;
  const m = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const b = m ? (m[1] ?? m[2]!) : '';
  return b.length >= 1 && b.length <= 70 ? b : null;
}

/** `form-data; name="file"; filename="a.csv"` → its parameters (lower-case keys). */
function dispositionParams(value: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const key = m[1]!.toLowerCase();
    let v = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!.trim();
    if (key.endsWith('*')) {
      // RFC 5987: charset'lang'percent-encoded
      const ext = /^([^']*)'[^']*'(.*)$/.exec(v);
      if (!ext) continue;
      try {
        v = decodeURIComponent(ext[2]!);
      } catch {
        continue;
      }
      out.set(key.slice(0, -1), v);
      continue;
    }
    if (!out.has(key)) out.set(key, v);
  }
  return out;
}

/**
 * Splits a `multipart/form-data` body into its parts.
 *
 * @example
 * const boundary = multipartBoundary(req.headers['content-type']);
 * const r = boundary ? parseMultipart(body, boundary) : null;
 * if (r?.success) for (const p of r.parts) console.log(p.name, p.filename, p.data.length);
 */
export function parseMultipart(body: Buffer, boundary: string): MultipartResult {
  const fail = (message: string, messageEn: string): MultipartResult => ({
    success: false,
    message: `multipart 请求体无效：${message}`,
    messageEn: `invalid multipart body: ${messageEn}`,
  });
  const first = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let pos: number;
  if (body.subarray(0, first.length).equals(first)) pos = first.length;
  else {
    const i = body.indexOf(delimiter);
    if (i < 0) return fail('找不到分隔符（boundary）', 'the boundary does not occur in the body');
    pos = i + delimiter.length;
  }
  const parts: MultipartPart[] = [];
  for (let n = 1; ; n++) {
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return { success: true, parts };
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
    if (body[pos] !== 0x0d || body[pos + 1] !== 0x0a) {
      return pos >= body.length
        ? fail(`第 ${n} 部分之前请求体已结束（缺少结束分隔符）`, `the body ends before part ${n} (no closing boundary)`)
        : fail(`第 ${n} 部分的分隔符后缺少换行`, `no line break after the boundary of part ${n}`);
    }
    pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0 || headerEnd - pos > MAX_HEADER_BYTES) return fail(`第 ${n} 部分的头部没有结束`, `the headers of part ${n} do not end`);
    let disposition = '';
    let contentType: string | null = null;
    for (const line of body.toString('utf8', pos, headerEnd).split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon < 0) return fail(`第 ${n} 部分的头部行无效：${line.slice(0, 80)}`, `bad header line in part ${n}: ${line.slice(0, 80)}`);
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (key === 'content-disposition') disposition = value;
      else if (key === 'content-type') contentType = value;
    }
    if (!/^form-data\s*(;|$)/i.test(disposition)) {
      return fail(`第 ${n} 部分缺少 Content-Disposition: form-data`, `part ${n} has no Content-Disposition: form-data`);
    }
    const params = dispositionParams(disposition);
    const name = params.get('name');
    if (!name) return fail(`第 ${n} 部分缺少字段名（name）`, `part ${n} has no field name`);
    const start = headerEnd + 4;
    const end = body.indexOf(delimiter, start);
    if (end < 0) return fail(`第 ${n} 部分（${name}）没有结束分隔符，请求可能被截断`, `part ${n} (${name}) has no closing boundary; the body may be truncated`);
    parts.push({ name, filename: params.get('filename') ?? null, contentType, data: body.subarray(start, end) });
    pos = end + delimiter.length;
  }
}
