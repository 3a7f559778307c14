import type { Generated, Selectable } from 'kysely';

/**
 * Golden cases of a document version (migration `2026_11_26_05_00_00_golden_cases`). A new draft
 * gets a copy of its parent version's cases; a sealed version's cases never change.
 */
export interface GoldenCaseTable {
  id: Generated<number>;
  version_id: number;
  /** 0, 1, 2 … per version: the order of the cases. */
  position: number;
  /** Unique per version; shown when the case fails and used to match cases between versions. */
  name: string;
  /** Evaluation date (YYYY-MM-DD). */
  at: string;
  /** The enterprise record (CONTRACTS §1) as JSON text. */
  enterprise: string;
  /** The expected result as JSON text; its shape depends on the document kind (`caseExpectations`). */
  expect: string;
  /** Where the case came from: `policies/<id>/v<N>.cases.json`, `dataset:<id>`, … */
  source: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
}
export type GoldenCaseRow = Selectable<GoldenCaseTable>;

/** Versions whose cases are frozen (sealed when the version leaves draft, or after an import). Append-only. */
export interface GoldenCaseSealTable {
  version_id: number;
  at: string;
}

/** A reviewer's written reason to publish a version whose golden cases fail. Append-only. */
export interface GoldenOverrideTable {
  id: Generated<number>;
  version_id: number;
  reason: string;
  actor: string;
  actor_id: number | null;
  /** JSON array of the names of the cases failing when the override was recorded. */
  failing: string;
  at: string;
}
export type GoldenOverrideRow = Selectable<GoldenOverrideTable>;
