import type { Generated, Selectable } from 'kysely';

export interface DatasetTable {
  id: Generated<number>;
  name: string;
  created_by: string;
  created_at: string;
  row_count: number;
  /** Always `ready` when visible: the row is committed together with its enterprises. */
  status: 'ready';
  /** File format it came from. */
  source_format: string;
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
  /** The whole enterprise record (CONTRACTS §1) as JSON text. */
  payload: string;
}
