import { usccCheckChar } from '@policy/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { importPrepared, removeUnfinishedDatasets } from './dataset-import.repository.ts';
import { prepareImport } from './dataset-prepare.ts';
import { getDataset, listDatasets } from './dataset.repository.ts';
import type { PreparedBatch, PreparedSummary } from './dataset-prepare.ts';
import { getImportJob, INTERRUPTED_MESSAGE, interruptUnfinishedImportJobs, listImportJobs, pruneImportJobs, saveImportJob } from './import-job.repository.ts';
import type { ImportJobRecord } from './import-job.repository.ts';
import type { TestDb } from './test-support.ts';
import { DIALECTS, makeActor, openTestDb } from './test-support.ts';

function uscc(n: number): string {
  const first17 = `91350100${String(n).padStart(9, '0')}`;
  return first17 + usccCheckChar(first17)!;
}
const jsonl = (n: number) =>
  Array.from({ length: n }, (_, i) => JSON.stringify({ uscc: uscc(i + 1), name: `企业${i + 1}`, industryCode: 'C1391', status: 'active', publicCreditScore: 80 })).join('\n');

const job = (id: string, extra: Partial<ImportJobRecord> = {}): ImportJobRecord => ({
  id,
  name: `job ${id}`,
  format: 'jsonl',
  createdBy: 'credit-office',
  phase: 'importing',
  bytesReceived: 3_000_000_000, // beyond 32 bits
  bytesTotal: 3_000_000_000,
  rows: 10,
  startedAt: `2026-11-26T10:00:0${id.slice(-1)}.000Z`,
  finishedAt: null,
  datasetId: null,
  errors: [],
  errorCount: 0,
  warningCount: 0,
  message: null,
  ...extra,
});

describe.each(DIALECTS)('import jobs and unfinished imports on %s', (dialect) => {
  let t: TestDb;
  let office: Actor;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    office = await makeActor(t.db, 'credit-office');
  });
  afterAll(() => t?.destroy());

  it('stores, updates and lists jobs; unfinished ones read "failed: interrupted" after interruptUnfinishedImportJobs', async () => {
    await saveImportJob(t.db, job('j1'));
    await saveImportJob(t.db, job('j2', { phase: 'receiving' }));
    await saveImportJob(t.db, job('j3', { phase: 'failed', errors: [{ file: 'a.jsonl', row: 2, path: '/uscc', message: '错', messageEn: 'wrong' }], errorCount: 1 }));
    await saveImportJob(t.db, { ...job('j1'), rows: 20 });
    expect(await getImportJob(t.db, 'j1')).toMatchObject({ rows: 20, bytesReceived: 3_000_000_000, phase: 'importing' });
    expect((await getImportJob(t.db, 'j3'))!.errors).toEqual([{ file: 'a.jsonl', row: 2, path: '/uscc', message: '错', messageEn: 'wrong' }]);
    expect(await getImportJob(t.db, 'nope')).toBeUndefined();
    expect((await listImportJobs(t.db)).map((j) => j.id)).toEqual(['j3', 'j2', 'j1']);

    expect((await interruptUnfinishedImportJobs(t.db)).sort()).toEqual(['j1', 'j2']);
    for (const id of ['j1', 'j2']) {
      expect(await getImportJob(t.db, id)).toMatchObject({ phase: 'failed', interrupted: true, message: INTERRUPTED_MESSAGE });
    }
    expect(INTERRUPTED_MESSAGE).toMatch(/中断.*interrupted/);
    expect((await getImportJob(t.db, 'j3'))!.interrupted).toBeUndefined();
    await pruneImportJobs(t.db, 2);
    expect((await listImportJobs(t.db)).map((j) => j.id)).toEqual(['j3', 'j2']);
  });

  it('keeps a dataset invisible while its rows are written, and removes an import cut off midway at the next start', async () => {
    const source = prepareImport({ format: 'jsonl', input: jsonl(12_000), progressEvery: 4_000 });
    let written = 0;
    let seenWhileWriting: string[] | undefined;
    // a source that stops the "process" after two batches: nothing more is ever written
    const cut: AsyncIterator<PreparedBatch, PreparedSummary> = {
      next: async () => {
        if (written === 2) {
          seenWhileWriting = (await listDatasets(t.db)).map((d) => d.name);
          return new Promise(() => undefined); // the process dies here: the promise never settles
        }
        written++;
        return source.next();
      },
    };
    void importPrepared(t.db, office, { name: 'cut-off', format: 'jsonl' }, cut);
    await expect.poll(() => seenWhileWriting, { timeout: 10_000 }).toBeDefined();
    expect(seenWhileWriting).not.toContain('cut-off');
    const staged = await t.db.selectFrom('datasets').select(['id', 'status']).where('name', '=', 'cut-off').executeTakeFirstOrThrow();
    expect(staged.status).toBe('importing');
    await expect(getDataset(t.db, Number(staged.id))).rejects.toThrow(/no such dataset/);
    const rows = await t.db.selectFrom('dataset_enterprises').select('row_number').where('dataset_id', '=', Number(staged.id)).execute();
    expect(rows.length).toBeGreaterThan(0); // written, but not visible

    expect(await removeUnfinishedDatasets(t.db)).toEqual([Number(staged.id)]);
    for (const table of ['dataset_enterprises', 'dataset_chunks'] as const) {
      expect(await t.db.selectFrom(table).select('dataset_id').where('dataset_id', '=', Number(staged.id)).execute()).toEqual([]);
    }
    expect(await t.db.selectFrom('datasets').select('id').where('name', '=', 'cut-off').execute()).toEqual([]);

    // the name is free again, and a complete import becomes visible at once
    const r = await importPrepared(t.db, office, { name: 'cut-off', format: 'jsonl' }, prepareImport({ format: 'jsonl', input: jsonl(5) }));
    expect(r).toMatchObject({ success: true, dataset: { rowCount: 5 } });
    expect((await listDatasets(t.db)).map((d) => d.name)).toContain('cut-off');
  });

  it('removes what it wrote before the first bad row', async () => {
    const text = jsonl(9_000) + '\n{"uscc":"bad"}\n';
    const r = await importPrepared(t.db, office, { name: 'refused', format: 'jsonl' }, prepareImport({ format: 'jsonl', input: text, progressEvery: 2_000 }));
    expect(r.success).toBe(false);
    expect(await t.db.selectFrom('datasets').select('id').where('name', '=', 'refused').execute()).toEqual([]);
  });
});
