/**
 * Population columns as bytes (population-columns.ts): decoded exactly as built from the records,
 * whole or in pieces; a truncated or corrupted stream is refused, never decoded into other values.
 */
import { describe, expect, it } from 'vitest';
import { generatePopulation } from './generate.ts';
import { buildPopulation } from './population.ts';
import type { Population } from './population.ts';
import { ColumnsChecksum, columnsChecksum, defineLazyStrings, encodePopulationColumns, lazyStringColumns, PopulationColumnsError, stringAt, stringColumnSplitter } from './population-columns.ts';
import { decodePopulationColumns, PopulationColumnsDecoder } from './population-columns-decode.ts';

function expectSame(a: Population, b: Population): void {
  expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
  for (const [k, v] of Object.entries(a)) {
    const w = (b as unknown as Record<string, unknown>)[k];
    if (ArrayBuffer.isView(v)) {
      expect(w?.constructor, k).toBe(v.constructor);
      expect(Array.from(w as ArrayLike<number>), k).toEqual(Array.from(v as unknown as ArrayLike<number>));
    } else if (v instanceof Map) {
      expect([...(w as Map<string, unknown>).keys()]).toEqual([...v.keys()]);
      for (const [key, col] of v) {
        const other = (w as Map<string, typeof col>).get(key)!;
        expect(other.dict).toEqual(col.dict);
        expect(Array.from(other.values)).toEqual(Array.from(col.values));
        expect(Array.from(other.types)).toEqual(Array.from(col.types));
      }
    } else expect(w, k).toEqual(v);
  }
}

describe('population columns', () => {
  const records = generatePopulation({ count: 3000, seed: 7, at: '2026-10-31' });
  const pop = buildPopulation(records);

  it('decodes to the very columns built from the records, whole or in pieces', () => {
    const bytes = encodePopulationColumns(pop);
    expectSame(pop, decodePopulationColumns([bytes]));
    const cut = [bytes.slice(0, 1001), bytes.slice(1001, 50_003), bytes.slice(50_003)];
    expectSame(pop, decodePopulationColumns(cut, { alloc: (n) => new SharedArrayBuffer(n) }));
  });

  it('keeps names with unpaired surrogates, NUL and emoji exactly', () => {
    const odd = records.slice(0, 5).map((r, i) => ({ ...r, name: ['甲\u0000乙', '\uD800孤', '😀企业', '', 'x\uDC00'][i]! }));
    const p = buildPopulation(odd);
    expectSame(p, decodePopulationColumns([encodePopulationColumns(p)]));
  });

  it('refuses a truncated or corrupted stream', () => {
    const bytes = encodePopulationColumns(pop);
    expect(() => decodePopulationColumns([bytes.subarray(0, bytes.length - 8)])).toThrow(PopulationColumnsError);
    expect(() => decodePopulationColumns([bytes.subarray(0, 10)])).toThrow(/truncated/);
    const flipped = bytes.slice();
    flipped[Math.floor(flipped.length * 0.6)]! ^= 0x10;
    expect(() => decodePopulationColumns([flipped])).toThrow(/checksum/);
    const foreign = bytes.slice();
    foreign[0] = 0;
    expect(() => decodePopulationColumns([foreign])).toThrow(PopulationColumnsError);
    expect(() => decodePopulationColumns([])).toThrow(PopulationColumnsError);
  });

  it('gives the same checksum fed in pieces cut anywhere as over the whole', () => {
    const bytes = encodePopulationColumns(pop).subarray(16);
    const whole = columnsChecksum(bytes);
    for (const cuts of [[1], [3, 17, 18], [15, 16, 33, 1000], [bytes.length - 5]]) {
      const sum = new ColumnsChecksum();
      let at = 0;
      for (const c of [...cuts, bytes.length]) {
        sum.update(bytes.slice(at, c));
        at = c;
      }
      expect(sum.digest(), cuts.join(',')).toBe(whole);
    }
    const other = bytes.slice();
    other[12345]! ^= 1;
    expect(columnsChecksum(other)).not.toBe(whole);
  });

  it('leaves long string columns as bytes until first read, then the same strings; their bytes for another thread', () => {
    const bytes = encodePopulationColumns(pop);
    const cut = [bytes.slice(0, 777), bytes.slice(777, 40_001), bytes.slice(40_001)];
    const lazy = decodePopulationColumns(cut, { alloc: (n) => new SharedArrayBuffer(n), lazyStringsOver: Math.min(2000, pop.recIds.length - 1) });
    const sources = lazyStringColumns(lazy);
    expect(Object.keys(sources).sort()).toEqual(['name', 'recIds', 'uscc']);
    expect(lazyStringColumns(pop)).toEqual({});
    // not split yet: a getter until read
    expect(Object.getOwnPropertyDescriptor(lazy, 'uscc')?.get).toBeTypeOf('function');
    expect(sources.uscc!.text.buffer).toBeInstanceOf(SharedArrayBuffer);
    const split = stringColumnSplitter(sources.name!, 'name');
    expect(split.next(1000)).toBe(true);
    expect(split.all()).toEqual(pop.name);
    expectSame(pop, lazy);
    expect(Object.getOwnPropertyDescriptor(lazy, 'uscc')?.value).toBe(lazy.uscc);
    // a short column (industry codes) is split at once
    expect(Object.getOwnPropertyDescriptor(lazy, 'industryCodes')?.value).toEqual(pop.industryCodes);
  });

  it('reads one USCC or name of a lazy column from its bytes without splitting the column, the same string as the split', () => {
    const odd = buildPopulation(records.slice(0, 6).map((r, i) => ({ ...r, name: ['甲\u0000乙', '\uD800孤', '😀企业', '', 'x\uDC00', '某某有限公司'][i]! })));
    // (names with unpaired surrogates are kept as UTF-16 code units; UTF-8 names are read as streams stored before wrote them)
    for (const [p, stream, names] of [[pop, encodePopulationColumns(pop), 'utf16'], [odd, encodePopulationColumns(odd), 'utf16'], [pop, utf8Names(pop), 'utf8']] as const) {
      const lazy = decodePopulationColumns([stream], { lazyStringsOver: 2 });
      const rows = [0, 1, 2, 3, 4, 5, p.n - 1];
      expect(rows.map((i) => [stringAt(lazy, 'uscc', i), stringAt(lazy, 'name', i)])).toEqual(rows.map((i) => [p.uscc[i], p.name[i]]));
      // USCCs (ASCII) and UTF-16 names read from the bytes, the columns not split; UTF-8 names beyond ASCII split whole
      expect(Object.getOwnPropertyDescriptor(lazy, 'uscc')?.get).toBeTypeOf('function');
      expect(lazyStringColumns(lazy).name!.encoding).toBe(names);
      expect(typeof Object.getOwnPropertyDescriptor(lazy, 'name')?.get).toBe(names === 'utf16' ? 'function' : 'undefined');
      // once split, the split strings
      expect(lazy.uscc.length).toBe(p.n);
      expect(rows.map((i) => stringAt(lazy, 'uscc', i))).toEqual(rows.map((i) => p.uscc[i]));
    }
    expect(stringAt(pop, 'uscc', 5)).toBe(pop.uscc[5]);
    // a population put together elsewhere (the server's main thread) from a lazy column's bytes reads them as well
    const other = { ...pop } as Record<string, unknown>;
    defineLazyStrings(other, 'uscc', lazyStringColumns(decodePopulationColumns([encodePopulationColumns(pop)], { lazyStringsOver: 2 })).uscc!);
    expect(stringAt(other as unknown as typeof pop, 'uscc', 7)).toBe(pop.uscc[7]);
    expect(Object.getOwnPropertyDescriptor(other, 'uscc')?.get).toBeTypeOf('function');
  });

  it('stores Chinese names as UTF-16 (shorter) and reads them, and a stream with the names as UTF-8 as well', () => {
    const bytes = encodePopulationColumns(pop);
    const manifest = JSON.parse(new TextDecoder().decode(bytes.subarray(24, 24 + new DataView(bytes.buffer).getUint32(8, true)))) as { strings: Record<string, { encoding: string }> };
    expect(manifest.strings.name!.encoding).toBe('utf16');
    expect(manifest.strings.uscc!.encoding).toBe('utf8');
    expectSame(pop, decodePopulationColumns([bytes], { lazyStringsOver: 10 }));
    // as streams stored before: the names in UTF-8
    expectSame(pop, decodePopulationColumns([utf8Names(pop)]));
    expectSame(pop, decodePopulationColumns([utf8Names(pop)], { lazyStringsOver: 10 }));
  });

  it('decodes pieces pushed one at a time as they arrive, cut inside the header, the manifest or a column, each piece reusable once pushed', () => {
    const bytes = encodePopulationColumns(pop);
    const manifestEnd = 24 + new DataView(bytes.buffer).getUint32(8, true);
    for (const cuts of [[7], [20, 30], [manifestEnd - 3, manifestEnd + 5], [4096, 65_536, 65_537, bytes.length - 1]]) {
      const d = new PopulationColumnsDecoder({ alloc: (n) => new SharedArrayBuffer(n), lazyStringsOver: 10 });
      // each piece is read into one reused buffer, as a reader that recycles its buffer would: the decoder must have copied it
      const scratch = new Uint8Array(bytes.length);
      let from = 0;
      for (const to of [...cuts, bytes.length]) {
        const piece = scratch.subarray(0, to - from);
        piece.set(bytes.subarray(from, to));
        d.push(piece);
        piece.fill(0xee);
        from = to;
      }
      expectSame(pop, d.finish());
    }
    // a corrupted manifest is told as corruption (the checksum), not as another fault, however it is cut
    const bad = bytes.slice();
    bad[30]! ^= 0x20;
    const d = new PopulationColumnsDecoder();
    d.push(bad.subarray(0, 40));
    d.push(bad.subarray(40));
    expect(() => d.finish()).toThrow(/checksum/);
    const short = new PopulationColumnsDecoder();
    short.push(bytes.subarray(0, manifestEnd - 1));
    expect(() => short.finish()).toThrow(/truncated/);
  });

  it('stores a float64 column of small integers narrower and gives back the very values (NaN, -0, decimals, bounds); reads a format-1 stream as well', () => {
    const n = 300;
    const base = records.slice(0, n);
    const values: Record<string, (i: number) => number | undefined> = {
      yesNo: (i) => (i % 3 === 0 ? undefined : i % 2), // u8 with missing values
      top254: (i) => (i === 7 ? 254 : i % 5),
      with255: (i) => (i === 9 ? 255 : 1), // 255 is u8's NaN: i16
      negative: (i) => -(i % 300) - 1,
      big: (i) => (i === 3 ? 2_000_000_000 : i),
      huge: (i) => (i === 4 ? 2 ** 40 : i), // beyond i32: stays f64
      decimal: (i) => (i === 5 ? 0.5 : i),
      minusZero: (i) => (i === 6 ? -0 : i),
    };
    const recs = base.map((r, i) => ({ ...r, indicators: Object.fromEntries(Object.entries(values).flatMap(([k, f]) => (f(i) === undefined ? [] : [[k, f(i)!]]))) }));
    const p = buildPopulation(recs);
    const bytes = encodePopulationColumns(p);
    const stored = new Map((manifestOf(bytes).manifest as unknown as { indicators: { key: string; values: { stored?: string } }[] }).indicators.map((x) => [x.key, x.values.stored ?? 'f64']));
    expect(Object.fromEntries(stored)).toEqual({ yesNo: 'u8', top254: 'u8', with255: 'i16', negative: 'i16', big: 'i32', huge: 'f64', decimal: 'f64', minusZero: 'f64' });
    const back = decodePopulationColumns([bytes.slice(0, 777), bytes.slice(777)], { alloc: (k) => new SharedArrayBuffer(k) });
    expectSame(p, back);
    expect(Object.is(back.indicators.get('minusZero')!.values[6], -0)).toBe(true);
    expect(bytes.byteLength).toBeLessThan(encodePopulationColumns(p, { narrow: false }).byteLength);
    // a stream written before narrowing (format 1) is read as ever
    const old = encodePopulationColumns(p, { narrow: false });
    const view = new DataView(old.buffer);
    view.setUint32(4, 1, true);
    view.setUint32(12, columnsChecksum(old.subarray(16)), true);
    expectSame(p, decodePopulationColumns([old]));
  });

  it('refuses a corrupted stream read in pieces or with lazy strings, and a string column whose text does not match its offsets at its first read', () => {
    const bytes = encodePopulationColumns(pop);
    const flipped = bytes.slice();
    flipped[Math.floor(flipped.length * 0.3)]! ^= 0x01;
    expect(() => decodePopulationColumns([flipped.slice(0, 5000), flipped.slice(5000)], { lazyStringsOver: 10 })).toThrow(/checksum/);
    // USCCs (UTF-8): the text's length in code units is known once decoded, at the first read
    const short = withOffsetsEnd(bytes, 'uscc', -1);
    const lazy = decodePopulationColumns([short], { lazyStringsOver: 10 });
    expect(() => lazy.uscc).toThrow(/uscc does not match its offsets/);
    expect(() => decodePopulationColumns([short])).toThrow(/uscc does not match its offsets/);
    expect(() => decodePopulationColumns([withOffsetsEnd(bytes, 'uscc', 10_000_000)], { lazyStringsOver: 10 })).toThrow(/does not match its offsets/);
    // names (UTF-16): known from the bytes, refused at once
    expect(() => decodePopulationColumns([withOffsetsEnd(bytes, 'name', -1)], { lazyStringsOver: 10 })).toThrow(/name does not match its offsets/);
  });
});

interface TestManifest {
  n: number;
  strings: Record<string, { encoding: string; offset: number; bytes: number; offsets: { offset: number; length: number } }>;
}

function manifestOf(bytes: Uint8Array): { manifest: TestManifest; bodyStart: number } {
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  return { manifest: JSON.parse(new TextDecoder().decode(bytes.subarray(24, 24 + length))) as TestManifest, bodyStart: (24 + length + 7) & ~7 };
}

/** The stream with the last offset of a string column moved by `delta` (checksum made to hold again). */
function withOffsetsEnd(bytes: Uint8Array, column: string, delta: number): Uint8Array {
  const out = bytes.slice();
  const { manifest, bodyStart } = manifestOf(out);
  const e = manifest.strings[column]!;
  const view = new DataView(out.buffer);
  const at = bodyStart + e.offsets.offset + (e.offsets.length - 1) * 4;
  view.setUint32(at, view.getUint32(at, true) + delta, true);
  view.setUint32(12, columnsChecksum(out.subarray(16)), true);
  return out;
}

/** The stream as the encoder wrote it before names could be UTF-16: the same population, its names in UTF-8. */
function utf8Names(p: Population): Uint8Array {
  const bytes = encodePopulationColumns(p);
  const { manifest, bodyStart } = manifestOf(bytes);
  const e = manifest.strings.name!;
  const text = new TextEncoder().encode(p.name.join(''));
  // the names' text moved to the end of the body, the manifest pointing there
  const oldManifestLength = new DataView(bytes.buffer).getUint32(8, true);
  const body = bytes.subarray(bodyStart);
  const textOffset = (body.byteLength + 7) & ~7;
  const m = JSON.parse(new TextDecoder().decode(bytes.subarray(24, 24 + oldManifestLength))) as TestManifest & Record<string, unknown>;
  m.strings.name = { ...e, encoding: 'utf8', offset: textOffset, bytes: text.byteLength };
  const manifestBytes = new TextEncoder().encode(JSON.stringify(m));
  const newBodyStart = (24 + manifestBytes.byteLength + 7) & ~7;
  const total = newBodyStart + ((textOffset + text.byteLength + 7) & ~7);
  const out = new Uint8Array(total);
  out.set(manifestBytes, 24);
  out.set(body, newBodyStart);
  out.set(text, newBodyStart + textOffset);
  const view = new DataView(out.buffer);
  view.setUint32(0, new DataView(bytes.buffer).getUint32(0, true), true);
  view.setUint32(4, 1, true);
  view.setUint32(8, manifestBytes.byteLength, true);
  view.setFloat64(16, total, true);
  view.setUint32(12, columnsChecksum(out.subarray(16)), true);
  return out;
}
