/**
 * Golden cases: a case file beside a document version runs against the bundle made of that version
 * plus the newest version of every other document in the same policies directory. One comparison
 * of expected and actual (`compareCase`) for the CLI (`runGoldenCases`) and the server
 * (`evaluateCases` with its own evaluator). Pure: the caller reads the files.
 */
import type { CaseFile, DocumentKind, Issue, PolicyDocument } from '@policy/schemas';
import { newestVersions, validateCaseFile, validateEnterprise } from '@policy/schemas';
import type { EnterpriseRecord } from '@policy/schemas';
import { compile } from './compile.ts';
import type { Evaluator } from './evaluator.ts';
import { buildPopulation } from './population.ts';
import type { EnterpriseResultJson, EnterpriseTrigger, EnterpriseWarning } from './result.ts';
import { supervisionTriggers } from './triggers.ts';
import { earlyWarnings } from './warnings.ts';

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

/** The document a case file belongs to: the part of the result its cases check. */
export interface CaseTarget {
  id: string;
  kind: DocumentKind;
  /** Sampling: the grading that decides where the document has no per-domain basis (set by `evaluateCases`). */
  grading?: string;
}

/** The bundle a case file of `document` runs against: it, plus the newest version of every other id. */
export function bundleForCases(document: PolicyDocument, all: readonly PolicyDocument[]): PolicyDocument[] {
  return [document, ...newestVersions(all.filter((d) => d.id !== document.id))];
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
const show = (v: unknown) => (v === undefined ? '—' : String(v));
const list = (v: readonly string[]) => `[${v.join(', ')}]`;

/**
 * Compares a case's expectation with the enterprise's result: grade, rule and score of a grading or
 * industry model; grade, ratio and frequency of sampling; domains and departments of a domain
 * assignment; the items of a supervision-items list the enterprise triggers (`triggered`, from
 * `supervisionTriggers`); the rules of an early-warning document that warn it (`warned`, from
 * `earlyWarnings`, with the values that fired them). `message` / `messageEn` name every difference.
 */
export function compareCase(
  target: CaseTarget,
  expected: unknown,
  result: EnterpriseResultJson,
  triggered: readonly EnterpriseTrigger[] = [],
  warned: readonly EnterpriseWarning[] = [],
): { passed: boolean; actual: unknown; message?: string; messageEn?: string } {
  const exp = (expected ?? {}) as Record<string, unknown>;
  const zh: string[] = [];
  const en: string[] = [];
  const differ = (what: { zh: string; en: string }, e: unknown, a: unknown) => {
    zh.push(`${what.zh}：预期 ${show(e)}，实际 ${show(a)}`);
    en.push(`${what.en}: expected ${show(e)}, got ${show(a)}`);
  };
  let actual: unknown;
  switch (target.kind) {
    case 'grading':
    case 'industry-model': {
      const r = result.results[target.id];
      actual = r ?? null;
      if (!r) {
        zh.push('没有结果（不在该模型的领域内）');
        en.push('no result (outside the model’s domain)');
        break;
      }
      if (exp.grade !== r.grade) differ({ zh: '等级', en: 'grade' }, exp.grade, r.grade);
      if (exp.rule !== undefined && exp.rule !== r.rule) differ({ zh: '规则', en: 'rule' }, exp.rule, r.rule);
      if (typeof exp.score === 'number' && !(r.score !== undefined && Math.abs(r.score - exp.score) <= 0.01)) differ({ zh: '分值', en: 'score' }, exp.score, r.score);
      break;
    }
    case 'sampling': {
      const s = result.sampling;
      actual = s;
      if (!s) {
        zh.push('没有抽查比例');
        en.push('no sampling row');
        break;
      }
      if (exp.grade !== undefined && exp.grade !== s.grade) differ({ zh: '等级', en: 'grade' }, exp.grade, s.grade);
      if (exp.ratioPercent !== s.ratioPercent) differ({ zh: '比例', en: 'ratio' }, exp.ratioPercent, s.ratioPercent);
      if (exp.frequencyPerYear !== s.frequencyPerYear) differ({ zh: '频次', en: 'frequency' }, exp.frequencyPerYear, s.frequencyPerYear);
      // without a per-domain basis the row names no document: the sampling document's grading decided
      const decidedBy = s.decidedBy ?? target.grading;
      if (exp.decidedBy !== undefined && exp.decidedBy !== decidedBy) differ({ zh: '决定抽查的文档', en: 'deciding document' }, exp.decidedBy, decidedBy);
      break;
    }
    case 'domain-assignment': {
      actual = { domains: result.domains, departments: result.departments };
      const domains = (exp.domains as string[] | undefined) ?? [];
      const departments = (exp.departments as string[] | undefined) ?? [];
      if (!sameSet(domains, result.domains)) differ({ zh: '领域', en: 'domains' }, list(domains), list(result.domains));
      if (!sameSet(departments, result.departments)) differ({ zh: '部门', en: 'departments' }, list(departments), list(result.departments));
      break;
    }
    case 'supervision-items': {
      const codes = triggered.filter((x) => x.documentId === target.id).map((x) => x.code);
      actual = { triggered: codes };
      const want = (exp.triggered as string[] | undefined) ?? [];
      if (!sameSet(want, codes)) differ({ zh: '触发的事项', en: 'triggered items' }, list(want), list(codes));
      break;
    }
    case 'early-warning': {
      const mine = warned.filter((x) => x.documentId === target.id);
      const rules = mine.map((x) => x.ruleId);
      // the values that fired each rule travel with the actual result: a failing case says why
      actual = { warned: rules, ...(mine.some((x) => x.values) ? { values: Object.fromEntries(mine.map((x) => [x.ruleId, x.values ?? []])) } : {}) };
      const want = (exp.warned as string[] | undefined) ?? [];
      if (!sameSet(want, rules)) differ({ zh: '预警规则', en: 'warning rules' }, list(want), list(rules));
      break;
    }
    default:
      actual = null;
  }
  return zh.length === 0 ? { passed: true, actual } : { passed: false, actual, message: `预期与实际不符：${zh.join('；')}`, messageEn: `expected ≠ actual: ${en.join('; ')}` };
}

const issuesText = (issues: readonly Issue[], lang: 'zh' | 'en') => issues.map((i) => `${i.path} ${lang === 'zh' ? i.message : i.messageEn}`).join('; ');

/**
 * Runs the cases of a case file with an evaluator of the set the document belongs to. The
 * enterprises of the cases that share a date are evaluated together, as one small population (each
 * gets the result it has alone).
 */
export function evaluateCases(ev: Evaluator, target: CaseTarget, file: CaseFile): CaseOutcome[] {
  const valid = file.cases.map((c) => validateEnterprise(c.enterprise));
  const byDate = new Map<string, number[]>();
  file.cases.forEach((c, k) => {
    if (!valid[k]!.success) return;
    const at = c.at ?? file.at;
    (byDate.get(at) ?? byDate.set(at, []).get(at)!).push(k);
  });
  const results = new Array<EnterpriseResultJson | undefined>(file.cases.length);
  const triggered = new Array<EnterpriseTrigger[]>(file.cases.length);
  const warned = new Array<EnterpriseWarning[]>(file.cases.length);
  for (const [at, ks] of byDate) {
    const records = ks.map((k) => (valid[k] as { success: true; data: EnterpriseRecord }).data);
    const pop = buildPopulation(records);
    const r = ev.evaluate(pop, at);
    const t = target.kind === 'supervision-items' ? supervisionTriggers(ev, pop, r) : null;
    const w = target.kind === 'early-warning' ? earlyWarnings(ev, pop, r) : null;
    ks.forEach((k, j) => {
      results[k] = r.toJSON(j);
      triggered[k] = t ? t.of(j) : [];
      warned[k] = w ? w.explain(j) : [];
    });
  }
  return file.cases.map((c, index) => {
    const at = c.at ?? file.at;
    const rec = valid[index]!;
    if (!rec.success) {
      const errors = rec.issues.filter((i) => i.severity === 'error');
      return {
        name: c.name,
        index,
        at,
        passed: false,
        expected: c.expect,
        actual: null,
        message: `市场主体记录无效：${issuesText(errors, 'zh')}`,
        messageEn: `invalid enterprise record: ${issuesText(errors, 'en')}`,
      };
    }
    return { name: c.name, index, at, expected: c.expect, ...compareCase({ ...target, grading: ev.sampling?.content.grading }, c.expect, results[index]!, triggered[index], warned[index]) };
  });
}

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
  return { success: true, outcomes: evaluateCases(compiled.evaluator, document, checked.data) };
}
