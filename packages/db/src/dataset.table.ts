import type { Generated, Selectable } from 'kysely';

export interface DatasetTable {
  id: Generated<number>;
  name: string;
  created_by: string;
  created_at: string;
  row_count: number;
  /**
   * `importing` while its rows are written (invisible to every read), `ready` once the import
   * committed its last transaction.
   */
  status: 'importing' | 'ready';
  /** File format it came from. */
  source_format: string;
  /** 1 when imported, +1 per applied delta (dataset-delta.ts). */
  version: Generated<number>;
  /** SHA-256 of the stored chunks as of the last delta; null until one is applied. */
  content_hash: string | null;
  /** When the last delta was applied; null for a dataset as imported. */
  updated_at: string | null;
}
export type DatasetRow = Selectable<DatasetTable>;

export interface DatasetEnterpriseTable {
  dataset_id: number;
  /** Position in the imported file (1-based, in file order). */
  row_number: number;
  uscc: string;
  name: string;
  industry_code: string;
  region_code: string | null;
}

/** The records of a dataset in import order, `row_count` consecutive rows per chunk. */
export interface DatasetChunkTable {
  dataset_id: number;
  /** 0-based, in import order. */
  chunk_no: number;
  /** `row_number` of the first record in the chunk. */
  first_row: number;
  row_count: number;
  /**
   * JSON array of the enterprise records (CONTRACTS §1) of rows `first_row … first_row + row_count - 1`,
   * ASCII only (non-ASCII characters as `\uXXXX` escapes).
   */
  payload: string;
}
