/**
 * Result columns allocated beside the population's: in shared memory when its columns are (a
 * population kept by a worker thread of the server), so that posting a result to another thread
 * shares its columns instead of copying them — tens of MB a side at a million enterprises, copied
 * twice (written by the worker, read by the receiver) on the way of every first evaluation. Elsewhere
 * (tests, the browser, the CLI) plain arrays, as before.
 */

type Typed = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;
interface TypedCtor<T extends Typed> {
  new (length: number): T;
  new (buffer: SharedArrayBuffer, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

const isShared = (a: ArrayBufferView): boolean => typeof SharedArrayBuffer !== 'undefined' && a.buffer instanceof SharedArrayBuffer;

/** A zeroed column of `length` values, in shared memory when `pop`'s columns are (a Population; its record offsets tell; typed structurally: population.ts imports this module). */
export function resultColumn<T extends Typed>(pop: { readonly recOffsets: Uint32Array }, Ctor: TypedCtor<T>, length: number): T {
  return isShared(pop.recOffsets) ? new Ctor(new SharedArrayBuffer(length * Ctor.BYTES_PER_ELEMENT), 0, length) : new Ctor(length);
}

/** A copy of `a` in the same kind of memory (`slice` would give a plain array for a shared one). */
export function copyColumn<T extends Typed>(a: T): T {
  if (!isShared(a)) return a.slice() as T;
  const Ctor = a.constructor as TypedCtor<T>;
  const out = new Ctor(new SharedArrayBuffer(a.byteLength), 0, a.length);
  out.set(a as never);
  return out;
}
