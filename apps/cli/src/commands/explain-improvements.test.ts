/** `policy explain` shows how to improve (如何改善): the smallest changes to each better grade (issue 13 finding 9). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CommandIo } from '../io.ts';
import { run as explainRun } from './explain.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const dir = mkdtempSync(join(tmpdir(), 'policy-cli-improve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('policy explain: 如何改善', () => {
  it('lists the changes in the text and as improvements in --json', async () => {
    const r = { uscc: '91410481MA4000800T', name: '舞钢市测试有限公司', industryCode: 'F5212', status: 'active', publicCreditScore: 65, records: [{ id: 'R-1', kind: 'penalty.closure', date: '2026-05-02' }, { id: 'R-2', kind: 'penalty.fine', date: '2026-03-01' }] };
    writeFileSync(join(dir, 'in.jsonl'), JSON.stringify(r) + '\n');
    const out: string[] = [];
    const io: CommandIo = { out: (t) => out.push(t), err: () => {}, cwd: dir };
    const argv = ['--policies', join(repo, 'policies'), '--input', 'in.jsonl', '--uscc', r.uscc, '--at', '2026-10-31'];
    expect(await explainRun(argv, io)).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('如何改善 / how to improve:');
    expect(text).toContain('【public-credit-class】修复记录 R-1 → B（一般失信）');
    out.length = 0;
    expect(await explainRun([...argv, '--json'], io)).toBe(0);
    const json = JSON.parse(out.join('\n'));
    expect(json.improvements).toContainEqual(expect.objectContaining({ document: 'public-credit-class', from: 'C', to: 'B', changes: [{ type: 'repair', record: 'R-1' }] }));
  });
});
