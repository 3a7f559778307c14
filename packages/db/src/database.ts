/** The Kysely `Database` interface: one property per table. */
import type { AuditLogTable, ReleaseTable } from './audit.table.ts';
import type { DatasetChunkTable, DatasetEnterpriseTable, DatasetTable } from './dataset.table.ts';
import type { ApprovalSettingTable, DocumentTable, ReviewTable, VersionTable } from './document.table.ts';
import type { ExplanatoryNoteTable } from './explanatory-note.table.ts';
import type { DrawOutcomeTable, DrawRedrawTable, DrawRoundTable, DrawTable } from './draw.table.ts';
import type { InspectorTable } from './inspector.table.ts';
import type { GoldenCaseSealTable, GoldenCaseTable, GoldenOverrideTable } from './golden-case.table.ts';
import type { ImportJobTable } from './import-job.table.ts';
import type { ObjectionTable, RunCorrectionTable } from './objection.table.ts';
import type { RunResultTable, RunSignalTable, RunTable } from './run.table.ts';
import type { LoginAttemptTable, SecurityEventTable } from './security.table.ts';
import type { AppSettingTable } from './settings.table.ts';
import type { ApiCallTable, ServiceTokenTable } from './service-token.table.ts';
import type { SessionTable, UserTable } from './user.table.ts';

export interface Database {
  users: UserTable;
  sessions: SessionTable;
  documents: DocumentTable;
  versions: VersionTable;
  reviews: ReviewTable;
  approval_settings: ApprovalSettingTable;
  audit_log: AuditLogTable;
  releases: ReleaseTable;
  datasets: DatasetTable;
  dataset_enterprises: DatasetEnterpriseTable;
  dataset_chunks: DatasetChunkTable;
  draws: DrawTable;
  draw_rounds: DrawRoundTable;
  draw_redraws: DrawRedrawTable;
  draw_outcomes: DrawOutcomeTable;
  inspectors: InspectorTable;
  import_jobs: ImportJobTable;
  login_attempts: LoginAttemptTable;
  security_events: SecurityEventTable;
  golden_cases: GoldenCaseTable;
  golden_case_seals: GoldenCaseSealTable;
  golden_overrides: GoldenOverrideTable;
  runs: RunTable;
  run_results: RunResultTable;
  run_signals: RunSignalTable;
  app_settings: AppSettingTable;
  objections: ObjectionTable;
  run_corrections: RunCorrectionTable;
  service_tokens: ServiceTokenTable;
  api_calls: ApiCallTable;
  explanatory_notes: ExplanatoryNoteTable;
}

export type Dialect = 'sqlite' | 'postgres';
