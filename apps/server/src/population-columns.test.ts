/**
 * Population columns written at import (issue 16, faster cold start), on both dialects: every way a
 * dataset version comes to be — an import in the process (CLI, the sample data at first start), an
 * import job in the server's worker (upload, generation), a delta — leaves that version's columns
 * stored, and the first load of it reads them and no JSON chunk (the chunks are deleted before the
 * load: a load that read them would fail). A refused import leaves no columns; columns that cannot be
 * stored do not cost the import (it stands on its chunks, and the first load stores them then).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDatasetDelta, COLUMN_PART_BYTES, importDataset, readDatasetColumns, rebuildDatasetColumns } from '@policy/db';
import type { Actor } from '@policy/db';
import { DIALECTS, makeActor, openTestDb } from '@policy/db/test-support';
import type { TestDb } from '@policy/db/test-support';
import { decodePopulationColumns, populationColumnsCollector } from '@policy/evaluation';
import type { Population } from '@policy/evaluation';
import { generatedJsonl } from './generate-jsonl.ts';
import { ImportJobStore, newJob, runGenerate } from './imports.ts';
import { silentLogger } from './logger.ts';
import { loadPopulation, loadSettings } from './population.ts';
import type { ColumnsEvent } from './population.ts';
import { lanes, warmUp } from './worker-pool.ts';

/** A population as plain data (typed arrays as arrays of their type, whatever their buffer; NaN kept apart), for deep equality. */
function plain(pop: Population): unknown {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(pop)) {
    if (ArrayBuffer.isView(v)) out[k] = { type: v.constructor.name, values: Array.from(v as Float64Array, (x) => (Number.isNaN(x) ? 'NaN' : x)) };
    else if (v instanceof Map) out[k] = [...v.entries()].map(([key, col]) => [key, plain(col as never)]);
    else out[k] = v;
  }
  return out;
}

describe.each(DIALECTS)('population columns stored at import on %s', (dialect) => {
  let t: TestDb;
  let office: Actor;

  beforeAll(async () => {
    await warmUp();
    t = await openTestDb(dialect);
    office = await makeActor(t.db, 'credit-office');
  }, 120_000);
  afterAll(async () => {
    await t?.destroy();
  });

  /** The stored column rows of a dataset (any version). */
  const columnRows = async (id?: number) => {
    const where = id === undefined ? sql`` : sql` where dataset_id = ${id}`;
    const r = await sql<{ n: number | string }>`select count(*) as n from dataset_columns${where}`.execute(t.db);
    return Number(r.rows[0]!.n);
  };

  /** Loads a dataset with its chunks deleted first (so a load that parsed JSON would fail), telling how it was loaded. */
  async function loadWithoutChunks(id: number) {
    await t.rawExec(`delete from dataset_chunks where dataset_id = ${id}`);
    const events: ColumnsEvent[] = [];
    const pop = await loadPopulation(t.db, id, { onColumns: (e) => events.push(e) });
    return { pop, events };
  }

  it('an import with a collector stores the columns with the dataset; its first load reads them and no chunk, the same population as from JSON', async () => {
    const input = generatedJsonl(5_000, 'columns-at-import');
    const r = await importDataset(t.db, office, { name: 'in process', format: 'jsonl', input, columns: populationColumnsCollector() });
    if (!r.success) throw new Error('import failed');
    expect(r.columns).toMatchObject({ stored: true });
    const stored = await readDatasetColumns(t.db, r.dataset.id, 1);
    expect(stored).not.toBeNull();
    // what the import stored is the population the JSON chunks give
    const fromJson = await loadPopulation(t.db, r.dataset.id, { columns: false });
    expect(plain(decodePopulationColumns(stored!))).toEqual(plain(fromJson));
    const { pop, events } = await loadWithoutChunks(r.dataset.id);
    expect(events.map((e) => e.kind)).toEqual(['read']);
    expect(pop.n).toBe(5_000);
    expect(pop.uscc).toEqual(fromJson.uscc);
    expect(plain(pop)).toEqual(plain(fromJson));
  });

  it("an import job in the server's worker (a generation) stores the columns with the dataset", async () => {
    const jobs = new ImportJobStore(t.db, silentLogger, 60_000);
    const deps = { db: t.db, logger: silentLogger, services: { jobs } };
    try {
      const job = newJob(deps, { name: 'generated in the worker', format: 'jsonl', createdBy: office.username, bytesTotal: null });
      const done = await runGenerate(deps, office, job, 6_000, 'columns-job');
      expect(done.phase).toBe('done');
      const id = done.datasetId!;
      expect(await readDatasetColumns(t.db, id, 1)).not.toBeNull();
      const { pop, events } = await loadWithoutChunks(id);
      expect(events.map((e) => e.kind)).toEqual(['read']);
      expect(pop.n).toBe(6_000);
    } finally {
      await jobs.settle();
      jobs.stop();
    }
  });

  it('a refused import leaves no dataset and no columns', async () => {
    const before = await columnRows();
    const bad = generatedJsonl(3_000, 'columns-refused').toString('utf8') + '{"uscc":"not a uscc"}\n';
    const r = await importDataset(t.db, office, { name: 'refused', format: 'jsonl', input: Buffer.from(bad), columns: populationColumnsCollector() });
    expect(r.success).toBe(false);
    expect(await t.db.selectFrom('datasets').select('id').where('name', '=', 'refused').execute()).toEqual([]);
    expect(await columnRows()).toBe(before);
  });

  it('columns that cannot be stored do not cost the import: it stands on its chunks, and the first load stores them', async () => {
    // the columns table out of the way: every insert into it fails
    await t.rawExec('alter table dataset_columns rename to dataset_columns_away');
    let r;
    try {
      r = await importDataset(t.db, office, { name: 'columns failed', format: 'jsonl', input: generatedJsonl(2_500, 'columns-failed'), columns: populationColumnsCollector() });
    } finally {
      await t.rawExec('alter table dataset_columns_away rename to dataset_columns');
    }
    if (!r.success) throw new Error('import failed');
    expect(r.columns.stored).toBe(false);
    expect(r.columns.stored ? '' : r.columns.message).toMatch(/dataset_columns/);
    expect(r.dataset.rowCount).toBe(2_500);
    expect(await columnRows(r.dataset.id)).toBe(0);
    const events: ColumnsEvent[] = [];
    const pop = await loadPopulation(t.db, r.dataset.id, { keepAs: `test:${r.dataset.id}`, onColumns: (e) => events.push(e) });
    expect(pop.n).toBe(2_500);
    await expect.poll(() => events.map((e) => e.kind)).toEqual(['written']);
    expect(await readDatasetColumns(t.db, r.dataset.id, 1)).not.toBeNull();
  });

  it('a collector that fails leaves the import as it is, without columns', async () => {
    const failing = { add: () => undefined, finish: (): Uint8Array => { throw new Error('out of memory (test)'); } };
    const r = await importDataset(t.db, office, { name: 'collector failed', format: 'jsonl', input: generatedJsonl(100, 'collector-failed'), columns: failing });
    if (!r.success) throw new Error('import failed');
    expect(r.columns).toEqual({ stored: false, message: 'out of memory (test)' });
    expect(await columnRows(r.dataset.id)).toBe(0);
  });

  it("a delta's new version gets its columns right after (policy db update), read at its first load", async () => {
    const r = await importDataset(t.db, office, { name: 'delta', format: 'jsonl', input: generatedJsonl(3_000, 'columns-delta'), columns: populationColumnsCollector() });
    if (!r.success) throw new Error('import failed');
    const v1 = await loadPopulation(t.db, r.dataset.id);
    const first = v1.uscc[0]!;
    const d = await applyDatasetDelta(t.db, office, r.dataset.id, { deregister: [{ uscc: first, date: '2026-11-20' }] });
    if (!d.success) throw new Error(`delta refused: ${d.errors.map((e) => e.message).join('; ')}`);
    expect(d.dataset.version).toBe(2);
    // the old version's columns are not the new version's
    expect(await readDatasetColumns(t.db, r.dataset.id, 2)).toBeNull();
    expect(await rebuildDatasetColumns(t.db, r.dataset.id, populationColumnsCollector())).toBeGreaterThan(0);
    expect(await readDatasetColumns(t.db, r.dataset.id, 1)).toBeNull();
    const fromJson = await loadPopulation(t.db, r.dataset.id, { columns: false });
    const { pop, events } = await loadWithoutChunks(r.dataset.id);
    expect(events.map((e) => e.kind)).toEqual(['read']);
    expect(plain(pop)).toEqual(plain(fromJson));
    // the columns read are the new version's (the deregistration in them), not the old one's
    expect(plain(pop)).not.toEqual(plain(v1));
  });

  it('read by the jobs worker straight into the evaluation worker, or on this thread when that worker is busy: the same population; corrupted columns are reported and the chunks read instead', async () => {
    const r = await importDataset(t.db, office, { name: 'two paths', format: 'jsonl', input: generatedJsonl(4_000, 'columns-paths'), columns: populationColumnsCollector() });
    if (!r.success) throw new Error('import failed');
    const id = r.dataset.id;
    const fromJson = await loadPopulation(t.db, id, { columns: false });
    const ops: string[] = [];
    const call = lanes.jobs.call.bind(lanes.jobs);
    lanes.jobs.call = ((op: string, payload: unknown, options?: object) => {
      ops.push(`${op}${(payload as { port?: unknown } | null)?.port ? ' (port)' : ''}`);
      return call(op, payload, options);
    }) as typeof lanes.jobs.call;
    const events: ColumnsEvent[] = [];
    let byJobs: Population;
    // (PostgreSQL: in parts of 64 KB, so that their buffers come back and are used again)
    loadSettings.columnPartBytes = 64 * 1024;
    try {
      byJobs = await loadPopulation(t.db, id, { onColumns: (e) => events.push(e) });
    } finally {
      lanes.jobs.call = call;
      loadSettings.columnPartBytes = COLUMN_PART_BYTES;
    }
    expect(ops).toContain('columns.read (port)');
    // the jobs worker busy (an import): read on this thread
    Object.defineProperty(lanes.jobs, 'busy', { get: () => true, configurable: true });
    let here: Population;
    try {
      here = await loadPopulation(t.db, id, { onColumns: (e) => events.push(e) });
    } finally {
      delete (lanes.jobs as { busy?: boolean }).busy;
    }
    expect(events.map((e) => e.kind)).toEqual(['read', 'read']);
    expect(plain(byJobs)).toEqual(plain(fromJson));
    expect(plain(here)).toEqual(plain(fromJson));
    // loaded by the jobs worker, or (busy) on this thread: the population and the column events
    const loadWith = async (busy: boolean): Promise<{ pop: Population; seen: ColumnsEvent[] }> => {
      const seen: ColumnsEvent[] = [];
      if (busy) Object.defineProperty(lanes.jobs, 'busy', { get: () => true, configurable: true });
      try {
        return { pop: await loadPopulation(t.db, id, { onColumns: (e) => seen.push(e) }), seen };
      } finally {
        delete (lanes.jobs as { busy?: boolean }).busy;
      }
    };
    // a byte changed in the stored columns: reported, dropped, and the chunks read (either way)
    for (const busy of [false, true]) {
      expect(await rebuildDatasetColumns(t.db, id, populationColumnsCollector())).toBeGreaterThan(0);
      const piece = await sql<{ bytes: Uint8Array }>`select bytes from dataset_columns where dataset_id = ${id} and piece_no = 0`.execute(t.db);
      const bytes = Buffer.from(piece.rows[0]!.bytes);
      bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0x5a;
      await sql`update dataset_columns set bytes = ${bytes} where dataset_id = ${id} and piece_no = 0`.execute(t.db);
      const { pop, seen } = await loadWith(busy);
      expect(seen.map((e) => e.kind)).toEqual(['unusable']);
      expect(plain(pop)).toEqual(plain(fromJson));
      expect(await columnRows(id)).toBe(0);
    }
    // a piece missing (not the first: PostgreSQL takes the count piece 0 claims, and the read finds the gap):
    // no population from the columns, the chunks read instead (either way)
    for (const busy of [false, true]) {
      expect(await rebuildDatasetColumns(t.db, id, populationColumnsCollector())).toBeGreaterThan(0);
      const pieces = await columnRows(id);
      // (PostgreSQL's pieces are a page each: many; SQLite's 32 MB: one here, then that one)
      if (dialect === 'postgres') expect(pieces).toBeGreaterThan(1);
      await sql`delete from dataset_columns where dataset_id = ${id} and piece_no = ${pieces - 1}`.execute(t.db);
      const { pop, seen } = await loadWith(busy);
      expect(seen.map((e) => e.kind)).not.toContain('read');
      expect(plain(pop)).toEqual(plain(fromJson));
    }
  });
});
