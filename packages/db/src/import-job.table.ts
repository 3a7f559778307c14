/** Import jobs (uploads and generations), recorded as they go: see import-job.repository.ts. */
export const IMPORT_JOB_PHASES = ['receiving', 'importing', 'done', 'failed'] as const;
export type ImportJobPhase = (typeof IMPORT_JOB_PHASES)[number];

export interface ImportJobTable {
  /** A UUID. */
  id: string;
  /** The dataset name asked for. */
  name: string;
  format: string;
  created_by: string;
  phase: ImportJobPhase;
  bytes_received: number;
  bytes_total: number | null;
  /** Rows read so far; the dataset's row count once done. */
  rows: number;
  started_at: string;
  finished_at: string | null;
  /** The dataset made (phase `done`). */
  dataset_id: number | null;
  /** JSON array of the bad rows (file, row, path, message, messageEn) of a refused file. */
  errors: string;
  error_count: number;
  warning_count: number;
  message: string | null;
  /** 1 when the job was cut off by a restart (phase `failed`). */
  interrupted: number;
}
