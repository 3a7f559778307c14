/**
 * Cold start (issue 16, "one machine, faster cold start"): the first preview over HTTP of a
 * 1,000,000-enterprise dataset by a server process just started (caches empty), on SQLite (a temp
 * file) and PostgreSQL (a scratch database, created and dropped here). The dataset is generated and
 * imported through the server (`datasets.generate`, which stores its population columns with it);
 * then the server is stopped and started again and the first preview timed — reading the columns —
 * and, side by side, once more with the columns deleted (the JSON chunks parsed, as before). Target:
 * ≤ 1 s with columns on both dialects. Prints the figures, where the load's time went (the server's
 * log: columns read from the database, decoded in the worker, unpacked), and the ratio.
 *
 * With `--reuse DIR`, the database and the imported dataset are kept between runs (SQLite: a file in
 * DIR; PostgreSQL: a database of its own, created once) and the import is skipped when they exist;
 * `--rounds K` starts the server K times and reports each first preview and their median;
 * `--skip-json` leaves out the load from the JSON chunks; `--pg-database NAME` names the kept PostgreSQL
 * database (default `policy_bench_cold_keep_<count>`: give your own when others run the bench too).
 *
 * Usage: pnpm --filter @policy/server bench:cold [-- --count 1000000] [--dialects sqlite,postgres] [--json] [--reuse DIR] [--pg-database NAME] [--rounds K] [--skip-json]
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb } from '@policy/db/client';
import { createScratchDatabase, TEST_PG_URL } from '@policy/db/test-support';
import type { Dialect } from '@policy/db';
import { sql } from 'kysely';
import { httpClient, signIn } from '../src/test-client.ts';
import type { Client } from '../src/test-client.ts';

const argOf = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const COUNT = Number(argOf('--count') ?? 1_000_000);
const DIALECTS = (argOf('--dialects') ?? 'sqlite,postgres').split(',') as Dialect[];
const TARGET_MS = 1000;
const AT = '2026-10-31';
const SERVER_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const asJson = process.argv.includes('--json');
const REUSE = argOf('--reuse');
const ROUNDS = Number(argOf('--rounds') ?? 1);
const SKIP_JSON = process.argv.includes('--skip-json');
const say = (line: string) => (asJson ? process.stderr.write(line + '\n') : console.log(line));
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
/**
 * CPU time (ms) of a process so far, all its threads, and of its main thread (Linux /proc; NaN
 * elsewhere): steadier than wall time on a shared machine.
 */
function cpuOf(pid: number | undefined): { all: number; main: number; threads: Map<string, number> } {
  const ms = (path: string) => {
    try {
      const text = readFileSync(path, 'utf8');
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
    } catch {
      return NaN;
    }
  };
  const threads = new Map<string, number>();
  if (pid === undefined) return { all: NaN, main: NaN, threads };
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) threads.set(t, ms(`/proc/${pid}/task/${t}/stat`));
  } catch {
    // not Linux: no per-thread figures
  }
  return { all: ms(`/proc/${pid}/stat`), main: ms(`/proc/${pid}/task/${pid}/stat`), threads };
}

/**
 * CPU time (ms) so far of each PostgreSQL backend on this machine connected to database `name` (by
 * its process title, Linux /proc): the server's side of a read. Empty where not visible.
 */
function backendCpu(name: string | null): Map<number, number> {
  const out = new Map<number, number>();
  if (name === null) return out;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!title.startsWith('postgres: ') || !title.includes(` ${name} `)) continue;
      const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      out.set(Number(pid), ((Number(f[11]) + Number(f[12])) * 1000) / 100);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The CPU time (ms) of each thread during a call, the busiest first (the main thread, the two workers, then V8's helpers). */
function threadCpu(c0: ReturnType<typeof cpuOf>, c1: ReturnType<typeof cpuOf>): number[] {
  return [...c1.threads]
    .map(([t, v]) => Math.round(v - (c0.threads.get(t) ?? 0)))
    .filter((v) => v > 0)
    .sort((a, b) => b - a);
}

interface Child {
  child: ChildProcessWithoutNullStreams;
  base: string;
  passwords: Map<string, string>;
  /** The server's JSON log lines so far. */
  log: { msg: string; [k: string]: unknown }[];
}

/** The server as `pnpm start` runs it (`tsx src/index.ts`), on `databaseUrl`, logging at info. */
async function startServer(databaseUrl: string, nodeArgs: string[] = []): Promise<Child> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/index.ts'], {
    cwd: SERVER_DIR,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      SAMPLE_DATASET_SIZE: '0',
      LOG_LEVEL: 'info',
      POLICY_SQL_ENGINE_MIN_ENTERPRISES: String(COUNT * 10),
    },
  });
  let out = '';
  let err = '';
  const log: Child['log'] = [];
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      const text = d.toString();
      out += text;
      for (const line of text.split('\n')) {
        if (line.startsWith('{')) {
          try {
            log.push(JSON.parse(line) as Child['log'][number]);
          } catch {
            // a line split across reads: the figures come from whole lines
          }
        }
      }
      const m = /serving at: (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!.replace(/\/$/, ''));
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
  const passwords = new Map<string, string>();
  for (const m of out.matchAll(/^\s{2}(\S+)\s+(\S+)\s+(credit-office|viewer|department-editor|reviewer)/gm))
    passwords.set(m[1]!, m[2]!);
  return { child, base, passwords, log };
}

async function stopServer(c: Child): Promise<void> {
  if (c.child.exitCode !== null || c.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => c.child.once('exit', () => resolve()));
  c.child.kill('SIGTERM');
  const timer = setTimeout(() => c.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** A candidate sampling document with B's ratio at `k` percent. */
async function samplingCandidate(client: Client, k: number) {
  const inForce = await client.documents.inForce.query({ at: AT });
  const sampling = inForce.find((v) => v.documentId === 'sampling')!;
  const doc = structuredClone(sampling.content) as {
    content: { rows: { grade: string; ratioPercent: number }[] };
  };
  doc.content.rows.find((r) => r.grade === 'B')!.ratioPercent = k;
  return { documents: [doc] };
}

interface Cold {
  firstPreviewMs: number;
  serverLoadMs: number;
  /** both sides evaluated (after the load) */
  evaluateMs: number;
  /** the rest of the call: compiling the sets, comparing, golden cases, HTTP */
  otherMs: number;
  /** CPU time of the server process during the call (all threads), and of its main thread */
  cpuMs: number;
  mainCpuMs: number;
  /** CPU time of each thread that ran during the call, the busiest first */
  threadCpuMs: number[];
  /** CPU time of the PostgreSQL backends of the database during the call (NaN: SQLite, or not visible) */
  pgCpuMs: number;
  columns: { read: number; decode: number; unpack: number; bytes: number } | null;
  loadavg: string;
}

/** A fresh server process; the first preview of the dataset timed over HTTP (sign-in and the candidate's documents read before). */
async function coldPreview(url: string, password: string, datasetId: number): Promise<Cold> {
  // COLD_NODE_ARGS: more options for the server under test (e.g. `--cpu-prof --cpu-prof-dir=prof` (relative to apps/server))
  const server = await startServer(url, (process.env.COLD_NODE_ARGS ?? '').split(' ').filter(Boolean));
  try {
    const client = httpClient(server.base);
    await signIn(client, 'credit-office', password);
    const candidate = await samplingCandidate(client, 11);
    const load = loadavg();
    const pgName = url.startsWith('postgres') ? new URL(url).pathname.slice(1) : null;
    const b0 = backendCpu(pgName);
    const c0 = cpuOf(server.child.pid);
    const t = performance.now();
    const p = await client.evaluation.preview.query({ datasetId, at: AT, candidate });
    const firstPreviewMs = performance.now() - t;
    const c1 = cpuOf(server.child.pid);
    const b1 = backendCpu(pgName);
    if (p.n !== COUNT) throw new Error(`preview over ${p.n} enterprises, expected ${COUNT}`);
    const read = server.log.find((l) => l.msg === 'population columns read') as
      { ms?: { read: number; decode: number; unpack: number }; bytes?: number } | undefined;
    const loaded = server.log.find((l) => l.msg === 'population loaded') as { ms?: number } | undefined;
    // the preview's evaluate step holds the load and both sides' evaluations
    const serverLoadMs = loaded?.ms ?? NaN;
    return {
      firstPreviewMs: Math.round(firstPreviewMs),
      serverLoadMs,
      evaluateMs: p.timings.evaluateMs - serverLoadMs,
      otherMs: Math.round(firstPreviewMs - p.timings.evaluateMs),
      cpuMs: Math.round(c1.all - c0.all),
      mainCpuMs: Math.round(c1.main - c0.main),
      threadCpuMs: threadCpu(c0, c1),
      pgCpuMs: b1.size === 0 ? NaN : Math.round([...b1].reduce((n, [pid, v]) => n + v - (b0.get(pid) ?? 0), 0)),
      columns: read?.ms ? { ...read.ms, bytes: read.bytes ?? 0 } : null,
      loadavg: load,
    };
  } finally {
    await stopServer(server);
  }
}

/** The kept database of `--reuse` (created when missing) and what the last import left there (null: import again). */
async function keptDatabase(
  dialect: Dialect,
): Promise<{
  url: string;
  state: string;
  kept: { password: string; datasetId: number } | null;
  drop: () => Promise<void>;
}> {
  mkdirSync(REUSE!, { recursive: true });
  const state = join(REUSE!, `cold-${COUNT}-${dialect}.json`);
  let url: string;
  if (dialect === 'sqlite') url = join(REUSE!, `cold-${COUNT}.sqlite`);
  else {
    const name = argOf('--pg-database') ?? `policy_bench_cold_keep_${COUNT}`;
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`--pg-database ${name}: lower-case letters, digits and _ only`);
    const admin = createDb(TEST_PG_URL);
    try {
      const has = await sql`select 1 from pg_database where datname = ${name}`.execute(admin.db);
      if (has.rows.length === 0) await sql.raw(`create database ${name}`).execute(admin.db);
    } finally {
      await admin.destroy();
    }
    const u = new URL(TEST_PG_URL);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  const kept = existsSync(state)
    ? (JSON.parse(readFileSync(state, 'utf8')) as { password: string; datasetId: number })
    : null;
  return { url, state, kept, drop: async () => undefined };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const results: Record<
  string,
  { importMs: number; columnsBytes: number; withColumns: Cold; json: Cold; ratio: number }
> = {};
let failed = false;
for (const dialect of DIALECTS) {
  const reuse = REUSE ? await keptDatabase(dialect) : null;
  const scratch = reuse ?? (await createScratchDatabase(dialect, 'policy_bench_cold'));
  try {
    let password: string;
    let datasetId: number;
    let importMs: number;
    // 1. the dataset generated and imported through the server (columns stored with it), unless kept (--reuse)
    if (reuse?.kept) {
      ({ password, datasetId } = reuse.kept);
      importMs = NaN;
    } else {
      const first = await startServer(scratch.url);
      try {
        const client = httpClient(first.base);
        password = await signIn(client, 'credit-office', first.passwords.get('credit-office')!);
        const t0 = performance.now();
        const { jobId } = await client.datasets.generate.mutate({
          name: `cold ${COUNT}`,
          count: COUNT,
          seed: 42,
        });
        let job = await client.datasets.importStatus.query({ jobId });
        while (job.phase === 'receiving' || job.phase === 'importing') {
          await new Promise((r) => setTimeout(r, 500));
          job = await client.datasets.importStatus.query({ jobId });
        }
        if (job.phase !== 'done') throw new Error(`import failed: ${job.message}`);
        importMs = performance.now() - t0;
        datasetId = job.datasetId!;
        if (reuse) writeFileSync(reuse.state, JSON.stringify({ password, datasetId }));
      } finally {
        await stopServer(first);
      }
    }
    const h = createDb(scratch.url);
    let columnsBytes: number;
    let withColumns: Cold;
    let json: Cold;
    try {
      const stored = await sql<{
        n: number | string;
      }>`select coalesce(sum(length(bytes)), 0) as n from dataset_columns where dataset_id = ${datasetId}`.execute(
        h.db,
      );
      columnsBytes = Number(stored.rows[0]!.n);
      if (columnsBytes === 0) throw new Error('the import stored no population columns');
      // 2. cold start, first preview reading the columns (the median of --rounds starts)
      const rounds: Cold[] = [];
      for (let k = 0; k < ROUNDS; k++) {
        const c = await coldPreview(scratch.url, password, datasetId);
        if (!c.columns) throw new Error('the cold load did not read the stored columns');
        if (ROUNDS > 1)
          say(
            `  round ${k + 1}: first preview ${c.firstPreviewMs} ms (server load ${c.serverLoadMs} ms, evaluate ${c.evaluateMs} ms, rest ${c.otherMs} ms; server CPU ${c.cpuMs} ms, main thread ${c.mainCpuMs} ms, by thread ${c.threadCpuMs.join('/')}; PostgreSQL CPU ${c.pgCpuMs} ms) load avg ${c.loadavg}`,
          );
        rounds.push(c);
      }
      const mid = median(rounds.map((c) => c.firstPreviewMs));
      withColumns = rounds.find((c) => c.firstPreviewMs === mid)!;
      if (SKIP_JSON) json = withColumns;
      else {
        // 3. the same with the columns deleted: the JSON chunks parsed (the load stores them again afterwards)
        await sql`delete from dataset_columns where dataset_id = ${datasetId}`.execute(h.db);
        json = await coldPreview(scratch.url, password, datasetId);
        if (json.columns) throw new Error('the JSON load read columns');
      }
    } finally {
      await h.destroy();
    }
    const ratio = json.firstPreviewMs / withColumns.firstPreviewMs;
    const ok = withColumns.firstPreviewMs <= TARGET_MS;
    if (!ok) failed = true;
    results[dialect] = {
      importMs: Math.round(importMs),
      columnsBytes,
      withColumns,
      json,
      ratio: Number(ratio.toFixed(2)),
    };
    const c = withColumns.columns!;
    say(
      `${dialect.padEnd(8)} ${COUNT.toLocaleString('en')} enterprises | import ${Number.isNaN(importMs) ? 'kept from an earlier run (--reuse)' : `${(importMs / 1000).toFixed(1)} s`}, columns ${(columnsBytes / 2 ** 20).toFixed(0)} MB\n` +
        `  cold first preview, columns: ${withColumns.firstPreviewMs} ms (server load ${withColumns.serverLoadMs} ms = db read ${c.read} + worker decode ${c.decode} + unpack ${c.unpack}; evaluate ${withColumns.evaluateMs} ms; rest ${withColumns.otherMs} ms; server CPU ${withColumns.cpuMs} ms, main thread ${withColumns.mainCpuMs} ms; PostgreSQL CPU ${withColumns.pgCpuMs} ms) load avg ${withColumns.loadavg}` +
        ` — target ≤ ${TARGET_MS} ms ${ok ? 'OK' : 'MISSED'}\n` +
        `  cold first preview, JSON:    ${json.firstPreviewMs} ms (server load ${json.serverLoadMs} ms; evaluate ${json.evaluateMs} ms; rest ${json.otherMs} ms) load avg ${json.loadavg}\n` +
        `  JSON / columns: ${ratio.toFixed(2)}×`,
    );
  } finally {
    await scratch.drop();
  }
}
if (asJson) process.stdout.write(JSON.stringify(results) + '\n');
if (failed) process.exitCode = 1;
