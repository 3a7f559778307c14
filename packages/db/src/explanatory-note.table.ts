import type { Selectable } from 'kysely';

/**
 * 起草说明: one explanatory note per version (migration 2026_11_26_22_00_00_explanatory_notes). Written
 * only while the version is a draft or in review (database guard); a rejection's new draft starts with
 * the rejected version's note.
 */
export interface ExplanatoryNoteTable {
  version_id: number;
  text: string;
  /** Optimistic concurrency: 1 for the first text, +1 on every change. */
  revision: number;
  /** Login name of whoever changed it last. */
  updated_by: string;
  updated_by_id: number | null;
  updated_at: string;
}
export type ExplanatoryNoteRow = Selectable<ExplanatoryNoteTable>;
