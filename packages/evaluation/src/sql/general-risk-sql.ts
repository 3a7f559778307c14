/**
 * The general risk classification in the SQL engine (../general-risk.ts): a specialised model whose
 * `combine.refines` names a general classification of the bundle (compiled before it) is, with
 * worst-of, no better than that classification's grade (by position, capped at the model's worst
 * grade), decided by its `refines:<id>` rule — the same step as `refineWithGeneral` in memory.
 */
import type { CompiledIndustryModel, Evaluator } from '../evaluator.ts';
import { refinesRule } from '../general-risk.ts';
import type { Binder } from './grading-sql.ts';

/**
 * The grade and rule expressions of model `j` after refinement. `grade` and `rule` are its position
 * and rule index expressions so far; `modelPos[q]` is the final position expression of model q < j.
 */
export function refinesSql(
  ev: Evaluator,
  m: CompiledIndustryModel,
  j: number,
  grade: string,
  rule: string,
  modelPos: readonly string[],
  b: Binder,
): { grade: string; rule: string } {
  const c = m.doc.content;
  const f = c.combine.refines;
  if (f === undefined || c.combine.method !== 'worst-of') return { grade, rule };
  const q = ev.models.findIndex((x) => x.doc.id === f);
  if (q < 0 || q >= j) return { grade, rule };
  const general = `CASE WHEN m${q}.band IS NULL THEN NULL ELSE LEAST(${modelPos[q]!}, ${b.bind(m.grades.length - 1, 'int')}) END`;
  const worse = `(${general} > (${grade}))`;
  return {
    grade: `CASE WHEN ${worse} THEN ${general} ELSE ${grade} END`,
    rule: `CASE WHEN ${worse} THEN ${b.bind(m.rules.indexOf(refinesRule(f)), 'int')} ELSE ${rule} END`,
  };
}
