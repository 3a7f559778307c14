/** readMultipart over @fastify/multipart, fed the bodies a browser's FormData builds (fastify.inject: no network). */
import fastifyMultipart from '@fastify/multipart';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartLimits, readMultipart } from './multipart.ts';

/** A multipart body as a browser builds it. */
async function encode(form: FormData): Promise<{ body: Buffer; contentType: string }> {
  const r = new Response(form);
  return { body: Buffer.from(await r.arrayBuffer()), contentType: r.headers.get('content-type')! };
}

let app: FastifyInstance;
beforeAll(async () => {
  app = Fastify();
  await app.register(fastifyMultipart, { limits: multipartLimits(1000), throwFileSizeLimit: true });
  app.post('/', async (req) => {
    const r = await readMultipart(req, { limit: 1000 });
    return r.success ? { success: true, parts: r.parts.map((p) => ({ ...p, data: p.data.toString('utf8') })) } : r;
  });
  await app.ready();
});
afterAll(() => app.close());

const post = async (body: Buffer | string, contentType: string) =>
  (await app.inject({ method: 'POST', url: '/', headers: { 'content-type': contentType }, body })).json<Record<string, unknown>>();

describe('readMultipart', () => {
  it('reads the fields and files a real FormData encodes, with Chinese names and CRLFs inside files', async () => {
    const form = new FormData();
    form.set('name', '2026-10 全市');
    form.set('format', 'csv');
    form.set('file', new Blob(['uscc,name\r\n1,甲\r\n']), '市场主体.csv');
    form.set('records', new Blob([''], { type: 'text/csv' }), 'records.csv');
    const { body, contentType } = await encode(form);
    const r = await post(body, contentType);
    expect(r.success).toBe(true);
    const parts = r.parts as { name: string; filename: string | null; data: string; contentType: string | null }[];
    expect(parts.map((p) => [p.name, p.filename, p.data])).toEqual([
      ['name', null, '2026-10 全市'],
      ['format', null, 'csv'],
      ['file', '市场主体.csv', 'uscc,name\r\n1,甲\r\n'],
      ['records', 'records.csv', ''],
    ]);
    expect(parts[3]!.contentType).toBe('text/csv');
  });

  it('skips a preamble and reads RFC 5987 file names', async () => {
    const body = 'ignored preamble\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8\'\'%E5%90%8D%E5%8D%95.csv\r\n\r\nabc\r\n--XyZ--\r\n';
    const r = await post(body, 'multipart/form-data; boundary=XyZ');
    expect(r).toMatchObject({ success: true, parts: [{ name: 'file', filename: '名单.csv', data: 'abc' }] });
  });

  it('refuses a truncated body, naming the part', async () => {
    const form = new FormData();
    form.set('name', 'x');
    form.set('file', new Blob(['a'.repeat(100)]), 'a.jsonl');
    const { body, contentType } = await encode(form);
    const r = await post(body.subarray(0, body.length - 60), contentType);
    expect(r).toMatchObject({ success: false, status: 400 });
    expect(r.message).toContain('第 2 部分（file）没有结束分隔符');
    expect(r.messageEn).toContain('part 2 (file) has no closing boundary');
  });

  it('refuses a body over the limit with 413', async () => {
    const form = new FormData();
    form.set('file', new Blob(['a'.repeat(2000)]), 'a.jsonl');
    const { body, contentType } = await encode(form);
    expect(await post(body, contentType)).toMatchObject({ success: false, status: 413, messageEn: 'the file exceeds the 1000 bytes upload limit' });
  });
});
