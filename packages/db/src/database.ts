/** The Kysely `Database` interface: one property per table. */
import type { AuditLogTable } from './audit.table.ts';
import type { DatasetChunkTable, DatasetEnterpriseTable, DatasetTable } from './dataset.table.ts';
import type { ApprovalSettingTable, DocumentTable, ReviewTable, VersionTable } from './document.table.ts';
import type { DrawTable } from './draw.table.ts';
import type { SessionTable, UserTable } from './user.table.ts';

export interface Database {
  users: UserTable;
  sessions: SessionTable;
  documents: DocumentTable;
  versions: VersionTable;
  reviews: ReviewTable;
  approval_settings: ApprovalSettingTable;
  audit_log: AuditLogTable;
  datasets: DatasetTable;
  dataset_enterprises: DatasetEnterpriseTable;
  dataset_chunks: DatasetChunkTable;
  draws: DrawTable;
}

export type Dialect = 'sqlite' | 'postgres';
