import type { Generated, Selectable } from 'kysely';

/**
 * 双随机 draws: run on the published set at a date, stored with their seed, roster and exact versions
 * so that they can be re-run; publishable once (一公开).
 */
export interface DrawTable {
  id: Generated<number>;
  name: string;
  dataset_id: number;
  at: string;
  department: string | null;
  seed: string;
  round: number;
  /** JSON: the inspectors drawn from ({@link DrawInspector}[]). */
  roster: string;
  /** JSON: the version set evaluated ({@link DrawVersion}[]). */
  versions: string;
  /** JSON: groups and inspections. */
  result: string;
  /** SHA-256 of the canonical result (`contentHash`): a re-run must give the same. */
  result_hash: string;
  status: DrawStatus;
  created_by: string;
  created_at: string;
  published_by: string | null;
  published_at: string | null;
}
export type DrawRow = Selectable<DrawTable>;

export const DRAW_STATUSES = ['draft', 'published'] as const;
export type DrawStatus = (typeof DRAW_STATUSES)[number];

/** One inspector of a draw's roster. */
export interface DrawInspector {
  id: string;
  name: string;
  department: string;
}

/** One document version of the set a draw was run on. */
export interface DrawVersion {
  documentId: string;
  versionNumber: number;
  contentHash: string;
}
