/** `policy test [DIR] [--coverage]`: golden cases, and with --coverage the items no case reaches (exit code unchanged). */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from './test.ts';

const POLICIES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../policies');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of policies/ in a temp dir, with `mutate` applied to public-credit-class v1. */
function workspace(mutate: (doc: Record<string, any>) => void = () => {}): string {
  const root = mkdtempSync(join(tmpdir(), 'policy-test-'));
  dirs.push(root);
  cpSync(POLICIES, join(root, 'policies'), { recursive: true });
  const file = join(root, 'policies', 'public-credit-class', 'v1.json');
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
  mutate(doc);
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return root;
}

async function policyTest(cwd: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { cwd, out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out, err };
}

/** A rule before the others that no case reaches (1000 records). */
const neverRule = (doc: Record<string, any>) => {
  const counted = doc.content.measures.find((m: { type: string }) => m.type === 'recordCount').id;
  doc.content.decision.rules.unshift({ id: 'c-never-reached', grade: 'C', when: { measure: counted, op: '>=', value: 1000 } });
};

describe('policy test --coverage', () => {
  it('prints per document what its cases cover and lists the uncovered rule, Chinese first; the exit code stays 0', async () => {
    const root = workspace(neverRule);
    const plain = await policyTest(root, 'policies');
    const r = await policyTest(root, '--coverage', 'policies');
    expect([plain.code, r.code]).toEqual([0, 0]);
    expect(plain.out.join('\n')).not.toContain('未覆盖');
    const text = r.out.join('\n');
    expect(text).toContain('覆盖情况 / coverage');
    const line = r.out.find((l) => l.includes('c-never-reached'))!;
    expect(line).toMatch(/^ {4}未覆盖 \/content\/decision\/rules\/0 c-never-reached：.+ \/ uncovered: .+/);
    expect(line.indexOf('未覆盖')).toBeLessThan(line.indexOf('uncovered'));
    expect(r.out.find((l) => l.startsWith('  public-credit-class v1：'))).toMatch(/1 项未覆盖 \/ .* 1 uncovered$/);
    // the summary stays the last line
    expect(r.out.at(-1)).toMatch(/通过.*passed/);
  });

  it('leaves the exit code of failing cases as it is', async () => {
    const root = workspace((doc) => {
      neverRule(doc);
      doc.content.decision.rules[0].when.value = 1; // now it catches every enterprise with a record: cases fail
    });
    const plain = await policyTest(root, 'policies');
    const r = await policyTest(root, 'policies', '--coverage');
    expect([plain.code, r.code]).toEqual([1, 1]);
    expect(r.out.join('\n')).toContain('覆盖情况 / coverage');
  });

  it('lists the trigger points and early-warning rules the golden cases do not reach (issue 13)', async () => {
    const root = workspace();
    const file = join(root, 'policies', 'early-warning-market-regulation', 'v1.cases.json');
    const cases = JSON.parse(readFileSync(file, 'utf8')) as { cases: { expect: { warned?: string[] } }[] };
    // drop every case the 70-point rule warns: the rule is then uncovered
    cases.cases = cases.cases.filter((c) => !(c.expect.warned ?? []).includes('score-at-most-70'));
    writeFileSync(file, JSON.stringify(cases, null, 2));
    const r = await policyTest(root, '--coverage', 'policies');
    expect(r.code).toBe(0);
    expect(r.out.find((l) => l.startsWith('  early-warning-market-regulation v1：'))).toMatch(/项未覆盖/);
    expect(r.out.find((l) => l.includes('score-at-most-70'))).toMatch(/^ {4}未覆盖 \/content\/rules\/\d+ score-at-most-70：.+ \/ uncovered: .+/);
    expect(r.out.find((l) => l.startsWith('  supervision-items-market-regulation v1：'))).toMatch(/项中 \d+ 项有用例覆盖/);
  });
});
