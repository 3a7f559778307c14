/**
 * Compiled kernels by source, kept for the life of the process (they hold no data; least recently
 * used dropped beyond 256). A kernel function keeps V8's type feedback and optimised code, so every
 * later bundle whose gradings have the same structure — the same documents, or documents whose
 * numbers were edited — runs optimised code from its first enterprise instead of starting in the
 * interpreter. (V8's own cache of `new Function` sources does not do this: a new closure
 * re-optimises from the interpreter.)
 */
import { LRUCache } from 'lru-cache';

const kernels = new LRUCache<string, object>({ max: 256 });

/** The compiled function of a generated kernel source (`"use strict"; return function …`). */
export function kernelFor<F>(source: string): F {
  let k = kernels.get(source);
  if (k === undefined) {
    k = new Function(source)() as object;
    kernels.set(source, k);
  }
  return k as F;
}

/** Forgets the compiled kernels (the next evaluation of each grading structure starts cold). */
export function clearCompiledKernels(): void {
  kernels.clear();
}

/**
 * Kernels run over chunks of enterprises: a call that starts while V8 is still optimising the
 * kernel in the background switches to the optimised code on the next chunk (a single call over a
 * million enterprises would stay on its on-stack-replaced code, and a fresh kernel's first run
 * would stay longer in the interpreter).
 */
export const CHUNK = 1 << 16;
