import type { EnterpriseRecord } from '@policy/schemas';
import type { PreviewOutcome } from './preview-core.ts';

/** Main thread → worker. */
export type ToWorker =
  | { type: 'init'; records: EnterpriseRecord[]; published: unknown[]; at: string }
  | { type: 'evaluate'; seq: number; draft: unknown };

/** Worker → main thread. */
export type FromWorker =
  | { type: 'ready'; n: number; ms: number }
  | { type: 'result'; seq: number; outcome: PreviewOutcome }
  | { type: 'failed'; message: string };
