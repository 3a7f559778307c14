/**
 * `runs.results` (run-results.ts): a run's results a page at a time, with labels; a viewer refused, a
 * department editor its department's enterprises only, every read a security event. SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset, SYSTEM_ACTOR } from '@policy/db';
import { generatedJsonl } from '../imports.ts';
import { createFixture } from '../test-fixture.ts';
import type { Fixture } from '../test-fixture.ts';
import { runSettled } from './runs.ts';

const AT = '2026-10-31';

describe('runs.results on sqlite', () => {
  let f: Fixture;
  let runId = 0;
  beforeAll(async () => {
    f = await createFixture(':memory:');
    const r = await importDataset(f.handle.db, SYSTEM_ACTOR, { name: 'd', format: 'jsonl', input: generatedJsonl(800, 11), fileName: 'd.jsonl' });
    if (!r.success) throw new Error('import failed');
    const run = await f.as('credit-office').runs.create({ datasetId: r.dataset.id, at: AT });
    await runSettled(run.id);
    runId = run.id;
  }, 120_000);
  afterAll(async () => {
    await f?.deps.services.close();
    await f?.handle.destroy();
  });

  it('pages every enterprise for the credit office, with grade and rule labels', async () => {
    const run = await f.as('credit-office').runs.get({ runId });
    const stored = run.counts!.evaluated - (run.counts!.outside ?? 0);
    const first = await f.as('credit-office').runs.results({ runId, offset: 0, limit: 20 });
    expect(first.total).toBe(stored);
    expect(first.rows).toHaveLength(20);
    const second = await f.as('reviewer').runs.results({ runId, offset: 20, limit: 20 });
    expect(second.rows[0]!.row).toBeGreaterThan(first.rows[19]!.row);
    const cls = first.rows.flatMap((r) => r.decisions).find((d) => d.document === 'public-credit-class' && d.grade !== null)!;
    expect(cls.title).toBeTruthy();
    expect(cls.gradeLabel?.zh).toBeTruthy();
    expect(cls.ruleLabel?.zh).toBeTruthy();
    // a search by USCC prefix and by name
    const one = first.rows[3]!;
    expect((await f.as('credit-office').runs.results({ runId, search: one.uscc, offset: 0, limit: 5 })).rows.map((r) => r.uscc)).toContain(one.uscc);
    expect((await f.as('credit-office').runs.results({ runId, search: one.name, offset: 0, limit: 5 })).rows.map((r) => r.uscc)).toContain(one.uscc);
  });

  it('names the users who started and signed off runs to every reader', async () => {
    expect(await f.as('viewer').runs.people()).toEqual([{ username: 'credit-office', displayName: '信用办管理员' }]);
  });

  it('refuses a viewer and keeps a department editor to its department, recording each read', async () => {
    await expect(f.as('viewer').runs.results({ runId, offset: 0, limit: 10 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const all = await f.as('credit-office').runs.results({ runId, offset: 0, limit: 200 });
    const mine = await f.as('transport').runs.results({ runId, offset: 0, limit: 200 });
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.total).toBeLessThan(all.total);
    expect(mine.rows.every((r) => r.departments.includes('transport'))).toBe(true);
    // asking for another department's enterprises gives only those it also may read
    const other = await f.as('transport').runs.results({ runId, department: 'market-regulation', offset: 0, limit: 200 });
    expect(other.rows.every((r) => r.departments.includes('transport') && r.departments.includes('market-regulation'))).toBe(true);
    const byOffice = await f.as('credit-office').runs.results({ runId, department: 'transport', offset: 0, limit: 1 });
    expect(byOffice.total).toBe(mine.total);
    const events = (await f.as('credit-office').auth.securityEvents({ kind: 'read.search', username: 'transport', limit: 100 })).events;
    expect(events.map((e) => JSON.parse(e.detail ?? '{}') as { procedure: string }).filter((d) => d.procedure === 'runs.results')).toHaveLength(2);
    const refused = (await f.as('credit-office').auth.securityEvents({ kind: 'read.refused', username: 'viewer', limit: 100 })).events;
    expect(refused.some((e) => (JSON.parse(e.detail ?? '{}') as { procedure: string }).procedure === 'runs.results')).toBe(true);
  });
});
