/**
 * Where a warm preview's time goes, in process (no HTTP): each step of `evaluation.preview` timed on
 * its own, then the whole procedure through `createCaller`, superjson serialisation of its answer,
 * and the same preview through a real HTTP client. One dataset (default 100,000 enterprises).
 *
 * Usage: pnpm --filter @policy/server bench:profile [-- --size 100000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import { changePassword, importDataset, listUsers, SYSTEM_ACTOR, toActor } from '@policy/db';
import { compareResults } from '@policy/evaluation';
import { validateBundle, validateDocument } from '@policy/schemas';
import { createApp } from '../src/app.ts';
import { contextFor } from '../src/context.ts';
import { generatedJsonl } from '../src/imports.ts';
import { silentLogger } from '../src/logger.ts';
import { candidateSet, publishedSet } from '../src/router/evaluation.ts';
import type { AppRouter } from '../src/router/index.ts';
import { createCaller } from '../src/test-fixture.ts';
import { serialize } from '../src/transformer.ts';

const arg = process.argv.indexOf('--size');
const N = arg > 0 ? Number(process.argv[arg + 1]) : 100_000;
const AT = '2026-10-31';
const ROUNDS = 5;

const dir = mkdtempSync(join(tmpdir(), 'policy-profile-'));
const app = await createApp({ databaseUrl: join(dir, 'p.sqlite'), port: 0, logger: silentLogger, sampleDatasetSize: 0 });
try {
  const initial = app.seedResult.users.find((u) => u.username === 'credit-office')!.password;
  const u0 = (await listUsers(app.handle.db)).find((u) => u.username === 'credit-office')!;
  await changePassword(app.handle.db, toActor(u0), { oldPassword: initial, newPassword: `${initial}-x` });
  const user = (await listUsers(app.handle.db)).find((u) => u.username === 'credit-office')!;
  const r = await importDataset(app.handle.db, SYSTEM_ACTOR, { name: `profile ${N}`, format: 'jsonl', input: generatedJsonl(N, 42) });
  if (!r.success) throw new Error('import failed');
  const datasetId = r.dataset.id;
  const deps = app.deps;
  const caller = createCaller(contextFor(deps, user));

  const sampling = (await caller.documents.inForce({ at: AT })).find((v) => v.documentId === 'sampling')!;
  const candidate = (ratio: number) => {
    const doc = structuredClone(sampling.content) as { content: { rows: { grade: string; ratioPercent: number }[] } };
    doc.content.rows.find((x) => x.grade === 'B')!.ratioPercent = ratio;
    return { versionIds: [], documents: [doc] };
  };
  const t = performance.now();
  await caller.evaluation.preview({ datasetId, at: AT, candidate: candidate(11) });
  console.log(`first preview (load ${N.toLocaleString('en')} + evaluate both sides): ${(performance.now() - t).toFixed(0)} ms`);

  // wall and CPU time of this process per step: the machine is shared, CPU time is the steadier figure
  const steps = new Map<string, number[]>();
  const cpu = new Map<string, number[]>();
  const record = (name: string, wall: number, c: NodeJS.CpuUsage) => {
    (steps.get(name) ?? steps.set(name, []).get(name)!).push(wall);
    (cpu.get(name) ?? cpu.set(name, []).get(name)!).push((c.user + c.system) / 1000);
  };
  const time = <T>(name: string, fn: () => T): T => {
    const s = performance.now();
    const c = process.cpuUsage();
    const v = fn();
    record(name, performance.now() - s, process.cpuUsage(c));
    return v;
  };
  const timeAsync = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const s = performance.now();
    const c = process.cpuUsage();
    const v = await fn();
    record(name, performance.now() - s, process.cpuUsage(c));
    return v;
  };
  const pop = await deps.services.population(datasetId);
  for (let k = 0; k < ROUNDS; k++) {
    const cand = candidate(12 + k);
    const base = await timeAsync('publishedSet (db + parse)', () => publishedSet(deps.db, AT));
    time('validateDocument (candidate)', () => validateDocument(cand.documents[0]));
    const cs = await timeAsync('candidateSet', () => candidateSet(deps.db, toActor(user), base, cand));
    const evBase = time('compile published (cached)', () => deps.services.evaluator(base));
    const evCand = time('compile candidate', () => deps.services.evaluator(cs));
    if (!evBase.success || !evCand.success) throw new Error('compile');
    const rb = await timeAsync('evaluate+aggregate published (cached)', () => deps.services.evaluate(base, evBase.evaluator, datasetId, AT));
    const rc0 = time('evaluate candidate', () => evCand.evaluator.evaluate(pop, AT));
    const { aggregate } = await import('@policy/evaluation');
    time('aggregate candidate', () => aggregate(rc0, pop));
    const cmp = time('compareResults', () => compareResults(rb.result, rc0, pop, { offset: 0, limit: 50 }));
    time('validateBundle (warnings)', () => validateBundle(cs.members.map((m) => m.document)));
    const { base: _b, candidate: _c, ...comparison } = cmp;
    time('superjson.serialize(comparison)', () => superjson.serialize(comparison));
    await timeAsync('golden cases (evaluation.golden procedure)', () => caller.evaluation.golden({ at: AT, candidate: cand }));
  }
  let bytes = 0;
  for (let k = 0; k < ROUNDS; k++) {
    const p = await timeAsync('preview procedure (createCaller, new candidate)', () =>
      caller.evaluation.preview({ datasetId, at: AT, candidate: candidate(6 + k) }),
    );
    const s = time('superjson.serialize(preview answer)', () => superjson.serialize(p));
    time('server transformer serialize (preview answer)', () => serialize(p));
    bytes = time('JSON.stringify(serialised answer)', () => JSON.stringify(s)).length;
    await timeAsync('preview procedure (createCaller, same candidate)', () => caller.evaluation.preview({ datasetId, at: AT, candidate: candidate(6 + k) }));
  }

  const base = await app.server.start();
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
  await client.auth.login.mutate({ username: 'credit-office', password: `${initial}-x` });
  for (let k = 0; k < ROUNDS; k++) {
    await timeAsync('preview over HTTP (new candidate)', () => client.evaluation.preview.query({ datasetId, at: AT, candidate: candidate(16 + k) }));
    await timeAsync('preview over HTTP (same candidate)', () => client.evaluation.preview.query({ datasetId, at: AT, candidate: candidate(16 + k) }));
    await timeAsync('auth.me over HTTP', () => client.auth.me.query());
  }

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`\nwarm preview at ${N.toLocaleString('en')} enterprises, median of ${ROUNDS} (ms); answer ${(bytes / 1024).toFixed(0)} kB of JSON`);
  console.log(`${'step'.padEnd(52)} ${'wall'.padStart(8)} ${'cpu'.padStart(8)}   wall each`);
  for (const [name, xs] of steps) {
    console.log(`${name.padEnd(52)} ${median(xs).toFixed(1).padStart(8)} ${median(cpu.get(name)!).toFixed(1).padStart(8)}   [${xs.map((x) => x.toFixed(0)).join(', ')}]`);
  }
} finally {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
