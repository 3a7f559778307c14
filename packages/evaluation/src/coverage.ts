/**
 * Golden-case coverage: for every band, rule, override, model threshold, indicator band, sampling
 * row and exception, and domain of a document, the cases that reach it; the ones no case reaches are
 * `uncovered`. Pure: read from `evaluate` (the deciding rule / band id, the score, the sampling grade,
 * the domains) and `explain` (indicator values) of the bundle the cases run against.
 *
 * "Reaches" means:
 * - grading rule or band: the case's grade is decided by it before overrides (the bundle is run once
 *   more without the document's overrides when an override decided);
 * - grading override: it decided the case's final grade;
 * - model threshold: the case's score falls in it; the worst-of combination: it decided the grade;
 * - indicator band: the case's value of that indicator falls in it (the first band that holds it);
 * - sampling row: the row of the case's grade (or the `normal` row for a grade without one) gave its
 *   base ratio; exception: it replaced that ratio (the highest exception of the case's domains);
 * - domain: the case falls into it;
 * - trigger point (a supervision item's trigger with a condition, 002 (八)): its condition holds for
 *   the case (read from `supervisionTriggers`); text-only trigger points are not evaluated and not listed;
 * - early-warning rule (003 第十三条): it warns the case (read from `earlyWarnings`).
 *
 * @example
 * const r = caseCoverage(bundle, 'public-credit-class', cases.map((c) => ({ name: c.name, at: c.at ?? file.at, enterprise: c.enterprise })));
 * if (r.success) for (const u of r.uncovered) console.log(u.path, u.label.zh);
 */
import { bandRangePhrase, triggerConditionPhrase, validateEnterprise } from '@policy/schemas';
import type {
  DomainAssignmentDocument,
  EarlyWarningDocument,
  EnterpriseRecord,
  GradingDocument,
  Issue,
  IndustryModelDocument,
  PolicyDocument,
  SamplingDocument,
  SupervisionItemsDocument,
} from '@policy/schemas';
import { compile } from './compile.ts';
import { inBand } from './compiler/industry-model.ts';
import type { Evaluator } from './evaluator.ts';
import { buildPopulation } from './population.ts';
import type { EnterpriseResultJson, EnterpriseTrigger, EnterpriseWarning, Explanation } from './result.ts';
import { supervisionTriggers } from './triggers.ts';
import { earlyWarnings } from './warnings.ts';

export type CoverageItemKind = 'rule' | 'band' | 'override' | 'threshold' | 'combine' | 'indicator-band' | 'sampling-row' | 'sampling-exception' | 'domain' | 'trigger' | 'warning-rule';

export interface CoverageItem {
  kind: CoverageItemKind;
  /** The rule / band / override id; for rows, exceptions and indicator bands a readable key. */
  id: string;
  /** JSON pointer into the document. */
  path: string;
  label: { zh: string; en: string };
  /** Names of the cases that reach it. */
  cases: string[];
}

/** A case as the coverage reads it: a name, its evaluation date and the enterprise record. */
export interface CoverageCase {
  name: string;
  at: string;
  enterprise: unknown;
}

export type CoverageReport =
  | {
      success: true;
      documentId: string;
      kind: PolicyDocument['kind'];
      /** Cases run (invalid enterprise records are left out and named in `skipped`). */
      cases: number;
      items: CoverageItem[];
      uncovered: CoverageItem[];
      skipped: string[];
    }
  | { success: false; documentId: string; problems: { path: string; message: string; messageEn: string }[] };

interface CaseRun {
  name: string;
  at: string;
  result: EnterpriseResultJson;
  explanation: () => Explanation;
  /** The result without the document's overrides (gradings with overrides only). */
  plain?: EnterpriseResultJson;
  /** The supervision items the case triggers (supervision-items documents only). */
  triggered?: EnterpriseTrigger[];
  /** The early-warning rules that warn the case (early-warning documents only). */
  warned?: EnterpriseWarning[];
}

/** What a coverage run reads beyond the grades: the triggers or the warnings of each case. */
interface CaseSignals {
  triggers?: boolean;
  warnings?: boolean;
}

const text = (t: { zh: string; en?: string } | undefined, fallback: string) => ({ zh: t?.zh ?? fallback, en: t?.en ?? t?.zh ?? fallback });

/** Runs the cases (those of one date as one population) with `ev`; `plainEv` without the document's overrides. */
function runCases(ev: Evaluator, plainEv: Evaluator | null, cases: readonly CoverageCase[], signals: CaseSignals = {}): { runs: CaseRun[]; skipped: string[] } {
  const skipped: string[] = [];
  const byDate = new Map<string, { name: string; record: EnterpriseRecord }[]>();
  for (const c of cases) {
    const v = validateEnterprise(c.enterprise);
    if (!v.success) {
      skipped.push(c.name);
      continue;
    }
    (byDate.get(c.at) ?? byDate.set(c.at, []).get(c.at)!).push({ name: c.name, record: v.data });
  }
  const runs: CaseRun[] = [];
  for (const [at, list] of byDate) {
    const pop = buildPopulation(list.map((x) => x.record));
    const r = ev.evaluate(pop, at);
    const plain = plainEv?.evaluate(pop, at);
    const t = signals.triggers ? supervisionTriggers(ev, pop, r) : null;
    const w = signals.warnings ? earlyWarnings(ev, pop, r) : null;
    list.forEach((x, j) => {
      let explained: Explanation | undefined;
      runs.push({
        name: x.name,
        at,
        result: r.toJSON(j),
        plain: plain?.toJSON(j),
        explanation: () => (explained ??= ev.explain(pop, j, at)),
        ...(signals.triggers ? { triggered: t ? t.of(j) : [] } : {}),
        ...(signals.warnings ? { warned: w ? w.of(j) : [] } : {}),
      });
    });
  }
  return { runs, skipped };
}

function gradingItems(doc: GradingDocument, ev: Evaluator, runs: CaseRun[]): CoverageItem[] {
  const compiled = ev.gradings.find((g) => g.doc.id === doc.id);
  const labelOf = (id: string) => text(compiled?.ruleLabels[compiled.rules.indexOf(id)], id);
  const items: CoverageItem[] = [];
  const d = doc.content.decision;
  const decided = (id: string) => runs.filter((r) => (r.plain ?? r.result).results[doc.id]?.rule === id).map((r) => r.name);
  if (d.type === 'bands') {
    const missing = d.missingGrade ?? doc.content.unratedGrade;
    if (missing !== undefined) {
      const id = d.missingRuleId ?? 'missing';
      items.push({ kind: 'band', id, path: '/content/decision/missingGrade', label: labelOf(id), cases: decided(id) });
    }
    d.bands.forEach((b, k) => items.push({ kind: 'band', id: b.id, path: `/content/decision/bands/${k}`, label: labelOf(b.id), cases: decided(b.id) }));
  } else {
    d.rules.forEach((rule, k) => items.push({ kind: 'rule', id: rule.id, path: `/content/decision/rules/${k}`, label: labelOf(rule.id), cases: decided(rule.id) }));
  }
  doc.content.overrides.forEach((o, k) =>
    items.push({
      kind: 'override',
      id: o.id,
      path: `/content/overrides/${k}`,
      label: labelOf(o.id),
      cases: runs.filter((r) => r.result.results[doc.id]?.rule === o.id).map((r) => r.name),
    }),
  );
  return items;
}

function modelItems(doc: IndustryModelDocument, ev: Evaluator, runs: CaseRun[]): CoverageItem[] {
  const compiled = ev.models.find((m) => m.doc.id === doc.id);
  const labelOf = (id: string) => text(compiled?.ruleLabels[compiled.rules.indexOf(id)], id);
  const inModel = runs.filter((r) => r.result.results[doc.id] !== undefined && r.result.results[doc.id]!.grade !== null);
  const items: CoverageItem[] = doc.content.thresholds.map((b, k) => ({
    kind: 'threshold',
    id: b.id,
    path: `/content/thresholds/${k}`,
    label: labelOf(b.id),
    cases: inModel
      .filter((r) => {
        const score = r.result.results[doc.id]!.score;
        return typeof score === 'number' && doc.content.thresholds.findIndex((t) => inBand(score, t)) === k;
      })
      .map((r) => r.name),
  }));
  if (doc.content.combine.method === 'worst-of') {
    const id = `worst-of:${doc.content.combine.with ?? ''}`;
    items.push({ kind: 'combine', id, path: '/content/combine', label: labelOf(id), cases: inModel.filter((r) => r.result.results[doc.id]!.rule === id).map((r) => r.name) });
  }
  doc.content.indicators.forEach((ind, k) => {
    if (ind.scoring.type !== 'bands') return;
    const bands = ind.scoring.bands;
    const reached = bands.map(() => [] as string[]);
    for (const r of inModel) {
      const e = r.explanation().documents.find((x) => x.id === doc.id)?.indicators?.find((x) => x.id === ind.id);
      const v = e?.value;
      if (typeof v !== 'number' || Number.isNaN(v)) continue;
      const j = bands.findIndex((b) => inBand(v, b));
      if (j >= 0) reached[j]!.push(r.name);
    }
    bands.forEach((b, j) => {
      const range = bandRangePhrase(b);
      items.push({
        kind: 'indicator-band',
        id: `${ind.id}#${j + 1}`,
        path: `/content/indicators/${k}/scoring/bands/${j}`,
        label: { zh: `指标「${ind.label.zh}」${range.zh}（${b.points} 分）`, en: `indicator ${ind.label.en ?? ind.id} ${range.en} (${b.points} points)` },
        cases: reached[j]!,
      });
    });
  });
  return items;
}

function samplingItems(doc: SamplingDocument, ev: Evaluator, runs: CaseRun[]): CoverageItem[] {
  const c = doc.content;
  const grading = ev.gradings.find((g) => g.doc.id === c.grading);
  const ordered = new Set(grading ? grading.grades.slice(0, grading.ordered) : []);
  const normal = c.rows.findIndex((r) => r.onSite === 'normal');
  const rowCases = c.rows.map(() => [] as string[]);
  const exceptionCases = c.exceptions.map(() => [] as string[]);
  for (const r of runs) {
    const s = r.result.sampling;
    if (!s) continue;
    const grade = s.grade;
    const own = grade === null ? -1 : c.rows.findIndex((row) => row.grade === grade);
    const base = own >= 0 ? own : normal;
    if (base >= 0) rowCases[base]!.push(r.name);
    if (own < 0 || grade === null || !ordered.has(grade)) continue;
    let best = -1;
    let winner = -1;
    c.exceptions.forEach((e, k) => {
      if (e.grade === grade && r.result.domains.includes(e.domain) && e.ratioPercent > best) {
        best = e.ratioPercent;
        winner = k;
      }
    });
    if (winner >= 0) exceptionCases[winner]!.push(r.name);
  }
  return [
    ...c.rows.map((row, k) => ({
      kind: 'sampling-row' as const,
      id: `grade:${row.grade}`,
      path: `/content/rows/${k}`,
      label: { zh: `${row.grade} 级：${row.ratioPercent}%，每年 ${row.frequencyPerYear} 次`, en: `grade ${row.grade}: ${row.ratioPercent}%, ${row.frequencyPerYear} a year` },
      cases: rowCases[k]!,
    })),
    ...c.exceptions.map((e, k) => ({
      kind: 'sampling-exception' as const,
      id: `${e.domain}:${e.grade}`,
      path: `/content/exceptions/${k}`,
      label: { zh: `${e.domain} 领域 ${e.grade} 级例外：${e.ratioPercent}%，每年 ${e.frequencyPerYear} 次`, en: `exception for grade ${e.grade} in ${e.domain}: ${e.ratioPercent}%, ${e.frequencyPerYear} a year` },
      cases: exceptionCases[k]!,
    })),
  ];
}

function domainItems(doc: DomainAssignmentDocument, runs: CaseRun[]): CoverageItem[] {
  return doc.content.domains.map((d, k) => ({
    kind: 'domain',
    id: d.id,
    path: `/content/domains/${k}`,
    label: text(d.name, d.id),
    cases: runs.filter((r) => r.result.domains.includes(d.id)).map((r) => r.name),
  }));
}

/** Each trigger point with a condition (text-only ones are not evaluated, so no case can reach them). */
function triggerItems(doc: SupervisionItemsDocument, bundle: readonly PolicyDocument[], runs: CaseRun[]): CoverageItem[] {
  const items: CoverageItem[] = [];
  const titles = new Map(bundle.map((d) => [d.id, { zh: d.title, en: d.titleEn ?? d.title }]));
  const measures = new Map((doc.content.measures ?? []).map((m) => [m.id, m]));
  const name = (id: string) => text(measures.get(id)?.label, id);
  doc.content.items.forEach((item, k) => {
    (item.triggers ?? []).forEach((tp, j) => {
      if (!tp.condition) return;
      const phrase = triggerConditionPhrase(tp.condition, name, { document: (id) => titles.get(id) ?? { zh: id, en: id } });
      items.push({
        kind: 'trigger',
        id: `${item.code}/${tp.id}`,
        path: `/content/items/${k}/triggers/${j}`,
        label: { zh: `事项 ${item.code}「${item.name}」触发点「${tp.description}」：${phrase.zh}`, en: `item ${item.code}, trigger point ${tp.id}: ${phrase.en}` },
        cases: runs
          .filter((r) => r.triggered?.some((x) => x.documentId === doc.id && x.code === item.code && x.triggers.some((y) => y.id === tp.id)))
          .map((r) => r.name),
      });
    });
  });
  return items;
}

/** Each early-warning rule with the cases it warns. */
function warningItems(doc: EarlyWarningDocument, runs: CaseRun[]): CoverageItem[] {
  return doc.content.rules.map((rule, k) => ({
    kind: 'warning-rule' as const,
    id: rule.id,
    path: `/content/rules/${k}`,
    label: text(rule.label, rule.id),
    cases: runs.filter((r) => r.warned?.some((x) => x.documentId === doc.id && x.ruleId === rule.id)).map((r) => r.name),
  }));
}

const problem = (i: Issue) => ({ path: i.path, message: i.message, messageEn: i.messageEn });

/**
 * Coverage of one document of `bundle` by `cases` (usually the document's own golden cases, run
 * against the bundle they are checked with).
 */
export function caseCoverage(bundle: readonly PolicyDocument[], documentId: string, cases: readonly CoverageCase[]): CoverageReport {
  const doc = bundle.find((d) => d.id === documentId);
  if (!doc) {
    return { success: false, documentId, problems: [{ path: '', message: `文档 ${documentId} 不在策略集中`, messageEn: `document ${documentId} is not in the bundle` }] };
  }
  const compiled = compile({ documents: [...bundle] });
  if (!compiled.success) return { success: false, documentId, problems: compiled.issues.map(problem) };
  const ev = compiled.evaluator;
  let plainEv: Evaluator | null = null;
  if (doc.kind === 'grading' && doc.content.overrides.length > 0) {
    const plain = { ...doc, content: { ...doc.content, overrides: [] } } as GradingDocument;
    const c = compile({ documents: bundle.map((d) => (d.id === documentId ? plain : d)) });
    if (c.success) plainEv = c.evaluator;
  }
  const { runs, skipped } = runCases(ev, plainEv, cases, { triggers: doc.kind === 'supervision-items', warnings: doc.kind === 'early-warning' });
  let items: CoverageItem[];
  switch (doc.kind) {
    case 'grading':
      items = gradingItems(doc, ev, runs);
      break;
    case 'industry-model':
      items = modelItems(doc, ev, runs);
      break;
    case 'sampling':
      items = samplingItems(doc, ev, runs);
      break;
    case 'domain-assignment':
      items = domainItems(doc, runs);
      break;
    case 'supervision-items':
      items = triggerItems(doc, bundle, runs);
      break;
    case 'early-warning':
      items = warningItems(doc, runs);
      break;
    default:
      items = [];
  }
  return { success: true, documentId, kind: doc.kind, cases: runs.length, items, uncovered: items.filter((i) => i.cases.length === 0), skipped };
}
