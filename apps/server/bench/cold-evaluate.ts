/**
 * The first preview's evaluation at scale, in one thread as the evaluation worker runs it (issue 16,
 * cold start): a population decoded from its stored column bytes (generated once and kept in a file),
 * then the worker's `evaluate` of the published set and of a candidate (sampling B at 11%), each step
 * timed (evaluate, aggregate, triggers, early warnings). Run with `node --cpu-prof` to see where it goes.
 *
 * Usage: node --import tsx apps/server/bench/cold-evaluate.ts [--count 1000000] [--cache <file, e.g. under os.tmpdir()>] [--repeat 1]
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toActor } from '@policy/db';
import { aggregate, clearEvaluationCaches, compile, decodePopulationColumns, earlyWarnings, generateEnterprises, populationColumnsCollector, supervisionTriggers } from '@policy/evaluation';
import type { Population } from '@policy/evaluation';
import type { PolicyDocument } from '@policy/schemas';
import { candidateSet, publishedSet } from '../src/router/evaluation.ts';
import { createFixture } from '../src/test-fixture.ts';

const argOf = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const COUNT = Number(argOf('--count') ?? 1_000_000);
const CACHE = argOf('--cache') ?? join(tmpdir(), `policy-cold-evaluate-${COUNT}.bin`);
const REPEAT = Number(argOf('--repeat') ?? 1);
const AT = '2026-10-31';

if (!existsSync(CACHE)) {
  const t = performance.now();
  const c = populationColumnsCollector(COUNT + 1);
  for (const r of generateEnterprises({ count: COUNT, seed: 42 })) c.add(JSON.parse(JSON.stringify(r)));
  writeFileSync(CACHE, c.finish());
  console.log(`generated ${COUNT} enterprises' columns in ${(performance.now() - t).toFixed(0)} ms -> ${CACHE}`);
}

const dir = mkdtempSync(join(tmpdir(), 'policy-cold-eval-'));
const f = await createFixture(join(dir, 'f.sqlite'));
const office = f.users['credit-office']!;
const base = await publishedSet(f.handle.db, AT);
const sampling = base.members.find((m) => m.documentId === 'sampling')!.document;
const doc = structuredClone(sampling) as unknown as { content: { rows: { grade: string; ratioPercent: number }[] } };
doc.content.rows.find((r) => r.grade === 'B')!.ratioPercent = 11;
const cand = await candidateSet(f.handle.db, toActor(office), base, { versionIds: [], documents: [doc] });
await f.deps.services.close();
await f.handle.destroy();
rmSync(dir, { recursive: true, force: true });

if (argOf('--budget')) clearEvaluationCaches({ budgetBytes: Number(argOf('--budget')) * 2 ** 20 });
const bytes = new Uint8Array(readFileSync(CACHE));
const t0 = performance.now();
const big: Population = decodePopulationColumns([bytes], { alloc: (n) => new SharedArrayBuffer(n), lazyStringsOver: 4096 });
console.log(`decoded ${big.n} in ${(performance.now() - t0).toFixed(0)} ms`);

function evaluateOp(documents: PolicyDocument[], pop: Population = big) {
  const s: Record<string, number> = {};
  let t = performance.now();
  let c0 = process.cpuUsage();
  const lap = (name: string) => {
    const now = performance.now();
    const c = process.cpuUsage(c0);
    s[name] = Math.round(now - t);
    s[`${name}Cpu`] = Math.round((c.user + c.system) / 1000);
    t = now;
    c0 = process.cpuUsage();
  };
  const r = compile({ documents });
  if (!r.success) throw new Error('compile');
  const ev = r.evaluator;
  lap('compile');
  const result = ev.evaluate(pop, AT);
  lap('evaluate');
  const agg = aggregate(result, pop);
  lap('aggregate');
  const triggers = supervisionTriggers(ev, pop, result)?.departments ?? null;
  lap('triggers');
  const w = earlyWarnings(ev, pop, result);
  lap('warnings');
  const { toJSON: _a, isOutside: _b, ...plain } = result;
  structuredClone({ result: plain, aggregate: agg, triggers, warnings: w ? { enterprises: w.enterprises, rules: w.rules, departments: w.departments } : null });
  lap('clone');
  return s;
}

// --warm N: the kernels and loops first run over a small generated population, N rounds (JIT warm-up)
const WARM = Number(argOf('--warm') ?? 0);
if (WARM > 0) {
  const { buildPopulation, generatePopulation } = await import('@policy/evaluation');
  const t = performance.now();
  const c = process.cpuUsage();
  const small = buildPopulation(generatePopulation({ count: Number(argOf('--warm-size') ?? 2000), seed: 'warm', at: AT }));
  for (let k = 0; k < WARM; k++) {
    const copy = { ...small };
    evaluateOp(base.members.map((m) => m.document), copy);
    evaluateOp(cand.members.map((m) => m.document), copy);
  }
  const u = process.cpuUsage(c);
  console.log(`warm-up ${WARM} rounds: ${(performance.now() - t).toFixed(0)} ms, CPU ${((u.user + u.system) / 1000).toFixed(0)} ms`);
}

for (let k = 0; k < REPEAT; k++) {
  // --flush: later rounds start without cached results (the kernels stay compiled: JIT warm)
  if (k > 0 && process.argv.includes('--flush')) clearEvaluationCaches();
  const a = performance.now();
  const sb = evaluateOp(base.members.map((m) => m.document));
  const b = performance.now();
  const sc = evaluateOp(cand.members.map((m) => m.document));
  const c = performance.now();
  console.log(`#${k + 1} base ${(b - a).toFixed(0)} ms ${JSON.stringify(sb)}; candidate ${(c - b).toFixed(0)} ms ${JSON.stringify(sc)}`);
}
