/**
 * Why an early warning fired (issue 13 finding 5): the value of each leaf of the rule's condition
 * for one enterprise — a key indicator's value on the day beside the operator and the threshold,
 * or the enterprise's grade under the named document — and whether the leaf holds (read from the
 * kernel's columns, so the explanation never disagrees with the count). Values are recomputed with
 * the scalar counting rules of counting.ts, as explain.ts does for gradings: key indicators count
 * records by kind (no severities), over 1 year unless the indicator has its own window. A text
 * value compared with a number is shown as it is, marked `notNumber` (the comparison read it as missing).
 */
import type { MeasureDef, TriggerCompare } from '@policy/schemas';
import { ONE_YEAR, countRecords, measureCountsKind, onList, windowStart } from './counting.ts';
import { dayOrThrow } from './dates.ts';
import type { Population } from './population.ts';
import { INDICATOR_MISSING, INDICATOR_NUMBER, INDICATOR_STRING, STATUSES, scoreAt, statusAt } from './population.ts';
import type { EvaluationResult, WarningLeafValue } from './result.ts';
import { NO_GRADE } from './result.ts';
import type { CompiledGrading } from './evaluator.ts';

export type { WarningLeafValue } from './result.ts';

/** A leaf of a compiled warning rule (warnings.ts): a 0/1 read as `mask[column[i]]`. */
export type WarningLeaf =
  | { kind: 'grade'; document: string; grades: string[] }
  | { kind: 'measure'; grading: CompiledGrading; measure: MeasureDef; compare: TriggerCompare };

type Value = number | boolean | string | null;

/** The value of indicator column `key` for enterprise `i` (null: none). */
function indicatorValue(pop: Population, key: string, i: number): Value {
  const col = pop.indicators.get(key);
  const t = col ? col.types[i]! : INDICATOR_MISSING;
  if (!col || t === INDICATOR_MISSING) return null;
  const v = col.values[i]!;
  return t === INDICATOR_STRING ? col.dict[v]! : t === INDICATOR_NUMBER ? v : v !== 0;
}

/** Leaf `l` of a warning rule for enterprise `i` of `pop` evaluated as `res`; `holds` from the kernel's columns. */
export function leafValue(l: WarningLeaf, pop: Population, res: EvaluationResult, i: number, holds: boolean): WarningLeafValue {
  if (l.kind === 'grade') {
    const d = res.byId.get(l.document)!;
    const g = d.grade[i]!;
    return { leaf: 'grade', document: l.document, title: { zh: d.title, en: d.title }, grade: g === NO_GRADE ? null : d.grades[g]!, grades: l.grades, holds };
  }
  const at = dayOrThrow(res.at);
  const m = l.measure;
  let value: Value = null;
  switch (m.type) {
    case 'recordCount': {
      const mask = Uint8Array.from(pop.kinds, (kind) => (measureCountsKind(m, kind, 'general') ? 1 : 0));
      value = countRecords(pop, i, at, windowStart(at, m.window ?? ONE_YEAR), mask, 'excluded', undefined, m.seriousConsequence);
      break;
    }
    case 'listMember':
      value = onList(pop, i, m.list, at);
      break;
    case 'status':
      value = STATUSES[statusAt(pop, i, at)] === m.equals;
      break;
    case 'score': {
      const s = scoreAt(pop, i, at);
      value = Number.isNaN(s) ? null : s;
      break;
    }
    case 'indicator':
      value = indicatorValue(pop, m.key, i);
      break;
  }
  const label = { zh: m.label?.zh ?? m.id, en: m.label?.en ?? m.label?.zh ?? m.id };
  // a text compared with a number is no number: the kernel read it as missing (compiler/grading.ts)
  const notNumber = typeof value === 'string' && typeof l.compare.value !== 'string';
  return { leaf: 'measure', measure: m.id, label, value, op: l.compare.op, threshold: l.compare.value, holds, ...(notNumber ? { notNumber: true as const } : {}) };
}
