/**
 * Slices of a SQL run (issue 16): PostgreSQL runs the `SELECT` of an `INSERT … SELECT` in one
 * process, so on one server a run uses one core however many it has. A bundle statement compiled
 * with a row range (`bundleSql(…, { rowRange: true })` of `@policy/evaluation`) is therefore
 * executed as several slices of the dataset's rows at once, each in its own transaction and backend;
 * the pages of the run's lines are built by as many statements at once. On Citus the work is
 * already split by shard (each shard's part runs on its worker): one slice.
 *
 * The number of slices is `POLICY_SQL_SLICES` (1–64), by default the cores of this machine (at most
 * 8) — right when PostgreSQL runs beside the process, a guess otherwise.
 */
import { availableParallelism } from 'node:os';
import { CompiledQuery } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';

/** The slices a SQL run is split into here (see the module note); throws on a malformed `POLICY_SQL_SLICES`. */
export function sqlSliceCount(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const raw = env.POLICY_SQL_SLICES;
  if (raw === undefined || raw.trim() === '') return Math.max(1, Math.min(availableParallelism(), 8));
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new Error(`环境变量 POLICY_SQL_SLICES 应为 1 到 64 的整数，实际为「${raw}」 / POLICY_SQL_SLICES must be an integer from 1 to 64, got "${raw}"`);
  }
  return n;
}

/**
 * `count` half-open ranges `[from, to)` of the row numbers of dataset `datasetId` covering all its
 * enterprises, of equal width (row numbers are the enterprises' positions: the slices hold about as
 * many enterprises each). Fewer when the dataset has fewer rows; one empty range for an empty one.
 */
export async function rowSlices(db: Kysely<Database>, datasetId: number, count: number): Promise<[number, number][]> {
  const r = await db.executeQuery<{ lo: number | null; hi: number | null }>(
    CompiledQuery.raw('select min(row_no) as lo, max(row_no) as hi from ds_enterprises where dataset_id = $1', [datasetId]),
  );
  const lo = r.rows[0]?.lo ?? null;
  const hi = r.rows[0]?.hi ?? null;
  if (lo === null || hi === null) return [[0, 0]];
  const width = hi + 1 - lo;
  const k = Math.max(1, Math.min(count, width));
  const bounds = Array.from({ length: k + 1 }, (_, i) => lo + Math.round((width * i) / k));
  return bounds.slice(0, k).map((from, i) => [from, bounds[i + 1]!]);
}
