#!/usr/bin/env node
// `pnpm bench [--json] [--count N]`: the evaluation, import, preview and event-loop benchmarks, one after another
// (never in parallel: they would measure each other). With --json, one JSON object: the evaluation cases
// (baseline, seedGradings, defaultBundle, compare, jsonRulesEngine) at the top, plus `import` and `preview`.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const json = args.includes('--json');
const passCount = (() => {
  const i = args.indexOf('--count');
  return i >= 0 ? ['--count', args[i + 1]] : [];
})();

const benches = [
  { key: null, filter: '@policy/evaluation', args: [...passCount] },
  { key: 'import', filter: '@policy/db', args: [...passCount] },
  { key: 'preview', filter: '@policy/server', args: passCount.length ? ['--sizes', passCount[1]] : [] },
  // a cheap call's latency while a cold 300k preview and a 1M generation run (target p99 ≤ 100 ms)
  { key: 'eventLoop', filter: '@policy/server', script: 'bench:event-loop', args: [] },
  // an official run over 1,000,000 enterprises stored on SQLite, and one department's XLSX export
  { key: 'runs', filter: '@policy/server', script: 'bench:runs', args: passCount.length ? ['--count', passCount[1]] : [] },
  // the first preview of 1,000,000 enterprises by a server process just started, reading the stored columns vs the JSON chunks, SQLite and PostgreSQL (target ≤ 1 s)
  { key: 'coldPreview', filter: '@policy/server', script: 'bench:cold', args: passCount.length ? ['--count', passCount[1]] : [] },
  // one department's 双随机 round draw (draw + pairing) over 1,000,000 enterprises (target ≤ 1 s)
  { key: 'draw', filter: '@policy/evaluation', script: 'bench:draw', args: [...passCount] },
];

const merged = {};
for (const b of benches) {
  const cmd = ['--filter', b.filter, 'run', b.script ?? 'bench', ...b.args, ...(json ? ['--json'] : [])];
  const r = spawnSync('pnpm', cmd, { stdio: json ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    process.stderr.write(`基准测试失败 benchmark failed: ${b.filter} (exit ${r.status})\n`);
    process.exit(r.status ?? 1);
  }
  if (json) {
    const text = r.stdout.trim();
    const start = text.indexOf('{');
    const value = JSON.parse(text.slice(start));
    if (b.key) merged[b.key] = value;
    else Object.assign(merged, value);
  }
}
if (json) process.stdout.write(JSON.stringify(merged, null, 2) + '\n');
