/** Migrations, listed statically (no file-system scanning) so bundlers and tsx see them. */
import { Migrator } from 'kysely';
import type { Kysely, Migration, MigrationProvider, MigrationResultSet } from 'kysely';
import * as initial from './migrations/2026_11_21_00_00_00_initial.ts';
import * as draws from './migrations/2026_11_21_12_00_00_draws.ts';
import * as loginAttempts from './migrations/2026_11_26_01_00_00_login_attempts.ts';
import * as auditAnchor from './migrations/2026_11_26_02_00_00_audit_anchor.ts';
import * as releaseGuards from './migrations/2026_11_26_03_00_00_release_guards.ts';
import * as importJobs from './migrations/2026_11_26_04_00_00_import_jobs.ts';
import * as goldenCases from './migrations/2026_11_26_05_00_00_golden_cases.ts';
import * as runs from './migrations/2026_11_26_06_00_00_runs.ts';
import * as accessEvents from './migrations/2026_11_26_07_00_00_access_events.ts';
import * as objections from './migrations/2026_11_26_08_00_00_objections.ts';
import * as defaultDataset from './migrations/2026_11_26_09_00_00_default_dataset.ts';
import * as inspectors from './migrations/2026_11_26_10_00_00_inspectors.ts';
import * as serviceTokens from './migrations/2026_11_26_11_00_00_service_tokens.ts';
import * as relationalDatasets from './migrations/2026_11_26_12_00_00_relational_datasets.ts';
import * as datasetVersions from './migrations/2026_11_26_13_00_00_dataset_versions.ts';
import * as sqlEngine from './migrations/2026_11_26_15_30_00_sql_engine.ts';
import * as explanatoryNotes from './migrations/2026_11_26_22_00_00_explanatory_notes.ts';
import * as runSignals from './migrations/2026_11_26_22_30_00_run_signals.ts';
import * as datasetColumns from './migrations/2026_11_26_23_00_00_dataset_columns.ts';
import * as runEngine from './migrations/2026_11_27_01_00_00_run_engine.ts';
import * as recordDomains from './migrations/2026_11_27_05_00_00_record_domains.ts';
import * as runSignalsStatementGuard from './migrations/2026_11_27_12_00_00_run_signals_statement_guard.ts';
import * as runResultsLz4 from './migrations/2026_11_27_18_00_00_run_results_lz4.ts';
import * as sqlRunResultsUnlogged from './migrations/2026_11_27_18_30_00_sql_run_results_unlogged.ts';
import * as datasetColumnsPlain from './migrations/2026_11_27_20_00_00_dataset_columns_plain.ts';
import * as indicatorValues from './migrations/2026_11_27_21_00_00_indicator_values.ts';
import * as runSignalsRunCheck from './migrations/2026_11_27_21_30_00_run_signals_run_check.ts';
import * as runSignalsCodesBytewise from './migrations/2026_11_28_03_00_00_run_signals_codes_bytewise.ts';

const MIGRATIONS: Record<string, Migration> = {
  '2026_11_21_00_00_00_initial': initial,
  '2026_11_21_12_00_00_draws': draws,
  '2026_11_26_01_00_00_login_attempts': loginAttempts,
  '2026_11_26_02_00_00_audit_anchor': auditAnchor,
  '2026_11_26_03_00_00_release_guards': releaseGuards,
  '2026_11_26_04_00_00_import_jobs': importJobs,
  '2026_11_26_05_00_00_golden_cases': goldenCases,
  '2026_11_26_06_00_00_runs': runs,
  '2026_11_26_07_00_00_access_events': accessEvents,
  '2026_11_26_08_00_00_objections': objections,
  '2026_11_26_09_00_00_default_dataset': defaultDataset,
  '2026_11_26_10_00_00_inspectors': inspectors,
  '2026_11_26_11_00_00_service_tokens': serviceTokens,
  '2026_11_26_12_00_00_relational_datasets': relationalDatasets,
  '2026_11_26_13_00_00_dataset_versions': datasetVersions,
  '2026_11_26_15_30_00_sql_engine': sqlEngine,
  '2026_11_26_22_00_00_explanatory_notes': explanatoryNotes,
  '2026_11_26_22_30_00_run_signals': runSignals,
  '2026_11_26_23_00_00_dataset_columns': datasetColumns,
  '2026_11_27_01_00_00_run_engine': runEngine,
  '2026_11_27_05_00_00_record_domains': recordDomains,
  '2026_11_27_12_00_00_run_signals_statement_guard': runSignalsStatementGuard,
  '2026_11_27_18_00_00_run_results_lz4': runResultsLz4,
  '2026_11_27_18_30_00_sql_run_results_unlogged': sqlRunResultsUnlogged,
  '2026_11_27_20_00_00_dataset_columns_plain': datasetColumnsPlain,
  '2026_11_27_21_00_00_indicator_values': indicatorValues,
  '2026_11_27_21_30_00_run_signals_run_check': runSignalsRunCheck,
  '2026_11_28_03_00_00_run_signals_codes_bytewise': runSignalsCodesBytewise,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** A Kysely `Migrator` over the package's migrations. */
export function createMigrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider });
}

/**
 * Brings the schema to the latest migration. Never throws for a failed migration: the result set
 * carries `error` (kysely's `MigrationResultSet`).
 *
 * @example
 * const { error, results } = await migrateToLatest(db);
 * if (error) throw error;
 */
export function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  return createMigrator(db).migrateToLatest();
}
