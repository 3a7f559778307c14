/**
 * The condition of a trigger point (触发点) of a supervision item (002 (八): 事项、风险点、触发点、监管措施):
 * the condition language of the gradings — all / any / not / always and comparisons of measures (here
 * the measures of the supervision-items document) — plus one leaf gradings do not need: the
 * enterprise's grade under a named grading or industry model (`{ document, grades }`, e.g. the food
 * model's C or D: 信用风险分类为C、D类). documents.ts builds the schema from its own building blocks.
 */
import { z } from 'zod';

const t = (title: string, description: string) => ({ title, description });

/** A comparison of a measure of the supervision-items document with a value (as in a grading rule). */
export interface TriggerCompare {
  measure: string;
  op: '>' | '>=' | '<' | '<=' | '==' | '!=';
  value: number | boolean | string;
}
/** The enterprise's grade under grading or industry model `document` is one of `grades`. */
export interface GradeCondition {
  document: string;
  grades: string[];
}
/** A trigger condition: the gradings' condition language plus grades under named documents. */
export type TriggerCondition =
  | { all: TriggerCondition[] }
  | { any: TriggerCondition[] }
  | { not: TriggerCondition }
  | { always: true }
  | TriggerCompare
  | GradeCondition;

/** The zod schema of a trigger condition from the documents' `id` and comparison operator schemas. */
export function triggerConditionSchema(id: z.ZodString, op: z.ZodType<TriggerCompare['op'], TriggerCompare['op']>): z.ZodType<TriggerCondition, TriggerCondition> {
  const self: z.ZodType<TriggerCondition, TriggerCondition> = z.lazy(() =>
    z.union([
      z.object({ all: z.array(self).min(1) }).strict().meta(t('全部满足', 'True when every condition holds.')),
      z.object({ any: z.array(self).min(1) }).strict().meta(t('任一满足', 'True when at least one condition holds.')),
      z.object({ not: self }).strict().meta(t('不满足', 'True when the condition does not hold.')),
      z
        .object({
          measure: id.meta(t('指标', 'Id of a measure defined in this document (触发条件度量).')),
          op,
          value: z.union([z.number(), z.boolean(), z.string()]).meta(t('值', 'The value compared with.')),
        })
        .strict()
        .meta(t('比较', 'Compares a measure of this document with a value.')),
      z
        .object({
          document: id.meta(t('评价或行业模型', 'Id of the grading or industry-model document whose grade is tested.')),
          grades: z.array(z.string().min(1)).min(1).meta(t('等级', 'Grade codes of that document, e.g. C and D.')),
        })
        .strict()
        .meta(t('等级条件', 'True when the enterprise\'s grade under the document is one of the grades (no grade: false).')),
      z.object({ always: z.literal(true) }).strict().meta(t('总是', 'Always true.')),
    ]),
  );
  return self.meta({ id: 'TriggerCondition', ...t('触发条件', 'When the trigger point fires: all / any / not / comparison / grade / always.') });
}

/** True when `x` is a grade leaf. */
export const isGradeCondition = (x: TriggerCondition): x is GradeCondition => 'grades' in x;
/** True when `x` is a comparison leaf. */
export const isTriggerCompare = (x: TriggerCondition): x is TriggerCompare => 'measure' in x;

/** Every leaf of a condition with its JSON pointer below `base`, depth first. */
export function triggerLeaves(x: TriggerCondition, base: string, out: { leaf: TriggerCompare | GradeCondition; path: string }[] = []) {
  if ('all' in x) x.all.forEach((y, k) => triggerLeaves(y, `${base}/all/${k}`, out));
  else if ('any' in x) x.any.forEach((y, k) => triggerLeaves(y, `${base}/any/${k}`, out));
  else if ('not' in x) triggerLeaves(x.not, `${base}/not`, out);
  else if (!('always' in x)) out.push({ leaf: x, path: base });
  return out;
}
