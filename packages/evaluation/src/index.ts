/**
 * `@policy/evaluation`: pure evaluation of policy documents over a columnar population (no IO, no
 * clock). The public face: what the CLI, the server, the admin and the benchmarks use. Compiler,
 * kernels, run stages, counting rules and caches are internal.
 */
// populations
export type { Population, IndicatorColumn, EnterpriseStatus } from './population.ts';
export { PopulationBuilder, buildPopulation, registerAt, scoreAt, statusAt, STATUSES } from './population.ts';
export { jurisdictionPopulation, slicePopulation } from './population-slice.ts';
export type { RegisterAt } from './population.ts';
export { mergePopulations } from './population-merge.ts';
export { decodePopulationColumns, PopulationColumnsDecoder } from './population-columns-decode.ts';
export { ColumnsChecksum, columnsChecksum, defineLazyStrings, encodePopulationColumns, lazyStringColumns, populationColumnsCollector, PopulationColumnsError, stringColumn, stringColumnSplitter } from './population-columns.ts';
export type { DecodeOptions, PopulationColumnsCollector, StringColumnBytes } from './population-columns.ts';
export type { LineProblem, ParseEnterprisesResult } from './parse.ts';
export { parseEnterprisesJsonl, formatLineProblem } from './parse.ts';
export { parseDay, formatDay } from './dates.ts';
export type { GenerateOptions } from './generate.ts';
export { generateEnterprises, generatePopulation } from './generate.ts';
export type { Rng } from './random.ts';
export { createRng } from './random.ts';

// compile, evaluate, explain
export type { Evaluator, CompileResult, KernelListing, LegendEntry } from './evaluator.ts';
export { compile, compileOrThrow } from './compile.ts';
export { computeModelScores, missingModelScores, prepareGradings, seedModelScores } from './run/evaluate.ts';
export { prepareSignalLeaves } from './signal-prepare.ts';
export type { ModelScores } from './run/models.ts';
export { formatKernels } from './kernels/print.ts';
export type {
  EvaluationResult,
  DocumentResult,
  DomainSet,
  EnterpriseResultJson,
  SamplingResult,
  SamplingRowResult,
  OnSite,
  Explanation,
  DocumentExplanation,
  RecordTrace,
  ExclusionReason,
} from './result.ts';
export { NO_GRADE, NO_RULE, NO_SAMPLING } from './result.ts';
export { EXCLUSION_LABELS } from './explain.ts';

// what the results are used for
export type { Aggregate, AggregateOptions, DocumentAggregate, Breakdown, EnterpriseRef, Workload, WorkloadRow } from './aggregate.ts';
export { aggregate } from './aggregate.ts';
export type { CompareOptions, Comparison, DocumentComparison, GradeSide, MovedEnterprise, WorkloadDelta } from './compare.ts';
export { compare, compareResults } from './compare.ts';
export type { DrawOptions, DrawResult, DrawGroup, DrawnInspection, DrawIssue, Inspector } from './draw.ts';
export { draw } from './draw.ts';
export type { DirectoryInspector, PairingTask, PairingOptions, PairingResult, PairingErrorCode } from './pairing.ts';
export { pairInspectors, PairingError } from './pairing.ts';
export type { DrawGroupKey, DrawPopulation, RoundDrawOptions, RoundDrawGroup, RoundInspection, RoundDrawResult, StoredResultLine, PlanGrade, YearlyPlan, JointVisit } from './draw-round.ts';
export { drawRound, evaluationDrawPopulation, storedDrawPopulation, yearlyPlan, jointInspections, inRound, roundIndexOf, roundsPerYear } from './draw-round.ts';
export type { DepartmentItems, RoundDrawRecord } from './draw-items.ts';
export { departmentItems, drawRecord, inspectsLicenceRevoked } from './draw-items.ts';
export type { CaseOutcome, CaseTarget, GoldenRun } from './golden.ts';
export { bundleForCases, compareCase, evaluateCases, runGoldenCases } from './golden.ts';
export type { CoverageCase, CoverageItem, CoverageItemKind, CoverageReport } from './coverage.ts';
export { caseCoverage } from './coverage.ts';
export type { RunResultBytes, RunResultChunk, RunSignal } from './run/store.ts';
export { runAggregates, runChunkBytes, runChunks, runRows, runSignals } from './run/store.ts';

// caches (benchmarks start cold with these)
export { clearEvaluationCaches } from './cache.ts';
export { clearCompiledKernels } from './kernels/cache.ts';
export type { BreakdownDimension, BreakdownRowDelta, DocumentBreakdowns } from './breakdowns.ts';
export { BREAKDOWN_DIMENSIONS, DIMENSION_LABELS, breakdownComparison } from './breakdowns.ts';

// gradings compiled to SQL (issue 16)
export type { SqlStatement } from './sql/grading-sql.ts';
export { gradingSql, gradeDistributionSql, sliceValues, SqlUnsupportedError } from './sql/grading-sql.ts';
export { bundleSql, BUNDLE_SQL_COLUMNS } from './sql/bundle-sql.ts';
export type { BundleSql, BundleSqlRow } from './sql/bundle-sql.ts';
export { sqlRunAggregates } from './sql/sql-aggregates.ts';
export type { SqlGradeCount, SqlSamplingCount } from './sql/sql-aggregates.ts';
export { gradingMigrationSql, mergeMigrationCells } from './sql/compare-sql.ts';
export type { MigrationCell } from './sql/compare-sql.ts';
export { resultLinesSql } from './sql/lines-sql.ts';
export type { ResultLinesPage, ResultLinesSql } from './sql/lines-sql.ts';
export { sqlRunPlan, sqlRunPlanOf } from './sql/run-plan.ts';
export type { SqlRunPlan } from './sql/run-plan.ts';
export { runEarlyWarnings, runWarningsSql } from './sql/run-warnings-sql.ts';
export type { RunEarlyWarnings, RunWarningCounts } from './sql/run-warnings-sql.ts';
export { signalsSql, RUN_SIGNAL_SQL_COLUMNS } from './sql/signals-sql.ts';

// record kinds nobody knows, reported (issue 13 finding 8)
export { unknownDomainsLine, unknownKindsLine, unknownRecordDomains, unknownRecordKinds } from './unknown-kinds.ts';

// explanations from the data: the smallest changes to a better grade (issue 13 finding 9)
export type { Improvement, ImprovementChange } from './improvements.ts';
export { improvements } from './improvements.ts';

// trigger-based supervision: which enterprises trigger which supervision items, per department (issue 13 finding 6)
export type { DepartmentTriggers, TriggeredItem, TriggerReport } from './triggers.ts';
export type { EnterpriseTrigger } from './result.ts';
export { hasTriggerConditions, supervisionTriggers } from './triggers.ts';

// early warnings: which enterprises each department's early-warning rules warn, and why (issue 13 finding 5)
export type { CompiledWarnings, DepartmentWarnings, WarningReport, WarningRuleCount } from './warnings.ts';
export type { EnterpriseWarning, WarningLeafValue } from './result.ts';
export { compileWarnings, earlyWarnings, hasWarningRules } from './warnings.ts';
export {
  IMPACT_TABLES, impactStatements, impactGroupsSql, impactMigrationSql, impactMovedCountSql, impactMovedPageSql, impactNearSql, impactDomainSampleSql, impactReadableSql,
} from './sql/impact-sql.ts';
export type { ImpactCell, ImpactMovedFilter, ImpactMovedRow, ImpactNearDocument, ImpactNearRow, ImpactPair, ImpactSampleRow, ImpactSide, ImpactStatements } from './sql/impact-sql.ts';
export { impactAggregate, impactDocuments, impactDomainSets, impactMovedItems, impactNearDocuments, impactWorkload } from './sql/impact-report.ts';
export type { ImpactGroups } from './sql/impact-report.ts';
export { IMPACT_SIGNALS_RUN, impactSignalCountsSql, impactSignals, impactSignalsViewSql, mergeSignalCounts, storedSignalsSql } from './sql/impact-signals.ts';
export type { ImpactSignalCounts, ImpactWarnings } from './sql/impact-signals.ts';
