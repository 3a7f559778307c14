/**
 * Slices of a SQL run (issue 16): PostgreSQL runs the `SELECT` of an `INSERT … SELECT` in one
 * process, so on one server a run uses one core however many it has. A bundle statement compiled
 * with a row range (`bundleSql(…, { rowRange: true })` of `@policy/evaluation`) is therefore
 * executed as several slices of the dataset's rows at once, each in its own transaction and backend;
 * the pages of the run's lines are built by as many statements at once. On Citus the work is
 * already split by shard (each shard's part runs on its worker): one slice.
 *
 * The number of slices is the apps' setting `POLICY_SQL_SLICES` (1–64, {@link configureSqlSlices}), by
 * default the cores of this machine (at most 8) — right when PostgreSQL runs beside the process, a
 * guess otherwise.
 */
import { availableParallelism } from 'node:os';
import { CompiledQuery } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';

let configured: number | null = null;

/**
 * Sets the slices of this process's SQL runs (the apps' settings: `POLICY_SQL_SLICES`, 1–64); undefined:
 * the default, the cores of this machine (at most 8).
 */
export function configureSqlSlices(slices: number | undefined): void {
  if (slices !== undefined && (!Number.isInteger(slices) || slices < 1 || slices > 64)) {
    throw new Error(`POLICY_SQL_SLICES 应为 1 到 64 的整数，实际为「${slices}」 / POLICY_SQL_SLICES must be an integer from 1 to 64, got ${slices}`);
  }
  configured = slices ?? null;
}

/** The slices a SQL run is split into here (see the module note and {@link configureSqlSlices}). */
export function sqlSliceCount(): number {
  return configured ?? Math.max(1, Math.min(availableParallelism(), 8));
}

/**
 * The setting `POLICY_SQL_SLICES` as text (an environment variable): undefined when unset or blank; throws
 * a message naming the setting and the value when it is not an integer from 1 to 64.
 */
export function parseSqlSlices(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!/^\s*\d+\s*$/.test(raw) || n < 1 || n > 64) {
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
