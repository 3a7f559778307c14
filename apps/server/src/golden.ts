/**
 * Golden cases (`policies/<id>/v<N>.cases.json`) run against a version set: the preview shows
 * which cases a candidate change breaks.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildPopulation } from '@policy/evaluation';
import type { Evaluator } from '@policy/evaluation';
import { caseFile, validateEnterprise } from '@policy/schemas';
import type { CaseFile, DocumentKind, EnterpriseRecord } from '@policy/schemas';

export interface GoldenCaseResult {
  documentId: string;
  /** The case file, e.g. `public-credit-class/v1.cases.json`. */
  file: string;
  name: string;
  at: string;
  passed: boolean;
  /** Expected and actual results: only for failed cases (keeps previews small). */
  expected?: unknown;
  actual?: unknown;
  /** Why it failed, Chinese then English. */
  message: string | null;
}

/** Parsed case files by path, with the modification times they were read at. */
const caseFiles = new Map<string, { dirMtime: number; fileMtime: number; file: string; data: CaseFile } | { dirMtime: number; none: true }>();

const mtime = (path: string): number | null => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
};

/**
 * The case file of a document that applies to `versionNumber` (the newest not above it; any for
 * drafts). Read once and kept while the folder and the file keep their modification times.
 */
export function findCaseFile(policiesDir: string, documentId: string, versionNumber: number | null): { file: string; data: CaseFile; mtime: number } | null {
  const dir = join(policiesDir, documentId);
  const dirMtime = mtime(dir);
  if (dirMtime === null) return null;
  const key = `${dir}\0${versionNumber ?? ''}`;
  const hit = caseFiles.get(key);
  if (hit && hit.dirMtime === dirMtime) {
    if ('none' in hit) return null;
    if (mtime(join(policiesDir, hit.file)) === hit.fileMtime) return { file: hit.file, data: hit.data, mtime: hit.fileMtime };
  }
  const versions = readdirSync(dir)
    .map((f) => /^v(\d+)\.cases\.json$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .filter((v) => versionNumber === null || v <= versionNumber)
    .sort((a, b) => b - a);
  const rel = versions.length > 0 ? `${documentId}/v${versions[0]}.cases.json` : null;
  const fileMtime = rel ? mtime(join(policiesDir, rel)) : null;
  const parsed = rel && fileMtime !== null ? caseFile.safeParse(JSON.parse(readFileSync(join(policiesDir, rel), 'utf8'))) : null;
  if (!rel || fileMtime === null || !parsed?.success) {
    caseFiles.set(key, { dirMtime, none: true });
    return null;
  }
  caseFiles.set(key, { dirMtime, fileMtime, file: rel, data: parsed.data });
  return { file: rel, data: parsed.data, mtime: fileMtime };
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * Runs the cases of one document against an evaluator of the set it belongs to. The enterprises of
 * the cases that share a date are evaluated together, as one small population.
 */
export function runCases(ev: Evaluator, documentId: string, kind: DocumentKind, file: string, cases: CaseFile): GoldenCaseResult[] {
  const valid = cases.cases.map((c) => validateEnterprise(c.enterprise));
  const byDate = new Map<string, number[]>();
  cases.cases.forEach((c, k) => {
    if (!valid[k]!.success) return;
    const at = c.at ?? cases.at;
    (byDate.get(at) ?? byDate.set(at, []).get(at)!).push(k);
  });
  const results = new Array<ReturnType<ReturnType<Evaluator['evaluate']>['toJSON']> | undefined>(cases.cases.length);
  for (const [at, ks] of byDate) {
    const records = ks.map((k) => (valid[k] as { success: true; data: unknown }).data as EnterpriseRecord);
    const r = ev.evaluate(buildPopulation(records), at);
    ks.forEach((k, j) => (results[k] = r.toJSON(j)));
  }
  return cases.cases.map((c, k) => {
    const at = c.at ?? cases.at;
    const base = { documentId, file, name: c.name, at, expected: c.expect };
    const rec = valid[k]!;
    if (!rec.success) return { ...base, passed: false, actual: null, message: `用例中的市场主体无效 / invalid enterprise: ${rec.issues.map((i) => `${i.path} ${i.messageEn}`).join('; ')}` };
    const json = results[k]!;
    const e = c.expect as Record<string, unknown>;
    const fail: string[] = [];
    let actual: unknown;
    if (kind === 'grading' || kind === 'industry-model') {
      const r = json.results[documentId];
      actual = r ?? null;
      if (!r) fail.push('无结果 / no result');
      else {
        if (r.grade !== e.grade) fail.push(`等级 ${r.grade} ≠ ${String(e.grade)} / grade`);
        if (e.rule !== undefined && r.rule !== e.rule) fail.push(`规则 ${r.rule} ≠ ${String(e.rule)} / rule`);
        if (typeof e.score === 'number' && (r.score === undefined || Math.abs(r.score - e.score) > 0.01)) fail.push(`得分 ${r.score} ≠ ${e.score} / score`);
      }
    } else if (kind === 'sampling') {
      const s = json.sampling;
      actual = s;
      if (!s) fail.push('无抽查结果 / no sampling result');
      else {
        if (e.grade !== undefined && s.grade !== e.grade) fail.push(`等级 ${s.grade} ≠ ${String(e.grade)} / grade`);
        if (s.ratioPercent !== e.ratioPercent) fail.push(`比例 ${s.ratioPercent}% ≠ ${String(e.ratioPercent)}% / ratio`);
        if (s.frequencyPerYear !== e.frequencyPerYear) fail.push(`频次 ${s.frequencyPerYear} ≠ ${String(e.frequencyPerYear)} / frequency`);
      }
    } else if (kind === 'domain-assignment') {
      actual = { domains: json.domains, departments: json.departments };
      if (!sameSet(json.domains, (e.domains as string[]) ?? [])) fail.push('领域不符 / domains differ');
      if (!sameSet(json.departments, (e.departments as string[]) ?? [])) fail.push('部门不符 / departments differ');
    }
    if (fail.length === 0) return { documentId, file, name: c.name, at, passed: true, message: null };
    return { ...base, passed: false, actual, message: fail.join('；') };
  });
}
