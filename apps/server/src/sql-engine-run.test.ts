/**
 * Runs through the API with the SQL engine (issue 16), PostgreSQL only, the size threshold set low:
 * a run of a dataset at or above it is evaluated inside the database and stores exactly the chunks,
 * hash and distributions of the in-memory run; below it (and on SQLite) nothing changes; concurrent
 * starts on a dataset whose relational copy is missing all complete with the same results.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeSqlEngineRun, forEachRunChunk, getDataset, importDataset, sqlSliceCount, startRun, toActor } from '@policy/db';
import { createDb } from '@policy/db/client';
import { createScratchDatabase, DIALECTS } from '@policy/db/test-support';
import type { ScratchDatabase } from '@policy/db/test-support';
import { generatePopulation, sqlRunPlanOf } from '@policy/evaluation';
import { runDocuments, runSettled } from './router/runs.ts';
import { createFixture } from './test-fixture.ts';
import type { Fixture } from './test-fixture.ts';

const AT = '2026-10-31';
const COUNT = 600;

/** A run's stored signals as stored (the detail JSON as text), in order (`seq`: dense in memory, rising from slice to slice in SQL). */
async function signals(f: Fixture, runId: number): Promise<string[]> {
  const rows = await f.handle.db
    .selectFrom('run_signals')
    .select(['kind', 'document_id', 'code', 'owner', 'row_no', 'uscc', 'name', 'departments', 'detail'])
    .where('run_id', '=', runId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => [r.kind, r.document_id, r.code, r.owner, r.row_no, r.uscc, r.name, r.departments, r.detail].join('\t'));
}

/** Every document's counts by region, in the order the run lists the regions. */
const byRegion = (a: unknown) => (a as { documents: { id: string; byRegion: unknown[] }[] }).documents.map((d) => [d.id, d.byRegion]);
/** The early-warning summary a run keeps with its aggregates (the run page's 风险预警). */
const early = (a: unknown) => (a as { earlyWarnings?: { enterprises: number } }).earlyWarnings;

async function chunks(f: Fixture, runId: number): Promise<string[]> {
  const out: string[] = [];
  await forEachRunChunk(f.handle.db, runId, (c) => void out.push(`${c.chunkNo}:${c.payload}`));
  return out;
}

describe.each(DIALECTS)('runs with the SQL engine on %s', (dialect) => {
  let f: Fixture;
  let scratch: ScratchDatabase | undefined;

  async function dataset(seed: string): Promise<number> {
    const input = Buffer.from(generatePopulation({ count: COUNT, seed, at: AT }).map((r) => JSON.stringify(r)).join('\n'));
    const r = await importDataset(f.handle.db, toActor(f.users['credit-office']!), { name: seed, format: 'jsonl', input });
    if (!r.success) throw new Error('import failed');
    return r.dataset.id;
  }

  async function completed(datasetId: number, jurisdiction?: string) {
    const started = await f.as('credit-office').runs.create({ datasetId, at: AT, jurisdiction });
    await runSettled(started.id);
    return { engine: started.engine, run: await f.as('viewer').runs.get({ runId: started.id }) };
  }

  beforeAll(async () => {
    scratch = dialect === 'sqlite' ? undefined : await createScratchDatabase(dialect, 'policy_sql_engine_api');
    f = await createFixture(scratch?.url ?? ':memory:');
  }, 120_000);
  afterAll(async () => {
    await f?.deps.services.close();
    await f?.handle.destroy();
    await scratch?.drop();
  });

  it('evaluates in memory below the threshold, in SQL at or above it (PostgreSQL), storing the same results', async () => {
    const id = await dataset('sql-engine-api');
    f.deps.services.limits.sqlEngineMinEnterprises = COUNT + 1;
    const mem = await completed(id);
    expect(mem.engine).toBe('memory');
    expect(mem.run.status).toBe('completed');
    f.deps.services.limits.sqlEngineMinEnterprises = 50;
    const other = await completed(id);
    expect(other.engine).toBe(dialect === 'postgres' ? 'sql' : 'memory');
    expect(other.run).toMatchObject({ status: 'completed', progress: { done: COUNT, total: COUNT } });
    expect(other.run.runHash).toBe(mem.run.runHash);
    expect(other.run.counts).toEqual(mem.run.counts);
    expect(await chunks(f, other.run.id)).toEqual(await chunks(f, mem.run.id));
    const docs = (a: unknown) => (a as { documents: { id: string; overall: unknown }[] }).documents.map((d) => [d.id, d.overall]);
    expect(docs(other.run.aggregates)).toEqual(docs(mem.run.aggregates));
    // the regions in the same order (that of their first enterprise), with the same counts
    expect(byRegion(other.run.aggregates)).toEqual(byRegion(mem.run.aggregates));
    // the early-warning summary the run page shows: the same, counted from the stored signals
    expect(early(mem.run.aggregates)!.enterprises).toBeGreaterThan(0);
    expect(early(other.run.aggregates)).toEqual(early(mem.run.aggregates));
    // the run is verified (recomputed in memory) and signed off like any other
    expect((await f.as('reviewer').runs.verify({ runId: other.run.id })).identical).toBe(true);
    await expect(f.as('reviewer').runs.signOff({ runId: other.run.id })).resolves.toMatchObject({ status: 'signed-off' });
  }, 120_000);

  it.skipIf(dialect !== 'postgres')('verifies a SQL run inside PostgreSQL; a chunk tampered with in the database fails it, naming the enterprise', async () => {
    const id = await dataset('sql-engine-api-verify');
    f.deps.services.limits.sqlEngineMinEnterprises = COUNT + 1;
    const mem = await completed(id);
    f.deps.services.limits.sqlEngineMinEnterprises = 50;
    const other = await completed(id);
    expect([mem.run.engine, other.run.engine]).toEqual(['memory', 'sql']);
    // the in-memory run is recomputed in the worker, the SQL run inside PostgreSQL; both identical
    await expect(f.as('reviewer').runs.verify({ runId: mem.run.id })).resolves.toMatchObject({ identical: true, engine: 'memory' });
    await expect(f.as('reviewer').runs.verify({ runId: other.run.id })).resolves.toMatchObject({ identical: true, problem: null, engine: 'sql' });
    // the scratch results of the verification are gone: only the run's own remain
    const scratch = await f.handle.db.selectFrom('sql_run_results' as never).select('run_id' as never).where('run_id' as never, '<', 0 as never).execute();
    expect(scratch).toHaveLength(0);

    // one enterprise's grade changed in the stored chunk (before sign-off: a signed-off run's chunks are frozen)
    const chunk = await f.handle.db.selectFrom('run_results').select('payload').where('run_id', '=', other.run.id).where('chunk_no', '=', 0).executeTakeFirstOrThrow();
    const lines = chunk.payload.split('\n');
    const [row, json] = lines[5]!.split('\t');
    const result = JSON.parse(json!) as { uscc: string; results: Record<string, { grade: string }> };
    const r = result.results['public-credit-class']!;
    r.grade = r.grade === 'A' ? 'D' : 'A';
    lines[5] = `${row}\t${JSON.stringify(result)}`;
    await f.handle.db.updateTable('run_results').set({ payload: lines.join('\n') }).where('run_id', '=', other.run.id).where('chunk_no', '=', 0).execute();
    const v = await f.as('reviewer').runs.verify({ runId: other.run.id });
    expect(v).toMatchObject({ identical: false, engine: 'sql' });
    expect(v.problem).toContain(`第 ${row} 行 ${result.uscc} 的结果不同`);
  }, 120_000);

  it('stores the early warnings and triggers of the in-memory run (whole dataset and a jurisdiction)', async () => {
    const id = await dataset('sql-engine-api-signals');
    for (const jurisdiction of [undefined, '410402']) {
      f.deps.services.limits.sqlEngineMinEnterprises = COUNT + 1;
      const mem = await completed(id, jurisdiction);
      f.deps.services.limits.sqlEngineMinEnterprises = 50;
      const other = await completed(id, jurisdiction);
      expect(other.engine).toBe(dialect === 'postgres' ? 'sql' : 'memory');
      expect(other.run.status).toBe('completed');
      if (jurisdiction) expect(other.run.counts!.evaluated).toBeLessThan(COUNT);
      const expected = await signals(f, mem.run.id);
      expect(expected.some((x) => x.startsWith('warning\t'))).toBe(true);
      expect(expected.some((x) => x.startsWith('trigger\t'))).toBe(true);
      expect(await signals(f, other.run.id)).toEqual(expected);
      // as readers see them: the counts per rule and item
      const counts = async (runId: number) => (await f.as('viewer').runs.signals({ runId })).counts;
      expect(await counts(other.run.id)).toEqual(await counts(mem.run.id));
    }
  }, 120_000);

  it.skipIf(dialect !== 'postgres')('keeps the SQL working rows of the last signed-off and the newest completed run only; a failed run leaves none', async () => {
    const id = await dataset('sql-engine-api-prune');
    f.deps.services.limits.sqlEngineMinEnterprises = 50;
    const workingRows = async (runId: number) =>
      Number((await f.handle.db.selectFrom('sql_run_results' as never).select((eb) => eb.fn.countAll<number>().as('n')).where('run_id' as never, '=', runId as never).executeTakeFirstOrThrow()).n);
    const a = (await completed(id)).run;
    await f.as('reviewer').runs.signOff({ runId: a.id });
    const b = (await completed(id)).run;
    expect([await workingRows(a.id), await workingRows(b.id)]).toEqual([COUNT, COUNT]);
    // a newer completed run supersedes b; a, the published one, stays
    const c = (await completed(id)).run;
    expect([await workingRows(a.id), await workingRows(b.id), await workingRows(c.id)]).toEqual([COUNT, 0, COUNT]);
    // the published and candidate runs' rows still give the runs' lines (verification does not need them)
    expect((await f.as('reviewer').runs.verify({ runId: b.id })).identical).toBe(true);

    // a run failing after its results were written (here: its signals statement is refused by PostgreSQL)
    const ds = await getDataset(f.handle.db, id);
    const started = await startRun(f.handle.db, toActor(f.users['credit-office']!), { datasetId: id, datasetHash: a.datasetHash, at: AT, jurisdiction: null, versions: a.versions, total: ds.rowCount });
    const { documents } = await runDocuments(f.handle.db, toActor(f.users['credit-office']!), a.versions);
    const plan = sqlRunPlanOf(documents, AT, id)!;
    let asked = 0;
    const failing = {
      ...plan,
      signals: (runId: number) => {
        asked = runId;
        return { text: 'select no_such_column from sql_run_results', values: [] };
      },
    };
    await expect(executeSqlEngineRun(f.handle.db, toActor(f.users['credit-office']!), started, failing)).rejects.toThrow(/no_such_column/);
    // the results had been inserted (the signals come after them)
    expect(asked).toBe(started.id);
    const failed = await f.as('viewer').runs.get({ runId: started.id });
    expect(failed.status).toBe('failed');
    expect(failed.error!.zh).toContain('评价失败（数据库内评价）');
    expect(await workingRows(started.id)).toBe(0);
    expect([await workingRows(a.id), await workingRows(c.id)]).toEqual([COUNT, COUNT]);
    // the lines were built at the same time as the signals: none of them is left either
    const stored = async (table: 'run_results' | 'run_signals', runId: number) =>
      Number((await f.handle.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('run_id', '=', runId).executeTakeFirstOrThrow()).n);
    expect([await stored('run_results', started.id), await stored('run_signals', started.id)]).toEqual([0, 0]);

    // the other way round: the lines refused while the signals are stored — the run fails once the
    // signals have been written, and they are removed with it (none left behind by a late slice)
    const again = await startRun(f.handle.db, toActor(f.users['credit-office']!), { datasetId: id, datasetHash: a.datasetHash, at: AT, jurisdiction: null, versions: a.versions, total: ds.rowCount });
    const badLines = { ...plan, lines: () => ({ text: 'select no_such_page from sql_run_results', values: () => [] }) };
    await expect(executeSqlEngineRun(f.handle.db, toActor(f.users['credit-office']!), again, badLines)).rejects.toThrow(/no_such_page/);
    expect((await f.as('viewer').runs.get({ runId: again.id })).status).toBe('failed');
    expect([await stored('run_results', again.id), await stored('run_signals', again.id), await workingRows(again.id)]).toEqual([0, 0, 0]);
    // the good run's signals are still there
    expect(await stored('run_signals', c.id)).toBeGreaterThan(0);
  }, 180_000);

  it.skipIf(dialect !== 'postgres')('stores the signals beside the lines only when the pool has room for both; a smaller pool stores them after, with the same results', async () => {
    const id = await dataset('sql-engine-api-pool');
    f.deps.services.limits.sqlEngineMinEnterprises = 50;
    const reference = (await completed(id)).run;
    const ds = await getDataset(f.handle.db, id);
    const { documents } = await runDocuments(f.handle.db, toActor(f.users['credit-office']!), reference.versions);
    const slices = sqlSliceCount();
    // a pool one short of the slices' backends for the signals, the lines' statements and their read-back, plus one
    for (const [size, sequential] of [[2 * slices + 1, true], [2 * slices + 2, false]] as const) {
      const small = createDb(scratch!.url, { poolSize: size });
      try {
        const started = await startRun(small.db, toActor(f.users['credit-office']!), { datasetId: id, datasetHash: reference.datasetHash, at: AT, jurisdiction: null, versions: reference.versions, total: ds.rowCount });
        const outcome = await executeSqlEngineRun(small.db, toActor(f.users['credit-office']!), started, sqlRunPlanOf(documents, AT, id)!);
        expect([size, outcome.sequential]).toEqual([size, sequential]);
        expect(outcome.run.runHash).toBe(reference.runHash);
        expect(await signals(f, started.id)).toEqual(await signals(f, reference.id));
      } finally {
        await small.destroy();
      }
    }
  }, 120_000);

  it('limits a SQL run to a jurisdiction as the in-memory run does', async () => {
    const id = await dataset('sql-engine-api-j');
    f.deps.services.limits.sqlEngineMinEnterprises = COUNT + 1;
    const mem = await completed(id, '410402');
    f.deps.services.limits.sqlEngineMinEnterprises = 50;
    const other = await completed(id, '410402');
    expect(other.run.status).toBe('completed');
    // a real part of the dataset: some enterprises in the jurisdiction, not all
    expect(other.run.counts!.evaluated).toBeGreaterThan(0);
    expect(other.run.counts!.evaluated).toBeLessThan(COUNT);
    expect(other.run.runHash).toBe(mem.run.runHash);
    expect(await chunks(f, other.run.id)).toEqual(await chunks(f, mem.run.id));
    expect(byRegion(other.run.aggregates)).toEqual(byRegion(mem.run.aggregates));
    expect(early(other.run.aggregates)).toEqual(early(mem.run.aggregates));
  }, 120_000);

  it('completes concurrent starts on a dataset not yet loaded in the relational tables, all with the same results', async () => {
    const id = await dataset('sql-engine-api-race');
    f.deps.services.limits.sqlEngineMinEnterprises = 50;
    const starts = await Promise.allSettled([0, 1, 2].map(() => f.as('credit-office').runs.create({ datasetId: id, at: AT })));
    const ids = starts.map((s) => (s.status === 'fulfilled' ? s.value.id : -1));
    expect(ids.every((x) => x > 0)).toBe(true);
    await Promise.all(ids.map((x) => runSettled(x)));
    const runs = await Promise.all(ids.map((runId) => f.as('viewer').runs.get({ runId })));
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
    expect(new Set(runs.map((r) => r.runHash)).size).toBe(1);
    if (dialect === 'postgres') {
      const loads = await f.handle.db.selectFrom('ds_relational_loads' as never).select('dataset_id' as never).where('dataset_id' as never, '=', id as never).execute();
      expect(loads).toHaveLength(1);
    }
  }, 120_000);
});
