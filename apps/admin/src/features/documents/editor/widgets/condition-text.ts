/** Conditions as readable sentences: `{ measure: 'general-count', op: '>', value: 5 }` → 一般失信记录数 > 5. */
import type { Condition, MeasureDef } from '@policy/schemas';
import type { Lang } from '../../i18n/index.tsx';
import { pickText, translate } from '../../i18n/index.tsx';
import { enumLabel } from '../../i18n/schema-labels.ts';

const OP_TEXT: Record<string, string> = { '>': '>', '>=': '≥', '<': '<', '<=': '≤', '==': '=', '!=': '≠' };

export function measureLabel(lang: Lang, measures: readonly MeasureDef[], id: string): string {
  const m = measures.find((x) => x.id === id);
  return m?.label ? pickText(lang, m.label) : id;
}

/**
 * @example
 * conditionText('zh', { any: [{ measure: 'general', op: '>', value: 5 }, { measure: 'serious', op: '>=', value: 1 }] }, measures)
 * // → 一般失信记录数 > 5 或 严重失信记录数 ≥ 1
 */
export function conditionText(lang: Lang, c: Condition, measures: readonly MeasureDef[], nested = false): string {
  if ('always' in c) return translate(lang, 'cond.always');
  if ('not' in c) return `${translate(lang, 'cond.not')}（${conditionText(lang, c.not, measures)}）`;
  if ('all' in c || 'any' in c) {
    const parts = 'all' in c ? c.all : c.any;
    const joined = parts
      .map((p) => conditionText(lang, p, measures, true))
      .join(translate(lang, 'all' in c ? 'cond.and' : 'cond.or'));
    return nested && parts.length > 1 ? `（${joined}）` : joined;
  }
  const value =
    typeof c.value === 'boolean'
      ? translate(lang, c.value ? 'cond.true' : 'cond.false')
      : typeof c.value === 'string'
        ? enumLabel(lang, c.value)
        : String(c.value);
  return `${measureLabel(lang, measures, c.measure)} ${OP_TEXT[c.op] ?? c.op} ${value}`;
}
