import { describe, expect, it } from 'vitest';
import { multipartBoundary, parseMultipart } from './multipart.ts';

/** A multipart body as a browser builds it. */
async function encode(form: FormData): Promise<{ body: Buffer; contentType: string }> {
  const r = new Response(form);
  return { body: Buffer.from(await r.arrayBuffer()), contentType: r.headers.get('content-type')! };
}

describe('multipartBoundary', () => {
  it('reads plain and quoted boundaries of multipart/form-data only', () => {
    expect(multipartBoundary('multipart/form-data; boundary=----abc123')).toBe('----abc123');
    expect(multipartBoundary('Multipart/Form-Data; charset=utf-8; boundary="a b;c"')).toBe('a b;c');
    expect(multipartBoundary('multipart/form-data')).toBeNull();
    expect(multipartBoundary('multipart/mixed; boundary=x')).toBeNull();
    expect(multipartBoundary('application/json')).toBeNull();
    expect(multipartBoundary(undefined)).toBeNull();
  });
});

describe('parseMultipart', () => {
  it('splits the fields and files a real FormData encodes, with Chinese names and CRLFs inside files', async () => {
    const form = new FormData();
    form.set('name', '2026-10 全市');
    form.set('format', 'csv');
    form.set('file', new Blob(['uscc,name\r\n1,甲\r\n']), '市场主体.csv');
    form.set('records', new Blob([''], { type: 'text/csv' }), 'records.csv');
    const { body, contentType } = await encode(form);
    const r = parseMultipart(body, multipartBoundary(contentType)!);
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.parts.map((p) => [p.name, p.filename, p.data.toString('utf8')])).toEqual([
      ['name', null, '2026-10 全市'],
      ['format', null, 'csv'],
      ['file', '市场主体.csv', 'uscc,name\r\n1,甲\r\n'],
      ['records', 'records.csv', ''],
    ]);
    expect(r.parts[3]!.contentType).toBe('text/csv');
  });

  it('skips a preamble and reads RFC 5987 file names', () => {
    const body = Buffer.from(
      'ignored preamble\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename="x.csv"; filename*=UTF-8\'\'%E5%90%8D%E5%8D%95.csv\r\n\r\nabc\r\n--XyZ--\r\n',
    );
    const r = parseMultipart(body, 'XyZ');
    expect(r).toEqual({ success: true, parts: [{ name: 'file', filename: '名单.csv', contentType: null, data: Buffer.from('abc') }] });
  });

  it('refuses a truncated body, naming the part', async () => {
    const form = new FormData();
    form.set('name', 'x');
    form.set('file', new Blob(['a'.repeat(100)]), 'a.jsonl');
    const { body, contentType } = await encode(form);
    const cut = body.subarray(0, body.length - 60);
    const r = parseMultipart(cut, multipartBoundary(contentType)!);
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(r.message).toContain('第 2 部分（file）没有结束分隔符');
      expect(r.messageEn).toContain('part 2 (file) has no closing boundary');
    }
  });

  it('refuses a body without the boundary and a part without a field name', () => {
    expect(parseMultipart(Buffer.from('hello'), 'b')).toMatchObject({ success: false, messageEn: expect.stringContaining('boundary does not occur') });
    const noName = Buffer.from('--b\r\nContent-Disposition: form-data\r\n\r\nv\r\n--b--');
    expect(parseMultipart(noName, 'b')).toMatchObject({ success: false, message: expect.stringContaining('第 1 部分缺少字段名') });
  });
});
