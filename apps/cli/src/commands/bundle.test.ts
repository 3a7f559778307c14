/**
 * `policy bundle export | verify | import` and `policy evaluate --bundle`: a bundle exported from a
 * seeded database verifies (exit 0), fails on one altered byte (exit 1), evaluates like the policies/
 * directory it was seeded from, and imports into a fresh database keeping every content hash (again:
 * all the same, nothing changed; tampered: refused, nothing changed).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePopulation } from '@policy/evaluation';
import { bundleHashOf } from '@policy/schemas';
import type { ReleaseBundle } from '@policy/schemas';
import { contentHash } from '@policy/schemas/node';
import type { CommandIo } from '../io.ts';
import { run as bundle } from './bundle.ts';
import { run as db } from './db.ts';
import { run as evaluate } from './evaluate.ts';

function capture(cwd: string): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { cwd, stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

const AT = '2026-10-31';
const POLICIES = resolve(import.meta.dirname, '../../../../policies');

describe('policy bundle', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-cli-bundle-'));
    file = join(dir, 'policy.sqlite');
    expect(await db(['seed', '--database', file, '--policies', POLICIES], capture(dir))).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exports a bundle that verifies; one altered byte fails verify', async () => {
    const io = capture(dir);
    expect(await bundle(['export', '--database', file, '--at', AT, '--out', 'b.json'], io)).toBe(0);
    const ok = capture(dir);
    expect(await bundle(['verify', 'b.json'], ok)).toBe(0);
    expect(ok.stdout.join('\n')).toMatch(/发布包有效/);
    const text = readFileSync(join(dir, 'b.json'), 'utf8');
    const at = text.indexOf('"title": "') + '"title": "'.length;
    writeFileSync(join(dir, 'tampered.json'), text.slice(0, at) + 'X' + text.slice(at + 1));
    const bad = capture(dir);
    expect(await bundle(['verify', 'tampered.json'], bad)).toBe(1);
    expect(bad.stderr.join('\n')).toMatch(/内容与其哈希不符/);
    expect(bad.stderr.join('\n')).toMatch(/发布包哈希不符/);
  });

  it('evaluates with --bundle as with the policies directory', async () => {
    const records = generatePopulation({ count: 300, seed: 'bundle', at: AT });
    writeFileSync(join(dir, 'in.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    expect(await bundle(['export', '--database', file, '--at', AT, '--out', 'b2.json'], capture(dir))).toBe(0);
    const a = capture(dir);
    const b = capture(dir);
    expect(await evaluate(['--bundle', 'b2.json', '--input', 'in.jsonl', '--at', AT], a)).toBe(0);
    expect(await evaluate(['--policies', POLICIES, '--input', 'in.jsonl', '--at', AT], b)).toBe(0);
    expect(a.stdout.join('\n').length).toBeGreaterThan(1000);
    expect(a.stdout).toEqual(b.stdout);
    expect(await evaluate(['--bundle', 'tampered-missing.json', '--input', 'in.jsonl', '--at', AT], capture(dir))).toBe(1);
  });

  it('imports into a fresh database keeping the hashes; again: all the same; tampered: refused', async () => {
    expect(await bundle(['export', '--database', file, '--at', AT, '--out', 'b3.json'], capture(dir))).toBe(0);
    const source = JSON.parse(readFileSync(join(dir, 'b3.json'), 'utf8')) as { bundleHash: string; documents: { id: string; version: number; contentHash: string }[] };
    const county = join(dir, 'county.sqlite');
    const first = capture(dir);
    expect(await bundle(['import', 'b3.json', '--database', county], first)).toBe(0);
    expect(first.stdout).toHaveLength(source.documents.length);
    expect(first.stdout.every((l) => l.startsWith('新文档 / new'))).toBe(true);
    expect(first.stderr.join('\n')).toContain(`已导入发布包 ${source.bundleHash}`);
    expect(await bundle(['export', '--database', county, '--at', AT, '--out', 'county.json'], capture(dir))).toBe(0);
    const copy = JSON.parse(readFileSync(join(dir, 'county.json'), 'utf8')) as typeof source;
    expect(copy.documents.map((d) => [d.id, d.version, d.contentHash])).toEqual(source.documents.map((d) => [d.id, d.version, d.contentHash]));

    const again = capture(dir);
    expect(await bundle(['import', 'b3.json', '--database', county], again)).toBe(0);
    expect(again.stdout.every((l) => l.startsWith('相同 / same'))).toBe(true);
    expect(again.stderr.join('\n')).toMatch(/未作任何改动/);

    const text = readFileSync(join(dir, 'b3.json'), 'utf8');
    const at = text.indexOf('"title": "') + '"title": "'.length;
    writeFileSync(join(dir, 'b3-tampered.json'), text.slice(0, at) + 'X' + text.slice(at + 1));
    const bad = capture(dir);
    expect(await bundle(['import', 'b3-tampered.json', '--database', county], bad)).toBe(1);
    expect(bad.stderr.join('\n')).toMatch(/发布包校验失败/);
    expect(await bundle(['export', '--database', county, '--at', AT, '--out', 'county2.json'], capture(dir))).toBe(0);
    const after = JSON.parse(readFileSync(join(dir, 'county2.json'), 'utf8')) as typeof source & { auditHead: unknown };
    expect(after.auditHead).toEqual((copy as typeof after).auditHead);
    expect(await bundle(['import'], capture(dir))).toBe(2);

    // a bundle whose first document has another title (hashes recomputed): changed, with what differs
    const edited = JSON.parse(text) as ReleaseBundle;
    const doc = edited.documents[0]!;
    doc.content = { ...doc.content, title: `${String(doc.content.title)}（修订）` };
    doc.contentHash = contentHash(doc.content);
    edited.bundleHash = bundleHashOf(edited, contentHash);
    writeFileSync(join(dir, 'b3-edited.json'), JSON.stringify(edited));
    const changed = capture(dir);
    expect(await bundle(['import', 'b3-edited.json', '--database', county], changed)).toBe(0);
    const line = changed.stdout.find((l) => l.startsWith('已变更 / changed'))!;
    expect(line).toContain(`${doc.id} 本系统 v${doc.version}`);
    expect(line).toContain(`→ v${doc.version + 1} ${doc.contentHash.slice(0, 12)}`);
    expect(line).toMatch(/- 标题 .+ → .+（修订）/);
    expect(changed.stdout.filter((l) => l.startsWith('相同 / same'))).toHaveLength(source.documents.length - 1);
  });
});
