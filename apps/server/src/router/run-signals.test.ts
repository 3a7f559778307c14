/**
 * A run's early warnings and triggers through the API (issue 13): stored with the run, listed by
 * `runs.signals` (counts for every reader, enterprises only for readers of their domains) and
 * compared by `runs.compare` (what appears between two dates) — on both dialects.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset, toActor } from '@policy/db';
import { createScratchDatabase, DIALECTS } from '@policy/db/test-support';
import type { ScratchDatabase } from '@policy/db/test-support';
import type { CaseFile, EnterpriseRecord } from '@policy/schemas';
import { REPO_ROOT } from '../app.ts';
import { createFixture } from '../test-fixture.ts';
import type { Fixture } from '../test-fixture.ts';
import { runSettled } from './runs.ts';

const BASE_AT = '2026-09-30';
const CAND_AT = '2026-10-31';
const cases = (id: string) => (JSON.parse(readFileSync(join(REPO_ROOT, 'policies', id, 'v1.cases.json'), 'utf8')) as CaseFile).cases.map((c) => c.enterprise as EnterpriseRecord);

/** A food producer whose serious penalty (2026-10-15) falls between the two dates, and the early-warning cases. */
function population(): EnterpriseRecord[] {
  const food = cases('supervision-items-market-regulation')[0]!;
  const fresh: EnterpriseRecord = { ...food, records: [{ id: 'GC-NEW', kind: 'penalty.permit-suspension', date: '2026-10-15' }] };
  return [fresh, ...cases('early-warning-market-regulation').map((e) => ({ ...e, scoreDate: undefined }))];
}

describe.each(DIALECTS)('run signals on %s', (dialect) => {
  let f: Fixture;
  let scratch: ScratchDatabase | undefined;
  let baseRunId: number;
  let candRunId: number;
  let fresh: EnterpriseRecord;

  beforeAll(async () => {
    scratch = dialect === 'sqlite' ? undefined : await createScratchDatabase(dialect, 'policy_run_signals');
    f = await createFixture(scratch?.url ?? ':memory:');
    const records = population();
    fresh = records[0]!;
    const input = Buffer.from(records.map((r) => JSON.stringify(r)).join('\n'));
    const r = await importDataset(f.handle.db, toActor(f.users['credit-office']!), { name: 'run-signals', format: 'jsonl', input });
    if (!r.success) throw new Error('import failed');
    for (const at of [BASE_AT, CAND_AT]) {
      const run = await f.as('credit-office').runs.create({ datasetId: r.dataset.id, at });
      await runSettled(run.id);
      expect((await f.as('viewer').runs.get({ runId: run.id })).status).toBe('completed');
      if (at === BASE_AT) baseRunId = run.id;
      else candRunId = run.id;
    }
  }, 180_000);
  afterAll(async () => {
    await f?.deps.services.close();
    await f?.handle.destroy();
    await scratch?.drop();
  });

  it('keeps which enterprises trigger which item with its measures and which rules warn them', async () => {
    const s = await f.as('market-regulation').runs.signals({ runId: candRunId });
    const trig = s.rows.find((x) => x.kind === 'trigger' && x.uscc === fresh.uscc && x.code === 'SCJG-001')!;
    expect(trig).toMatchObject({ documentId: 'supervision-items-market-regulation', owner: 'market-regulation', name: fresh.name, label: { zh: '食品生产企业监督检查' } });
    expect(trig.triggers).toContain('trigger-3');
    expect(trig.measures!.length).toBeGreaterThan(0);
    expect(s.rows.some((x) => x.kind === 'warning' && x.code === 'score-at-most-70')).toBe(true);
    expect(s.counts.find((c) => c.kind === 'trigger' && c.code === 'SCJG-001')!.count).toBeGreaterThanOrEqual(1);
    const onlyWarnings = await f.as('credit-office').runs.signals({ runId: candRunId, kind: 'warning' });
    expect(onlyWarnings.rows.every((x) => x.kind === 'warning')).toBe(true);
    // the run's lines are as before: a completed run verifies (signals are not part of the hash)
    expect((await f.as('credit-office').runs.verify({ runId: candRunId })).identical).toBe(true);
  });

  it('gives viewers and other departments the counts only', async () => {
    const viewer = await f.as('viewer').runs.signals({ runId: candRunId });
    expect(viewer).toMatchObject({ firmRows: false, rows: [], total: 0 });
    expect(viewer.counts.length).toBeGreaterThan(0);
    const other = await f.as('transport').runs.signals({ runId: candRunId });
    expect(other.rows.some((x) => x.uscc === fresh.uscc)).toBe(false);
    expect(other.counts).toEqual(viewer.counts);
    const events = (await f.as('credit-office').auth.securityEvents({ kind: 'read.search', username: 'market-regulation', limit: 1000 })).events;
    expect(events.some((e) => (e.detail ?? '').includes('runs.signals'))).toBe(true);
  });

  it('runs.compare names the trigger and the warning that appear between the two dates', async () => {
    const c = await f.as('credit-office').runs.compare({ baseRunId, candidateRunId: candRunId });
    const item = c.signals.changes.find((x) => x.kind === 'trigger' && x.code === 'SCJG-001')!;
    expect(item.appeared).toBeGreaterThanOrEqual(1);
    expect(item.candidate - item.base).toBe(item.appeared - item.disappeared);
    expect(c.signals.appeared.some((x) => x.uscc === fresh.uscc && x.kind === 'trigger' && x.code === 'SCJG-001')).toBe(true);
    expect(c.signals.appeared.some((x) => x.uscc === fresh.uscc && x.kind === 'warning')).toBe(true);
    expect(c.signals.disappeared.some((x) => x.uscc === fresh.uscc)).toBe(false);
    const viewer = await f.as('viewer').runs.compare({ baseRunId, candidateRunId: candRunId });
    expect(viewer.signals).toMatchObject({ firmRows: false, appeared: [], disappeared: [] });
    expect(viewer.signals.changes).toEqual(c.signals.changes);
    const transport = await f.as('transport').runs.compare({ baseRunId, candidateRunId: candRunId });
    expect(transport.signals.appeared.some((x) => x.uscc === fresh.uscc)).toBe(false);
  });
});
