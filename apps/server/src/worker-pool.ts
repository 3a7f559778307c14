/**
 * The server's worker threads (node:worker_threads, no pool library): heavy work — population loads,
 * evaluation, samples, generation and import parsing — runs off the event loop so that a cheap
 * request never waits behind it. Work goes to a named {@link WorkerLane}: `evaluation` keeps the
 * populations it built (previews evaluate where the population lives), `jobs` parses imports and
 * generates datasets; two threads on a 2-core machine. A lane starts its thread on first use, holds
 * the process open only while a call is pending, and starts a new thread after a crash (the calls
 * pending on the dead one are rejected).
 */
import { Worker } from 'node:worker_threads';
import type { TransferListItem } from 'node:worker_threads';

const BOOT = new URL('./worker-boot.mjs', import.meta.url);
const ENTRY = new URL('./heavy.worker.ts', import.meta.url).href;

/** Main → worker. */
export type ToWorker = { kind: 'call'; id: number; op: string; payload: unknown } | { kind: 'ack'; id: number };
/** Worker → main. */
export type FromWorker =
  | { kind: 'result'; id: number; value: unknown }
  | { kind: 'error'; id: number; message: string; code?: string }
  | { kind: 'event'; id: number; event: unknown };

/** An error thrown by a worker's operation, with its code (e.g. `no-population`). */
export class WorkerTaskError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'WorkerTaskError';
  }
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  onEvent?: (event: unknown) => void;
  light: boolean;
}

export interface CallOptions {
  /** Buffers moved to the worker without copying (they are unusable here afterwards). */
  transfer?: readonly TransferListItem[];
  /** Events the operation sends while it runs (progress, batches). */
  onEvent?: (event: unknown, ack: () => void) => void;
  /**
   * A short call (milliseconds: keeping a population already decoded, compiling a set) that does not
   * make the lane {@link WorkerLane.busy}: work asked of the lane next waits for it at most that long.
   */
  light?: boolean;
}

export class WorkerLane {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(readonly name: string) {}

  /** True while a call is pending in this lane (its thread may be busy), other than light ones. */
  get busy(): boolean {
    for (const p of this.pending.values()) if (!p.light) return true;
    return false;
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(BOOT, { workerData: { entry: ENTRY }, name: `policy-${this.name}` });
    w.unref();
    w.on('message', (m: FromWorker) => this.receive(m));
    const dead = (e: Error) => {
      if (this.worker !== w) return;
      this.worker = null;
      const calls = [...this.pending.values()];
      this.pending.clear();
      for (const p of calls) p.reject(e);
    };
    w.on('error', dead);
    w.on('exit', (code) => dead(new WorkerTaskError(`工作线程意外退出 / the ${this.name} worker thread exited (${code})`, 'worker-exit')));
    this.worker = w;
    return w;
  }

  private receive(m: FromWorker): void {
    if (m.kind === 'event') {
      this.pending.get(m.id)?.onEvent?.(m.event);
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (m.kind === 'result') p.resolve(m.value);
    else p.reject(new WorkerTaskError(m.message, m.code));
  }

  /**
   * Runs `op` in this lane's thread.
   *
   * @example
   * const pop = await lanes.evaluation.call<PackedPopulation>('pop.finish', { key });
   */
  call<T>(op: string, payload: unknown, options: CallOptions = {}): Promise<T> {
    const w = this.thread();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const onEvent = options.onEvent;
      this.pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
        onEvent: onEvent ? (e) => onEvent(e, () => this.worker === w && w.postMessage({ kind: 'ack', id } satisfies ToWorker)) : undefined,
        light: options.light === true,
      });
      w.ref();
      w.postMessage({ kind: 'call', id, op, payload } satisfies ToWorker, options.transfer as TransferListItem[] | undefined);
    });
  }

  /** Ends the thread (pending calls are rejected); the next call starts a new one. */
  async stop(): Promise<void> {
    const w = this.worker;
    if (!w) return;
    await w.terminate();
  }
}

/** The two lanes of the process (shared by every `Services`: populations are keyed per owner). */
export const lanes = {
  evaluation: new WorkerLane('evaluation'),
  jobs: new WorkerLane('jobs'),
};

/**
 * Starts both threads and waits until they answer (a thread loads its TypeScript modules first,
 * a second or more): at server start and in the tests' set-up, so that no request pays for it.
 */
export async function warmUp(): Promise<void> {
  await Promise.all([lanes.evaluation.call('ping', null), lanes.jobs.call('ping', null)]);
}

/** True for a worker's answer that it no longer holds a population (its thread was restarted). */
export const isLostPopulation = (e: unknown): boolean => e instanceof WorkerTaskError && (e.code === 'no-population' || e.code === 'worker-exit');

/** A copy of `buf`'s bytes in an ArrayBuffer of its own, safe to transfer (a Buffer may be a slice of a shared pool). */
export function ownArrayBuffer(buf: Uint8Array): ArrayBuffer {
  if (buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength && buf.buffer instanceof ArrayBuffer && buf.byteLength > 4096) return buf.buffer;
  const out = new ArrayBuffer(buf.byteLength);
  new Uint8Array(out).set(buf);
  return out;
}
