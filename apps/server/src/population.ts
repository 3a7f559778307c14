/**
 * Where storage meets evaluation: a dataset of `@policy/db` read into the evaluator's columnar
 * `Population`, and reproducible samples of a dataset's records. Both read only the chunks of
 * records that packages/db exposes; nothing here caches (see population-cache.ts).
 */
import { CHUNK_ROWS, forEachDatasetChunk, getDataset, listDatasetChunks, loadDataset, readDatasetChunks } from '@policy/db';
import type { Database } from '@policy/db';
import { createRng, PopulationBuilder } from '@policy/evaluation';
import type { Population } from '@policy/evaluation';
import type { EnterpriseRecord } from '@policy/schemas';
import type { Kysely } from 'kysely';

/**
 * A dataset in the evaluation's columnar form, built while streaming its chunks (about 2 s per
 * million enterprises on SQLite and PostgreSQL). NOT_FOUND for a missing or meanwhile deleted dataset.
 *
 * @example
 * const population = await loadPopulation(db, 3);
 * const results = evaluator.evaluate(population, '2026-10-31');
 */
export async function loadPopulation(db: Kysely<Database>, datasetId: number): Promise<Population> {
  const ds = await getDataset(db, datasetId);
  const builder = new PopulationBuilder(ds.rowCount + 1);
  await forEachDatasetChunk(db, ds, (records) => {
    for (const r of records) builder.add(r);
  });
  return builder.finish();
}

/** How many chunks a sample is drawn from, per chunk's worth of sampled records. */
const SAMPLE_SPREAD = 4;

/**
 * `size` records of a dataset (all of them when it has no more), the same for the same seed, in
 * import order — without loading the whole dataset: the records are drawn from
 * `ceil(size / CHUNK_ROWS) × 4` chunks (one chosen at random from each of that many equal stretches
 * of the file, so the sample spans it), then `size` of those by a seeded shuffle. At 1,000,000
 * enterprises a 20,000 sample parses 80,000 records instead of a million.
 *
 * @example
 * const sample = await sampleDataset(db, 3, 20_000, 'admin-live-preview');
 */
export async function sampleDataset(db: Kysely<Database>, datasetId: number, size: number, seed: string | number): Promise<EnterpriseRecord[]> {
  const ds = await getDataset(db, datasetId);
  const want = Math.max(0, Math.floor(size));
  if (want >= ds.rowCount) return loadDataset(db, datasetId);
  if (want === 0) return [];
  const rng = createRng(seed);
  const all = await listDatasetChunks(db, datasetId);
  const strata = Math.min(all.length, Math.ceil(want / CHUNK_ROWS) * SAMPLE_SPREAD);
  let picked: typeof all = [];
  for (let k = 0; k < strata; k++) {
    const from = Math.floor((k * all.length) / strata);
    const to = Math.floor(((k + 1) * all.length) / strata);
    picked.push(all[from + rng.int(to - from)]!);
  }
  // chunks of other sizes (a short last chunk) could leave too few records: then take them all
  if (picked.reduce((n, c) => n + c.rowCount, 0) < want) picked = all;
  const pool: EnterpriseRecord[] = [];
  for (const records of await readDatasetChunks(db, datasetId, picked.map((c) => c.chunkNo))) {
    for (const r of records) pool.push(r);
  }
  // seeded partial shuffle of the pool's positions, then back in import order
  const idx = Array.from({ length: pool.length }, (_, i) => i);
  for (let k = 0; k < want; k++) {
    const j = k + rng.int(pool.length - k);
    [idx[k], idx[j]] = [idx[j]!, idx[k]!];
  }
  return idx
    .slice(0, want)
    .sort((a, b) => a - b)
    .map((i) => pool[i]!);
}
