/**
 * Golden cases: a case file beside a document version runs against the bundle made of that version
 * plus the newest version of every other document in the same policies directory. Pure: the caller
 * reads the files.
 */
import type { PolicyDocument } from '@policy/schemas';
import { newestVersions, validateCaseFile, validateEnterprise } from '@policy/schemas';
import { compile } from './compile.ts';
import { buildPopulation } from './population.ts';

export interface CaseOutcome {
  name: string;
  index: number;
  at: string;
  passed: boolean;
  expected: unknown;
  actual: unknown;
  /** What differs, zh then en. */
  message?: string;
  messageEn?: string;
}

export type GoldenRun =
  | { success: true; outcomes: CaseOutcome[] }
  | { success: false; problems: { path: string; message: string; messageEn: string }[] };

/** The bundle a case file of `document` runs against: it, plus the newest version of every other id. */
export function bundleForCases(document: PolicyDocument, all: readonly PolicyDocument[]): PolicyDocument[] {
  return [document, ...newestVersions(all.filter((d) => d.id !== document.id))];
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/**
 * Runs the golden cases of one document version.
 *
 * @example
 * const run = runGoldenCases(doc, allDocs, JSON.parse(casesText));
 * run.success && run.outcomes.filter((o) => !o.passed)
 */
export function runGoldenCases(document: PolicyDocument, all: readonly PolicyDocument[], casesInput: unknown): GoldenRun {
  const checked = validateCaseFile(casesInput, document);
  if (!checked.success) return { success: false, problems: checked.issues.filter((i) => i.severity === 'error') };
  const compiled = compile({ documents: bundleForCases(document, all) });
  if (!compiled.success) return { success: false, problems: compiled.issues };
  const ev = compiled.evaluator;
  const file = checked.data;
  const outcomes: CaseOutcome[] = file.cases.map((c, index) => {
    const at = c.at ?? file.at;
    const rec = validateEnterprise(c.enterprise);
    if (!rec.success) {
      const msg = rec.issues.map((i) => `${i.path} ${i.message}`).join('; ');
      return { name: c.name, index, at, passed: false, expected: c.expect, actual: null, message: `市场主体记录无效：${msg}`, messageEn: 'invalid enterprise record' };
    }
    const pop = buildPopulation([rec.data]);
    const res = ev.evaluate(pop, at).toJSON(0);
    const exp = c.expect as Record<string, unknown>;
    const diffs: string[] = [];
    let actual: unknown;
    switch (document.kind) {
      case 'grading':
      case 'industry-model': {
        const r = res.results[document.id];
        actual = r ?? null;
        if (!r) diffs.push('没有结果（不在该模型的领域内）/ no result');
        else {
          if (exp.grade !== r.grade) diffs.push(`等级 grade: ${String(exp.grade)} ≠ ${String(r.grade)}`);
          if (exp.rule !== undefined && exp.rule !== r.rule) diffs.push(`规则 rule: ${String(exp.rule)} ≠ ${String(r.rule)}`);
          if (typeof exp.score === 'number' && !(r.score !== undefined && Math.abs(r.score - exp.score) <= 0.01)) {
            diffs.push(`分值 score: ${exp.score} ≠ ${String(r.score)}`);
          }
        }
        break;
      }
      case 'sampling': {
        const s = res.sampling;
        actual = s;
        if (!s) diffs.push('没有抽查比例 / no sampling');
        else {
          if (exp.grade !== undefined && exp.grade !== s.grade) diffs.push(`等级 grade: ${String(exp.grade)} ≠ ${String(s.grade)}`);
          if (exp.ratioPercent !== s.ratioPercent) diffs.push(`比例 ratio: ${String(exp.ratioPercent)} ≠ ${s.ratioPercent}`);
          if (exp.frequencyPerYear !== s.frequencyPerYear) diffs.push(`频次 frequency: ${String(exp.frequencyPerYear)} ≠ ${s.frequencyPerYear}`);
        }
        break;
      }
      case 'domain-assignment': {
        actual = { domains: res.domains, departments: res.departments };
        if (!sameSet(exp.domains as string[], res.domains)) diffs.push(`领域 domains: [${(exp.domains as string[]).join(', ')}] ≠ [${res.domains.join(', ')}]`);
        if (!sameSet(exp.departments as string[], res.departments)) {
          diffs.push(`部门 departments: [${(exp.departments as string[]).join(', ')}] ≠ [${res.departments.join(', ')}]`);
        }
        break;
      }
      default:
        actual = null;
    }
    return diffs.length === 0
      ? { name: c.name, index, at, passed: true, expected: c.expect, actual }
      : { name: c.name, index, at, passed: false, expected: c.expect, actual, message: `预期与实际不符：${diffs.join('；')}`, messageEn: `expected ≠ actual: ${diffs.join('; ')}` };
  });
  return { success: true, outcomes };
}
