/**
 * Labels of compiled rules (bands, rules, overrides, worst-of) in Chinese and English, as results
 * and explanations show them. Bands are phrased by the shared phrasing of @policy/schemas.
 */
import type { Band, Condition, LocalizedText, MeasureNamer } from '@policy/schemas';
import { bandRulePhrase, conditionPhrase } from '@policy/schemas';

/** A band: its grade and its bounds, e.g. `守信：90 ≤ 分值` / `trustworthy: 90 ≤ value`. */
export const bandLabel = (b: Band, grade: LocalizedText | undefined): LocalizedText => bandRulePhrase(b, grade);

/**
 * A rule of a rules decision: its grade and its condition, said from the condition itself (never
 * from the free-text note, which may quote numbers the rule no longer uses).
 */
export function ruleLabel(code: string, grade: LocalizedText | undefined, when: Condition, name: MeasureNamer): LocalizedText {
  const c = conditionPhrase(when, name);
  return { zh: `${grade?.zh ?? code}：${c.zh}`, en: `${grade?.en ?? code}: ${c.en}` };
}

/** An override: the grade it forces and its condition (not its note). */
export function overrideLabel(code: string, grade: LocalizedText | undefined, when: Condition, name: MeasureNamer): LocalizedText {
  const c = conditionPhrase(when, name);
  return { zh: `强制调整为${grade?.zh ?? code}：${c.zh}`, en: `override to ${grade?.en ?? code}: ${c.en}` };
}

/** The branch taken when the banded measure has no value. */
export function missingLabel(code: string, grade: LocalizedText | undefined): LocalizedText {
  return { zh: `无数值：${grade?.zh ?? code}`, en: `no value: ${grade?.en ?? code}` };
}

/** An industry model's worst-of combination with a general grading. */
export function worstOfLabel(grading: string): LocalizedText {
  return { zh: `取通用评价「${grading}」与行业评价中较差者`, en: `worse of the general class (${grading}) and the model grade` };
}
