/**
 * Where an official run's time went (router/runs.ts publishes one message per completed run on this
 * `node:diagnostics_channel`; nothing is kept when no one subscribes). Used by bench/runs.ts.
 */
import { channel } from 'node:diagnostics_channel';

export interface RunTimings {
  runId: number;
  /** Until the dataset's population was in the evaluation worker (0 when it was kept from before). */
  populationMs: number;
  /** In the worker: compile and evaluate (every document, the register on the day). */
  evaluateMs: number;
  /** In the worker: encoding the result lines of every chunk. */
  encodeMs: number;
  /** In the worker: the run hash over every chunk's bytes. */
  hashMs: number;
  /** In the worker: waiting for the main thread to take chunks. */
  waitMs: number;
  /** In the worker: the aggregates kept with the run. */
  aggregateMs: number;
  /** Main thread: writing the chunks and the progress (SQLite transactions). */
  storeMs: number;
  /** Main thread: completing the run (count check, aggregates, audit). */
  completeMs: number;
}

/** Subscribe with `runTimings.subscribe((m) => …)`; messages are {@link RunTimings}. */
export const runTimings = channel('policy:run.timings');
