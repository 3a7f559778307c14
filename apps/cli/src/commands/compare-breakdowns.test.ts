/**
 * Issue 13, finding 9 (breakdowns): `policy compare` shows, per document, the distribution by
 * department, domain, industry section and region before and after and the near-threshold counts,
 * in text and in `--json`; the figures are recounted here from `policy evaluate`'s own output.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentBreakdowns } from '@policy/evaluation';
import type { CommandIo } from '../io.ts';
import { run as compareRun } from './compare.ts';
import { run as evaluateRun } from './evaluate.ts';
import { run as generateRun } from './generate.ts';

const repo = resolve(import.meta.dirname, '../../../..');
const AT = '2026-10-31';
let dir: string;
const capture = () => {
  const out: string[] = [];
  const io: CommandIo = { out: (t) => out.push(t), err: () => {}, cwd: dir };
  return { io, text: () => out.join('\n') };
};
const jsonl = (f: string) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { domains: string[]; departments: string[]; results: Record<string, { grade: string | null }> });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'policy-cli-breakdowns-'));
  cpSync(join(repo, 'policies'), join(dir, 'policies'), { recursive: true });
  expect(await generateRun(['--count', '800', '--seed', '13', '--out', 'pop.jsonl'], capture().io)).toBe(0);
  // the candidate: C from more than 2 general records instead of more than 5
  cpSync(join(dir, 'policies'), join(dir, 'candidate'), { recursive: true });
  // the newest version is the one evaluated (v2 beside v1)
  const f = join(dir, 'candidate', 'public-credit-class', 'v2.json');
  const doc = JSON.parse(readFileSync(f, 'utf8'));
  for (const r of doc.content.decision.rules) if (r.when.measure === 'general-records' && r.when.op === '>') r.when.value = 2;
  writeFileSync(f, JSON.stringify(doc));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('policy compare: breakdowns', () => {
  it('--json gives per document the distribution by department, domain, section and region and near-threshold counts, as policy evaluate counts them', async () => {
    const c = capture();
    expect(await compareRun(['--base', 'policies', '--candidate', 'candidate', '--input', 'pop.jsonl', '--at', AT, '--json'], c.io)).toBe(0);
    const data = JSON.parse(c.text()) as { breakdowns: DocumentBreakdowns[] };
    const cls = data.breakdowns.find((d) => d.id === 'public-credit-class')!;
    expect(cls.grades).toEqual(['A', 'B', 'C', 'D', '']);

    // recount from the enterprises' own results
    expect(await evaluateRun(['--policies', 'policies', '--input', 'pop.jsonl', '--at', AT, '--out', 'base.jsonl'], capture().io)).toBe(0);
    expect(await evaluateRun(['--policies', 'candidate', '--input', 'pop.jsonl', '--at', AT, '--out', 'cand.jsonl'], capture().io)).toBe(0);
    const count = (file: string, pick: (o: ReturnType<typeof jsonl>[number]) => string[]) => {
      const m = new Map<string, number[]>();
      for (const o of jsonl(file)) {
        const g = ['A', 'B', 'C', 'D'].indexOf(o.results['public-credit-class']!.grade ?? '');
        for (const k of pick(o)) {
          const row = m.get(k) ?? [0, 0, 0, 0, 0];
          row[g < 0 ? 4 : g]!++;
          m.set(k, row);
        }
      }
      return m;
    };
    const depBefore = count('base.jsonl', (o) => (o.departments.length ? o.departments : ['']));
    const depAfter = count('cand.jsonl', (o) => (o.departments.length ? o.departments : ['']));
    for (const r of cls.byDepartment) {
      expect(r.before).toEqual(depBefore.get(r.key) ?? [0, 0, 0, 0, 0]);
      expect(r.after).toEqual(depAfter.get(r.key) ?? [0, 0, 0, 0, 0]);
    }
    const domBefore = count('base.jsonl', (o) => o.domains);
    const domAfter = count('cand.jsonl', (o) => o.domains);
    for (const r of cls.byDomain) {
      expect(r.before).toEqual(domBefore.get(r.key));
      expect(r.after).toEqual(domAfter.get(r.key));
    }
    // the stricter C rule moves B enterprises to C: some department and some domain changed, totals did not
    const moved = cls.byDepartment.filter((r) => r.changed > 0);
    expect(moved.length).toBeGreaterThan(0);
    for (const r of moved) {
      expect(r.totalAfter).toBe(r.totalBefore);
      expect(r.after[2]).toBeGreaterThan(r.before[2]!);
    }
    expect(cls.bySection.length).toBeGreaterThan(0);
    expect(cls.byRegion.length).toBeGreaterThan(0);
    expect(cls.bySection.reduce((s, r) => s + r.totalAfter, 0)).toBe(jsonl('cand.jsonl').length);
    // the public score's bands: near-threshold counts, equal on both sides (the score document did not change)
    const score = data.breakdowns.find((d) => d.id === 'public-credit-score')!;
    expect(score.nearThreshold.before).toBe(score.nearThreshold.after);
    expect(score.byDepartment.every((r) => r.changed === 0)).toBe(true);
  });

  it('the text names the dimensions in Chinese and gives before→after for the changed rows only', async () => {
    const c = capture();
    expect(await compareRun(['--base', 'policies', '--candidate', 'candidate', '--input', 'pop.jsonl', '--at', AT], c.io)).toBe(0);
    const text = c.text();
    expect(text).toContain('分项统计 / breakdowns');
    for (const dim of ['按部门', '按监管领域', '按行业门类', '按行政区划']) expect(text).toContain(dim);
    expect(text).toMatch(/临界（阈值 ±1 分以内）\/ near a threshold：变更前 \d+ 家，变更后 \d+ 家/);
    expect(text).toMatch(/市市场监督管理局\s+.*\d+→\d+/);
    // the unchanged score document says so instead of listing rows
    const breakdowns = text.slice(text.indexOf('分项统计 / breakdowns'));
    const scorePart = breakdowns.slice(breakdowns.indexOf('(public-credit-score)'));
    expect(scorePart).toContain('按部门：');
    expect(scorePart.split('\n').find((l) => l.startsWith('按部门'))).toContain('分布均无变化');
  });
});
