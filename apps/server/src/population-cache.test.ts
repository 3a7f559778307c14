import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDatasetDelta, deleteDataset, getDataset, importDataset, SYSTEM_ACTOR } from '@policy/db';
import type { Dataset } from '@policy/db';
import { openTestDb } from '@policy/db/test-support';
import type { TestDb } from '@policy/db/test-support';
import { generatedJsonl } from './imports.ts';
import { createLogger } from './logger.ts';
import { DatasetScoped, PopulationCache } from './population-cache.ts';
import { warmUp } from './worker-pool.ts';

let t: TestDb;
const ids: number[] = [];
beforeAll(async () => {
  await warmUp(); // the worker threads load their modules once
  t = await openTestDb('sqlite');
  for (const [k, count] of [300, 200, 100, 50].entries()) {
    const r = await importDataset(t.db, SYSTEM_ACTOR, { name: `d${k}`, format: 'jsonl', input: generatedJsonl(count, k + 1) });
    if (!r.success) throw new Error('import failed');
    ids.push(r.dataset.id);
  }
}, 60_000);
afterAll(() => t?.destroy());

/** A cache whose log lines are kept. */
function cache(limits = { populations: 2, samples: 2 }) {
  const lines: { msg: string; datasetId?: number }[] = [];
  const logger = createLogger({ level: 'info', write: (l) => lines.push(JSON.parse(l) as { msg: string; datasetId?: number }) });
  return { c: new PopulationCache(t.db, logger, limits), loads: () => lines.filter((l) => l.msg === 'population loaded').map((l) => l.datasetId) };
}

describe('DatasetScoped', () => {
  it('keeps at most max values, least recently used dropped first', () => {
    const s = new DatasetScoped<{ v: number }>(2);
    s.set(1, 'a', { v: 1 });
    s.set(1, 'b', { v: 2 });
    expect(s.get(1, 'a')).toEqual({ v: 1 }); // a is now the most recent
    s.set(2, 'a', { v: 3 });
    expect(s.size).toBe(2);
    expect(s.get(1, 'b')).toBeUndefined();
    expect(s.get(1, 'a')).toEqual({ v: 1 });
    expect(s.get(2, 'a')).toEqual({ v: 3 });
  });

  it('forgets every value of one dataset only', () => {
    const s = new DatasetScoped<{ v: number }>(10);
    s.set(1, 'a', { v: 1 });
    s.set(1, 'b', { v: 2 });
    s.set(11, 'a', { v: 3 }); // "11|a" starts with "1" but is another dataset
    s.forget(1);
    expect([s.get(1, 'a'), s.get(1, 'b'), s.get(11, 'a')]).toEqual([undefined, undefined, { v: 3 }]);
  });

  it('computes once, and computes again after a promise rejected', async () => {
    const s = new DatasetScoped<Promise<number>>(4);
    let calls = 0;
    const failing = () => {
      calls++;
      return Promise.reject(new Error('boom'));
    };
    await expect(s.memo(1, 'k', failing)).rejects.toThrow('boom');
    await expect(s.memo(1, 'k', failing)).rejects.toThrow('boom');
    expect(calls).toBe(2);
    const ok = () => {
      calls++;
      return Promise.resolve(42);
    };
    const p = s.memo(1, 'k', ok);
    expect(s.memo(1, 'k', ok)).toBe(p);
    expect(await p).toBe(42);
    expect(calls).toBe(3);
  });
});

describe('PopulationCache', () => {
  it('loads a population once, shared by concurrent callers, and logs the load once', async () => {
    const { c, loads } = cache();
    const [a, b] = await Promise.all([c.population(ids[0]!), c.population(ids[0]!)]);
    expect(b).toBe(a);
    const pop = a;
    expect(pop.n).toBe(300);
    expect(await c.population(ids[0]!)).toBe(pop);
    expect(loads()).toEqual([ids[0]]);
  });

  it('keeps the most recently used populations only', async () => {
    const { c, loads } = cache();
    const first = await c.population(ids[0]!);
    const second = await c.population(ids[1]!);
    await c.population(ids[2]!); // evicts the first
    expect(await c.population(ids[1]!)).toBe(second);
    const again = await c.population(ids[0]!);
    expect(again).not.toBe(first);
    expect(again.uscc).toEqual(first.uscc);
    expect(loads()).toEqual([ids[0], ids[1], ids[2], ids[0]]);
  });

  it('does not keep a failed load', async () => {
    const { c, loads } = cache();
    const next = Math.max(...ids) + 1;
    await expect(c.population(next)).rejects.toThrow(/no such dataset/);
    const r = await importDataset(t.db, SYSTEM_ACTOR, { name: 'late', format: 'jsonl', input: generatedJsonl(10, 9) });
    if (!r.success) throw new Error('import failed');
    expect(r.dataset.id).toBe(next);
    expect((await c.population(next)).n).toBe(10);
    expect(loads()).toEqual([next]);
  });

  it('finds the row of a USCC, -1 when absent', async () => {
    const { c } = cache();
    const pop = await c.population(ids[1]!);
    expect(await c.indexOf(ids[1]!, pop.uscc[0]!)).toBe(0);
    expect(await c.indexOf(ids[1]!, pop.uscc[199]!)).toBe(199);
    expect(await c.indexOf(ids[1]!, 'NOT-A-USCC')).toBe(-1);
  });

  it('computes a sample once per dataset, size and seed, and keeps the latest few', async () => {
    const { c } = cache();
    const ds = await getDataset(t.db, ids[0]!);
    const a = c.sample(ds, 20, 'seed');
    expect(c.sample(ds, 20, 'seed')).toBe(a);
    expect((await a).map((r) => r.uscc)).toEqual((await c.sample(ds, 20, 'seed')).map((r) => r.uscc));
    expect(c.sample(ds, 21, 'seed')).not.toBe(a);
    expect(c.sample(ds, 20, 'other')).not.toBe(a); // a third: the first is dropped
    expect(c.sample(ds, 20, 'seed')).not.toBe(a);
    // a dataset replaced under the same id is another dataset
    const replaced: Dataset = { ...ds, createdAt: '2099-01-01T00:00:00.000Z' };
    expect(c.sample(replaced, 20, 'seed')).not.toBe(c.sample(ds, 20, 'seed'));
  });

  it('forgets everything of a dataset at once: population, index, samples and scoped values', async () => {
    const { c, loads } = cache({ populations: 3, samples: 4 });
    const results = c.scoped<{ v: number }>(4);
    const ds = await getDataset(t.db, ids[3]!);
    const pop = await c.population(ids[3]!);
    const kept = await c.population(ids[2]!);
    const sample = c.sample(ds, 5, 's');
    await sample;
    results.set(ids[3]!, 'k', { v: 1 });
    results.set(ids[2]!, 'k', { v: 2 });
    c.forget(ids[3]!);
    expect(results.get(ids[3]!, 'k')).toBeUndefined();
    expect(results.get(ids[2]!, 'k')).toEqual({ v: 2 });
    expect(await c.population(ids[2]!)).toBe(kept);
    expect(c.sample(ds, 5, 's')).not.toBe(sample);
    const reloaded = await c.population(ids[3]!);
    expect(reloaded).not.toBe(pop);
    expect(loads().filter((id) => id === ids[3])).toHaveLength(2);
    // deleted (even by another process, without forget): refused at the next use
    await deleteDataset(t.db, SYSTEM_ACTOR, ids[3]!);
    await expect(c.population(ids[3]!)).rejects.toThrow(/no such dataset/);
    await expect(c.indexOf(ids[3]!, pop.uscc[0]!)).rejects.toThrow(/no such dataset/);
  });

  it('loads a dataset again when a delta advanced its version behind the cache’s back (the CLI on the same database)', async () => {
    const { c, loads } = cache({ populations: 3, samples: 4 });
    const id = ids[1]!;
    const before = await c.population(id);
    const uscc = before.uscc[0]!;
    expect(await c.population(id)).toBe(before); // same version: kept
    const r = await applyDatasetDelta(t.db, SYSTEM_ACTOR, id, { deregister: [{ uscc, date: '2026-01-05' }] });
    expect(r.success).toBe(true);
    const after = await c.population(id);
    expect(after).not.toBe(before);
    expect(loads().filter((x) => x === id)).toHaveLength(2);
    expect(await c.indexOf(id, uscc)).toBe(0);
    expect(await c.population(id)).toBe(after);
  });
});
