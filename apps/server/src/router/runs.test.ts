import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset, toActor } from '@policy/db';
import { createScratchDatabase, DIALECTS } from '@policy/db/test-support';
import type { ScratchDatabase } from '@policy/db/test-support';
import { generatePopulation } from '@policy/evaluation';
import { createFixture } from '../test-fixture.ts';
import type { Fixture } from '../test-fixture.ts';
import { runSettled } from './runs.ts';

const AT = '2026-10-31';
const COUNT = 7000;

describe.each(DIALECTS)('runs through the API on %s', (dialect) => {
  let f: Fixture;
  let scratch: ScratchDatabase | undefined;
  let datasetId: number;

  beforeAll(async () => {
    scratch = dialect === 'sqlite' ? undefined : await createScratchDatabase(dialect, 'policy_runs_api');
    f = await createFixture(scratch?.url ?? ':memory:');
    const input = Buffer.from(generatePopulation({ count: COUNT, seed: 'runs-api', at: AT }).map((r) => JSON.stringify(r)).join('\n'));
    const r = await importDataset(f.handle.db, toActor(f.users['credit-office']!), { name: 'runs-api', format: 'jsonl', input });
    if (!r.success) throw new Error('import failed');
    datasetId = r.dataset.id;
  }, 120_000);
  afterAll(async () => {
    await f?.deps.services.close();
    await f?.handle.destroy();
    await scratch?.drop();
  });

  async function completed(jurisdiction?: string) {
    const started = await f.as('credit-office').runs.create({ datasetId, at: AT, jurisdiction });
    expect(started).toMatchObject({ status: 'running', progress: { done: 0, total: COUNT } });
    await runSettled(started.id);
    return f.as('viewer').runs.get({ runId: started.id });
  }

  it('lets only the credit office start a run, which completes in the background with progress and aggregates', async () => {
    await expect(f.as('reviewer').runs.create({ datasetId, at: AT })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(f.as('viewer').runs.create({ datasetId, at: AT })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const run = await completed();
    expect(run).toMatchObject({ status: 'completed', progress: { done: COUNT, total: COUNT }, counts: { dataset: COUNT, evaluated: COUNT }, createdBy: 'credit-office' });
    expect(run.runHash).toMatch(/^[0-9a-f]{64}$/);
    expect(run.versions.map((v) => v.documentId)).toContain('public-credit-class');
    const agg = run.aggregates as { documents: { id: string; overall: { total: number } }[] };
    expect(agg.documents.find((d) => d.id === 'public-credit-class')?.overall.total).toBeGreaterThan(COUNT * 0.9);
    expect((await f.as('credit-office').runs.verify({ runId: run.id })).identical).toBe(true);
    const audit = await f.handle.db.selectFrom('audit_log').select(['action', 'after_hash']).where('target', '=', `run:${run.id}`).execute();
    expect(audit).toContainEqual({ action: 'run.complete', after_hash: run.runHash });
  }, 60_000);

  it('limits a run to a jurisdiction', async () => {
    const run = await completed('35');
    expect(run.status).toBe('completed');
    expect(run.counts!.evaluated).toBeLessThan(COUNT);
    expect((await f.as('reviewer').runs.verify({ runId: run.id })).identical).toBe(true);
  }, 60_000);

  it('is signed off by a reviewer other than its creator; of concurrent sign-offs exactly one wins', async () => {
    const run = await completed();
    await expect(f.as('credit-office').runs.signOff({ runId: run.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(f.as('viewer').runs.signOff({ runId: run.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const outcomes = await Promise.allSettled([f.as('reviewer').runs.signOff({ runId: run.id }), f.as('reviewer-2').runs.signOff({ runId: run.id })]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const signed = await f.as('viewer').runs.get({ runId: run.id });
    expect(signed.status).toBe('signed-off');
    expect(['reviewer', 'reviewer-2']).toContain(signed.signedOffBy);
    expect((await f.as('credit-office').runs.verify({ runId: run.id })).identical).toBe(true);
  }, 60_000);

  it('verify names the enterprise of a tampered result', async () => {
    const run = await completed();
    const chunk = await f.handle.db.selectFrom('run_results').select('payload').where('run_id', '=', run.id).where('chunk_no', '=', 1).executeTakeFirstOrThrow();
    const lines = chunk.payload.split('\n');
    const [row, json] = lines[3]!.split('\t');
    const result = JSON.parse(json!) as { uscc: string; results: Record<string, { grade: string }> };
    const r = result.results['public-credit-class']!;
    r.grade = r.grade === 'A' ? 'D' : 'A';
    lines[3] = `${row}\t${JSON.stringify(result)}`;
    await f.handle.db.updateTable('run_results').set({ payload: lines.join('\n') }).where('run_id', '=', run.id).where('chunk_no', '=', 1).execute();
    const v = await f.as('credit-office').runs.verify({ runId: run.id });
    expect(v.identical).toBe(false);
    expect(v.problem).toContain(result.uscc);
  }, 60_000);
});
