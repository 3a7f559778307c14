/**
 * The building blocks every policy document kind shares (documents.ts re-exports them): ids, dates,
 * texts in two languages, conditions over measures, bands and grades. Every field carries a Chinese
 * `title` and a `description` because the admin forms are generated from them.
 */
import { z } from 'zod';
import { calendarDate } from './identifiers.ts';

const t = (title: string, description: string) => ({ title, description });

export const ID_RE = /^[a-z0-9][a-z0-9.-]*$/;

/** A calendar date `YYYY-MM-DD` (the real calendar: see `calendarDate`). */
export const isoDate = calendarDate().meta(t('日期', 'A calendar date, YYYY-MM-DD.'));
export const id = z.string().regex(ID_RE).meta(t('标识', 'Lower-case id: letters, digits, dots and dashes.'));

export const localizedText = z
  .object({
    zh: z.string().min(1).meta(t('中文', 'Chinese text, shown by default.')),
    en: z.string().min(1).optional().meta(t('英文', 'English text, shown when the UI is in English.')),
  })
  .meta(t('名称', 'A label in Chinese and, optionally, English.'));
export type LocalizedText = z.infer<typeof localizedText>;

// ---------------------------------------------------------------- shared building blocks

export const comparisonOp = z
  .enum(['>', '>=', '<', '<=', '==', '!='])
  .meta(t('比较符', 'How the measure is compared with the value.'));

export interface AllCondition { all: Condition[] }
export interface AnyCondition { any: Condition[] }
export interface NotCondition { not: Condition }
export interface CompareCondition { measure: string; op: z.infer<typeof comparisonOp>; value: number | boolean | string }
export interface AlwaysCondition { always: true }
/** A boolean expression over measures: compiled once, evaluated per enterprise. */
export type Condition = AllCondition | AnyCondition | NotCondition | CompareCondition | AlwaysCondition;

export const condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(condition).min(1) }).strict().meta(t('全部满足', 'True when every condition holds.')),
    z.object({ any: z.array(condition).min(1) }).strict().meta(t('任一满足', 'True when at least one condition holds.')),
    z.object({ not: condition }).strict().meta(t('不满足', 'True when the condition does not hold.')),
    z
      .object({
        measure: id.meta(t('指标', 'Id of a measure defined in this document.')),
        op: comparisonOp,
        value: z.union([z.number(), z.boolean(), z.string()]).meta(t('值', 'The value compared with.')),
      })
      .strict()
      .meta(t('比较', 'Compares a measure with a value.')),
    z.object({ always: z.literal(true) }).strict().meta(t('总是', 'Always true: a catch-all rule.')),
  ]),
).meta({ id: 'Condition', ...t('条件', 'A condition over measures: all / any / not / comparison / always.') });

/** One side of a band: a value and whether the value itself belongs to the band. */
export const bound = z
  .object({
    value: z.number().meta(t('数值', 'The bound value.')),
    inclusive: z.boolean().meta(t('含该值', 'True when the bound value itself is inside the band (≤ / ≥).')),
  })
  .strict()
  .meta(t('边界', 'A band bound with explicit inclusivity.'));
export type Bound = z.infer<typeof bound>;

export const band = z
  .object({
    id: id.meta(t('区间标识', 'Rule id reported when this band decides.')),
    grade: z.string().min(1).meta(t('等级', 'Grade code given to values inside the band.')),
    min: bound.optional().meta(t('下限', 'Lower bound; absent means unbounded below.')),
    max: bound.optional().meta(t('上限', 'Upper bound; absent means unbounded above.')),
  })
  .strict()
  .meta(t('分数区间', 'A score band: values between min and max get the grade.'));
export type Band = z.infer<typeof band>;

export const gradeDef = z
  .object({
    code: z.string().min(1).max(32).meta(t('等级代码', 'Stable grade code used in results, e.g. A or excellent.')),
    label: localizedText.meta(t('等级名称', 'Label shown to users, e.g. 守信.')),
    description: z.string().optional().meta(t('说明', 'What the grade means.')),
  })
  .strict()
  .meta(t('等级', 'One grade of the grade set.'));
export type GradeDef = z.infer<typeof gradeDef>;

export const gradeSet = z
  .array(gradeDef)
  .min(2)
  .meta(t('等级设置', 'The grades, ordered from best to worst.'));
