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
import { BinaryCopyParser, CopyOut } from './dataset-columns-copy.ts';
import type { CopiedPart } from './dataset-columns-copy.ts';

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

/** The binary COPY payload of rows (piece_no, piece_count, bytes). */
function copyPayload(pieces: Uint8Array[], extension = Buffer.alloc(0)): Buffer {
  const rows = pieces.map((p, i) => Buffer.concat([int16(3), int32(4), int32(i), int32(4), int32(pieces.length), int32(p.length), Buffer.from(p)]));
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
  const parts: CopiedPart[] = [];
  const copy = new CopyOut('copy …', new BinaryCopyParser(partBytes, (p) => void parts.push({ ...p, bytes: p.bytes.slice() })));
  copy.submit({ stream: socket, query: () => undefined });
  let at = 0;
  for (const cut of [...cuts, stream.length]) {
    if (cut > at) socket.emit('data', stream.subarray(at, cut));
    at = Math.max(at, cut);
  }
  copy.handleReadyForQuery();
  const outcome = await copy.done.then(
    () => 'done',
    (e: Error) => e.message,
  );
  return { parts, driver: Buffer.concat(driver), outcome, destroyed: socket.destroyed };
}

const piecesOf = (sizes: number[]) => sizes.map((n, k) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + k * 31) & 0xff));

describe('binary COPY read from the socket', () => {
  const pieces = piecesOf([2500, 0, 1000, 7]);
  const after = Buffer.concat([message('C', Buffer.from('COPY 4\0')), message('Z', Buffer.from('I'))]);
  const stream = serverStream(copyPayload(pieces, Buffer.from('ext')), 700, after);

  it('gives the same parts and hands the driver what follows CopyDone, wherever the socket cuts the stream', async () => {
    const expected = [
      { pieceNo: 0, offset: 0, length: 1000, end: false },
      { pieceNo: 0, offset: 1000, length: 1000, end: false },
      { pieceNo: 0, offset: 2000, length: 500, end: true },
      { pieceNo: 1, offset: 0, length: 0, end: true },
      { pieceNo: 2, offset: 0, length: 1000, end: true },
      { pieceNo: 3, offset: 0, length: 7, end: true },
    ];
    const cutsList = [[], Array.from({ length: stream.length }, (_, i) => i), [1, 3, 5, 6, 20, 33, 700, 701, 705, 2999, stream.length - after.length - 2], Array.from({ length: 60 }, (_, i) => Math.floor((i * stream.length) / 60) + (i % 3))];
    for (const cuts of cutsList) {
      const r = await run(stream, cuts, 1000);
      expect(r.outcome).toBe('done');
      expect(r.parts.map((p) => ({ pieceNo: p.pieceNo, offset: p.offset, length: p.bytes.length, end: p.end }))).toEqual(expected);
      expect(r.parts.every((p) => p.pieceCount === 4)).toBe(true);
      for (let k = 0; k < pieces.length; k++) {
        const joined = Buffer.concat(r.parts.filter((p) => p.pieceNo === k).map((p) => p.bytes));
        expect(joined.equals(Buffer.from(pieces[k]!))).toBe(true);
      }
      expect(r.driver.equals(after)).toBe(true);
    }
  });

  it('whole pieces without a part size', async () => {
    const r = await run(stream, [100, 2000], Infinity);
    expect(r.parts.map((p) => p.bytes.length)).toEqual([2500, 0, 1000, 7]);
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
