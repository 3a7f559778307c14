/**
 * `@policy/db`: types and repositories (no connection side effects; open one with
 * `createDb` from `@policy/db/client`). Repository functions take the Kysely instance first.
 */
export type { Database, Dialect } from './database.ts';
export type { UserTable, SessionTable, UserRow, Role } from './user.table.ts';
export { ROLES } from './user.table.ts';
export type { DocumentTable, VersionTable, ReviewTable, ApprovalSettingTable, VersionStatus, DocumentRow, VersionRow } from './document.table.ts';
export { VERSION_STATUSES } from './document.table.ts';
export type { AuditLogTable, AuditRow, ReleaseTable, ReleaseRow } from './audit.table.ts';
export type { DatasetTable, DatasetEnterpriseTable, DatasetChunkTable } from './dataset.table.ts';
export type { DrawTable, DrawRow, DrawStatus, DrawInspector, DrawVersion } from './draw.table.ts';
export { DRAW_STATUSES } from './draw.table.ts';

export type { Actor } from './actor.ts';
export { SYSTEM_ACTOR } from './actor.ts';
export { DbError, isDbError } from './errors.ts';
export type { DbErrorCode, DbErrorReason, DbErrorDetails } from './errors.ts';
export { canonicalJson, contentHash, sha256 } from './canonical.ts';

export { migrateToLatest, createMigrator } from './migrate.ts';
export { dialectOf } from './raw.ts';

export {
  createUser,
  verifyPassword,
  changePassword,
  getUser,
  listUsers,
  createUserWithOneTimePassword,
  resetPassword,
  setUserActive,
  changeUserRole,
  oneTimePassword,
  toActor,
  hashPassword,
  checkPasswordHash,
  createSession,
  getSessionUser,
  deleteSession,
} from './user.repository.ts';
export type { User, NewUser } from './user.repository.ts';

export {
  createDraft,
  saveDraft,
  discardDraft,
  submitForReview,
  approve,
  reject,
  publish,
  createRollbackDraft,
  importReleasedVersion,
  inForceAt,
  bundleAt,
  listDocuments,
  getVersion,
  getVersionByNumber,
  history,
  setRequiredApprovals,
  getRequiredApprovals,
} from './document.repository.ts';
// The lifecycle (statuses, kinds per owner, canWrite, canReadUnreleased …) is @policy/schemas'.
export type {
  CreateDraftInput,
  VersionSummary,
  VersionDetail,
  DocumentSummary,
  HistoryEntry,
  Review,
  InForceVersion,
  InForceOptions,
  EffectiveDateReview,
  PastChange,
} from './document.repository.ts';

export { recordAudit, verifyAudit, listAudit, GENESIS_HASH } from './audit.repository.ts';
export type { AuditEntry, AuditVerification, AuditQuery } from './audit.repository.ts';
export {
  auditHead,
  anchorRelease,
  auditAnchor,
  parseAuditAnchor,
  sealAudit,
  setAuditKey,
  configuredAuditKey,
  readAuditKeyFile,
  auditKeyId,
  AuditKeyError,
  ANCHOR_FORMAT,
  AUDIT_KEY_MIN_LENGTH,
} from './audit.repository.ts';
export type { AuditAnchor, AuditHead, AuditProblem, AuditProblemKind, AuditVerifyOptions } from './audit.repository.ts';

export { listDatasets, getDataset, deleteDataset } from './dataset.repository.ts';
export type { Dataset } from './dataset.repository.ts';
export { getDefaultDataset, setDefaultDataset, defaultDatasetId } from './default-dataset.repository.ts';
export type { DefaultDatasetSetting } from './default-dataset.repository.ts';
export { returnedDrafts, displayNames } from './worklist.repository.ts';
export type { ReturnedDraft } from './worklist.repository.ts';
export { importDataset, importPrepared, removeUnfinishedDatasets } from './dataset-import.repository.ts';
export type { ImportColumnsCollector, ImportColumnsOutcome, ImportOptions, ImportResult, ImportProgress, ImportFormat, RowIssue, RowLocation } from './dataset-import.repository.ts';
export { prepareImport, CHUNK_ROWS } from './dataset-prepare.ts';
export type { PrepareOptions, PreparedBatch, PreparedSummary } from './dataset-prepare.ts';
export { loadDataset, forEachDatasetChunk, listDatasetChunks, readDatasetChunks, getDatasetEnterprise } from './dataset-chunks.repository.ts';
export type { DatasetChunk } from './dataset-chunks.repository.ts';
export { readDatasetColumns, streamDatasetColumns, columnsSource, writeDatasetColumns, deleteDatasetColumns, rebuildDatasetColumns, COLUMN_PIECE_BYTES, PG_COLUMN_PIECE_BYTES } from './dataset-columns.repository.ts';
export type { ColumnsSource } from './dataset-columns.repository.ts';
export { readColumnPiecesAt } from './dataset-columns-read.ts';
export { COLUMN_PART_BYTES } from './dataset-columns-copy.ts';
export { searchDatasetEnterprises } from './dataset-search.repository.ts';
export type { EnterpriseMatch } from './dataset-search.repository.ts';

export {
  checkMayDraw,
  checkMayReadDraft,
  readsWhole,
  createDraw,
  deriveDrawSeed,
  listDraws,
  getDraw,
  publishDraw,
  registerRound,
  getRound,
  listRounds,
  nextAttempt,
  previousRoundDraw,
  requestRedraw,
  decideRedraw,
  listRedraws,
  recordOutcome,
  listOutcomes,
} from './draw.repository.ts';
export type { Draw, DrawDetail, NewDraw, DrawRound, RedrawRequest, DrawOutcome } from './draw.repository.ts';
export type { SeedInputs, InspectionOutcome, RedrawStatus } from './draw.table.ts';
export { INSPECTION_OUTCOMES } from './draw.table.ts';
export {
  checkMayEditDirectory,
  checkMayReadDirectory,
  listInspectors,
  upsertInspector,
  removeInspector,
  parseInspectorFile,
  importInspectors,
  inspectorFile,
  exportInspectors,
  INSPECTOR_COLUMNS,
} from './inspector.repository.ts';
export type { Inspector as DirectoryEntry, StoredInspector, InspectorFileFormat } from './inspector.repository.ts';
export { publicInspections, publicListFile, PUBLIC_LIST_HEADERS } from './draw-public.ts';
export type { PublicInspection } from './draw-public.ts';

export { seed, DEFAULT_USERS, SeedError } from './seed.ts';
export { explanatoryNoteOf, explanatoryNotesOf, saveExplanatoryNote, NOTE_MAX_CHARS } from './explanatory-note.repository.ts';
export type { ExplanatoryNote } from './explanatory-note.repository.ts';
export type { ExplanatoryNoteTable } from './explanatory-note.table.ts';

export {
  listCases,
  diffCases,
  addCase,
  removeCase,
  setExpectations,
  recordGoldenOverride,
  goldenGate,
} from './golden-case.repository.ts';
export { importCaseFile, importCaseFiles, importMissingCaseFiles, sealCases } from './golden-case-import.repository.ts';
export type { ImportedCaseFile, CaseFileProblem } from './golden-case-import.repository.ts';
export type {
  GoldenCase,
  GoldenCaseSet,
  GoldenCaseDiff,
  GoldenCaseChange,
  GoldenOverride,
  GoldenFailure,
  GoldenGateInput,
  NewGoldenCase,
} from './golden-case.repository.ts';
export type { GoldenCaseTable, GoldenCaseSealTable, GoldenOverrideTable, GoldenCaseRow } from './golden-case.table.ts';
export type { SeedResult, SeedUser } from './seed.ts';

export { storedDateProblems, storedDateError, recordDateProblems, isInvalidDateError } from './dataset-dates.ts';
export type { StoredDateProblem } from './dataset-dates.ts';

export { attemptLogin } from './user.repository.ts';
export type { LoginAttempt, LoginOutcome } from './user.repository.ts';
export { admitLoginAttempt, settleLoginAttempt, releaseLoginAttempt, recordSecurityEvent, listSecurityEvents } from './security.repository.ts';
export type { ThrottleRule, ThrottleKey, Admission, LockImposed, SecurityEvent, SecurityEventQuery } from './security.repository.ts';
export { SECURITY_EVENT_KINDS } from './security.table.ts';
export type { SecurityEventKind, LoginAttemptTable, SecurityEventTable } from './security.table.ts';

export { saveImportJob, getImportJob, listImportJobs, interruptUnfinishedImportJobs, pruneImportJobs, INTERRUPTED_MESSAGE } from './import-job.repository.ts';
export type { ImportJobRecord, ImportJobError } from './import-job.repository.ts';
export { IMPORT_JOB_PHASES } from './import-job.table.ts';
export type { ImportJobPhase, ImportJobTable } from './import-job.table.ts';

export {
  RUN_CHUNK_ROWS,
  RUN_INTERRUPTED,
  RUN_HEARTBEAT_TIMEOUT_MS,
  RunHasher,
  runInputsText,
  runLine,
  parseRunPayload,
  datasetContentHash,
  inputsOf,
  checkMayCreateRun,
  startRun,
  writeRunChunk,
  recordRunProgress,
  completeRun,
  failRun,
  interruptUnfinishedRuns,
  listRuns,
  getRun,
  getRunDetail,
  forEachRunChunk,
  storedRunHash,
  signOffRun,
  recordRunExport,
} from './run.repository.ts';
export type { Run, RunDetail, NewRun, RunChunk, RunChunkBytes, RunInputs, StoredRunSignal } from './run.repository.ts';
export { listRunSignals, countRunSignals, pageRunSignals } from './run-signals.repository.ts';
export type { RunSignalCount } from './run-signals.repository.ts';
export { insertSqlRunSignals, RUN_SIGNAL_COLUMNS } from './run-signals-sql.ts';
export { RUN_STATUSES } from './run.table.ts';
export type { RunTable, RunResultTable, RunSignalTable, RunRow, RunStatus, RunVersion, RunCounts, RunEngine } from './run.table.ts';
export { exportRun, RUN_EXPORT_FORMATS } from './run-export.ts';
export type { RunExportFormat, RunLegendDocument } from './run-export.ts';

export {
  OBJECTION_ANSWER_DAYS,
  localToday,
  runEnterpriseResult,
  checkMayFileObjection,
  fileObjection,
  listObjections,
  getObjection,
  correctionHash,
  recordCorrection,
  getCorrections,
  mayAnswerObjection,
  answerObjection,
} from './objection.repository.ts';
export type { Objection, RunCorrection, RunEnterpriseResult, NewObjection, NewCorrection, ObjectionAnswer, ObjectionQuery } from './objection.repository.ts';
export { OBJECTION_STATUSES } from './objection.table.ts';
export type { ObjectionTable, RunCorrectionTable, ObjectionRow, RunCorrectionRow, ObjectionStatus } from './objection.table.ts';

export {
  TOKEN_PREFIX,
  TOKEN_MAX_DAYS,
  tokenHash,
  createServiceToken,
  listServiceTokens,
  revokeServiceToken,
  authenticateServiceToken,
  recordApiCall,
  listApiCalls,
} from './service-token.repository.ts';
export type { ServiceToken, NewServiceToken, TokenCheck, ApiCall } from './service-token.repository.ts';
export { TOKEN_SCOPES } from './service-token.table.ts';
export type { TokenScope, ServiceTokenTable, ApiCallTable } from './service-token.table.ts';
export { releaseBundleAt, verifyBundle } from './release-bundle.ts';
export { importReleaseBundle, BundleRefused } from './release-bundle-import.ts';
export type { BundleImportReport, BundleImportEntry, BundleImportOutcome } from './release-bundle-import.ts';
export { loadRelationalDataset, loadRelationalDatasetFromChunks, dropRelationalDataset, queryRelational, BATCH_ROWS } from './relational-dataset.ts';
export type { RelationalLoad } from './relational-dataset.ts';
export {
  ensureRelationalDataset,
  forEachSqlRunLinePage,
  forEachSqlRunResultPage,
  insertSqlRunResults,
  querySqlSlices,
  loadRelationalIndicators,
  relationalRegions,
  sqlRunResultGroups,
  sqlRunResultRows,
  SQL_RUN_RESULT_COLUMNS,
  SQL_WORK_MEM,
} from './sql-engine.repository.ts';
export { CITUS_DISTRIBUTED_TABLES, CITUS_DISTRIBUTION_COLUMN, citusLinesText, citusStatementText, ensureCitusLayout, hasCitus } from './citus.ts';
export type { SqlGradeGroup, SqlRunLinesPage, SqlRunResultRow, SqlSamplingGroup } from './sql-engine.repository.ts';
export { executeSqlEngineRun, forEachSqlRunChunk, jurisdictionFilter, storeSqlRunChunks, storeSqlRunOutputs } from './sql-run-executor.ts';
export { configureSqlSlices, parseSqlSlices, rowSlices, sqlSliceCount } from './sql-slices.ts';
export type { SqlBundleStatement, SqlLinesStatement, SqlRunChunk, SqlRunEvaluation, SqlRunOutcome, SqlRunOutputs, SqlWarningCounts } from './sql-run-executor.ts';
export { chunkDifference, verifySqlEngineRun } from './sql-run-verify.ts';
export { pruneScratchResults, pruneScratchTables, pruneSqlRunResults, withScratchLock } from './sql-run-retention.ts';
export { applyDatasetDelta, getDatasetVersion, readDeltaText, parseDelta, DELTA_SECTIONS } from './dataset-delta.ts';
export type { DeltaResult, DeltaCounts, DeltaOptions, DatasetVersion, DeltaIssue, DeltaSection, ParsedDelta } from './dataset-delta.ts';
export { reusableSqlRun, withSqlImpactTables } from './sql-impact.repository.ts';
export type { SqlImpactSessions, SqlImpactSide } from './sql-impact.repository.ts';
export type { ReusableSqlRun, SqlImpactQuery, SqlText } from './sql-impact.repository.ts';
