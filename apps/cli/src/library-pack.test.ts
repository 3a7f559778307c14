/**
 * The evaluation package as a library (issue 17): the packed tarballs, installed with npm into a
 * directory outside the monorepo, verify a release bundle exported by the platform and evaluate with
 * it exactly what the platform's stored run holds — through the packed `policy` CLI and through the
 * README's library example (extracted from README.md, so the example in the README is the one that runs).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePopulation } from '@policy/evaluation';
import { createScratchDatabase } from '@policy/db/test-support';
import type { ScratchDatabase } from '@policy/db/test-support';
import type { CommandIo } from './io.ts';
import { run as bundle } from './commands/bundle.ts';
import { run as db } from './commands/db.ts';
import { run as runs } from './commands/runs.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const POLICIES = join(ROOT, 'policies');
const AT = '2026-10-31';
const COUNT = 3000;

function capture(cwd: string): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { cwd, stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

/** The code block after the `library-example` marker in README.md. */
function readmeExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf('<!-- library-example');
  expect(at).toBeGreaterThan(0);
  const match = /```js\n([\s\S]*?)```/.exec(readme.slice(at));
  expect(match).not.toBeNull();
  return match![1]!;
}

describe('the packed library outside the monorepo', () => {
  let dir: string;
  let consumer: string;
  let scratch: ScratchDatabase;
  const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);
  // as a user in that directory runs it (pnpm's INIT_CWD of the monorepo would say otherwise)
  const env = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'INIT_CWD'));
  const policy = (...args: string[]) =>
    spawnSync(process.execPath, [join(consumer, 'node_modules/@policy/cli/bin/policy-dist.js'), ...args], { cwd: consumer, env: env(), encoding: 'utf8' });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-library-'));
    consumer = join(dir, 'consumer');
    mkdirSync(consumer);
    // pack, then install as another project would: only the tarballs and the npm registry
    execFileSync(process.execPath, [join(ROOT, 'packages/config/scripts/pack-library.mjs'), join(dir, 'tarballs')], { stdio: 'pipe' });
    const tarballs = readdirSync(join(dir, 'tarballs')).map((f) => join(dir, 'tarballs', f));
    expect(tarballs.map((t) => t.replace(/.*\//, '')).sort()).toEqual(['policy-cli-1.0.0.tgz', 'policy-evaluation-1.0.0.tgz', 'policy-schemas-1.0.0.tgz']);
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], { cwd: consumer, stdio: 'pipe' });
    writeFileSync(join(consumer, 'evaluate.mjs'), readmeExample());

    // the platform: a seeded database, an imported dataset, an official run, the bundle in force
    scratch = await createScratchDatabase('sqlite', 'policy_library');
    const records = generatePopulation({ count: COUNT, seed: 'library-pack', at: AT });
    writeFileSync(join(consumer, 'enterprises.jsonl'), records.map((r) => JSON.stringify(r)).join('\n'));
    expect(await db(['seed', '--database', scratch.url, '--policies', POLICIES], capture(consumer))).toBe(0);
    expect(await db(['import', '--database', scratch.url, '--name', 'register', '--file', 'enterprises.jsonl'], capture(consumer))).toBe(0);
    const created = capture(consumer);
    expect(await runs(['create', '--database', scratch.url, '--dataset', 'register', '--at', AT, '--json'], created)).toBe(0);
    const runId = (JSON.parse(created.stdout.join('')) as { id: number }).id;
    expect(await runs(['export', '--database', scratch.url, '--run', String(runId), '--format', 'jsonl', '--out', 'run.jsonl'], capture(consumer))).toBe(0);
    expect(await bundle(['export', '--database', scratch.url, '--at', AT, '--out', 'bundle.json'], capture(consumer))).toBe(0);
  }, 420_000);

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await scratch?.drop();
  });

  it('installs plain JavaScript with type declarations, no TypeScript sources', () => {
    const evaluation = JSON.parse(readFileSync(join(consumer, 'node_modules/@policy/evaluation/package.json'), 'utf8')) as { exports: Record<string, { types: string; default: string }> };
    expect(evaluation.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(readdirSync(join(consumer, 'node_modules/@policy/evaluation/dist')).some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toBe(false);
    expect(readdirSync(join(consumer, 'node_modules/@policy'))).not.toContain('db');
  });

  it('verifies the bundle with the packed CLI and refuses it when one byte is changed', () => {
    const ok = policy('bundle', 'verify', 'bundle.json');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('发布包有效');
    const text = readFileSync(join(consumer, 'bundle.json'), 'utf8');
    const at = text.indexOf('"ratioPercent": ') + '"ratioPercent": '.length;
    expect(at).toBeGreaterThan(20);
    const digit = text[at]!;
    writeFileSync(join(consumer, 'tampered.json'), text.slice(0, at) + (digit === '9' ? '8' : String(Number(digit) + 1)) + text.slice(at + 1));
    const bad = policy('bundle', 'verify', 'tampered.json');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('发布包校验失败');
  });

  it('evaluates with the bundle exactly what the platform stored in its run, through the packed CLI and the README example', () => {
    const expected = lines(join(consumer, 'run.jsonl'));
    expect(expected.length).toBeGreaterThan(COUNT * 0.9);
    const cli = policy('evaluate', '--bundle', 'bundle.json', '--input', 'enterprises.jsonl', '--at', AT, '--out', 'cli.jsonl');
    expect(cli.status, cli.stderr).toBe(0);
    expect(lines(join(consumer, 'cli.jsonl'))).toEqual(expected);
    const lib = spawnSync(process.execPath, ['evaluate.mjs', 'bundle.json', 'enterprises.jsonl', AT], { cwd: consumer, env: env(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(lib.status, lib.stderr).toBe(0);
    expect(lib.stdout.split('\n').filter(Boolean)).toEqual(expected);
  });

  it('says that database commands need the platform installation', () => {
    const r = policy('db', 'migrate');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('需要数据库组件 @policy/db');
  });
});
