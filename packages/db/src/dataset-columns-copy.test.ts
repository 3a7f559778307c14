/**
 * The binary COPY of stored columns read from the socket itself (dataset-columns-copy.ts), without a
 * database: a server's messages as the socket may cut them — every cut of the stream gives the same
 * parts (at most `partBytes`, in order, the same bytes) and hands the driver exactly what follows
 * `CopyDone`; an error message goes to the driver from its first byte; a stream of another shape
 * fails the read and drops the connection.
 */
import type net from 'node:net';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BinaryCopyParser, completeCopy, CopyOut } from './dataset-columns-copy.ts';

const int16 = (v: number) => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(v);
  return b;
};
const int32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v);
  return b;
};
const message = (type: string, body: Buffer): Buffer => Buffer.concat([Buffer.from(type, 'latin1'), int32(body.length + 4), body]);

/** The binary COPY payload of rows (piece_no, piece_count, bytes); `numbers` instead of 0, 1, … */
function copyPayload(pieces: Uint8Array[], extension = Buffer.alloc(0), numbers = pieces.map((_, i) => i)): Buffer {
  const rows = pieces.map((p, i) => Buffer.concat([int16(3), int32(4), int32(numbers[i]!), int32(4), int32(pieces.length), int32(p.length), Buffer.from(p)]));
  return Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), int32(0), int32(extension.length), extension, ...rows, int16(-1)]);
}

/** What a server sends for the COPY: CopyOutResponse, the payload in CopyData messages of `messageBytes`, a notice, CopyDone, then the driver's part. */
function serverStream(payload: Buffer, messageBytes: number, after: Buffer): Buffer {
  const out: Buffer[] = [message('H', Buffer.from([1, 0, 3, 0, 1, 0, 1, 0, 1]))];
  for (let at = 0; at < payload.length; at += messageBytes) {
    out.push(message('d', payload.subarray(at, at + messageBytes)));
    if (at === 0) out.push(message('N', Buffer.from('SNOTICE\0\0', 'latin1')));
  }
  out.push(message('c', Buffer.alloc(0)), after);
  return Buffer.concat(out);
}

/** Runs a CopyOut over a fake socket fed `stream` cut at `cuts`: the parts, what the driver got, the outcome. */
async function run(stream: Buffer, cuts: number[], partBytes: number) {
  const socket = new PassThrough() as unknown as net.Socket;
  socket.on('error', () => undefined);
  const driver: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => void driver.push(chunk));
  const parts: Uint8Array[] = [];
  const copy = new CopyOut('copy …', new BinaryCopyParser(partBytes, (p) => void parts.push(p.slice())));
  copy.submit({ stream: socket, query: () => undefined });
  let at = 0;
  for (const cut of [...cuts, stream.length]) {
    if (cut > at) socket.emit('data', stream.subarray(at, cut));
    at = Math.max(at, cut);
  }
  copy.handleReadyForQuery();
  let copied = null;
  const outcome = await copy.done.then(
    (c) => {
      copied = c;
      return 'done';
    },
    (e: Error) => e.message,
  );
  return { parts, driver: Buffer.concat(driver), outcome, copied, destroyed: socket.destroyed };
}

const piecesOf = (sizes: number[]) => sizes.map((n, k) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + k * 31) & 0xff));

describe('binary COPY read from the socket', () => {
  const pieces = piecesOf([2500, 0, 1000, 7, 700]);
  const all = Buffer.concat(pieces);
  const after = Buffer.concat([message('C', Buffer.from('COPY 5\0')), message('Z', Buffer.from('I'))]);
  const stream = serverStream(copyPayload(pieces, Buffer.from('ext')), 700, after);

  it('gives the same parts and hands the driver what follows CopyDone, wherever the socket cuts the stream', async () => {
    const cutsList = [[], Array.from({ length: stream.length }, (_, i) => i), [1, 3, 5, 6, 20, 33, 700, 701, 705, 2999, stream.length - after.length - 2], Array.from({ length: 60 }, (_, i) => Math.floor((i * stream.length) / 60) + (i % 3))];
    for (const cuts of cutsList) {
      // parts of 1,000 bytes running across the pieces, the last shorter
      const r = await run(stream, cuts, 1000);
      expect(r.outcome).toBe('done');
      expect(r.parts.map((p) => p.length)).toEqual([1000, 1000, 1000, 1000, 207]);
      expect(Buffer.concat(r.parts).equals(all)).toBe(true);
      expect(r.copied).toEqual({ rows: 5, pieceCount: 5, bytes: all.length, inOrder: true });
      expect(completeCopy(r.copied!)).toBe(true);
      expect(r.driver.equals(after)).toBe(true);
    }
  });

  it('a part per piece without a part size (an empty piece too)', async () => {
    const r = await run(stream, [100, 2000], Infinity);
    expect(r.parts.map((p) => p.length)).toEqual([2500, 0, 1000, 7, 700]);
    expect(Buffer.concat(r.parts).equals(all)).toBe(true);
  });

  it('hands nothing on from a piece out of order, and says so', async () => {
    const gap = serverStream(copyPayload(pieces, undefined, [0, 1, 3, 4, 5]), 700, after);
    const r = await run(gap, [], 1000);
    expect(r.outcome).toBe('done');
    // the parts full before piece 3 came (2 × 1,000 of pieces 0–1's 2,500 bytes), nothing after
    expect(r.parts.map((p) => p.length)).toEqual([1000, 1000]);
    expect(r.copied).toMatchObject({ rows: 5, inOrder: false });
    expect(completeCopy(r.copied!)).toBe(false);
    // rows that all claim one count more than came: in order, not complete
    const claimsMore = Buffer.concat(piecesOf([10, 10]).map((p, k) => Buffer.concat([int16(3), int32(4), int32(k), int32(4), int32(3), int32(p.length), Buffer.from(p)])));
    const payload = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), int32(0), int32(0), claimsMore, int16(-1)]);
    const fewer = await run(serverStream(payload, 700, after), [], 1000);
    expect(fewer.copied).toEqual({ rows: 2, pieceCount: 3, bytes: 20, inOrder: true });
    expect(completeCopy(fewer.copied!)).toBe(false);
  });

  it('an error message goes to the driver from its first byte, the header cut or not', async () => {
    const error = message('E', Buffer.from('SERROR\0C57014\0Mcanceled\0\0', 'latin1'));
    const payload = copyPayload(pieces);
    const failing = Buffer.concat([message('H', Buffer.from([1, 0, 3, 0, 1, 0, 1, 0, 1])), message('d', payload.subarray(0, 300)), error, after]);
    for (const cut of [0, failing.indexOf(error) + 2]) {
      const r = await run(failing, cut ? [cut] : [], 1000);
      expect(r.driver.equals(Buffer.concat([error, after]))).toBe(true);
      // (the driver would report the error; here only the stream's end is seen: it ended inside a row)
      expect(r.outcome).toBe('COPY stream ended inside a row');
    }
  });

  it('a stream of another shape fails the read and drops the connection; a truncated one fails', async () => {
    const bad = copyPayload(pieces);
    bad.write('XX', 0, 'latin1');
    const r = await run(serverStream(bad, 700, after), [], 1000);
    expect(r.outcome).toBe('not a binary COPY stream');
    expect(r.destroyed).toBe(true);
    const twoFields = copyPayload(pieces);
    twoFields.writeInt16BE(2, 19);
    expect((await run(serverStream(twoFields, 700, after), [], 1000)).outcome).toBe('COPY row of 2 fields');
    const payload = copyPayload(pieces);
    const cut = serverStream(payload.subarray(0, payload.length - 10), 700, after);
    expect((await run(cut, [], 1000)).outcome).toBe('COPY stream ended inside a row');
  });
});
