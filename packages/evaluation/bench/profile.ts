/**
 * `node --expose-gc --import tsx bench/profile.ts [--count N]`: where the time of evaluate / compare
 * goes (compile, each grading, domains, models, sampling, aggregate, compare) and the fresh-candidate
 * preview (compile + evaluate + aggregate + compare of a newly edited candidate, 10 in a row).
 * Wall and CPU milliseconds; the machine is shared, so compare stages within one run.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PolicyBundle, PolicyDocument } from '@policy/schemas';
import { inForceAt, validateDocument } from '@policy/schemas';
import { readPolicyFiles } from '@policy/schemas/node';
import { aggregate, buildPopulation, clearEvaluationCaches, compare, compareResults, compileOrThrow, generatePopulation } from '../src/index.ts';

const argv = process.argv.slice(2);
const flag = (name: string, dflt: number) => {
  const k = argv.indexOf(`--${name}`);
  return k >= 0 && argv[k + 1] ? Number(argv[k + 1]) : dflt;
};
const count = flag('count', 300_000);
const AT = '2026-10-31';
const gc = (globalThis as { gc?: () => void }).gc;

const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../policies');
const docs: PolicyDocument[] = [];
for (const f of readPolicyFiles([dir])) {
  const r = validateDocument(JSON.parse(f.text));
  if (r.success) docs.push(r.data);
}
const bundle: PolicyBundle = { documents: inForceAt(docs, AT) };

function edit(b: PolicyBundle, f: (d: PolicyDocument) => void): PolicyBundle {
  return { documents: b.documents.map((d) => (f(d), d)) };
}
/** The bench's candidate: more than 3 (not 5) general records make C; A sampled at 5%. */
function candidateOf(b: PolicyBundle): PolicyBundle {
  return edit(structuredClone(b), (d) => {
    if (d.id === 'public-credit-class' && d.kind === 'grading' && d.content.decision.type === 'rules') {
      for (const r of d.content.decision.rules) {
        const w = r.when as { measure?: string; op?: string; value?: unknown };
        if (w.measure === 'general-records' && w.op === '>' && w.value === 5) w.value = 3;
      }
    }
    if (d.kind === 'sampling') for (const row of d.content.rows) if (row.grade === 'A') row.ratioPercent = 5;
  });
}
/** A keystroke: the bound between 优 and 良 of public-credit-score set to `v`. */
function scoreEdit(b: PolicyBundle, v: number): PolicyBundle {
  return edit(structuredClone(b), (d) => {
    if (d.id === 'public-credit-score' && d.kind === 'grading' && d.content.decision.type === 'bands') {
      for (const band of d.content.decision.bands) {
        if (band.min?.value === 85) band.min.value = v;
        if (band.max?.value === 85) band.max.value = v;
      }
    }
  });
}

/** Median wall and CPU time; `cold` clears the evaluation caches before each run (outside the timing). */
function time<T>(label: string, fn: () => T, runs = 5, cold = true): T {
  let out!: T;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    if (cold) clearEvaluationCaches();
    gc?.();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    out = fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`${label.padEnd(52)} wall ${med(wall).toFixed(1).padStart(8)} ms   cpu ${med(cpu).toFixed(1).padStart(8)} ms   [${wall.map((x) => x.toFixed(0)).join(', ')}]`);
  return out;
}

const t0 = performance.now();
const pop = buildPopulation(generatePopulation({ count, seed: 20261031, at: AT }));
console.log(`population ${count.toLocaleString()} built in ${(performance.now() - t0).toFixed(0)} ms; load ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);

time('compile default bundle', () => compileOrThrow(bundle));
time('compile + evaluate default bundle', () => compileOrThrow(bundle).evaluate(pop, AT));
time('compile + evaluate + aggregate default bundle', () => aggregate(compileOrThrow(bundle).evaluate(pop, AT), pop));
time('compare (compile both + compare)', () => compare(compileOrThrow(bundle), compileOrThrow(candidateOf(bundle)), pop, AT));
time('compare + aggregate both (compile both)', () => {
  const c = compare(compileOrThrow(bundle), compileOrThrow(candidateOf(bundle)), pop, AT);
  aggregate(c.base, pop);
  return aggregate(c.candidate, pop);
});
clearEvaluationCaches();
const ev = compileOrThrow(bundle);

// fresh-candidate preview: a new candidate per keystroke (10 different bound values), in-process
const small = buildPopulation(generatePopulation({ count: 100_000, seed: 7, at: AT }));
const baseSmall = ev.evaluate(small, AT);
const values = [84, 83, 86, 87, 82, 88, 81, 89, 80, 84.5];
aggregate(baseSmall, small);
let v = 0;
time('preview 100k: fresh candidate (×1, 10 different runs)', () => {
  const c = compileOrThrow(scoreEdit(bundle, values[v++ % values.length]!));
  const r = c.evaluate(small, AT);
  aggregate(r, small);
  return compareResults(baseSmall, r, small, { limit: 50 });
}, 10, false);
const warm = compileOrThrow(scoreEdit(bundle, 84));
time('preview 100k: same compiled candidate again', () => {
  const r = warm.evaluate(small, AT);
  aggregate(r, small);
  return compareResults(baseSmall, r, small, { limit: 50 });
}, 10, false);
