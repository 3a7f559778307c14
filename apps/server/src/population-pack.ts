/**
 * How a population and a sample cross between the main thread and the evaluation worker. The
 * typed arrays of a population are copied once, in the worker, into SharedArrayBuffers: the
 * worker evaluates over them and the main thread compares and explains over the same memory, with
 * nothing copied on the main thread. The long string columns (USCC, names, record ids) travel as a
 * few large strings that the main thread splits a piece at a time, yielding in between.
 */
import type { DatasetChunk } from '@policy/db';
import { defineLazyStrings, lazyStringColumns, stringColumnSplitter } from '@policy/evaluation';
import type { Population, Rng, StringColumnBytes } from '@policy/evaluation';
import type { EnterpriseRecord } from '@policy/schemas';

type Typed = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

/** A string column in pieces of {@link PIECE} strings joined by NUL (or as is, when a string holds a NUL). */
export type PackedStrings = { pieces: string[] } | { array: string[] };

/** A population as posted by the worker: shared typed arrays, packed long string columns. */
export interface PackedPopulation {
  fields: Record<string, unknown>;
  strings: Record<string, PackedStrings>;
  /**
   * Long string columns still as their stored bytes (shared memory, from stored columns): split
   * into strings at their first read, `uscc` and `name` in the background meanwhile.
   */
  lazy?: Record<string, StringColumnBytes>;
}

const PIECE = 20_000;
const SEP = '\u0000';
/** String columns longer than this are packed (or, from stored columns, left as bytes until read). */
const LONG = 2_000;
export const LAZY_STRINGS_OVER = LONG;

const isTyped = (v: unknown): v is Typed => ArrayBuffer.isView(v) && !(v instanceof DataView);

function shared<T extends Typed>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const sab = new SharedArrayBuffer(a.byteLength);
  const b = new (a.constructor as new (buf: SharedArrayBuffer) => T)(sab);
  b.set(a as never);
  return b;
}

function packStrings(a: string[]): PackedStrings {
  const pieces: string[] = [];
  for (let i = 0; i < a.length; i += PIECE) {
    const part = a.slice(i, i + PIECE);
    const joined = part.join(SEP);
    // a NUL inside a string (never in valid data, but possible) would split it: send as is
    if (joined.length - part.reduce((n, s) => n + s.length, 0) !== Math.max(0, part.length - 1)) return { array: a };
    pieces.push(joined);
  }
  return { pieces };
}

/**
 * In the worker: the population with its typed arrays moved into shared memory (the returned
 * population, to be kept by the worker, uses them too) and its message for the main thread.
 */
export function sharePopulation(pop: Population): { population: Population; packed: PackedPopulation } {
  const fields: Record<string, unknown> = {};
  const strings: Record<string, PackedStrings> = {};
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(pop)) {
    if (isTyped(v)) {
      kept[k] = fields[k] = shared(v);
    } else if (k === 'indicators') {
      const m = new Map<string, unknown>();
      for (const [key, col] of v as Population['indicators']) m.set(key, { ...col, values: shared(col.values), types: shared(col.types) });
      kept[k] = fields[k] = m;
    } else if (Array.isArray(v) && v.length > LONG) {
      kept[k] = v;
      strings[k] = packStrings(v as string[]);
    } else {
      kept[k] = fields[k] = v;
    }
  }
  return { population: kept as unknown as Population, packed: { fields, strings } };
}

/**
 * In the worker: the message for the main thread of a population decoded from stored columns
 * (`decodePopulationColumns` into shared memory, long string columns left as their bytes): the
 * typed arrays and the bytes are shared, nothing is copied or split here. The population itself is
 * kept by the worker as it is.
 */
export function shareColumnsPopulation(pop: Population): PackedPopulation {
  const lazy = lazyStringColumns(pop);
  const fields: Record<string, unknown> = {};
  const strings: Record<string, PackedStrings> = {};
  // the descriptors, not the values: reading a lazy column would split it here
  for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(pop))) {
    if (k in lazy) continue;
    const v: unknown = 'value' in d ? d.value : (pop as unknown as Record<string, unknown>)[k];
    if (isTyped(v)) fields[k] = shared(v);
    else if (k === 'indicators') {
      const m = new Map<string, unknown>();
      for (const [key, col] of v as Population['indicators']) m.set(key, { ...col, values: shared(col.values), types: shared(col.types) });
      fields[k] = m;
    } else if (Array.isArray(v) && v.length > LONG) strings[k] = packStrings(v as string[]);
    else fields[k] = v;
  }
  return { fields, strings, lazy };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The string columns split in the background after a load (what a preview's comparison reads). */
const SPLIT_AHEAD = ['uscc', 'name'];

/** How long the split ahead waits, while `waitWhile` holds, before looking again. */
const SPLIT_WAIT_MS = 50;
/**
 * How long `waitWhile` must have stopped holding before a piece is split: the workers fall idle for
 * moments between a preview's calls, and the first piece decodes a whole column's text (≈ 80 ms for a
 * million names) — not while the preview compares on this thread.
 */
const SPLIT_SETTLE_MS = 250;

export interface UnpackOptions {
  /**
   * The split ahead of `uscc` and `name` waits while this holds (e.g. while the evaluation worker
   * evaluates the population just loaded: on two cores it would take CPU from it, and a preview reads
   * its page of moved enterprises a string at a time without it).
   */
  waitWhile?: () => boolean;
}

/** Defines the lazy string columns of `p` on `out`; `uscc` and `name` split a piece per turn of the event loop meanwhile. */
function lazyColumns(out: Record<string, unknown>, lazy: Record<string, StringColumnBytes>, options: UnpackOptions): void {
  const wait = () => new Promise<void>((resolve) => setTimeout(resolve, SPLIT_WAIT_MS).unref());
  /** Until `waitWhile` has not held for {@link SPLIT_SETTLE_MS}. */
  const settled = async () => {
    for (let quiet = 0; quiet < SPLIT_SETTLE_MS; quiet = options.waitWhile!() ? 0 : quiet + SPLIT_WAIT_MS) await wait();
  };
  for (const [k, col] of Object.entries(lazy)) {
    const splitter = stringColumnSplitter(col, k);
    defineLazyStrings(out, k, col, () => splitter.all());
    if (!SPLIT_AHEAD.includes(k)) continue;
    void (async () => {
      // (with waitWhile: not before the calls that use the population just loaded are over)
      await (options.waitWhile ? settled() : tick());
      for (;;) {
        if (options.waitWhile?.() && Object.getOwnPropertyDescriptor(out, k)?.get) await settled();
        if (!Object.getOwnPropertyDescriptor(out, k)?.get || !splitter.next(PIECE)) break;
        await tick();
      }
    })().catch(() => undefined); // a column that cannot be split fails at its first read
  }
}

/** On the main thread: the population of a worker's message, string columns split a piece per turn of the event loop. */
export async function unpackPopulation(p: PackedPopulation, options: UnpackOptions = {}): Promise<Population> {
  const out: Record<string, unknown> = { ...p.fields };
  if (p.lazy) lazyColumns(out, p.lazy, options);
  for (const [k, s] of Object.entries(p.strings)) {
    if ('array' in s) {
      out[k] = s.array;
      continue;
    }
    const a: string[] = [];
    for (const piece of s.pieces) {
      for (const v of piece.split(SEP)) a.push(v);
      await tick();
    }
    out[k] = a;
  }
  return out as unknown as Population;
}

/** In a worker: the population of another worker's message at once (a part to merge: no event loop to keep free). */
export function unpackPopulationNow(p: PackedPopulation): Population {
  const out: Record<string, unknown> = { ...p.fields };
  for (const [k, col] of Object.entries(p.lazy ?? {})) defineLazyStrings(out, k, col);
  for (const [k, s] of Object.entries(p.strings)) out[k] = 'array' in s ? s.array : s.pieces.flatMap((piece) => piece.split(SEP));
  return out as unknown as Population;
}

/** How many chunks a sample is drawn from, per chunk's worth of sampled records. */
export const SAMPLE_SPREAD = 4;

/**
 * The chunks a sample of `want` records is drawn from: one chosen at random from each of
 * `ceil(want / chunkRows) × 4` equal stretches of the dataset, or all of them when those would hold
 * too few records. Advances `rng` (the worker replays it to continue with the same sequence).
 */
export function pickChunks(all: readonly DatasetChunk[], want: number, chunkRows: number, rng: Rng): DatasetChunk[] {
  const strata = Math.min(all.length, Math.ceil(want / chunkRows) * SAMPLE_SPREAD);
  let picked: DatasetChunk[] = [];
  for (let k = 0; k < strata; k++) {
    const from = Math.floor((k * all.length) / strata);
    const to = Math.floor(((k + 1) * all.length) / strata);
    picked.push(all[from + rng.int(to - from)]!);
  }
  // chunks of other sizes (a short last chunk) could leave too few records: then take them all
  if (picked.reduce((n, c) => n + c.rowCount, 0) < want) picked = [...all];
  return picked;
}

/** `want` of the pooled records by a seeded partial shuffle of their positions, back in import order. */
export function drawFromPool(pool: readonly EnterpriseRecord[], want: number, rng: Rng): EnterpriseRecord[] {
  const idx = Array.from({ length: pool.length }, (_, i) => i);
  for (let k = 0; k < want; k++) {
    const j = k + rng.int(pool.length - k);
    [idx[k], idx[j]] = [idx[j]!, idx[k]!];
  }
  return idx
    .slice(0, want)
    .sort((a, b) => a - b)
    .map((i) => pool[i]!);
}
