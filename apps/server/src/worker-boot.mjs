// Entry of the server's worker threads: registers tsx (the server runs TypeScript sources, under
// `tsx` in production and vitest in tests; Node 20 does not hand `--import tsx` on to workers
// reliably), then loads the worker module named by the parent.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
