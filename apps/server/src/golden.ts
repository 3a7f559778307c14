/**
 * Golden cases (`policies/<id>/v<N>.cases.json`) run against a version set: the preview shows
 * which cases a candidate change breaks.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateCases } from '@policy/evaluation';
import type { Evaluator } from '@policy/evaluation';
import { caseFile } from '@policy/schemas';
import type { CaseFile, DocumentKind } from '@policy/schemas';

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
