/**
 * Why an enterprise got its grades: measures, records counted and excluded, lists, domains,
 * sampling. Grades and rules come from evaluating the enterprise alone; the measures and counted
 * records are recomputed with the scalar rules of counting.ts (the ones the kernels are generated
 * from), so a reader sees each record's reason.
 */
import type { Condition, GradingDocument, LocalizedText } from '@policy/schemas';
import { ONE_YEAR, countRecords, listInForce, measureCountsKind, hasSeriousConsequence, onList, recordExclusion, recordLifetimes, severityOf, sourceCountsKind, windowStart } from './counting.ts';
import { indicatorPoints } from './compiler/industry-model.ts';
import { dayOrThrow, DAY_NEVER, formatDay } from './dates.ts';
import type { Evaluator } from './evaluator.ts';
import type { Population } from './population.ts';
import { INDICATOR_BOOLEAN, INDICATOR_MISSING, INDICATOR_NUMBER, INDICATOR_STRING, STATUSES, scoreAt, statusAt } from './population.ts';
import { slicePopulation } from './population-slice.ts';
import type { DocumentExplanation, EvaluationResult, ExclusionReason, Explanation } from './result.ts';
import { NO_GRADE, NO_RULE } from './result.ts';
import { supervisionTriggers } from './triggers.ts';
import { earlyWarnings } from './warnings.ts';
import type { ModelRecordRules } from './run/models.ts';
import { modelRecordRules } from './run/models.ts';

export const EXCLUSION_LABELS: Record<ExclusionReason, LocalizedText> = {
  'outside-window': { zh: '不在统计期间内', en: 'outside the window' },
  'after-at': { zh: '晚于评价日期', en: 'dated after the evaluation date' },
  'publication-ended': { zh: '公示期已届满', en: 'past its maximum publication period' },
  repaired: { zh: '已信用修复', en: 'repaired' },
  'objection-pending': { zh: '异议处理中', en: 'under a pending objection' },
  'ignored-kind': { zh: '该类型不计入', en: 'kind not counted by this policy' },
};

type Value = number | boolean | string | null;

/** The value of indicator column `key` for enterprise `i` as the document reads it (null: none). */
function indicatorValue(pop: Population, key: string, i: number): Value {
  const col = pop.indicators.get(key);
  const t = col ? col.types[i]! : INDICATOR_MISSING;
  if (!col || t === INDICATOR_MISSING) return null;
  const v = col.values[i]!;
  return t === INDICATOR_STRING ? col.dict[v]! : t === INDICATOR_NUMBER ? v : v !== 0;
}

/** The measures the comparisons in `x` read (those `keep` accepts; all by default), added to `out`. */
export function conditionMeasures(x: Condition, out: Set<string>, keep: (leaf: Extract<Condition, { measure: string }>) => boolean = () => true): Set<string> {
  if ('all' in x) x.all.forEach((y) => conditionMeasures(y, out, keep));
  else if ('any' in x) x.any.forEach((y) => conditionMeasures(y, out, keep));
  else if ('not' in x) conditionMeasures(x.not, out, keep);
  else if ('measure' in x && keep(x)) out.add(x.measure);
  return out;
}

/** A comparison with a number or a boolean (not a text). */
const numericLeaf = (leaf: { value: unknown }) => typeof leaf.value !== 'string';

/**
 * The measures a grading compares with a number (its bands, or a rule or override comparing it with
 * a number or a boolean): a text value of one of them is no number, read as missing (compiler/grading.ts).
 */
export function numericMeasures(c: GradingDocument['content']): Set<string> {
  const out = new Set<string>();
  if (c.decision.type === 'bands') out.add(c.decision.measure);
  else c.decision.rules.forEach((r) => conditionMeasures(r.when, out, numericLeaf));
  c.overrides.forEach((o) => conditionMeasures(o.when, out, numericLeaf));
  return out;
}

/** Explains enterprise `i` of `pop` at `at` with the compiled evaluator `ev` (see `Evaluator.explain`). */
export function explainEnterprise(ev: Evaluator, pop: Population, i: number, atText: string): Explanation {
  return explainEnterprises(ev, pop, [i], atText)[0]!;
}

/**
 * Explains several enterprises with one evaluation of their slice of the population (a page of moved
 * enterprises costs one evaluation per side, not one per enterprise).
 *
 * @example
 * explainEnterprises(ev, pop, [3, 17], '2026-10-31').map((e) => e.documents[0]!.rule)
 */
export function explainEnterprises(ev: Evaluator, pop: Population, indices: readonly number[], atText: string): Explanation[] {
  for (const i of indices) if (!Number.isInteger(i) || i < 0 || i >= pop.n) throw new RangeError(`enterprise index out of range: ${i}`);
  if (indices.length === 0) return [];
  const at = dayOrThrow(atText);
  const slice = slicePopulation(pop, [...indices]);
  const res = ev.evaluate(slice, atText);
  const triggers = supervisionTriggers(ev, slice, res);
  const warnings = earlyWarnings(ev, slice, res);
  return indices.map((i, k) => {
    const e = explainOne(ev, pop, i, k, at, res);
    const t = triggers ? { ...e, triggered: triggers.of(k) } : e;
    return warnings ? { ...t, warnings: warnings.explain(k) } : t;
  });
}

function explainOne(ev: Evaluator, pop: Population, i: number, k: number, at: number, res: EvaluationResult): Explanation {
  const json = res.toJSON(k);
  const recStart = pop.recOffsets[i]!;
  const recEnd = pop.recOffsets[i + 1]!;

  const documents: DocumentExplanation[] = res.documents.map((d) => {
    const g = d.grade[k]!;
    const r = d.rule[k]!;
    const base: DocumentExplanation = {
      id: d.id,
      kind: d.kind,
      title: d.title,
      grade: g === NO_GRADE ? null : d.grades[g]!,
      gradeLabel: g === NO_GRADE ? null : d.gradeLabels[g]!,
      rule: r === NO_RULE ? null : d.rules[r]!,
      ruleLabel: r === NO_RULE ? null : d.ruleLabels[r]!,
      measures: [],
      records: [],
    };
    if (d.kind === 'grading') {
      const c = ev.gradings.find((x) => x.doc.id === d.id)!.doc.content;
      const lo = windowStart(at, c.window);
      const life = recordLifetimes(pop, at, c.severities, c.publicationPeriods, c.repairBeforeMinimum);
      base.window = { from: formatDay(lo + 1), to: formatDay(at) };
      const countsRecords = c.measures.some((m) => m.type === 'recordCount');
      const numeric = numericMeasures(c);
      for (let q = countsRecords ? recStart : recEnd; q < recEnd; q++) {
        const kind = pop.kinds[pop.recKind[q]!]!;
        const severity = severityOf(c.severities, kind);
        let reason = recordExclusion(pop, q, at, lo, c.pendingObjection, life);
        if (!reason && severity === 'ignore') reason = 'ignored-kind';
        base.records.push({
          id: pop.recIds[q]!,
          kind,
          date: formatDay(pop.recDate[q]!),
          severity,
          ...(hasSeriousConsequence(pop, q) ? { seriousConsequence: true } : {}),
          ...(pop.recDomain?.[q] ? { domain: pop.recDomains![pop.recDomain[q]!]! } : {}),
          counted: reason === undefined,
          ...(reason ? { reason, reasonLabel: EXCLUSION_LABELS[reason] } : {}),
        });
      }
      for (const m of c.measures) {
        let value: Value = null;
        switch (m.type) {
          case 'recordCount': {
            const mask = Uint8Array.from(pop.kinds, (kind) => (measureCountsKind(m, kind, severityOf(c.severities, kind)) ? 1 : 0));
            value = countRecords(pop, i, at, windowStart(at, m.window ?? c.window), mask, c.pendingObjection, life, m.seriousConsequence);
            break;
          }
          case 'listMember':
            value = onList(pop, i, m.list, at);
            break;
          case 'status':
            value = STATUSES[statusAt(pop, i, at)] === m.equals;
            break;
          case 'score':
            value = Number.isNaN(scoreAt(pop, i, at)) ? null : scoreAt(pop, i, at);
            break;
          case 'indicator':
            value = indicatorValue(pop, m.key, i);
            break;
        }
        // a text compared with a number is no number: the decision read it as missing
        const notNumber = typeof value === 'string' && numeric.has(m.id);
        base.measures.push({ id: m.id, type: m.type, ...(m.label ? { label: m.label } : {}), value, ...(notNumber ? { notNumber: true as const } : {}) });
      }
    } else {
      const model = ev.models.find((x) => x.doc.id === d.id)!;
      let modelRules: ModelRecordRules | undefined;
      if (g !== NO_GRADE) {
        base.score = Math.round(d.score![k]! * 100) / 100;
        base.indicators = model.doc.content.indicators.map((def, x) => {
          let value: Value;
          let points: number;
          const src = def.source;
          if (src.from === 'indicator') {
            const col = pop.indicators.get(src.key);
            const t = col ? col.types[i]! : INDICATOR_MISSING;
            const v = col ? col.values[i]! : NaN;
            value = indicatorValue(pop, src.key, i);
            points = indicatorPoints(def, v, t, t === INDICATOR_STRING ? col!.dict[v] : undefined);
          } else if (src.from === 'recordCount') {
            const mask = Uint8Array.from(pop.kinds, (kind) => (sourceCountsKind(src.kinds, kind) ? 1 : 0));
            // the record rule of the grading the model combines with (publication periods, pending objections)
            const rules = (modelRules ??= modelRecordRules(ev, model, pop, at));
            const count = countRecords(pop, i, at, windowStart(at, src.window ?? ONE_YEAR), mask, rules.pending, rules.life);
            value = count;
            points = indicatorPoints(def, count, INDICATOR_NUMBER, undefined);
          } else if (src.from === 'listMember') {
            // the enterprise's own listing in force at the date (as a grading's list condition)
            const on = onList(pop, i, src.list, at);
            value = on;
            points = indicatorPoints(def, on ? 1 : 0, INDICATOR_BOOLEAN, undefined);
          } else {
            const s = scoreAt(pop, i, at);
            value = Number.isNaN(s) ? null : s;
            points = indicatorPoints(def, s, INDICATOR_NUMBER, undefined);
          }
          return { id: def.id, label: def.label, value, points, weight: model.weights[x]! };
        });
      }
    }
    return base;
  });

  const lists: Explanation['lists'] = [];
  for (let q = pop.listOffsets[i]!; q < pop.listOffsets[i + 1]!; q++) {
    const until = pop.listUntil[q]!;
    lists.push({
      list: pop.lists[pop.listId[q]!]!,
      from: formatDay(pop.listFrom[q]!),
      until: until === DAY_NEVER ? null : formatDay(until),
      inForce: listInForce(pop, q, at),
    });
  }
  const set = res.domainSets[res.domainSet[k]!]!;
  const score = scoreAt(pop, i, at);
  return {
    uscc: pop.uscc[i]!,
    name: pop.name[i]!,
    at: res.at,
    status: STATUSES[statusAt(pop, i, at)]!,
    industryCode: pop.industryCodes[pop.industry[i]!]!,
    regionCode: pop.regions[pop.region[i]!] || null,
    publicCreditScore: Number.isNaN(score) ? null : score,
    documents,
    lists,
    domains: set.domains.map((d) => ({ id: res.domains[d]!.id, name: res.domains[d]!.name })),
    departments: set.departments.map((d) => ({ id: res.departments[d]!.id, name: res.departments[d]!.name })),
    sampling: json.sampling,
    result: json,
  };
}
