/**
 * Labels of compiled rules (bands, rules, overrides, worst-of) in Chinese and English, as results
 * and explanations show them. Bands are phrased by the shared phrasing of @policy/schemas.
 */
import type { Band, LocalizedText } from '@policy/schemas';
import { bandRulePhrase } from '@policy/schemas';

/** A band: its grade and its bounds, e.g. `守信：90 ≤ 分值` / `trustworthy: 90 ≤ value`. */
export const bandLabel = (b: Band, grade: LocalizedText | undefined): LocalizedText => bandRulePhrase(b, grade);

/** A rule of a rules decision: its grade (and note). */
export function ruleLabel(code: string, grade: LocalizedText | undefined, note: string | undefined): LocalizedText {
  return { zh: `${grade?.zh ?? code}${note ? `（${note}）` : ''}`, en: `${grade?.en ?? code}` };
}

/** An override: the grade it forces (and note). */
export function overrideLabel(code: string, grade: LocalizedText | undefined, note: string | undefined): LocalizedText {
  return { zh: `强制调整为${grade?.zh ?? code}${note ? `（${note}）` : ''}`, en: `override to ${grade?.en ?? code}` };
}

/** The branch taken when the banded measure has no value. */
export function missingLabel(code: string, grade: LocalizedText | undefined): LocalizedText {
  return { zh: `无数值：${grade?.zh ?? code}`, en: `no value: ${grade?.en ?? code}` };
}

/** An industry model's worst-of combination with a general grading. */
export function worstOfLabel(grading: string): LocalizedText {
  return { zh: `取通用评价（${grading}）与行业评价中较差者`, en: `worse of the general class (${grading}) and the model grade` };
}
