/// <reference lib="webworker" />
/** Web Worker of the live preview: evaluates drafts over the sample off the main thread. */
import { createPreviewEngine } from './preview-core.ts';
import type { PreviewEngine } from './preview-core.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

let engine: PreviewEngine | null = null;
const post = (m: FromWorker) => (self as unknown as { postMessage(m: FromWorker): void }).postMessage(m);

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  try {
    if (msg.type === 'init') {
      const t0 = performance.now();
      engine = createPreviewEngine(msg.records, msg.published, msg.at);
      post({ type: 'ready', n: engine.n, ms: performance.now() - t0 });
    } else if (msg.type === 'evaluate') {
      if (!engine) throw new Error('preview worker not initialised');
      post({ type: 'result', seq: msg.seq, outcome: engine.evaluate(msg.draft) });
    }
  } catch (e) {
    post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
};
