import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset, loadDataset, SYSTEM_ACTOR } from '@policy/db';
import { contextFor } from '../context.ts';
import { generatedJsonl } from '../imports.ts';
import { createCaller, createFixture } from '../test-fixture.ts';
import type { Fixture } from '../test-fixture.ts';

let f: Fixture;
let firstId: number;
let secondId: number;
let thirdId: number;
beforeAll(async () => {
  f = await createFixture();
  const add = async (name: string, count: number, seed: number) => {
    const r = await importDataset(f.handle.db, SYSTEM_ACTOR, { name, format: 'jsonl', input: generatedJsonl(count, seed), fileName: `${name}.jsonl` });
    if (!r.success) throw new Error(r.errors.map((e) => e.message).join('; '));
    return r.dataset.id;
  };
  firstId = await add('first', 1_000, 1);
  secondId = await add('second', 300, 2);
  thirdId = await add('third', 9_000, 3);
}, 120_000);
afterAll(() => f?.handle.destroy());

const AT = '2026-10-31';
const codeOf = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return (e as TRPCError).code;
};

describe('adminSupport', () => {
  it('refuses callers without a session and users who must change the password', async () => {
    const anon = f.as(null);
    expect(await codeOf(anon.adminSupport.defaultDataset())).toBe('UNAUTHORIZED');
    expect(await codeOf(anon.adminSupport.sample({ datasetId: firstId, size: 10 }))).toBe('UNAUTHORIZED');
    expect(await codeOf(anon.adminSupport.distribution({}))).toBe('UNAUTHORIZED');
    const fresh = await f.as('credit-office').auth.createUser({ username: 'zhao', displayName: '赵', role: 'viewer', password: 'initial-pass-1' });
    const flagged = createCaller(contextFor(f.deps, fresh));
    expect(await codeOf(flagged.adminSupport.sample({ datasetId: firstId, size: 10 }))).toBe('FORBIDDEN');
  });

  it('names the oldest dataset as the default, for every role', async () => {
    for (const u of ['viewer', 'transport', 'reviewer', 'credit-office']) {
      const ds = await f.as(u).adminSupport.defaultDataset();
      expect(ds?.id, u).toBe(firstId);
      expect(ds?.rowCount).toBe(1_000);
    }
  });

  it('gives a reviewer and the credit office the same reproducible sample of the requested size', async () => {
    const a = await f.as('reviewer').adminSupport.sample({ datasetId: firstId, size: 200 });
    const b = await f.as('credit-office').adminSupport.sample({ datasetId: firstId, size: 200 });
    expect(a.size).toBe(200);
    expect(a.total).toBe(1_000);
    expect(a.records).toHaveLength(200);
    expect(new Set(a.records.map((r) => r.uscc)).size).toBe(200);
    expect(b.records.map((r) => r.uscc)).toEqual(a.records.map((r) => r.uscc));
    const whole = await f.as('reviewer').adminSupport.sample({ datasetId: secondId, size: 20_000 });
    expect(whole.size).toBe(300);
  });

  it('samples a larger dataset from stored records spread over it, in dataset order, the same every time', async () => {
    const all = await loadDataset(f.handle.db, thirdId);
    const position = new Map(all.map((r, i) => [r.uscc, i]));
    const a = await f.as('reviewer').adminSupport.sample({ datasetId: thirdId, size: 500 });
    expect(a).toMatchObject({ total: 9_000, size: 500 });
    const rows = a.records.map((r) => position.get(r.uscc)!);
    expect(new Set(rows).size).toBe(500);
    expect(rows).toEqual([...rows].sort((x, y) => x - y));
    for (const r of a.records) expect(r).toEqual(all[position.get(r.uscc)!]);
    // from the beginning and the end of the dataset, not one block
    expect(rows[0]!).toBeLessThan(2_000);
    expect(rows[rows.length - 1]!).toBeGreaterThanOrEqual(6_000);
    const b = await f.as('credit-office').adminSupport.sample({ datasetId: thirdId, size: 500 });
    expect(b.records).toEqual(a.records);
  });

  it('refuses a sample of a missing dataset or of a bad size', async () => {
    expect(await codeOf(f.as('viewer').adminSupport.sample({ datasetId: 9_999, size: 10 }))).toBe('NOT_FOUND');
    expect(await codeOf(f.as('viewer').adminSupport.sample({ datasetId: firstId, size: 0 }))).toBe('BAD_REQUEST');
    expect(await codeOf(f.as('viewer').adminSupport.sample({ datasetId: firstId, size: 1_000_000 }))).toBe('BAD_REQUEST');
  });

  it('gives the grade distribution of the default dataset under the set in force', async () => {
    const d = await f.as('viewer').adminSupport.distribution({ at: AT });
    expect(d.dataset?.id).toBe(firstId);
    // deregistered enterprises are outside the register on the day: counted apart, graded nowhere (issue 12)
    expect(d.n + d.outside).toBe(1_000);
    expect(d.outside).toBeGreaterThan(0);
    expect(d.versions.map((v) => v.documentId)).toContain('public-credit-class');
    const cls = d.documents.find((x) => x.id === 'public-credit-class');
    expect(cls?.grades).toEqual(['A', 'B', 'C', 'D']);
    expect(cls!.counts.reduce((a, b) => a + b, 0) + cls!.noGrade).toBe(d.n);
    expect(d.documents.map((x) => x.id)).toContain('public-credit-score');
    const other = await f.as('viewer').adminSupport.distribution({ datasetId: secondId, at: AT });
    expect(other.n + other.outside).toBe(300);
    expect(await codeOf(f.as('viewer').adminSupport.distribution({ at: '2026-13-01' }))).toBe('BAD_REQUEST');
  });
});
