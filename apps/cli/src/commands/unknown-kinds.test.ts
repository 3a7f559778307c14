/** `policy evaluate` says which record kinds no grading and no contract knows, with their counts (issue 13 finding 8). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CommandIo } from '../io.ts';
import { run as evaluateRun } from './evaluate.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const dir = mkdtempSync(join(tmpdir(), 'policy-cli-unknown-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const enterprise = (uscc: string, kinds: string[]) => ({
  uscc,
  name: '舞钢市测试有限公司',
  industryCode: 'C1391',
  status: 'active',
  records: kinds.map((kind, j) => ({ id: `R-${j}`, kind, date: '2026-03-01' })),
});

describe('policy evaluate: unknown record kinds', () => {
  it('prints them with their counts on stderr, and they still count as general records', async () => {
    const lines = [enterprise('91410481MA4000800T', ['penalty.fine', 'penalty.unknown-x', 'penalty.unknown-x']), enterprise('91350100M000100Y43', ['labour.arrears'])];
    writeFileSync(join(dir, 'in.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const out: string[] = [];
    const err: string[] = [];
    const io: CommandIo = { out: (t) => out.push(t), err: (t) => err.push(t), cwd: dir };
    expect(await evaluateRun(['--policies', join(repo, 'policies'), '--input', 'in.jsonl', '--at', '2026-10-31'], io)).toBe(0);
    expect(err).toContain('未知记录类型（按一般失信记录计入）：penalty.unknown-x 2 条，labour.arrears 1 条 / unknown record kinds (counted as general dishonesty records): penalty.unknown-x 2, labour.arrears 1');
    const results = out.join('\n').trim().split('\n').map((l) => JSON.parse(l));
    expect(results.map((r) => r.results['public-credit-class'].grade)).toEqual(['B', 'B']);
  });
});

describe('policy evaluate: unknown record domains', () => {
  it('prints the codes no domain assignment or publication period names, with their counts; known codes and fire-safety (named by a period) are not listed', async () => {
    const base = enterprise('91410481MA4000800T', ['penalty.fine', 'penalty.fine', 'penalty.fine', 'penalty.fine']);
    const domains = ['special-equpment', 'special-equpment', 'fire-safety', 'food'];
    const line = { ...base, records: base.records.map((r, j) => ({ ...r, domain: domains[j] })) };
    writeFileSync(join(dir, 'domains.jsonl'), JSON.stringify(line) + '\n');
    const err: string[] = [];
    const io: CommandIo = { out: () => {}, err: (t) => err.push(t), cwd: dir };
    expect(await evaluateRun(['--policies', join(repo, 'policies'), '--input', 'domains.jsonl', '--at', '2026-10-31'], io)).toBe(0);
    expect(err).toContain(
      '未知记录所属领域（领域分工和公示期均未列出，按无领域处理）：special-equpment 2 条 / unknown record domains (named by no domain assignment or publication period; treated as none): special-equpment 2',
    );
  });
});
