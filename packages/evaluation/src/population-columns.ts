/**
 * A columnar population as bytes and back, so that a stored dataset is loaded by copying columns
 * instead of parsing JSON records (issue 16, faster cold start). Pure: no IO — the server stores the
 * bytes (`@policy/db` dataset-columns.ts) and decodes them in a worker.
 *
 * Layout (little-endian): a 24-byte header — magic `PCOL`, format 1, manifest length, checksum of
 * everything after the header, total length (float64) — then a JSON manifest naming every column
 * with its kind, offset and length, then the columns, each at an 8-byte boundary. Typed arrays are
 * stored as their bytes; a string column as one text (UTF-8 when well-formed, else UTF-16) and the
 * `n + 1` offsets of its strings in UTF-16 code units, so decoding is one `TextDecoder` call and
 * slices. A truncated, corrupted or foreign stream is refused with {@link PopulationColumnsError},
 * never decoded into other values (the caller then loads the records as before).
 */
import type { EnterpriseRecord } from '@policy/schemas';
import { PopulationBuilder } from './population.ts';
import type { IndicatorColumn, Population } from './population.ts';

const MAGIC = 0x4c4f4350; // 'PCOL' little-endian
const FORMAT = 1;
const HEADER = 24;

type Typed = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;
type TypedKind = 'u8' | 'u16' | 'u32' | 'i32' | 'f64';

const CTORS = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array, i32: Int32Array, f64: Float64Array } as const;

function kindOf(a: Typed): TypedKind {
  if (a instanceof Uint8Array) return 'u8';
  if (a instanceof Uint16Array) return 'u16';
  if (a instanceof Uint32Array) return 'u32';
  if (a instanceof Int32Array) return 'i32';
  if (a instanceof Float64Array) return 'f64';
  throw new PopulationColumnsError(`unsupported column type ${(a as object).constructor.name}`);
}

/** Where a typed column lies in the stream. */
interface TypedEntry {
  kind: TypedKind;
  offset: number;
  length: number;
}

/** A string column: its text's bytes and its offsets (a u32 typed entry). */
interface StringEntry {
  encoding: 'utf8' | 'utf16';
  offset: number;
  bytes: number;
  offsets: TypedEntry;
}

interface Manifest {
  n: number;
  typed: Record<string, TypedEntry>;
  strings: Record<string, StringEntry>;
  indicators: { key: string; dict: string[]; values: TypedEntry; types: TypedEntry }[];
}

/** The bytes of a population cannot be decoded (truncated, corrupted, another format). */
export class PopulationColumnsError extends Error {
  constructor(message: string) {
    super(`列式数据损坏或不完整 / stored population columns unusable: ${message}`);
    this.name = 'PopulationColumnsError';
  }
}

const align8 = (x: number) => (x + 7) & ~7;

/** A 32-bit checksum of `bytes` (length a multiple of 4), four independent lanes of multiply–rotate. */
export function columnsChecksum(bytes: Uint8Array): number {
  const words = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
  let a = 0x811c9dc5;
  let b = 0x01000193;
  let c = 0x9e3779b1 | 0;
  let d = 0x7f4a7c15;
  const m = words.length & ~3;
  for (let i = 0; i < m; i += 4) {
    a = Math.imul((a ^ words[i]!) | 0, 0x85ebca6b);
    a = (a << 13) | (a >>> 19);
    b = Math.imul((b ^ words[i + 1]!) | 0, 0xc2b2ae35);
    b = (b << 13) | (b >>> 19);
    c = Math.imul((c ^ words[i + 2]!) | 0, 0x27d4eb2f);
    c = (c << 13) | (c >>> 19);
    d = Math.imul((d ^ words[i + 3]!) | 0, 0x165667b1);
    d = (d << 13) | (d >>> 19);
  }
  for (let i = m; i < words.length; i++) a = Math.imul((a ^ words[i]!) | 0, 0x85ebca6b);
  return (Math.imul(a ^ (b >>> 7), 3) ^ Math.imul(c, 5) ^ Math.imul(d ^ (words.length | 0), 7)) >>> 0;
}

const utf8 = new TextEncoder();

/**
 * The population as one stream of bytes (see the file header). Throws for a population with a
 * field of another shape than typed arrays, string arrays, numbers and the indicator map.
 *
 * @example
 * const bytes = encodePopulationColumns(buildPopulation(records));
 * const same = decodePopulationColumns([bytes]);
 */
export function encodePopulationColumns(pop: Population): Uint8Array {
  const parts: { offset: number; bytes: Uint8Array }[] = [];
  let pos = 0;
  const place = (bytes: Uint8Array): number => {
    const offset = pos;
    parts.push({ offset, bytes });
    pos = align8(pos + bytes.byteLength);
    return offset;
  };
  const typedEntry = (a: Typed): TypedEntry => ({ kind: kindOf(a), length: a.length, offset: place(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)) });
  const manifest: Manifest = { n: pop.n, typed: {}, strings: {}, indicators: [] };
  for (const [name, v] of Object.entries(pop)) {
    if (v === undefined || name === 'n') continue;
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      manifest.typed[name] = typedEntry(v as Typed);
    } else if (Array.isArray(v)) {
      const offsets = new Uint32Array(v.length + 1);
      let total = 0;
      for (let i = 0; i < v.length; i++) {
        const s: unknown = v[i];
        if (typeof s !== 'string') throw new PopulationColumnsError(`${name}[${i}] is not a string`);
        total += s.length;
        offsets[i + 1] = total;
      }
      const text = (v as string[]).join('');
      const wellFormed = (text as string & { isWellFormed?: () => boolean }).isWellFormed?.() ?? !/[\uD800-\uDFFF]/.test(text);
      const bytes = wellFormed ? utf8.encode(text) : utf16Bytes(text);
      manifest.strings[name] = { encoding: wellFormed ? 'utf8' : 'utf16', bytes: bytes.byteLength, offset: place(bytes), offsets: typedEntry(offsets) };
    } else if (name === 'indicators' && v instanceof Map) {
      for (const col of (v as Map<string, IndicatorColumn>).values()) {
        manifest.indicators.push({ key: col.key, dict: col.dict, values: typedEntry(col.values), types: typedEntry(col.types) });
      }
    } else {
      throw new PopulationColumnsError(`field ${name} has an unsupported shape`);
    }
  }
  const manifestBytes = utf8.encode(JSON.stringify(manifest));
  const bodyStart = align8(HEADER + manifestBytes.byteLength);
  const total = bodyStart + pos;
  const out = new Uint8Array(total);
  out.set(manifestBytes, HEADER);
  for (const p of parts) out.set(p.bytes, bodyStart + p.offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, FORMAT, true);
  view.setUint32(8, manifestBytes.byteLength, true);
  view.setFloat64(16, total, true);
  // the checksum covers the total length (bytes 16–23) and everything after it
  view.setUint32(12, columnsChecksum(out.subarray(16)), true);
  return out;
}

function utf16Bytes(text: string): Uint8Array {
  const a = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) a[i] = text.charCodeAt(i);
  return new Uint8Array(a.buffer);
}

/** UTF-16 code units back to a string as they were (`TextDecoder` would replace unpaired surrogates). */
function fromUtf16(raw: Uint8Array): string {
  const units = new Uint16Array(raw.slice().buffer);
  let out = '';
  for (let i = 0; i < units.length; i += 8192) out += String.fromCharCode(...units.subarray(i, i + 8192));
  return out;
}

export interface DecodeOptions {
  /**
   * Where the typed arrays are copied to (e.g. `(n) => new SharedArrayBuffer(n)` to share them
   * between threads); default a new ArrayBuffer each.
   */
  alloc?: (byteLength: number) => ArrayBuffer | SharedArrayBuffer;
}

/** The pieces as one contiguous array (no copy for a single piece). */
function joinPieces(pieces: readonly Uint8Array[]): Uint8Array {
  if (pieces.length === 1) return pieces[0]!;
  const total = pieces.reduce((n, p) => n + p.byteLength, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/**
 * The population of {@link encodePopulationColumns}' bytes, given whole or in consecutive pieces.
 * Checks the header, the total length and the checksum before reading anything, and every column's
 * bounds and lengths: a {@link PopulationColumnsError} rather than different values.
 */
export function decodePopulationColumns(pieces: readonly Uint8Array[], options: DecodeOptions = {}): Population {
  if (pieces.length === 0) throw new PopulationColumnsError('no bytes');
  const bytes = joinPieces(pieces);
  if (bytes.byteLength < HEADER) throw new PopulationColumnsError(`truncated (${bytes.byteLength} bytes)`);
  if (bytes.byteOffset % 8 !== 0) return decodePopulationColumns([bytes.slice()], options);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new PopulationColumnsError('not a population column stream');
  if (view.getUint32(4, true) !== FORMAT) throw new PopulationColumnsError(`format ${view.getUint32(4, true)} is not known`);
  const total = view.getFloat64(16, true);
  if (total !== bytes.byteLength) throw new PopulationColumnsError(`truncated or padded: ${bytes.byteLength} bytes of ${total}`);
  if (columnsChecksum(bytes.subarray(16)) !== view.getUint32(12, true)) throw new PopulationColumnsError('checksum mismatch');
  const manifestLength = view.getUint32(8, true);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(bytes.subarray(HEADER, HEADER + manifestLength))) as Manifest;
  } catch {
    throw new PopulationColumnsError('unreadable manifest');
  }
  const bodyStart = align8(HEADER + manifestLength);
  const alloc = options.alloc ?? ((n: number) => new ArrayBuffer(n));
  const region = (offset: number, length: number): Uint8Array => {
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || bodyStart + offset + length > bytes.byteLength) {
      throw new PopulationColumnsError('a column lies outside the stream');
    }
    return bytes.subarray(bodyStart + offset, bodyStart + offset + length);
  };
  const typed = (e: TypedEntry, copy = true): Typed => {
    const Ctor = CTORS[e.kind];
    if (!Ctor) throw new PopulationColumnsError(`unknown column kind ${e.kind}`);
    const src = region(e.offset, e.length * Ctor.BYTES_PER_ELEMENT);
    if (!copy) return new Ctor(src.buffer as ArrayBuffer, src.byteOffset, e.length);
    const buf = alloc(src.byteLength);
    new Uint8Array(buf).set(src);
    return new Ctor(buf as ArrayBuffer, 0, e.length);
  };
  const n = manifest.n;
  const out: Record<string, unknown> = { n };
  for (const [name, e] of Object.entries(manifest.typed)) out[name] = typed(e);
  for (const [name, e] of Object.entries(manifest.strings)) {
    const offsets = typed(e.offsets, false) as Uint32Array;
    const raw = region(e.offset, e.bytes);
    const text = e.encoding === 'utf16' ? fromUtf16(raw) : new TextDecoder('utf-8').decode(raw);
    if (offsets[0] !== 0 || offsets[offsets.length - 1] !== text.length) throw new PopulationColumnsError(`string column ${name} does not match its offsets`);
    const a: string[] = new Array(offsets.length - 1);
    for (let i = 0; i < a.length; i++) a[i] = text.slice(offsets[i]!, offsets[i + 1]!);
    out[name] = a;
  }
  const indicators = new Map<string, IndicatorColumn>();
  for (const ind of manifest.indicators) {
    indicators.set(ind.key, { key: ind.key, values: typed(ind.values) as Float64Array, types: typed(ind.types) as Uint8Array, dict: ind.dict });
  }
  out.indicators = indicators;
  for (const name of ['uscc', 'name', 'status', 'score', 'recOffsets', 'listOffsets']) {
    const v = out[name] as { length: number } | undefined;
    if (!v) throw new PopulationColumnsError(`column ${name} is missing`);
    if (v.length !== (name.endsWith('Offsets') ? n + 1 : n)) throw new PopulationColumnsError(`column ${name} has ${v.length} values for ${n} enterprises`);
  }
  return out as unknown as Population;
}

/** Collects records as an import reads them and gives their population's column bytes at the end. */
export interface PopulationColumnsCollector {
  add(record: EnterpriseRecord): void;
  /** The column bytes of every record added, in order (what {@link encodePopulationColumns} gives). */
  finish(): Uint8Array;
}

/**
 * A collector for an import (issue 16): the records go into a {@link PopulationBuilder} as the file is
 * read, so the new dataset's columns are stored with it and its first load parses no JSON.
 *
 * @example
 * const columns = populationColumnsCollector();
 * await importDataset(db, actor, { name, format: 'jsonl', input, columns });
 */
export function populationColumnsCollector(expected = 1024): PopulationColumnsCollector {
  const builder = new PopulationBuilder(expected);
  return {
    add: (record) => void builder.add(record),
    finish: () => encodePopulationColumns(builder.finish()),
  };
}
