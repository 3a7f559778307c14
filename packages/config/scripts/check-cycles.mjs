#!/usr/bin/env node
// `pnpm check:cycles`: no import circle inside any package or app (value and type imports, relative paths).
// Part of `pnpm test`; prints each circle as a → b → a and exits 1 when there is one.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const repo = resolve(dirname(new URL(import.meta.url).pathname), '../../..');
const roots = ['apps', 'packages'].flatMap((top) => readdirSync(join(repo, top)).map((name) => join(repo, top, name, 'src'))).filter((d) => existsSync(d));

const files = [];
const walk = (d) => {
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(ts|tsx)$/.test(p)) files.push(p);
  }
};
for (const r of roots) walk(r);
const known = new Set(files);
const graph = new Map();
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  const deps = [...text.matchAll(/(?:import|export)\s[^'";]*?from\s+['"](\.[^'"]+)['"]/g)].map((m) => resolve(dirname(f), m[1]));
  graph.set(f, deps.filter((d) => known.has(d)));
}
const state = new Map();
const stack = [];
const cycles = [];
const visit = (n) => {
  state.set(n, 1);
  stack.push(n);
  for (const m of graph.get(n) ?? []) {
    if (state.get(m) === 1) cycles.push([...stack.slice(stack.indexOf(m)), m].map((x) => relative(repo, x)).join(' → '));
    else if (!state.get(m)) visit(m);
  }
  stack.pop();
  state.set(n, 2);
};
for (const f of files) if (!state.get(f)) visit(f);
if (cycles.length) {
  process.stderr.write(`导入循环 / import circles (${cycles.length}):\n${cycles.join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`无导入循环 / no import circle among ${files.length} files\n`);
