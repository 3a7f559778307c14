import { describe, expect, it } from 'vitest';
import type { Condition } from './documents.ts';
import {
  bandRangePhrase,
  bandRulePhrase,
  boundPhrase,
  comparisonPhrase,
  conditionPhrase,
  formatNumber,
  inequalityPhrase,
  intervalText,
  valuePhrase,
} from './phrasing.ts';

const incl = (value: number) => ({ value, inclusive: true });
const excl = (value: number) => ({ value, inclusive: false });
const NAMES: Record<string, { zh: string; en: string }> = {
  general: { zh: '一般失信记录数', en: 'general records' },
  serious: { zh: '严重失信记录数', en: 'serious records' },
  listed: { zh: '在名单 blacklist', en: 'on list blacklist' },
  status: { zh: '登记状态', en: 'status' },
};
const name = (id: string) => NAMES[id] ?? { zh: id, en: id };

describe('bounds and bands', () => {
  it('says each side with its inclusivity, or that it is open', () => {
    expect(boundPhrase(incl(85), 'min')).toEqual({ zh: '≥ 85', en: '≥ 85' });
    expect(boundPhrase(excl(85), 'min')).toEqual({ zh: '> 85', en: '> 85' });
    expect(boundPhrase(incl(60), 'max')).toEqual({ zh: '≤ 60', en: '≤ 60' });
    expect(boundPhrase(excl(2 / 3), 'max')).toEqual({ zh: '< 0.6667', en: '< 0.6667' });
    expect(boundPhrase(undefined, 'min')).toEqual({ zh: '无下限', en: 'no lower bound' });
    expect(boundPhrase(undefined, 'max')).toEqual({ zh: '无上限', en: 'no upper bound' });
  });
  it('joins both sides of a band', () => {
    expect(bandRangePhrase({ min: incl(60), max: excl(85) })).toEqual({ zh: '≥ 60 且 < 85', en: '≥ 60 and < 85' });
    expect(bandRangePhrase({ max: excl(60) })).toEqual({ zh: '< 60', en: '< 60' });
    expect(bandRangePhrase({})).toEqual({ zh: '全部取值', en: 'all values' });
  });
  it('writes a band as an inequality around its subject and as a rule label (the evaluator\'s)', () => {
    expect(inequalityPhrase({ min: excl(70), max: incl(85) })).toEqual({ zh: '70 < 分值 ≤ 85', en: '70 < value ≤ 85' });
    expect(inequalityPhrase({ min: incl(90) }, { zh: '分数', en: 'score' })).toEqual({ zh: '90 ≤ 分数', en: '90 ≤ score' });
    expect(bandRulePhrase({ grade: 'A', min: incl(90) }, { zh: '优', en: 'excellent' })).toEqual({ zh: '优：90 ≤ 分值', en: 'excellent: 90 ≤ value' });
    expect(bandRulePhrase({ grade: 'C', max: excl(60) }, { zh: '差' })).toEqual({ zh: '差：分值 < 60', en: 'C: value < 60' });
  });
  it('writes a band as an interval with ∞ for open sides', () => {
    expect(intervalText({ min: excl(70), max: incl(85) })).toBe('(70, 85]');
    expect(intervalText({ max: excl(60) })).toBe('(−∞, 60)');
    expect(intervalText({ min: incl(0) })).toBe('[0, +∞)');
  });
});

describe('conditions', () => {
  const c: Condition = {
    any: [
      { all: [{ measure: 'general', op: '>', value: 5 }, { measure: 'serious', op: '>=', value: 1 }] },
      { not: { measure: 'listed', op: '==', value: true } },
    ],
  };
  it('reads as the review (diff) writes: operators as written, ASCII groups, 非', () => {
    expect(conditionPhrase(c, name)).toEqual({
      zh: '(一般失信记录数 > 5 且 严重失信记录数 >= 1) 或 非 在名单 blacklist',
      en: '(general records > 5 and serious records >= 1) or not on list blacklist',
    });
    expect(conditionPhrase({ measure: 'listed', op: '!=', value: true }, name)).toEqual({ zh: '非在名单 blacklist', en: 'not on list blacklist' });
    expect(conditionPhrase({ always: true }, name)).toEqual({ zh: '总是', en: 'always' });
  });
  it('reads as the editor writes: symbols, full-width groups only when nested, 并非（…）', () => {
    expect(conditionPhrase(c, name, { style: 'editor' })).toEqual({
      zh: '（一般失信记录数 > 5 且 严重失信记录数 ≥ 1） 或 并非（在名单 blacklist = 是）',
      en: '（general records > 5 and serious records ≥ 1） or not （on list blacklist = yes）',
    });
    expect(conditionPhrase({ all: [{ measure: 'general', op: '<=', value: 0.12345 }] }, name, { style: 'editor' }).zh).toBe('一般失信记录数 ≤ 0.12345');
    expect(conditionPhrase({ always: true }, name, { style: 'editor' })).toEqual({ zh: '总是（兜底）', en: 'always (catch-all)' });
  });
  it('lets the caller say enumerated values', () => {
    const value = (v: string | number | boolean) => (v === 'deregistered' ? { zh: '注销', en: 'deregistered' } : valuePhrase(v));
    expect(conditionPhrase({ measure: 'status', op: '!=', value: 'deregistered' }, name, { style: 'editor', value }).zh).toBe('登记状态 ≠ 注销');
  });
  it('says values and comparisons', () => {
    expect(valuePhrase(false)).toEqual({ zh: '否', en: 'false' });
    expect(valuePhrase(false, 'editor')).toEqual({ zh: '否', en: 'no' });
    expect(valuePhrase(1 / 3)).toEqual({ zh: '0.3333', en: '0.3333' });
    expect(comparisonPhrase('>=', 1)).toEqual({ zh: '>= 1', en: '>= 1' });
    expect(comparisonPhrase('!=', 1, { style: 'editor' })).toEqual({ zh: '≠ 1', en: '≠ 1' });
    expect(formatNumber(3)).toBe('3');
  });
});
