/**
 * Preview latency through a real HTTP client: the server on SQLite with generated datasets of
 * 100,000 and 1,000,000 enterprises. The first call loads and caches the population; then five warm
 * calls, each with a different candidate (so the candidate is compiled and evaluated every time;
 * only the published side's result is reused). Targets: ≤ 300 ms at 100k and ≤ 2 s at 1M (warm median).
 *
 * Usage: pnpm --filter @policy/server bench [-- --sizes 100000,1000000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import { createApp } from '../src/app.ts';
import { silentLogger } from '../src/logger.ts';
import type { AppRouter } from '../src/router/index.ts';

const arg = process.argv.indexOf('--sizes');
const sizes = (arg > 0 ? process.argv[arg + 1]! : '100000,1000000').split(',').map(Number);
const TARGET_MS: Record<number, number> = { 100_000: 300, 1_000_000: 2000 };
const AT = '2026-10-31';

const dir = mkdtempSync(join(tmpdir(), 'policy-bench-'));
const app = await createApp({ databaseUrl: join(dir, 'bench.sqlite'), port: 0, logger: silentLogger, sampleDatasetSize: 0 });
const base = await app.server.start();
const password = app.seedResult.users.find((u) => u.username === 'credit-office')!.password;

let cookie = '';
const client = createTRPCClient<AppRouter>({
  links: [
    httpBatchLink({
      url: `${base}/trpc`,
      transformer: superjson,
      fetch: async (input, init) => {
        const headers = new Headers(init?.headers);
        if (cookie) headers.set('cookie', cookie);
        const res = await fetch(input, { ...init, headers });
        for (const c of res.headers.getSetCookie()) cookie = c.split(';')[0]!;
        return res;
      },
    }),
  ],
});
// the seeded password must be changed at the first log-in (which ends the session): change it, log in again
const login = await client.auth.login.mutate({ username: 'credit-office', password });
if (login.user.mustChangePassword) {
  await client.auth.changePassword.mutate({ oldPassword: password, newPassword: `${password}-bench` });
  await client.auth.login.mutate({ username: 'credit-office', password: `${password}-bench` });
}

const inForce = await client.documents.inForce.query({ at: AT });
const sampling = inForce.find((v) => v.documentId === 'sampling')!;
const score = inForce.find((v) => v.documentId === 'public-credit-score')!;
/** A candidate sampling document with B's ratio at `k` percent (valid within B's 5–20% range). */
function samplingCandidate(k: number) {
  const doc = structuredClone(sampling.content) as { content: { rows: { grade: string; ratioPercent: number }[] } };
  doc.content.rows.find((r) => r.grade === 'B')!.ratioPercent = k;
  return { documents: [doc] };
}
/** A candidate score grading whose 优/良 bound moves to `k` (what a reviewer typically changes): regrades everyone. */
function gradingCandidate(k: number) {
  type B = { id: string; min?: { value: number }; max?: { value: number } };
  const doc = structuredClone(score.content) as { content: { decision: { bands: B[] } } };
  const bands = doc.content.decision.bands;
  bands[0]!.min!.value = 70 + k;
  bands[1]!.max!.value = 70 + k;
  return { documents: [doc] };
}
const CANDIDATES = [
  { name: 'sampling edit', make: samplingCandidate },
  { name: 'grading threshold edit', make: gradingCandidate },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows: string[] = [];
const asJson = process.argv.includes('--json');
/** Per population size: the same figures as the table, for `pnpm bench --json`. */
const results: Record<string, Record<string, number>> = {};
// with --json the table goes to stderr so stdout holds exactly one JSON object
const say = (line: string) => (asJson ? process.stderr.write(line + '\n') : console.log(line));
let failed = false;
try {
  for (const n of sizes) {
    const t0 = performance.now();
    const { jobId } = await client.datasets.generate.mutate({ name: `bench ${n}`, count: n, seed: 42 });
    let job = await client.datasets.importStatus.query({ jobId });
    while (job.phase === 'receiving' || job.phase === 'importing') {
      await new Promise((r) => setTimeout(r, 500));
      job = await client.datasets.importStatus.query({ jobId });
    }
    if (job.phase !== 'done') throw new Error(`import failed: ${job.message}`);
    const importMs = performance.now() - t0;

    let t = performance.now();
    const first = await client.evaluation.preview.query({ datasetId: job.datasetId!, at: AT, candidate: samplingCandidate(11) });
    const firstMs = performance.now() - t;
    const parts: string[] = [];
    const figures: Record<string, number> = { n, importMs: Math.round(importMs), firstPreviewMs: Math.round(firstMs), loadMs: first.timings.loadMs };
    for (const { name, make } of CANDIDATES) {
      const warm: number[] = [];
      const warmCpu: number[] = [];
      for (let k = 0; k < 5; k++) {
        t = performance.now();
        const c0 = process.cpuUsage();
        const p = await client.evaluation.preview.query({ datasetId: job.datasetId!, at: AT, candidate: make(12 + k) });
        warm.push(performance.now() - t);
        const c = process.cpuUsage(c0);
        // server and client share this process: its CPU time is the call's cost without other tenants' load
        warmCpu.push((c.user + c.system) / 1000);
        if (process.env.BENCH_VERBOSE) say(`  ${name} ${k + 1}: ${(performance.now() - t).toFixed(0)} ms ${JSON.stringify(p.timings)}`);
        if (p.n !== n) throw new Error(`preview over ${p.n} enterprises, expected ${n}`);
      }
      const m = median(warm);
      figures[name === 'sampling edit' ? 'warmSamplingEditMs' : 'warmGradingEditMs'] = Math.round(m);
      const target = TARGET_MS[n];
      const ok = target === undefined || m <= target;
      if (!ok) failed = true;
      parts.push(
        `${name}: warm median ${m.toFixed(0)} ms [${warm.map((x) => x.toFixed(0)).join(', ')}] (CPU ${median(warmCpu).toFixed(0)} ms)` +
          (target ? ` target ≤ ${target} ms ${ok ? 'OK' : 'MISSED'}` : ''),
      );
    }
    rows.push(
      `${n.toLocaleString('en').padStart(10)} enterprises | import ${(importMs / 1000).toFixed(1)} s | first preview (load + cache) ${firstMs.toFixed(0)} ms ` +
        `(server: load ${first.timings.loadMs} ms, evaluate ${first.timings.evaluateMs} ms) | ${parts.join(' | ')}`,
    );
    results[String(n)] = figures;
    say(rows[rows.length - 1]!);
    await client.datasets.delete.mutate({ datasetId: job.datasetId! });
    (globalThis as { gc?: () => void }).gc?.();
  }
} finally {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
say('\npreview benchmark (HTTP, SQLite, warm = new candidate each call):\n' + rows.join('\n'));
if (asJson) process.stdout.write(JSON.stringify(results) + '\n');
if (failed) process.exitCode = 1;
