#!/usr/bin/env node
/**
 * `pnpm pack:library [DIR]`: builds @policy/schemas, @policy/evaluation and @policy/cli to plain ESM
 * with type declarations and packs each into a tarball in DIR (default `dist-packages/`), ready for an
 * intranet registry or `npm install ./policy-*.tgz` in a project outside this monorepo (README
 * "评价程序库 / The evaluation library").
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const out = resolve(process.cwd(), process.argv[2] ?? join(root, 'dist-packages'));
const PACKAGES = ['packages/schemas', 'packages/evaluation', 'apps/cli'];

mkdirSync(out, { recursive: true });
for (const f of readdirSync(out)) if (/^policy-(schemas|evaluation|cli)-.*\.tgz$/.test(f)) rmSync(join(out, f));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
for (const pkg of PACKAGES) {
  const dir = join(root, pkg);
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'inherit' });
  execFileSync('pnpm', ['pack', '--pack-destination', out], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
}
for (const f of readdirSync(out).filter((f) => f.endsWith('.tgz')).sort()) process.stdout.write(`${join(out, f)}\n`);
