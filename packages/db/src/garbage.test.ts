import { setTimeout as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { collectGarbage, GarbageBudget } from './garbage.ts';

/** A weak reference to a dead object (a page's text, once handled); a WeakRef's target lives at least until the job that made or read it ends, so this returns in a later one. */
async function deadObject(): Promise<WeakRef<object>> {
  const ref = new WeakRef({ page: 'x'.repeat(64) });
  await tick(0);
  return ref;
}

describe('collectGarbage', () => {
  it('collects dead objects now, without a start-up flag', async () => {
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe('undefined');
    const ref = await deadObject();
    collectGarbage();
    expect(ref.deref()).toBeUndefined();
  });
  it('GarbageBudget collects once the characters handled reach its limit, not before', async () => {
    const budget = new GarbageBudget(1000);
    const ref = await deadObject();
    budget.spent(600);
    // (reading it keeps it for this job: the next step waits for a new one)
    expect(ref.deref()).toBeDefined();
    await tick(0);
    budget.spent(400);
    expect(ref.deref()).toBeUndefined();
  });
});
