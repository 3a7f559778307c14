/**
 * The bytes of {@link encodePopulationColumns} back to a population (issue 16, faster cold start),
 * fed piece by piece as they are read: {@link PopulationColumnsDecoder} copies each piece's part of
 * every column into that column's own buffer the moment the piece arrives — so a server decodes one
 * piece while the next is still being read from the database — and checks the whole (length,
 * checksum, every column's bounds and lengths) before handing out anything. A truncated, corrupted
 * or foreign stream gives a {@link PopulationColumnsError}, never other values; the error is the
 * same whichever way the bytes were cut into pieces.
 */
import { ColumnsChecksum, CTORS, defineLazyStrings, FORMATS_READ, HEADER, MAGIC, NARROW, NARROW_CTORS, PopulationColumnsError, align8, stringColumn } from './population-columns.ts';
import type { DecodeOptions, Manifest, StringColumnBytes, Typed, TypedEntry } from './population-columns.ts';
import type { IndicatorColumn, Population } from './population.ts';

/** Where a column lies in the stream and the buffer its bytes are copied to. */
interface Region {
  start: number;
  length: number;
  dest: Uint8Array;
  /** Bytes copied so far. */
  got: number;
  /** A column stored narrower: widened into its float64 buffer as soon as its last byte arrives (while the next pieces are read). */
  widen?: Widen;
}

interface Widen {
  from: Int32Array | Int16Array | Uint8Array;
  to: Float64Array;
  nan: number;
  done: boolean;
}

function widen(w: Widen): void {
  if (w.done) return;
  const { from, to, nan } = w;
  for (let i = 0; i < from.length; i++) {
    const v = from[i]!;
    to[i] = v === nan ? NaN : v;
  }
  w.done = true;
}

/** What the header and the manifest say, once read: the stream's length, its checksum and the columns' buffers. */
interface Plan {
  total: number;
  checksum: number;
  manifest: Manifest;
  regions: Region[];
  /** The buffers by entry (typed entries and string texts). */
  typedOf: Map<TypedEntry, Typed>;
  /** Columns stored narrower than they are (`TypedEntry.stored`): widened once every byte has arrived. */
  widen: Widen[];
  textOf: Map<object, Uint8Array>;
}

/**
 * Decodes a stream of population column bytes given as consecutive pieces of any length.
 *
 * @example
 * const d = new PopulationColumnsDecoder({ alloc: (n) => new SharedArrayBuffer(n) });
 * for await (const piece of pieces) d.push(piece); // each piece may be dropped once pushed
 * const population = d.finish();
 */
export class PopulationColumnsDecoder {
  private received = 0;
  /** Pieces kept until the header and the manifest are complete. */
  private head: Uint8Array[] = [];
  private plan: Plan | null = null;
  /** A fault seen before the checksum could be checked: reported after it (a corrupted stream says so first). */
  private fault: PopulationColumnsError | null = null;
  private readonly sum = new ColumnsChecksum();
  /** The first region not yet filled (regions ascend by start). */
  private next = 0;

  constructor(private readonly options: DecodeOptions = {}) {}

  /** The next piece of the stream (its bytes are copied; the piece may be reused or dropped after). */
  push(piece: Uint8Array): void {
    const at = this.received;
    this.received += piece.byteLength;
    // the checksum covers the total length (bytes 16–23) and everything after it
    const skip = Math.max(0, 16 - at);
    if (skip < piece.byteLength) this.sum.update(skip > 0 ? piece.subarray(skip) : piece);
    if (this.plan || this.fault) {
      if (this.plan) this.fill(piece, at);
      return;
    }
    this.head.push(piece);
    const plan = this.tryPlan();
    if (plan === undefined) {
      // kept for later: a copy (the caller may reuse its buffer)
      this.head[this.head.length - 1] = piece.slice();
      return;
    }
    const head = this.head;
    this.head = [];
    this.plan = plan;
    if (plan) {
      let start = 0;
      for (const p of head) {
        this.fill(p, start);
        start += p.byteLength;
      }
    }
  }

  /** The population of every byte pushed (see the file header for what is checked). */
  finish(): Population {
    const size = this.received;
    if (size === 0) throw new PopulationColumnsError('no bytes');
    if (size < HEADER) throw new PopulationColumnsError(`truncated (${size} bytes)`);
    if (this.plan === null && this.fault === null) this.tryPlan();
    const header = this.header();
    if (header.magic !== MAGIC) throw new PopulationColumnsError('not a population column stream');
    if (!FORMATS_READ.includes(header.format)) throw new PopulationColumnsError(`format ${header.format} is not known`);
    if (header.total !== size) throw new PopulationColumnsError(`truncated or padded: ${size} bytes of ${header.total}`);
    if (this.sum.digest() !== header.checksum) throw new PopulationColumnsError('checksum mismatch');
    if (this.fault !== null || this.plan === null) throw this.fault ?? new PopulationColumnsError('unreadable manifest');
    return this.assemble(this.plan);
  }

  private headerBytes: Uint8Array | null = null;

  /** The header's fields (the first {@link HEADER} bytes, kept once seen). */
  private header(): { magic: number; format: number; manifestLength: number; checksum: number; total: number } {
    const view = new DataView(this.headerBytes!.buffer, this.headerBytes!.byteOffset, HEADER);
    return { magic: view.getUint32(0, true), format: view.getUint32(4, true), manifestLength: view.getUint32(8, true), checksum: view.getUint32(12, true), total: view.getFloat64(16, true) };
  }

  /** The first `length` bytes of the pieces kept so far (they hold at least that many). */
  private prefix(length: number): Uint8Array {
    const out = new Uint8Array(length);
    let done = 0;
    for (const p of this.head) {
      if (done >= length) break;
      const take = Math.min(p.byteLength, length - done);
      out.set(p.subarray(0, take), done);
      done += take;
    }
    return out;
  }

  /**
   * Reads the header and the manifest once the pieces kept hold them: the plan (every column's
   * buffer allocated), `null` with {@link fault} set when they are not usable, `undefined` while more
   * bytes are needed.
   */
  private tryPlan(): Plan | null | undefined {
    if (this.received < HEADER) return undefined;
    this.headerBytes ??= this.prefix(HEADER);
    const h = this.header();
    if (h.magic !== MAGIC || !FORMATS_READ.includes(h.format) || !Number.isSafeInteger(h.total) || h.total < HEADER) {
      this.fault = new PopulationColumnsError('not a population column stream');
      return null;
    }
    if (HEADER + h.manifestLength > h.total) {
      this.fault = new PopulationColumnsError('unreadable manifest');
      return null;
    }
    if (this.received < HEADER + h.manifestLength) return undefined;
    let manifest: Manifest;
    try {
      manifest = JSON.parse(new TextDecoder().decode(this.prefix(HEADER + h.manifestLength).subarray(HEADER))) as Manifest;
    } catch {
      this.fault = new PopulationColumnsError('unreadable manifest');
      return null;
    }
    try {
      return this.regions(manifest, h.total, h.checksum, align8(HEADER + h.manifestLength));
    } catch (e) {
      // a manifest of another shape (bytes corrupted before the checksum could tell), or a length no buffer can hold
      this.fault = e instanceof PopulationColumnsError ? e : new PopulationColumnsError('unreadable manifest');
      return null;
    }
  }

  /** Every column's place in the stream and its buffer (allocated here), checked against the stream's length. */
  private regions(manifest: Manifest, total: number, checksum: number, bodyStart: number): Plan {
    const alloc = this.options.alloc ?? ((n: number) => new ArrayBuffer(n));
    const regions: Region[] = [];
    const typedOf = new Map<TypedEntry, Typed>();
    const textOf = new Map<object, Uint8Array>();
    const place = (offset: number, length: number, buffer: () => ArrayBuffer | SharedArrayBuffer): Uint8Array => {
      if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || bodyStart + offset + length > total) {
        throw new PopulationColumnsError('a column lies outside the stream');
      }
      const dest = new Uint8Array(buffer());
      regions.push({ start: bodyStart + offset, length, dest, got: 0 });
      return dest;
    };
    const widen: Plan['widen'] = [];
    const typed = (e: TypedEntry): void => {
      const Ctor = CTORS[e.kind];
      if (!Ctor) throw new PopulationColumnsError(`unknown column kind ${e.kind}`);
      if (e.stored !== undefined) {
        const Narrow = NARROW_CTORS[e.stored];
        if (e.kind !== 'f64' || !Object.hasOwn(NARROW, e.stored) || !Narrow) throw new PopulationColumnsError(`unknown column kind ${e.kind} stored as ${e.stored}`);
        const byteLength = e.length * Narrow.BYTES_PER_ELEMENT;
        const from = place(e.offset, byteLength, () => new ArrayBuffer(byteLength));
        const to = new Float64Array(alloc(e.length * 8) as ArrayBuffer, 0, e.length);
        const w: Widen = { from: new Narrow(from.buffer as ArrayBuffer, 0, e.length) as Widen['from'], to, nan: NARROW[e.stored].nan, done: false };
        widen.push(w);
        regions[regions.length - 1]!.widen = w;
        typedOf.set(e, to);
        return;
      }
      const byteLength = e.length * Ctor.BYTES_PER_ELEMENT;
      const dest = place(e.offset, byteLength, () => alloc(byteLength));
      typedOf.set(e, new Ctor(dest.buffer as ArrayBuffer, 0, e.length));
    };
    const lazyOver = this.options.lazyStringsOver ?? Infinity;
    for (const e of Object.values(manifest.typed ?? {})) typed(e);
    for (const e of Object.values(manifest.strings ?? {})) {
      typed(e.offsets);
      // a lazy column's text in the shared kind of memory, another's in a plain buffer of its own
      const lazy = e.offsets.length - 1 > lazyOver;
      textOf.set(e, place(e.offset, e.bytes, () => (lazy ? alloc(e.bytes) : new ArrayBuffer(e.bytes))));
    }
    for (const ind of manifest.indicators ?? []) {
      typed(ind.values);
      typed(ind.types);
    }
    regions.sort((a, b) => a.start - b.start);
    return { total, checksum, manifest, regions, typedOf, textOf, widen };
  }

  /** Copies the part of each column that lies in `piece` (which starts at byte `at` of the stream). */
  private fill(piece: Uint8Array, at: number): void {
    const regions = this.plan!.regions;
    const end = at + piece.byteLength;
    // regions wholly before this piece are complete: start the next search after them
    while (this.next < regions.length && regions[this.next]!.start + regions[this.next]!.length <= at) this.next++;
    for (let k = this.next; k < regions.length; k++) {
      const r = regions[k]!;
      if (r.start >= end) break;
      const from = Math.max(r.start, at);
      const to = Math.min(r.start + r.length, end);
      if (to > from) {
        r.dest.set(piece.subarray(from - at, to - at), from - r.start);
        r.got += to - from;
        if (r.widen && r.got === r.length) widen(r.widen);
      }
    }
  }

  /** The population from the filled buffers, every column's lengths checked. */
  private assemble(plan: Plan): Population {
    const { manifest, typedOf, textOf } = plan;
    // (each was widened when its last byte arrived; an empty one never got a byte)
    for (const w of plan.widen) widen(w);
    const n = manifest.n;
    const out: Record<string, unknown> = { n };
    const lazy: Record<string, StringColumnBytes> = {};
    const lazyOver = this.options.lazyStringsOver ?? Infinity;
    for (const [name, e] of Object.entries(manifest.typed)) out[name] = typedOf.get(e);
    for (const [name, e] of Object.entries(manifest.strings)) {
      const offsets = typedOf.get(e.offsets) as Uint32Array;
      if (!(offsets instanceof Uint32Array) || offsets.length < 1) throw new PopulationColumnsError(`string column ${name} has no offsets`);
      const text = textOf.get(e)!;
      if (offsets.length - 1 > lazyOver) {
        // the text's length in UTF-16 code units is checked when it is split (the checksum already held)
        const last = offsets[offsets.length - 1]!;
        if (offsets[0] !== 0 || (e.encoding === 'utf16' ? last * 2 !== e.bytes : last > e.bytes)) throw new PopulationColumnsError(`string column ${name} does not match its offsets`);
        const col: StringColumnBytes = { encoding: e.encoding, text, offsets };
        lazy[name] = col;
        defineLazyStrings(out, name, col);
      } else {
        out[name] = stringColumn({ encoding: e.encoding, text, offsets }, name);
      }
    }
    const indicators = new Map<string, IndicatorColumn>();
    for (const ind of manifest.indicators) {
      indicators.set(ind.key, { key: ind.key, values: typedOf.get(ind.values) as Float64Array, types: typedOf.get(ind.types) as Uint8Array, dict: ind.dict });
    }
    out.indicators = indicators;
    for (const name of ['uscc', 'name', 'status', 'score', 'recOffsets', 'listOffsets']) {
      const length = lazy[name] ? lazy[name].offsets.length - 1 : (out[name] as { length: number } | undefined)?.length;
      if (length === undefined) throw new PopulationColumnsError(`column ${name} is missing`);
      if (length !== (name.endsWith('Offsets') ? n + 1 : n)) throw new PopulationColumnsError(`column ${name} has ${length} values for ${n} enterprises`);
    }
    return out as unknown as Population;
  }
}

/**
 * The population of {@link encodePopulationColumns}' bytes, given whole or in consecutive pieces
 * (read where they lie, not joined first): {@link PopulationColumnsDecoder} fed every piece. Each
 * typed column is copied once, from the pieces to its own buffer.
 *
 * @example
 * const same = decodePopulationColumns([encodePopulationColumns(population)]);
 */
export function decodePopulationColumns(pieces: readonly Uint8Array[], options: DecodeOptions = {}): Population {
  const d = new PopulationColumnsDecoder(options);
  for (const p of pieces) d.push(p);
  return d.finish();
}
