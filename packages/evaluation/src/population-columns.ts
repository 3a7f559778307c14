/**
 * A columnar population as bytes and back, so that a stored dataset is loaded by copying columns
 * instead of parsing JSON records (issue 16, faster cold start). Pure: no IO — the server stores the
 * bytes (`@policy/db` dataset-columns.ts) and decodes them in a worker.
 *
 * Layout (little-endian): a 24-byte header — magic `PCOL`, format 2 (1 is still read), manifest
 * length, checksum of everything after the header, total length (float64) — then a JSON manifest
 * naming every column with its kind, offset and length, then the columns, each at an 8-byte
 * boundary. Typed arrays are stored as their bytes — a float64 column of small integers (an
 * indicator of counts or yes / no) as u8 / i16 / i32 since format 2 ({@link TypedEntry.stored}); a
 * string column as one text (UTF-8 when well-formed, else UTF-16) and the `n + 1` offsets of its
 * strings in UTF-16 code units, so decoding is one `TextDecoder` call and slices. Decoding is in
 * population-columns-decode.ts. A truncated, corrupted or foreign stream is refused with
 * {@link PopulationColumnsError}, never decoded into other values (the caller then loads the
 * records as before).
 */
import type { EnterpriseRecord } from '@policy/schemas';
import { PopulationBuilder } from './population.ts';
import type { IndicatorColumn, Population } from './population.ts';

export const MAGIC = 0x4c4f4350; // 'PCOL' little-endian
/** Format 2 may store a float64 column of small integers narrower ({@link TypedEntry.stored}); format 1 is still read. */
export const FORMAT = 2;
/** The formats this code decodes. */
export const FORMATS_READ: readonly number[] = [1, 2];
export const HEADER = 24;

export type Typed = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;
type TypedKind = 'u8' | 'u16' | 'u32' | 'i32' | 'f64';

export const CTORS = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array, i32: Int32Array, f64: Float64Array } as const;

function kindOf(a: Typed): TypedKind {
  if (a instanceof Uint8Array) return 'u8';
  if (a instanceof Uint16Array) return 'u16';
  if (a instanceof Uint32Array) return 'u32';
  if (a instanceof Int32Array) return 'i32';
  if (a instanceof Float64Array) return 'f64';
  throw new PopulationColumnsError(`unsupported column type ${(a as object).constructor.name}`);
}

/** Where a typed column lies in the stream. */
export interface TypedEntry {
  kind: TypedKind;
  offset: number;
  length: number;
  /**
   * A `f64` column whose every value is an integer in this type's range or NaN, stored as that type
   * (NaN as {@link NARROW}'s sentinel) and widened again when decoded: an indicator of counts or
   * yes / no takes 1 byte an enterprise in the stream instead of 8.
   */
  stored?: NarrowKind;
}

export type NarrowKind = 'u8' | 'i16' | 'i32';

export const NARROW_CTORS = { u8: Uint8Array, i16: Int16Array, i32: Int32Array } as const;

/** The narrower types of a `f64` column: their range, and the value that stands for NaN. */
export const NARROW: Record<NarrowKind, { min: number; max: number; nan: number }> = {
  u8: { min: 0, max: 254, nan: 255 },
  i16: { min: -32767, max: 32767, nan: -32768 },
  i32: { min: -2147483647, max: 2147483647, nan: -2147483648 },
};

/** The narrowest type that holds every value of `a` (integers or NaN; not -0), or null. */
function narrowKindOf(a: Float64Array): NarrowKind | null {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v !== v) continue;
    if (!Number.isInteger(v) || (v === 0 && 1 / v < 0)) return null;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  for (const k of ['u8', 'i16', 'i32'] as const) if (min >= NARROW[k].min && max <= NARROW[k].max) return k;
  return null;
}

/** `a` as its narrower type (NaN as the sentinel). */
function narrowed(a: Float64Array, kind: NarrowKind): Uint8Array {
  const out = new NARROW_CTORS[kind](a.length);
  const nan = NARROW[kind].nan;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    out[i] = v !== v ? nan : v;
  }
  return new Uint8Array(out.buffer);
}

/** A string column: its text's bytes and its offsets (a u32 typed entry). */
export interface StringEntry {
  encoding: 'utf8' | 'utf16';
  offset: number;
  bytes: number;
  offsets: TypedEntry;
}

export interface Manifest {
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

export const align8 = (x: number) => (x + 7) & ~7;

/**
 * {@link columnsChecksum} fed in consecutive pieces of any length (the stored pieces as they are,
 * without joining them first): the same value as over their concatenation.
 */
export class ColumnsChecksum {
  private a = 0x811c9dc5 | 0;
  private b = 0x01000193 | 0;
  private c = 0x9e3779b1 | 0;
  private d = 0x7f4a7c15 | 0;
  private words = 0;
  /** Bytes of an incomplete 16-byte block carried to the next piece. */
  private readonly carry = new Uint8Array(16);
  private carried = 0;

  update(bytes: Uint8Array): this {
    let at = 0;
    if (this.carried > 0) {
      const take = Math.min(16 - this.carried, bytes.byteLength);
      this.carry.set(bytes.subarray(0, take), this.carried);
      this.carried += take;
      at = take;
      if (this.carried < 16) return this;
      this.blocks(new Int32Array(this.carry.buffer, 0, 4));
      this.carried = 0;
    }
    const whole = (bytes.byteLength - at) & ~15;
    if (whole > 0) {
      const start = bytes.byteOffset + at;
      // an Int32Array needs 4-byte alignment: a misaligned run is copied first
      const words = start % 4 === 0 ? new Int32Array(bytes.buffer, start, whole >>> 2) : new Int32Array(bytes.slice(at, at + whole).buffer);
      this.blocks(words);
      at += whole;
    }
    if (at < bytes.byteLength) {
      this.carry.set(bytes.subarray(at), 0);
      this.carried = bytes.byteLength - at;
    }
    return this;
  }

  private blocks(words: Int32Array): void {
    let { a, b, c, d } = this;
    const m = words.length;
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
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    this.words += m;
  }

  /** The checksum of every byte fed (a trailing partial word is not part of it, as in {@link columnsChecksum}). */
  digest(): number {
    let a = this.a;
    const tail = this.carried >>> 2;
    const view = new DataView(this.carry.buffer);
    for (let i = 0; i < tail; i++) a = Math.imul((a ^ view.getInt32(i * 4, true)) | 0, 0x85ebca6b);
    const words = (this.words + tail) | 0;
    return (Math.imul(a ^ (this.b >>> 7), 3) ^ Math.imul(this.c, 5) ^ Math.imul(this.d ^ words, 7)) >>> 0;
  }
}

/** A 32-bit checksum of `bytes` (length a multiple of 4), four independent lanes of multiply–rotate. */
export function columnsChecksum(bytes: Uint8Array): number {
  return new ColumnsChecksum().update(bytes).digest();
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
export function encodePopulationColumns(pop: Population, options: { narrow?: boolean } = {}): Uint8Array {
  const narrow = options.narrow !== false;
  const parts: { offset: number; bytes: Uint8Array }[] = [];
  let pos = 0;
  const place = (bytes: Uint8Array): number => {
    const offset = pos;
    parts.push({ offset, bytes });
    pos = align8(pos + bytes.byteLength);
    return offset;
  };
  const typedEntry = (a: Typed): TypedEntry => {
    const stored = narrow && a instanceof Float64Array ? narrowKindOf(a) : null;
    if (stored) return { kind: 'f64', length: a.length, offset: place(narrowed(a as Float64Array, stored)), stored };
    return { kind: kindOf(a), length: a.length, offset: place(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)) };
  };
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
      // UTF-16 when it is not well-formed, or when it is the shorter (Chinese names: 2 bytes a character
      // instead of 3, and decoded several times faster)
      const asUtf8 = wellFormed ? utf8.encode(text) : null;
      const bytes = asUtf8 && asUtf8.byteLength <= 2 * text.length ? asUtf8 : utf16Bytes(text);
      manifest.strings[name] = { encoding: bytes === asUtf8 ? 'utf8' : 'utf16', bytes: bytes.byteLength, offset: place(bytes), offsets: typedEntry(offsets) };
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

const utf16le = new TextDecoder('utf-16le');

/**
 * UTF-16 code units back to a string as they were: by `TextDecoder` when every surrogate is paired,
 * else (it would replace an unpaired one) a code unit at a time.
 */
function fromUtf16(raw: Uint8Array): string {
  if (raw.byteLength % 2 !== 0) throw new PopulationColumnsError('UTF-16 text of an odd length');
  const units = raw.byteOffset % 2 === 0 ? new Uint16Array(raw.buffer, raw.byteOffset, raw.byteLength / 2) : new Uint16Array(raw.slice().buffer as ArrayBuffer);
  if (wellFormedUtf16(units)) return utf16le.decode(units);
  let out = '';
  for (let i = 0; i < units.length; i += 8192) out += String.fromCharCode(...units.subarray(i, i + 8192));
  return out;
}

function wellFormedUtf16(units: Uint16Array): boolean {
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    if ((u & 0xf800) !== 0xd800) continue;
    // a high surrogate followed by a low one
    if (u >= 0xdc00 || i + 1 >= units.length || (units[i + 1]! & 0xfc00) !== 0xdc00) return false;
    i++;
  }
  return true;
}

export interface DecodeOptions {
  /**
   * Where the typed arrays (and a lazy string column's bytes) are copied to (e.g.
   * `(n) => new SharedArrayBuffer(n)` to share them between threads); default a new ArrayBuffer each.
   */
  alloc?: (byteLength: number) => ArrayBuffer | SharedArrayBuffer;
  /**
   * String columns of more than this many strings are not split into strings while decoding: the
   * field is a getter that does so at its first read (then a plain value), and
   * {@link lazyStringColumns} gives their bytes (to hand to another thread). Default: none (all split now).
   */
  lazyStringsOver?: number;
}

/** A string column as stored: its text's bytes and the `n + 1` offsets of its strings in the text (UTF-16 code units). */
export interface StringColumnBytes {
  encoding: 'utf8' | 'utf16';
  text: Uint8Array;
  offsets: Uint32Array;
}

const lazySources = new WeakMap<object, Record<string, StringColumnBytes>>();

/** The text of a string column's bytes, refused when it does not end where its last offset says. */
function columnText(col: StringColumnBytes, name: string): string {
  const text = col.encoding === 'utf16' ? fromUtf16(col.text) : new TextDecoder('utf-8').decode(col.text);
  if (col.offsets[0] !== 0 || col.offsets[col.offsets.length - 1] !== text.length) throw new PopulationColumnsError(`string column ${name} does not match its offsets`);
  return text;
}

/**
 * The strings of a stored string column (`name` names it in the error).
 *
 * @example
 * const uscc = stringColumn(lazyStringColumns(pop).uscc!, 'uscc');
 */
export function stringColumn(col: StringColumnBytes, name: string): string[] {
  const text = columnText(col, name);
  const offsets = col.offsets;
  const a: string[] = new Array(offsets.length - 1);
  for (let i = 0; i < a.length; i++) a[i] = text.slice(offsets[i]!, offsets[i + 1]!);
  return a;
}

/**
 * A string column split a part at a time (to yield between parts): `next(count)` adds up to
 * `count` strings and says whether any are left; `all()` splits the rest and gives the column.
 */
export function stringColumnSplitter(col: StringColumnBytes, name: string): { next(count: number): boolean; all(): string[] } {
  let text: string | null = null;
  const offsets = col.offsets;
  const a: string[] = new Array(offsets.length - 1);
  let i = 0;
  const next = (count: number) => {
    text ??= columnText(col, name);
    const end = Math.min(a.length, i + count);
    for (; i < end; i++) a[i] = text.slice(offsets[i]!, offsets[i + 1]!);
    return i < a.length;
  };
  return {
    next,
    all: () => {
      next(a.length);
      return a;
    },
  };
}

/**
 * Makes `name` of `target` a string column split from `col` at its first read (by `materialise`
 * when given, e.g. to finish a split under way), then a plain value.
 */
export function defineLazyStrings(target: object, name: string, col: StringColumnBytes, materialise: () => string[] = () => stringColumn(col, name)): void {
  // its bytes stay readable a string at a time (stringAt) and to hand on (lazyStringColumns) while it is not split
  let sources = lazySources.get(target);
  if (!sources) lazySources.set(target, (sources = {}));
  sources[name] = col;
  Object.defineProperty(target, name, {
    enumerable: true,
    configurable: true,
    get() {
      const value = materialise();
      Object.defineProperty(target, name, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
  });
}

/**
 * String `i` of the string column `name` of `pop` (a sample's USCC or name): while the column is
 * still left to be split at its first read ({@link DecodeOptions.lazyStringsOver}), read from its
 * bytes alone — a few samples do not split a million strings — else `pop[name][i]`.
 *
 * @example
 * const ref = { index: i, uscc: stringAt(pop, 'uscc', i), name: stringAt(pop, 'name', i) };
 */
export function stringAt(pop: Population, name: 'uscc' | 'name', i: number): string {
  const col = lazySources.get(pop)?.[name];
  if (col && Object.getOwnPropertyDescriptor(pop, name)?.get) {
    const s = oneString(col, i);
    if (s !== null) return s;
  }
  return pop[name][i]!;
}

/** String `i` of a column's bytes; null when it cannot be read alone (UTF-8 text beyond ASCII: offsets are in UTF-16 code units). */
function oneString(col: StringColumnBytes, i: number): string | null {
  const { offsets, text } = col;
  if (!Number.isInteger(i) || i < 0 || i + 1 >= offsets.length) return null;
  const a = offsets[i]!;
  const b = offsets[i + 1]!;
  let s = '';
  if (col.encoding === 'utf16') {
    if (a > b || 2 * b > text.byteLength) return null;
    // the code units as they are (what the whole text's split gives, paired or not)
    for (let k = a; k < b; k++) s += String.fromCharCode(text[2 * k]! | (text[2 * k + 1]! << 8));
    return s;
  }
  if (offsets[offsets.length - 1] !== text.byteLength || a > b) return null;
  for (let k = a; k < b; k++) {
    const c = text[k]!;
    if (c >= 0x80) return null;
    s += String.fromCharCode(c);
  }
  return s;
}

/**
 * The bytes of the string columns of a decoded population that were left to be split at their first
 * read ({@link DecodeOptions.lazyStringsOver}), by field; empty for another population.
 */
export function lazyStringColumns(pop: Population): Record<string, StringColumnBytes> {
  return lazySources.get(pop) ?? {};
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
