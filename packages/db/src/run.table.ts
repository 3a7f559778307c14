import type { Generated, Selectable } from 'kysely';

/**
 * Official evaluation runs: a dataset evaluated at a date with the exact versions in force then,
 * stored with their results and hash; signed off by a reviewer other than the creator, then frozen
 * (database triggers).
 */
export interface RunTable {
  id: Generated<number>;
  dataset_id: number;
  dataset_name: string;
  /** SHA-256 over the dataset's stored chunks in order ({@link datasetContentHash}). */
  dataset_hash: string;
  /** The dataset's version when the run started (datasets.version); null for runs before versions. */
  dataset_version: number | null;
  at: string;
  /** Region-code prefix the run is limited to, or null for the whole dataset. */
  jurisdiction: string | null;
  /** JSON: {@link RunVersion}[] — the versions in force at `at`. */
  versions: string;
  status: RunStatus;
  /** JSON `{ zh, en }` when failed. */
  error: string | null;
  progress_done: number;
  progress_total: number;
  /** JSON {@link RunCounts}. */
  counts: string | null;
  /** JSON: distributions by document and grade, department, domain, section, region (opaque here). */
  aggregates: string | null;
  run_hash: string | null;
  created_by: string;
  created_at: string;
  completed_at: string | null;
  /** Last sign of life of the process running it (a running run without one for long was interrupted). */
  heartbeat_at: string;
  signed_off_by: string | null;
  signed_off_at: string | null;
  /** The engine that computed the run ({@link RunEngine}): `sql` from the start of a SQL run, `memory` at an in-memory run's completion; null otherwise (and for runs completed before engines were recorded). */
  engine: RunEngine | null;
}
export type RunRow = Selectable<RunTable>;

/** Results of a run, {@link RUN_CHUNK_ROWS} enterprises per row. */
export interface RunResultTable {
  run_id: number;
  chunk_no: number;
  /** Dataset row (0-based) of the chunk's first enterprise. */
  first_row: number;
  row_count: number;
  /** One line per enterprise: `<dataset row>\t<result JSON>\n`. */
  payload: string;
}

/** One early warning or trigger of one enterprise in a run (issue 13; migration run_signals). */
export interface RunSignalTable {
  run_id: number;
  /** Order within the run (the evaluator's: enterprise, then warnings before triggers). */
  seq: number;
  /** `warning` or `trigger`. */
  kind: string;
  document_id: string;
  /** Rule id (warning) or item code (trigger). */
  code: string;
  /** Department owning the rule or the item list. */
  owner: string;
  /** Dataset row of the enterprise. */
  row_no: number;
  uscc: string;
  name: string;
  /** JSON array: the enterprise's supervising departments. */
  departments: string;
  /** JSON: `{ notify }` or `{ triggers, measures }`. */
  detail: string;
}

/** `sql`: evaluated inside PostgreSQL (sql-run-executor.ts); `memory`: in the process. */
export type RunEngine = 'sql' | 'memory';

export const RUN_STATUSES = ['running', 'failed', 'completed', 'signed-off'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** One document version of the set a run was evaluated with. */
export interface RunVersion {
  documentId: string;
  versionNumber: number;
  contentHash: string;
}

export interface RunCounts {
  /** Enterprises in the dataset. */
  dataset: number;
  /** Enterprises evaluated (within the jurisdiction). */
  evaluated: number;
  /** Of those, outside the register on the day (deregistered): evaluated, stored nowhere. */
  outside?: number;
}
