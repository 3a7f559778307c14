/**
 * A trigger condition (trigger-condition.ts) in words: the comparisons as the gradings' conditions
 * read (phrasing.ts), a grade leaf as 「<document> 等级为 C、D 之一」. Used by the semantic diff, the
 * admin's trigger editor and the evaluation's labels.
 */
import type { Condition } from './documents.ts';
import type { ConditionPhraseOptions, MeasureNamer, Phrase, PhraseLang } from './phrasing.ts';
import { conditionPhrase } from './phrasing.ts';
import type { TriggerCondition } from './trigger-condition.ts';

/** A document's name by its id (default: the id). */
export type DocumentNamer = (id: string) => Phrase;

const WORDS = {
  review: { always: { zh: '总是', en: 'always' }, not: (t: string, lang: PhraseLang) => (lang === 'zh' ? `非 ${t}` : `not ${t}`) },
  editor: { always: { zh: '总是', en: 'always' }, not: (t: string, lang: PhraseLang) => (lang === 'zh' ? `并非（${t}）` : `not (${t})`) },
} as const;

/**
 * A trigger condition as a sentence.
 *
 * @example
 * triggerConditionPhrase({ document: 'industry-model-food-safety', grades: ['C', 'D'] }, (id) => ({ zh: id, en: id })).zh
 * // → 'industry-model-food-safety 等级为 C、D 之一'
 */
export function triggerConditionPhrase(c: TriggerCondition, name: MeasureNamer, options: ConditionPhraseOptions & { document?: DocumentNamer } = {}): Phrase {
  const text = (x: TriggerCondition, lang: PhraseLang, nested: boolean): string => {
    const w = WORDS[options.style ?? 'review'];
    if ('always' in x) return w.always[lang];
    if ('not' in x) return w.not(text(x.not, lang, true), lang);
    if ('all' in x || 'any' in x) {
      const parts = 'all' in x ? x.all : x.any;
      const sep = 'all' in x ? { zh: ' 且 ', en: ' and ' } : { zh: ' 或 ', en: ' or ' };
      const joined = parts.map((p) => text(p, lang, true)).join(sep[lang]);
      return nested && parts.length > 1 ? (lang === 'zh' ? `（${joined}）` : `(${joined})`) : joined;
    }
    if ('grades' in x) {
      const doc = (options.document ?? ((id: string) => ({ zh: id, en: id })))(x.document)[lang];
      if (lang === 'zh') return `${doc} 等级为 ${x.grades.join('、')}${x.grades.length > 1 ? ' 之一' : ''}`;
      return `${doc} grade is ${x.grades.join(' or ')}`;
    }
    return conditionPhrase(x as Condition, name, options)[lang];
  };
  return { zh: text(c, 'zh', false), en: text(c, 'en', false) };
}
