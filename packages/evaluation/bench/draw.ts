/**
 * `pnpm --filter @policy/evaluation bench:draw [--count N] [--json]` (part of `pnpm bench`): the time of
 * one department's 双随机 round draw over N enterprises (default 1,000,000; target ≤ 1 s) — the
 * draw population from the evaluation result, the draw per (grade, ratio, frequency) group and the
 * pairing with 60 inspectors (qualifications, 回避, a previous round, a cap). The evaluation itself is
 * measured apart. Median of 5 runs after one warm-up.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PolicyDocument } from '@policy/schemas';
import { inForceAt, validateDocument } from '@policy/schemas';
import { readPolicyFiles } from '@policy/schemas/node';
import type { DirectoryInspector } from '../src/index.ts';
import { PopulationBuilder, compileOrThrow, departmentItems, drawRound, evaluationDrawPopulation, generateEnterprises } from '../src/index.ts';

const argv = process.argv.slice(2);
const k = argv.indexOf('--count');
const count = k >= 0 && argv[k + 1] ? Number(argv[k + 1]) : 1_000_000;
const json = argv.includes('--json');
const AT = '2026-10-31';
const DEPARTMENT = 'market-regulation';
const log = (s: string) => (json ? process.stderr : process.stdout).write(`${s}\n`);

const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../policies');
const docs: PolicyDocument[] = [];
for (const f of readPolicyFiles([dir])) {
  const r = validateDocument(JSON.parse(f.text));
  if (r.success) docs.push(r.data);
}
const documents = inForceAt(docs, AT);

const b = new PopulationBuilder(count);
for (const r of generateEnterprises({ count, seed: 20261031, at: AT })) b.add(r);
const pop = b.finish();
let t = performance.now();
const ev = compileOrThrow({ documents }).evaluate(pop, AT);
const evaluateMs = performance.now() - t;

const items = departmentItems(documents, DEPARTMENT);
const inspectors: DirectoryInspector[] = Array.from({ length: 60 }, (_, i) => ({
  id: `SC${String(i).padStart(4, '0')}`,
  name: `检查员${i}`,
  // a third qualified for food only, the rest for everything; a few declared conflicts
  items: i % 3 === 0 ? ['food'] : [],
  conflicts: [pop.uscc[i * 997]!, pop.uscc[i * 7919]!],
}));

function once(seed: string, previous?: Map<string, readonly string[]>) {
  const population = evaluationDrawPopulation(ev, pop, DEPARTMENT, items.itemsOf);
  return drawRound({ department: DEPARTMENT, population, seed, inspectors, cap: null, previous, roundIndex: 1 });
}

const first = once('warm-up');
const previous = new Map(first.inspections.map((x) => [x.uscc, x.inspectors]));
const times: number[] = [];
let last = first;
for (let run = 0; run < 5; run++) {
  t = performance.now();
  last = once(`bench-${run}`, previous);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const drawMs = times[2]!;
const loads = Object.values(last.load);
const out = {
  count,
  department: DEPARTMENT,
  evaluateMs: Math.round(evaluateMs),
  drawMs: Math.round(drawMs),
  targetMs: 1000,
  inspections: last.inspections.length,
  inspectors: inspectors.length,
  loadSpread: Math.max(...loads) - Math.min(...loads),
  repeatedFromPrevious: last.repeatedFromPrevious,
};
log(
  `draw bench: ${count.toLocaleString()} enterprises, ${DEPARTMENT}: evaluate ${out.evaluateMs} ms (apart); draw + pairing ${out.drawMs} ms (median of 5, target ≤ 1000 ms) — ${out.inspections.toLocaleString()} inspections over ${out.inspectors} inspectors, load spread ${out.loadSpread}, ${out.repeatedFromPrevious} repeated from the previous round`,
);
if (json) process.stdout.write(`${JSON.stringify(out)}\n`);
