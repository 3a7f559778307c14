/**
 * `pnpm bench [--count N] [--jre-count N] [--runs N] [--json]`
 *
 * Generates a synthetic population (default 1,000,000 enterprises) and measures side by side:
 *  - baseline: the two seed gradings hand-written as a plain JS loop over the record objects;
 *  - seedGradings: compile + evaluate of the two seed grading documents;
 *  - defaultBundle: compile + evaluate of the whole default bundle (policies/ in force at `at`);
 *  - compare: compile of two bundles + compare (both evaluations, matrices, moves, workload);
 *  - jsonRulesEngine: json-rules-engine doing the two seed gradings (default 100,000 enterprises).
 * Each case: median of 5 runs after one warm-up; ratioToBaseline = per-enterprise time ÷ baseline's;
 * rssMb = peak resident set size of the process so far (process.resourceUsage().maxRSS).
 * The engine's caches (compiled documents, results shared between equal documents) are cleared
 * before every run of these cases, so each run compiles and evaluates from scratch.
 * Compiled kernels (generated code, kept per source for the life of the process like V8's own
 * code) stay warm across runs, as they do in a server; the readable output also prints the seed
 * gradings with the kernels forgotten before every run (a grading structure never seen before).
 * Printed only (not in --json): the fresh-candidate preview, as the server runs it on each edit —
 * compile + evaluate + aggregate + compare of a newly edited candidate against the published bundle
 * (evaluated once) on 100,000 enterprises, 10 different candidates in a row.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from 'json-rules-engine';
import type { EnterpriseRecord, PolicyBundle, PolicyDocument } from '@policy/schemas';
import { inForceAt, validateDocument } from '@policy/schemas';
import { readPolicyFiles } from '@policy/schemas/node';
import { PopulationBuilder, aggregate, buildPopulation, clearCompiledKernels, clearEvaluationCaches, compare, compareResults, compileOrThrow, generateEnterprises, generatePopulation } from '../src/index.ts';
import { defaultBundle as fixtureBundle } from '../test/default-bundle.ts';
import { SERIOUS_KINDS, oneYearBefore, referenceGradings } from '../test/reference.ts';

const argv = process.argv.slice(2);
const flag = (name: string, dflt: number) => {
  const k = argv.indexOf(`--${name}`);
  return k >= 0 && argv[k + 1] ? Number(argv[k + 1]) : dflt;
};
const json = argv.includes('--json');
const count = flag('count', 1_000_000);
const jreCount = Math.min(count, flag('jre-count', 100_000));
const runs = flag('runs', 5);
const AT = '2026-10-31';
const log = (s: string) => {
  if (!json) process.stdout.write(`${s}\n`);
  else process.stderr.write(`${s}\n`);
};
const gc = (globalThis as { gc?: () => void }).gc;
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

function loadDefaultBundle(): { bundle: PolicyBundle; source: string } {
  const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../policies');
  if (existsSync(dir)) {
    const docs: PolicyDocument[] = [];
    for (const f of readPolicyFiles([dir])) {
      const r = validateDocument(JSON.parse(f.text));
      if (r.success) docs.push(r.data);
    }
    const inForce = inForceAt(docs, AT);
    if (inForce.some((d) => d.id === 'public-credit-class')) return { bundle: { documents: inForce }, source: 'policies/' };
  }
  return { bundle: fixtureBundle, source: 'test/default-bundle.ts' };
}

/** A candidate: more than 3 (not 5) general records make C; A is sampled at 5%. */
function candidateOf(bundle: PolicyBundle): PolicyBundle {
  const documents = structuredClone(bundle.documents).map((d) => {
    if (d.id === 'public-credit-class' && d.kind === 'grading' && d.content.decision.type === 'rules') {
      for (const r of d.content.decision.rules) {
        const w = r.when as { measure?: string; op?: string; value?: unknown };
        if (w.measure === 'general-records' && w.op === '>' && w.value === 5) w.value = 3;
      }
    }
    if (d.kind === 'sampling') for (const row of d.content.rows) if (row.grade === 'A') row.ratioPercent = 5;
    return d;
  });
  return { documents };
}

/**
 * A full collection before each timed run (so no run pays for the previous one's garbage), then a
 * pause while V8's concurrent sweeper threads finish that collection: on 2 cores they otherwise
 * compete with the timed run (measured: 3× slower evaluate right after gc() at 1M enterprises).
 */
async function collect(): Promise<void> {
  if (!gc) return;
  gc();
  await new Promise((r) => setTimeout(r, Math.max(50, Math.min(500, count / 2000))));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function measure(
  name: string,
  fn: () => unknown | Promise<unknown>,
  n: number,
  nRuns = runs,
  before: () => void = clearEvaluationCaches,
): Promise<{ n: number; ms: number; cpuMs: number; runsMs: number[] }> {
  before();
  await collect();
  await fn(); // warm-up
  const times: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < nRuns; r++) {
    before();
    await collect();
    const c = process.cpuUsage();
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
    const u = process.cpuUsage(c);
    cpu.push((u.user + u.system) / 1000);
  }
  const ms = median(times);
  log(`  ${name}: median ${ms.toFixed(1)} ms (CPU ${median(cpu).toFixed(1)} ms) over ${nRuns} runs [${times.map((x) => x.toFixed(0)).join(', ')}]`);
  return { n, ms, cpuMs: median(cpu), runsMs: times };
}

/** The published bundle with the bound between 优 and 良 of public-credit-score set to `v` (an edit). */
function scoreBoundEdit(bundle: PolicyBundle, v: number): PolicyBundle {
  const documents = structuredClone(bundle.documents).map((d) => {
    if (d.id === 'public-credit-score' && d.kind === 'grading' && d.content.decision.type === 'bands') {
      for (const b of d.content.decision.bands) {
        if (b.min?.value === 85) b.min.value = v;
        if (b.max?.value === 85) b.max.value = v;
      }
    }
    return d;
  });
  return { documents };
}

async function main() {
  const { bundle, source } = loadDefaultBundle();
  const seedBundle: PolicyBundle = { documents: bundle.documents.filter((d) => d.id === 'public-credit-class' || d.id === 'public-credit-score') };
  const candidate = candidateOf(bundle);
  log(`bench: ${count.toLocaleString()} enterprises, default bundle from ${source} (${bundle.documents.map((d) => d.id).join(', ')}), at ${AT}`);

  let t = performance.now();
  const records: EnterpriseRecord[] = new Array(count);
  let k = 0;
  for (const r of generateEnterprises({ count, seed: 20261031, at: AT })) records[k++] = r;
  const generateMs = performance.now() - t;
  t = performance.now();
  const pop = (() => {
    const b = new PopulationBuilder(count);
    for (const r of records) b.add(r);
    return b.finish();
  })();
  const buildMs = performance.now() - t;
  log(`  generate: ${generateMs.toFixed(0)} ms; build columnar population: ${buildMs.toFixed(0)} ms (${pop.recKind.length.toLocaleString()} records, ${pop.listId.length.toLocaleString()} list entries)`);

  const cls = new Uint8Array(count);
  const band = new Uint8Array(count);
  const baseline = await measure('baseline (hand-written loop)', () => referenceGradings(records, AT, cls, band), count);
  const rssBaseline = rssMb();
  const seed = await measure('seed gradings (compile + evaluate)', () => compileOrThrow(seedBundle).evaluate(pop, AT), count);
  const rssSeed = rssMb();
  // printed only: the same with the compiled kernels forgotten before every run, i.e. a grading
  // structure V8 has never seen (a new kind of rule), starting in the interpreter
  const seedCold = await measure('seed gradings, cold kernels (compile + evaluate)', () => compileOrThrow(seedBundle).evaluate(pop, AT), count, runs, () => {
    clearEvaluationCaches();
    clearCompiledKernels();
  });
  const full = await measure('default bundle (compile + evaluate)', () => compileOrThrow(bundle).evaluate(pop, AT), count);
  const rssFull = rssMb();
  const cmp = await measure('compare (compile both + compare)', () => compare(compileOrThrow(bundle), compileOrThrow(candidate), pop, AT), count);
  const rssCmp = rssMb();

  // fresh-candidate preview on 100,000 enterprises: the published bundle evaluated once, then each
  // run a newly edited candidate (a different bound each time) compiled, evaluated, aggregated, compared
  clearEvaluationCaches();
  const previewN = Math.min(count, 100_000);
  const small = buildPopulation(generatePopulation({ count: previewN, seed: 7, at: AT }));
  const published = compileOrThrow(bundle).evaluate(small, AT);
  aggregate(published, small);
  let edit = 0;
  const bounds = [84, 83, 86, 87, 82, 88, 81, 89, 80, 84.5, 85.5, 79];
  const preview = await measure(
    `fresh-candidate preview (${previewN.toLocaleString()} enterprises, a new candidate each run)`,
    () => {
      const r = compileOrThrow(scoreBoundEdit(bundle, bounds[edit++ % bounds.length]!)).evaluate(small, AT);
      aggregate(r, small);
      return compareResults(published, r, small, { limit: 50 });
    },
    previewN,
    10,
    () => {},
  );

  // json-rules-engine: the same two gradings, facts computed from the record objects.
  const engine = new Engine([], { allowUndefinedFacts: true });
  const lo = oneYearBefore(AT);
  const counting = (e: EnterpriseRecord) =>
    (e.records ?? []).filter(
      (r) => r.date <= AT && r.date > lo && !(r.repairedAt != null && r.repairedAt <= AT) && !(r.objection && r.objection.filed <= AT && (r.objection.resolved == null || r.objection.resolved > AT)),
    );
  const onList = (e: EnterpriseRecord, list: string) => (e.lists ?? []).some((l) => l.list === list && l.from <= AT && (l.until == null || l.until > AT));
  engine.addFact('generalRecords', (_p, almanac) => almanac.factValue<EnterpriseRecord>('enterprise').then((e) => counting(e).filter((r) => !SERIOUS_KINDS.has(r.kind)).length));
  engine.addFact('seriousRecords', (_p, almanac) => almanac.factValue<EnterpriseRecord>('enterprise').then((e) => counting(e).filter((r) => SERIOUS_KINDS.has(r.kind)).length));
  engine.addFact('seriousList', (_p, almanac) => almanac.factValue<EnterpriseRecord>('enterprise').then((e) => onList(e, 'serious-dishonesty')));
  engine.addFact('jointList', (_p, almanac) => almanac.factValue<EnterpriseRecord>('enterprise').then((e) => onList(e, 'joint-punishment')));
  engine.addFact('revoked', (_p, almanac) => almanac.factValue<EnterpriseRecord>('enterprise').then((e) => e.status === 'licence-revoked'));
  engine.addFact('score', (_p, almanac) => almanac.factValue<EnterpriseRecord>('enterprise').then((e) => e.publicCreditScore ?? -1));
  const rule = (doc: string, grade: string, priority: number, conditions: object) =>
    engine.addRule({ conditions: conditions as never, event: { type: doc, params: { grade } }, priority });
  rule('class', 'D', 40, { all: [{ fact: 'revoked', operator: 'equal', value: true }] });
  rule('class', 'C', 30, { any: [{ fact: 'seriousList', operator: 'equal', value: true }, { fact: 'seriousRecords', operator: 'greaterThan', value: 0 }, { fact: 'generalRecords', operator: 'greaterThan', value: 5 }] });
  rule('class', 'B', 20, { all: [{ fact: 'generalRecords', operator: 'greaterThanInclusive', value: 1 }] });
  rule('class', 'A', 10, { all: [{ fact: 'generalRecords', operator: 'equal', value: 0 }] });
  rule('score', 'poor', 50, { all: [{ fact: 'jointList', operator: 'equal', value: true }] });
  rule('score', 'unrated', 45, { all: [{ fact: 'score', operator: 'lessThan', value: 0 }] });
  rule('score', 'excellent', 40, { all: [{ fact: 'score', operator: 'greaterThan', value: 85 }] });
  rule('score', 'good', 30, { all: [{ fact: 'score', operator: 'greaterThan', value: 70 }, { fact: 'score', operator: 'lessThanInclusive', value: 85 }] });
  rule('score', 'fair', 20, { all: [{ fact: 'score', operator: 'greaterThan', value: 50 }, { fact: 'score', operator: 'lessThanInclusive', value: 70 }] });
  rule('score', 'poor', 10, { all: [{ fact: 'score', operator: 'greaterThanInclusive', value: 0 }, { fact: 'score', operator: 'lessThanInclusive', value: 50 }] });
  const jreClass: string[] = new Array(jreCount);
  const runJre = async () => {
    for (let i = 0; i < jreCount; i++) {
      const { events } = await engine.run({ enterprise: records[i] });
      // highest priority first: json-rules-engine runs rules by priority, events in that order
      jreClass[i] = events.find((e) => e.type === 'class')?.params?.grade as string;
    }
  };
  const jre = await measure(`json-rules-engine (${jreCount.toLocaleString()} enterprises)`, runJre, jreCount, flag('jre-runs', runs));
  const rssJre = rssMb();
  let agree = 0;
  for (let i = 0; i < jreCount; i++) if (jreClass[i] === ['A', 'B', 'C', 'D'][cls[i]!]) agree++;
  log(`  json-rules-engine agrees with the baseline on ${agree.toLocaleString()} / ${jreCount.toLocaleString()} classes`);

  const per = (c: { n: number; ms: number }) => c.ms / c.n;
  const row = (c: { n: number; ms: number }, rss: number) => ({ n: c.n, ms: Math.round(c.ms * 100) / 100, ratioToBaseline: Math.round((per(c) / per(baseline)) * 100) / 100, rssMb: rss });
  const out = {
    baseline: row(baseline, rssBaseline),
    seedGradings: row(seed, rssSeed),
    defaultBundle: row(full, rssFull),
    compare: row(cmp, rssCmp),
    jsonRulesEngine: row(jre, rssJre),
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  const perM = (c: { n: number; ms: number }) => ((c.ms / c.n) * 1e6).toFixed(1);
  const lines = [
    ['case', 'n', 'median ms', 'ms per million', '× baseline', 'peak RSS MB'],
    ...Object.entries(out).map(([name, c]) => [name, c.n.toLocaleString(), c.ms.toFixed(1), perM(c), c.ratioToBaseline.toFixed(2), String(c.rssMb)]),
  ];
  const w = lines[0]!.map((_, c) => Math.max(...lines.map((l) => l[c]!.length)));
  log('');
  for (const l of lines) log(l.map((cell, c) => (c === 0 ? cell.padEnd(w[c]!) : cell.padStart(w[c]!))).join('  '));
  log('');
  log(`targets: seedGradings ≤ 2× baseline; defaultBundle ≤ 250 ms per million; compare ≤ 500 ms per million; peak RSS ≤ 1024 MB`);
  log(`population build (separate): ${buildMs.toFixed(0)} ms; json-rules-engine vs seed gradings per enterprise: ${(per(jre) / per(seed)).toFixed(0)}× slower`);
  log(`CPU ms (all threads) per million: baseline ${perM({ n: baseline.n, ms: baseline.cpuMs })}, seedGradings ${perM({ n: seed.n, ms: seed.cpuMs })}, defaultBundle ${perM({ n: full.n, ms: full.cpuMs })}, compare ${perM({ n: cmp.n, ms: cmp.cpuMs })}`);
  log(`seed gradings with cold kernels (a structure never compiled before): ${perM(seedCold)} ms per million`);
  log(`fresh-candidate preview: median ${preview.ms.toFixed(1)} ms (CPU ${preview.cpuMs.toFixed(1)} ms) per edit on ${previewN.toLocaleString()} enterprises`);
}

await main();
