/** Conditions as readable sentences: `{ measure: 'general-count', op: '>', value: 5 }` → 一般失信记录数 > 5 (the shared editor phrasing of @policy/schemas). */
import { conditionPhrase, valuePhrase } from '@policy/schemas';
import type { Condition, MeasureDef, Phrase } from '@policy/schemas';
import type { Lang } from '../../../../i18n/index.tsx';
import { pickText } from '../../../../i18n/index.tsx';
import { enumLabel } from '../../../../i18n/schema-labels.ts';

/**
 * @example
 * conditionText('zh', { any: [{ measure: 'general', op: '>', value: 5 }, { measure: 'serious', op: '>=', value: 1 }] }, measures)
 * // → 一般失信记录数 > 5 或 严重失信记录数 ≥ 1
 */
export function conditionText(lang: Lang, c: Condition, measures: readonly MeasureDef[]): string {
  const name = (id: string): Phrase => {
    const label = measures.find((x) => x.id === id)?.label;
    return label ? { zh: pickText('zh', label), en: pickText('en', label) } : { zh: id, en: id };
  };
  // enumerated values (risk levels, record kinds …) by their names
  const value = (v: string | number | boolean): Phrase =>
    typeof v === 'string' ? { zh: enumLabel('zh', v), en: enumLabel('en', v) } : valuePhrase(v, 'editor');
  return conditionPhrase(c, name, { style: 'editor', value })[lang];
}
