/**
 * Bounds, bands and conditions said in words, in Chinese and English (`{ zh, en }`): one phrasing
 * for the semantic diff, the evaluator's rule labels and the admin's editor.
 *
 * Two wordings of conditions exist on purpose: the `review` one of the diff (operators as the
 * document writes them, `>=`) and the `editor` one of the admin's rule tables (symbols, `≥`).
 */
import type { Bound, CompareCondition, Condition, LocalizedText } from './documents.ts';

/** A text in both languages. */
export interface Phrase {
  zh: string;
  en: string;
}

export type PhraseLang = keyof Phrase;
export type ComparisonOp = CompareCondition['op'];
type Bounds = { min?: Bound | undefined; max?: Bound | undefined };

/** Comparison operators as a reader writes them. */
export const OP_SYMBOLS: Readonly<Record<ComparisonOp, string>> = { '>': '>', '>=': '≥', '<': '<', '<=': '≤', '==': '=', '!=': '≠' };

/**
 * A number as policy text: integers as they are, fractions to at most four decimals.
 *
 * @example
 * formatNumber(2 / 3) // → '0.6667'
 */
export const formatNumber = (n: number): string => (Number.isInteger(n) ? String(n) : String(Number(n.toFixed(4))));

const both = (text: string): Phrase => ({ zh: text, en: text });

// ---------------------------------------------------------------- bounds and bands

/**
 * One side of a band as an inequality on the value.
 *
 * @example
 * boundPhrase({ value: 85, inclusive: true }, 'min') // → { zh: '≥ 85', en: '≥ 85' }
 * boundPhrase(undefined, 'max') // → { zh: '无上限', en: 'no upper bound' }
 */
export function boundPhrase(b: Bound | undefined, side: 'min' | 'max'): Phrase {
  if (!b) return side === 'min' ? { zh: '无下限', en: 'no lower bound' } : { zh: '无上限', en: 'no upper bound' };
  const op = side === 'min' ? (b.inclusive ? '≥' : '>') : b.inclusive ? '≤' : '<';
  return both(`${op} ${formatNumber(b.value)}`);
}

/**
 * The values a band takes in, both bounds.
 *
 * @example
 * bandRangePhrase({ min: { value: 60, inclusive: true }, max: { value: 85, inclusive: false } })
 * // → { zh: '≥ 60 且 < 85', en: '≥ 60 and < 85' }
 */
export function bandRangePhrase(b: Bounds): Phrase {
  const lo = b.min && boundPhrase(b.min, 'min').zh;
  const hi = b.max && boundPhrase(b.max, 'max').zh;
  if (lo && hi) return { zh: `${lo} 且 ${hi}`, en: `${lo} and ${hi}` };
  if (lo) return both(lo);
  if (hi) return both(hi);
  return { zh: '全部取值', en: 'all values' };
}

/**
 * A band as a double inequality around a subject; bound values as written.
 *
 * @example
 * inequalityPhrase({ min: { value: 70, inclusive: false }, max: { value: 85, inclusive: true } })
 * // → { zh: '70 < 分值 ≤ 85', en: '70 < value ≤ 85' }
 */
export function inequalityPhrase(b: Bounds, subject: Phrase = { zh: '分值', en: 'value' }): Phrase {
  const lo = b.min ? `${b.min.value} ${b.min.inclusive ? '≤' : '<'} ` : '';
  const hi = b.max ? ` ${b.max.inclusive ? '≤' : '<'} ${b.max.value}` : '';
  return { zh: `${lo}${subject.zh}${hi}`, en: `${lo}${subject.en}${hi}` };
}

/**
 * The label of the rule a band stands for: its grade and its inequality.
 *
 * @example
 * bandRulePhrase({ grade: 'A', min: { value: 90, inclusive: true } }, { zh: '优', en: 'excellent' })
 * // → { zh: '优：90 ≤ 分值', en: 'excellent: 90 ≤ value' }
 */
export function bandRulePhrase(b: Bounds & { grade: string }, gradeLabel: LocalizedText | undefined): Phrase {
  const t = inequalityPhrase(b);
  return { zh: `${gradeLabel?.zh ?? b.grade}：${t.zh}`, en: `${gradeLabel?.en ?? b.grade}: ${t.en}` };
}

const endText = (v: number) => (Number.isFinite(v) ? String(v) : v > 0 ? '+∞' : '−∞');

/**
 * A band as an interval, brackets for included bounds and parentheses for excluded ones; a missing
 * (or infinite) bound reads ∞.
 *
 * @example
 * intervalText({ min: { value: 70, inclusive: false }, max: { value: 85, inclusive: true } }) // → '(70, 85]'
 * intervalText({ max: { value: 60, inclusive: false } }) // → '(−∞, 60)'
 */
export function intervalText(b: Bounds): string {
  const lo = b.min ?? { value: -Infinity, inclusive: false };
  const hi = b.max ?? { value: Infinity, inclusive: false };
  return `${lo.inclusive ? '[' : '('}${endText(lo.value)}, ${endText(hi.value)}${hi.inclusive ? ']' : ')'}`;
}

// ---------------------------------------------------------------- conditions

/** A measure's name, by its id. */
export type MeasureNamer = (id: string) => Phrase;

export interface ConditionPhraseOptions {
  /**
   * `review` (default), the diff's wording: operators as written (`>=`), `非 …`, groups in
   * parentheses, `x == true` said as `x`. `editor`, the admin's rule tables: symbols (`≥`),
   * `并非（…）`, nested groups of several conditions in full-width parentheses, `总是（兜底）`.
   */
  style?: 'review' | 'editor';
  /** How a compared value reads; the default is {@link valuePhrase} of the style. */
  value?: (value: CompareCondition['value']) => Phrase;
}

/**
 * A compared value: numbers by {@link formatNumber} (review) or as written (editor), booleans as
 * 是/否 (English `true`/`false` in review, `yes`/`no` in the editor), strings as they are.
 */
export function valuePhrase(v: CompareCondition['value'], style: 'review' | 'editor' = 'review'): Phrase {
  if (typeof v === 'boolean') return { zh: v ? '是' : '否', en: style === 'editor' ? (v ? 'yes' : 'no') : String(v) };
  if (typeof v === 'number') return both(style === 'editor' ? String(v) : formatNumber(v));
  return both(v);
}

/**
 * A comparison's operator and value, as the style writes them.
 *
 * @example
 * comparisonPhrase('>=', 1) // → { zh: '>= 1', en: '>= 1' }
 */
export function comparisonPhrase(op: ComparisonOp, value: CompareCondition['value'], options: ConditionPhraseOptions = {}): Phrase {
  const style = options.style ?? 'review';
  const v = options.value?.(value) ?? valuePhrase(value, style);
  const o = style === 'editor' ? OP_SYMBOLS[op] : op;
  return { zh: `${o} ${v.zh}`, en: `${o} ${v.en}` };
}

const WORDS = {
  review: { always: { zh: '总是', en: 'always' }, and: { zh: ' 且 ', en: ' and ' }, or: { zh: ' 或 ', en: ' or ' }, not: { zh: '非 ', en: 'not ' } },
  editor: { always: { zh: '总是（兜底）', en: 'always (catch-all)' }, and: { zh: ' 且 ', en: ' and ' }, or: { zh: ' 或 ', en: ' or ' }, not: { zh: '并非', en: 'not ' } },
} as const;

/**
 * A condition as a sentence over the measures' names.
 *
 * @example
 * const name = (id: string) => ({ zh: id === 'g' ? '一般失信记录数' : '严重失信记录数', en: id === 'g' ? 'general records' : 'serious records' });
 * conditionPhrase({ any: [{ measure: 'g', op: '>', value: 5 }, { measure: 's', op: '>=', value: 1 }] }, name)
 * // → { zh: '一般失信记录数 > 5 或 严重失信记录数 >= 1', en: 'general records > 5 or serious records >= 1' }
 * conditionPhrase({ measure: 's', op: '>=', value: 1 }, name, { style: 'editor' }).zh // → '严重失信记录数 ≥ 1'
 */
export function conditionPhrase(c: Condition, name: MeasureNamer, options: ConditionPhraseOptions = {}): Phrase {
  const style = options.style ?? 'review';
  const text = (lang: PhraseLang) => (style === 'editor' ? editorText(c, name, options, lang, false) : reviewText(c, name, options, lang));
  return { zh: text('zh'), en: text('en') };
}

function reviewText(c: Condition, name: MeasureNamer, options: ConditionPhraseOptions, lang: PhraseLang): string {
  const w = WORDS.review;
  const wrap = (x: Condition) => {
    const t = reviewText(x, name, options, lang);
    return 'all' in x || 'any' in x ? `(${t})` : t;
  };
  if ('always' in c) return w.always[lang];
  if ('all' in c) return c.all.map(wrap).join(w.and[lang]);
  if ('any' in c) return c.any.map(wrap).join(w.or[lang]);
  if ('not' in c) return w.not[lang] + wrap(c.not);
  const n = name(c.measure)[lang];
  if (typeof c.value === 'boolean' && (c.op === '==' || c.op === '!=')) {
    const yes = (c.op === '==') === c.value;
    return yes ? n : lang === 'zh' ? `非${n}` : `not ${n}`;
  }
  return `${n} ${comparisonPhrase(c.op, c.value, options)[lang]}`;
}

function editorText(c: Condition, name: MeasureNamer, options: ConditionPhraseOptions, lang: PhraseLang, nested: boolean): string {
  const w = WORDS.editor;
  if ('always' in c) return w.always[lang];
  if ('not' in c) return `${w.not[lang]}（${editorText(c.not, name, options, lang, false)}）`;
  if ('all' in c || 'any' in c) {
    const parts = 'all' in c ? c.all : c.any;
    const joined = parts.map((p) => editorText(p, name, options, lang, true)).join(('all' in c ? w.and : w.or)[lang]);
    return nested && parts.length > 1 ? `（${joined}）` : joined;
  }
  return `${name(c.measure)[lang]} ${comparisonPhrase(c.op, c.value, { ...options, style: 'editor' })[lang]}`;
}
