/**
 * Early warnings (issue 13 finding 5): the time and heap of `earlyWarnings` over a generated population
 * with the seed rules, after the evaluation it reads (its leaf gradings are graded on the first call and
 * cached). `node --expose-gc --import tsx bench/warnings.ts [count]` (default 300 000).
 */
import { policyBundleAt } from '@policy/schemas/node';
import { buildPopulation, compileOrThrow, earlyWarnings, generatePopulation } from '../src/index.ts';

const AT = '2026-10-31';
const count = Number(process.argv[2] ?? 300_000);
const ev = compileOrThrow(policyBundleAt(AT));
const pop = buildPopulation(generatePopulation({ count, seed: 13 }));
const res = ev.evaluate(pop, AT);
const gc = (globalThis as { gc?: () => void }).gc;
for (let k = 0; k < 5; k++) {
  gc?.();
  const h0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const w = earlyWarnings(ev, pop, res)!;
  const ms = performance.now() - t0;
  const mb = (process.memoryUsage().heapUsed - h0) / 1e6;
  console.log(`run ${k + 1}: ${ms.toFixed(1)} ms, heap +${mb.toFixed(1)} MB, warned ${w.enterprises} of ${pop.n} (${w.rules.map((r) => `${r.ruleId} ${r.count}`).join(', ')})`);
}
