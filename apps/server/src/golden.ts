/**
 * Golden cases. Stored with their version in the database (`@policy/db` listCases …): run against
 * the set the version will be in force with (`runVersionCases`: submit shows the failures, publish
 * is gated on them), accepted as expected (`expectationFromActual`), covered (`versionCoverage`).
 * The preview runs the stored cases of the versions it changes against the candidate set
 * (`runCases` with `storedCaseFile`); the case files of policies/ are only read by the seed and at
 * start (`importMissingCaseFiles` of @policy/db).
 */
import type { Kysely } from 'kysely';
import { inForceAt } from '@policy/db';
import type { Database, GoldenCase, GoldenGateInput, VersionDetail } from '@policy/db';
import { caseCoverage, evaluateCases } from '@policy/evaluation';
import type { CoverageReport, Evaluator } from '@policy/evaluation';
import { officeDay, validateDocument } from '@policy/schemas';
import type { CaseFile, DocumentKind, Issue } from '@policy/schemas';
import { versionSet } from './services.ts';
import type { Services, SetMember, VersionSet } from './services.ts';
import type { GoldenCaseResult } from './golden-result.ts';

export type { GoldenCaseResult } from './golden-result.ts';

/**
 * Runs the cases of one document against an evaluator of the set it belongs to, with the one
 * comparison of golden cases in @policy/evaluation (`evaluateCases`: cases of one date share a
 * population).
 */
export function runCases(ev: Evaluator, documentId: string, kind: DocumentKind, file: string, cases: CaseFile): GoldenCaseResult[] {
  return evaluateCases(ev, { id: documentId, kind }, cases).map((o) =>
    o.passed
      ? { documentId, file, name: o.name, at: o.at, passed: true, message: null }
      : { documentId, file, name: o.name, at: o.at, expected: o.expected, passed: false, actual: o.actual, message: `${o.message ?? ''} / ${o.messageEn ?? ''}` },
  );
}

// ------------------------------------------------------------------ cases stored with their version

/** One stored case with its result against the set the version will be in force with. */
export interface VersionCaseResult {
  caseId: number;
  name: string;
  at: string;
  passed: boolean;
  expected: unknown;
  /** The enterprise's result for this document (null: none, or the set does not compile). */
  actual: unknown;
  /** What differs, Chinese and English; null when it passes. */
  message: string | null;
  messageEn: string | null;
  source: string | null;
}

/** The stored cases of a version run against the bundle in force at its effective date, with it in place of its document's version. */
export interface VersionCaseRun {
  versionId: number;
  documentId: string;
  versionNumber: number;
  kind: DocumentKind;
  /** The date the bundle is taken at: the version's effective date. */
  bundleAt: string;
  /** The members of that bundle (document, version number, status). */
  bundle: { documentId: string; versionNumber: number | null; status: string }[];
  total: number;
  passed: number;
  failed: number;
  results: VersionCaseResult[];
  /** Why the bundle cannot be evaluated (then every case counts as failing); empty otherwise. */
  problems: { path: string; message: string; messageEn: string }[];
}

export interface RunContext {
  db: Kysely<Database>;
  services: Services;
}

/** The version's effective date: the version record's, else its document's own. */
export const effectiveDateOf = (v: Pick<VersionDetail, 'effectiveFrom' | 'content'>): string =>
  v.effectiveFrom ?? (typeof v.content.effectiveFrom === 'string' ? v.content.effectiveFrom : officeDay());

/**
 * The set a version's cases run against: the released set in force at its effective date (the
 * candidate replacing its document's current version), or null with the problems when the
 * version does not parse.
 */
export async function versionBundle(ctx: RunContext, v: VersionDetail): Promise<{ set: VersionSet | null; at: string; problems: Issue[] }> {
  const at = effectiveDateOf(v);
  const parsed = validateDocument(v.effectiveFrom ? { ...v.content, effectiveFrom: v.effectiveFrom } : v.content);
  if (!parsed.success) return { set: null, at, problems: parsed.issues.filter((i) => i.severity === 'error') };
  // the released set in force then (as router/evaluation.ts publishedSet; not imported: that module imports this one)
  const members: SetMember[] = [];
  for (const r of await inForceAt(ctx.db, at)) {
    if (r.documentId === v.documentId) continue;
    const doc = ctx.services.parsedDocument(r, r.content);
    if (doc) members.push({ documentId: r.documentId, kind: r.kind, versionNumber: r.versionNumber, status: r.status, contentHash: r.contentHash, document: doc });
  }
  members.push({ documentId: v.documentId, kind: v.kind, versionNumber: v.versionNumber, status: v.status, contentHash: v.contentHash, document: parsed.data });
  return { set: versionSet(members), at, problems: [] };
}

/** Stored cases in the shape of a case file (the input of `evaluateCases` and {@link runCases}). */
export const storedCaseFile = (cases: readonly GoldenCase[]): CaseFile => ({
  at: cases[0]?.at ?? '2000-01-01',
  cases: cases.map((c) => ({ name: c.name, at: c.at, enterprise: c.enterprise, expect: c.expect })),
});

/**
 * Runs the stored cases of a version (all of them, or those given) with the one comparison of
 * @policy/evaluation, against {@link versionBundle}.
 *
 * @example
 * const run = await runVersionCases(ctx, await getVersion(db, actor, id), (await listCases(db, actor, id)).cases);
 * run.failed // → 0 when the version may be published without an override
 */
export async function runVersionCases(ctx: RunContext, v: VersionDetail, cases: readonly GoldenCase[]): Promise<VersionCaseRun> {
  const { set, at, problems: docProblems } = await versionBundle(ctx, v);
  const compiled = set ? ctx.services.evaluator(set) : { success: false as const, issues: docProblems };
  const problems = compiled.success ? [] : compiled.issues.filter((i) => i.severity === 'error').map((i) => ({ path: i.path, message: i.message, messageEn: i.messageEn }));
  let results: VersionCaseResult[];
  if (compiled.success && cases.length > 0) {
    const outcomes = evaluateCases(compiled.evaluator, { id: v.documentId, kind: v.kind }, storedCaseFile(cases));
    results = outcomes.map((o, k) => ({
      caseId: cases[k]!.id,
      name: o.name,
      at: o.at,
      passed: o.passed,
      expected: o.expected,
      actual: o.actual,
      message: o.passed ? null : (o.message ?? null),
      messageEn: o.passed ? null : (o.messageEn ?? null),
      source: cases[k]!.source,
    }));
  } else {
    const why = problems.length > 0 ? { zh: '策略集无法编译，用例无法运行', en: 'the set does not compile: the case cannot run' } : null;
    results = cases.map((c) => ({
      caseId: c.id,
      name: c.name,
      at: c.at,
      passed: why === null,
      expected: c.expect,
      actual: null,
      message: why?.zh ?? null,
      messageEn: why?.en ?? null,
      source: c.source,
    }));
  }
  const failed = results.filter((r) => !r.passed).length;
  return {
    versionId: v.id,
    documentId: v.documentId,
    versionNumber: v.versionNumber,
    kind: v.kind,
    bundleAt: at,
    bundle: (set?.members ?? []).map((m) => ({ documentId: m.documentId, versionNumber: m.versionNumber, status: m.status })),
    total: results.length,
    passed: results.length - failed,
    failed,
    results,
    problems,
  };
}

/** The failures of a run as the store's publish gate takes them. */
export const gateInput = (run: VersionCaseRun, overrideReason?: string | null): GoldenGateInput => ({
  total: run.total,
  failures: run.results.filter((r) => !r.passed).map((r) => ({ name: r.name, message: r.message ? `${r.message} / ${r.messageEn ?? ''}` : null })),
  overrideReason: overrideReason ?? null,
});

/**
 * The expectation a case would have if its current result were accepted, keeping the parts the case
 * checks (a rule or score only when the case named one; a sampling grade only when it named one).
 * Null when there is nothing to accept (no result).
 */
export function expectationFromActual(kind: DocumentKind, expected: Record<string, unknown>, actual: unknown): Record<string, unknown> | null {
  if (actual === null || typeof actual !== 'object') return null;
  const a = actual as Record<string, unknown>;
  switch (kind) {
    case 'grading':
    case 'industry-model': {
      if (typeof a.grade !== 'string') return null;
      const out: Record<string, unknown> = { grade: a.grade };
      if (expected.rule !== undefined && typeof a.rule === 'string') out.rule = a.rule;
      if (kind === 'industry-model' && expected.score !== undefined && typeof a.score === 'number') out.score = Math.round(a.score * 100) / 100;
      return out;
    }
    case 'sampling': {
      if (typeof a.ratioPercent !== 'number' || typeof a.frequencyPerYear !== 'number') return null;
      const out: Record<string, unknown> = {};
      if (expected.grade !== undefined && typeof a.grade === 'string') out.grade = a.grade;
      return { ...out, ratioPercent: a.ratioPercent, frequencyPerYear: a.frequencyPerYear };
    }
    case 'domain-assignment':
      return Array.isArray(a.domains) && Array.isArray(a.departments) ? { domains: a.domains, departments: a.departments } : null;
    case 'supervision-items':
      return Array.isArray(a.triggered) ? { triggered: a.triggered } : null;
    case 'early-warning':
      return Array.isArray(a.warned) ? { warned: a.warned } : null;
    default:
      return null;
  }
}

/** Coverage of a version's document by its stored cases, against {@link versionBundle}. */
export async function versionCoverage(ctx: RunContext, v: VersionDetail, cases: readonly GoldenCase[]): Promise<CoverageReport> {
  const { set, problems } = await versionBundle(ctx, v);
  if (!set) return { success: false, documentId: v.documentId, problems: problems.map((i) => ({ path: i.path, message: i.message, messageEn: i.messageEn })) };
  return caseCoverage(
    set.members.map((m) => m.document),
    v.documentId,
    cases.map((c) => ({ name: c.name, at: c.at, enterprise: c.enterprise })),
  );
}
