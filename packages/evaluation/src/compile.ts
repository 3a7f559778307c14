/**
 * compile(bundle) → evaluator. The checks a document must pass to be compiled are those of
 * @policy/schemas (`semanticIssues`, `validateBundle`): compile refuses a bundle on the ones the
 * engine cannot do without (an unknown grade, measure or indicator, a matrix of the wrong size, a
 * reference that does not resolve), with the catalogue's messages at `/documents/<k>/…`, and adds
 * only the engine's own limits: one version of each document, at most one domain-assignment and
 * one sampling document, and the domains that industry models and sampling exceptions name must
 * exist. Then each grading becomes generated kernel fragments (compiler/grading.ts), each industry
 * model its weights (compiler/industry-model.ts); run/ executes them, explain.ts explains them.
 */
import type { GradingDocument, Issue, IssueCode, MessageParams, PolicyBundle, PolicyDocument } from '@policy/schemas';
import { makeIssue, pointer, prefixIssues, semanticIssues, validateBundle } from '@policy/schemas';
import { documentUnit } from './cache.ts';
import { compileGrading, UNRATED_LABEL } from './compiler/grading.ts';
import { generalFirst } from './general-risk.ts';
import { compileModel } from './compiler/industry-model.ts';
import type { CompiledGrading, CompiledIndustryModel, CompileResult, Evaluator } from './evaluator.ts';
import { explainEnterprise } from './explain.ts';
import { listKernels } from './kernels/print.ts';
import { evaluateWith } from './run/evaluate.ts';
import { hasTriggerConditions } from './triggers.ts';

/** Codes of the document checks without which a grading or industry model cannot be compiled. */
const BLOCKING_IN_DOCUMENT: ReadonlySet<IssueCode> = new Set<IssueCode>([
  'grades.unknown',
  'measures.duplicate',
  'measures.unknown',
  'measures.type-mismatch',
  'ahp.size-mismatch',
  'indicators.unknown',
  // a trigger condition's comparison of a measure the supervision-items document does not define
  'triggers.unknown-measure',
  // an early-warning rule's comparison of a key indicator the document does not define, or of another type
  'warnings.unknown-measure',
  'warnings.type-mismatch',
  'warnings.measure-severity',
]);

/**
 * A grading as the engine reads it: an unrated grade outside the grade set is one more grade after
 * the ordered ones (see compiler/grading.ts), so the schema checks see it appended (pointers of the
 * other grades unchanged).
 */
export function withUnratedGrade(doc: GradingDocument): GradingDocument {
  const c = doc.content;
  if (c.unratedGrade === undefined || c.grades.some((g) => g.code === c.unratedGrade)) return doc;
  return { ...doc, content: { ...c, grades: [...c.grades, { code: c.unratedGrade, label: UNRATED_LABEL }] } };
}

/** The checks of one document that block compiling it (document-relative pointers); once per document unit. */
function blockingIssues(doc: PolicyDocument): Issue[] {
  const unit = documentUnit(doc);
  if (unit.issues === undefined) {
    // a supervision-items document is checked only for its trigger conditions (lists without them never reach the engine, and may be written without defaults)
    const conditioned = doc.kind === 'supervision-items' && hasTriggerConditions({ documents: [doc] });
    const checked = doc.kind === 'grading' ? withUnratedGrade(doc) : doc.kind === 'industry-model' || conditioned || doc.kind === 'early-warning' ? doc : null;
    unit.issues = checked ? semanticIssues(checked).filter((i) => i.severity === 'error' && BLOCKING_IN_DOCUMENT.has(i.code)) : [];
  }
  return unit.issues as Issue[];
}

/**
 * The cross-document checks that block evaluation: the grading a sampling document follows, the
 * grading a model combines with, the domains of models, sampling exceptions and the per-domain sampling
 * basis with its documents (the engine does not read a model's department, nor the yearly plans' departments).
 */
const blocksBundle = (i: Issue): boolean =>
  i.severity === 'error' &&
  (i.code === 'sampling.unknown-grading' ||
    i.code === 'triggers.unknown-document' ||
    i.code === 'triggers.unknown-grade' ||
    i.code === 'warnings.unknown-document' ||
    i.code === 'warnings.unknown-grade' ||
    (i.code === 'bundle.unknown-reference' && i.path !== '/content/department' && !i.path.startsWith('/content/inspectionPlans/') && !/^\/content\/rules\/\d+\/notify\//.test(i.path)));

/** Compiles a bundle of policy documents into an evaluator, or returns the issues that prevent it. */
export function compile(bundle: PolicyBundle): CompileResult {
  const docs = bundle.documents;
  const issues: Issue[] = [];
  const at = (k: number, code: IssueCode, path: string, params: MessageParams) =>
    issues.push({ ...makeIssue(code, pointer('documents', k) + path, params), documentId: docs[k]!.id });

  // engine limit: one version of each document
  const index = new Map<string, number>();
  docs.forEach((d, k) => {
    if (index.has(d.id)) at(k, 'bundle.duplicate-document', '/id', { id: d.id });
    else index.set(d.id, k);
  });
  // the schema checks the engine relies on
  docs.forEach((d, k) => {
    for (const i of prefixIssues(blockingIssues(d), ['documents', k])) issues.push({ ...i, documentId: d.id });
  });
  for (const i of validateBundle(docs).filter(blocksBundle)) {
    const k = index.get(i.documentId!)!;
    issues.push(...prefixIssues([i], ['documents', k]));
  }
  // engine limits: at most one domain-assignment and one sampling document; the domains named exist
  const only = <K extends PolicyDocument['kind']>(kind: K) => {
    const found = docs.map((d, k) => [d, k] as const).filter(([d]) => d.kind === kind);
    if (found.length > 1) at(found[1]![1], 'bundle.one-of-kind', '', { kind });
    return (found[0]?.[0] ?? null) as Extract<PolicyDocument, { kind: K }> | null;
  };
  const domainAssignment = only('domain-assignment');
  const sampling = only('sampling');
  if (!domainAssignment) {
    // validateBundle checks domains only against a domain assignment; without one, none exists
    const noDomain = (k: number, path: string, ref: string) =>
      at(k, 'bundle.unknown-reference', path, { what: '监管领域', whatEn: 'domain', ref, where: '（这套策略没有部门监管领域分工）', whereEn: ' (the policy set has no domain assignment)' });
    docs.forEach((d, k) => {
      if (d.kind === 'industry-model' && d.content.domain !== undefined) noDomain(k, '/content/domain', d.content.domain);
      if (d.kind === 'sampling') {
        d.content.exceptions.forEach((e, q) => noDomain(k, `/content/exceptions/${q}/domain`, e.domain));
        d.content.domainBasis?.forEach((b, q) => noDomain(k, `/content/domainBasis/${q}/domain`, b.domain));
      }
    });
  }
  if (issues.length > 0) return { success: false, issues };

  const gradings: CompiledGrading[] = [];
  const models: CompiledIndustryModel[] = [];
  const titles = new Map(docs.map((d) => [d.id, d.title]));
  const titleOf = (id: string) => titles.get(id) ?? id;
  for (const d of docs) {
    const unit = documentUnit(d);
    if (d.kind === 'grading') {
      // equal documents share one compiled grading (its kernel JIT-warm across bundles) and their results
      unit.compiled ??= compileGrading(withUnratedGrade(d), d, unit.uid);
      gradings.push(unit.compiled as CompiledGrading);
    } else if (d.kind === 'industry-model') models.push(compileModel(d, unit.uid, titleOf));
  }
  const evaluator: Evaluator = {
    bundle,
    gradings,
    // general classifications first: the models that refine one read its grades
    models: generalFirst(models),
    domainAssignment,
    sampling,
    units: { domainAssignment: domainAssignment ? documentUnit(domainAssignment).uid : 0, sampling: sampling ? documentUnit(sampling).uid : 0 },
    evaluate: (pop, at) => evaluateWith(evaluator, pop, at),
    explain: (pop, i, at) => explainEnterprise(evaluator, pop, i, at),
    kernels: () => listKernels(evaluator),
  };
  return { success: true, evaluator, issues: [] };
}

/** Like `compile` but throws when the bundle has issues (for bundles already validated). */
export function compileOrThrow(bundle: PolicyBundle): Evaluator {
  const r = compile(bundle);
  if (!r.success) throw new Error(`策略无法编译 / bundle does not compile: ${r.issues.map((i) => `${i.path} ${i.messageEn}`).join('; ')}`);
  return r.evaluator;
}
