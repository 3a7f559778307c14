/**
 * Issue 15 (5, 6): every issue names the field by its Chinese title and the row by what the person
 * sees (事项 SCJG-003, 档位「优」, 第 1 条例外规则), grades by their labels, and says what is allowed;
 * none of the developer-language texts of before ("必须满足正则表达式 /^[a-z0-9][a-z0-9.-]*$/",
 * "数值过小：期望 string >=1 字符", `"low"|"medium"|"high"`, `excellent-above-85`) is left.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { followBounds, nextId, withIds } from './generated-ids.ts';
import { gradeName, placeOf } from './places.ts';
import { validateDocument } from './validate.ts';

const policy = (name: string) => JSON.parse(readFileSync(new URL(`../../../policies/${name}/v1.json`, import.meta.url), 'utf8'));
const messages = (doc: unknown) => validateDocument(doc).issues.map((i) => i.message);
const messagesEn = (doc: unknown) => validateDocument(doc).issues.map((i) => i.messageEn);
const DEVELOPER_WORDS = /正则|期望|>=|\/\^|"low"|\|"|excellent-above|Too small|Invalid (input|option|string)|结构不符合要求/;

describe('structural issues read as sentences naming the field and the row', () => {
  it('an id typed in Chinese: the field by its title, the row by its item code, what is allowed', () => {
    const doc = policy('supervision-items-market-regulation');
    doc.content.items[2].riskPoints[0].id = '风险点一';
    expect(messages(doc)).toEqual([
      '事项 SCJG-003 的第 1 个风险点的「标识」只能包含小写字母、数字、点和连字符，并以小写字母或数字开头（现在是 “风险点一”）',
    ]);
  });

  it('an empty text field: 「…」不能为空, not 数值过小：期望 string >=1 字符', () => {
    const doc = policy('supervision-items-market-regulation');
    doc.content.items[2].name = '';
    doc.content.items[2].riskPoints[0].description = '';
    expect(messages(doc)).toEqual(['事项 SCJG-003 的「事项名称」不能为空', '事项 SCJG-003 的第 1 个风险点的「内容」不能为空']);
    expect(messagesEn(doc)).toEqual(['“Item name” of item SCJG-003 must not be empty', '“Text” of risk point 1 of item SCJG-003 must not be empty']);
  });

  it('an option outside the list: the option labels, not "low"|"medium"|"high"', () => {
    const doc = policy('supervision-items-market-regulation');
    doc.content.items[2].riskPoints[1].level = 'urgent';
    expect(messages(doc)).toEqual(['事项 SCJG-003 的第 2 个风险点的「风险等级」只能是 低、中、高 之一（现在是 “urgent”）']);
  });

  it('a domain written as its name: pick it from the list', () => {
    const doc = policy('supervision-items-market-regulation');
    doc.content.items[0].domain = '市场主体(一般行业)';
    const [m] = messages(doc);
    expect(m).toMatch(/^事项 SCJG-001 的「监管领域」应为标识.*请从列表中选择，不要填写名称（现在是 “市场主体\(一般行业\)”）$/);
  });

  it('numbers out of bounds name the bound and the value; a missing field says it must be filled', () => {
    const doc = policy('sampling');
    doc.content.exceptions[0].frequencyPerYear = 60;
    doc.content.rows[1].frequencyPerYear = -1;
    delete doc.content.rows[2].onSite;
    expect(messages(doc)).toEqual([
      '抽查比例表中等级「B 类」一行的「每年抽查次数」不能小于 0（现在是 -1）',
      '抽查比例表中等级「C 类」一行的「现场检查」必须填写（可选 无事不扰、常规检查、重点关注、必要时主动实施现场检查、每次均实地核查）',
      '第 1 条例外规则（food、D 类）的「每年抽查次数」不能大于 52（现在是 60）',
    ]);
  });

  it('a wrong type and a misspelt field', () => {
    const doc = policy('public-credit-score');
    doc.version = 1.5;
    doc.content.decision.bands[0].min.value = '85';
    doc.content.grades[1].lable = { zh: '良' };
    expect(messages(doc)).toEqual([
      '「版本号」应为整数（现在是 1.5）',
      '等级「良」中有无法识别的字段 lable，请删除或检查拼写',
      '档位「优」的「下限」应为数字（现在是 “85”）',
    ]);
  });

  it('no message of a broken document keeps developer language', () => {
    const doc = policy('supervision-items-market-regulation');
    Object.assign(doc.content.items[0], { code: '', name: '', domain: 'Food', method: 'visit', extra: 1 });
    doc.content.items[1].riskPoints[0] = { id: '风险点一', description: '', level: 'HIGH' };
    doc.content.items[1].changes[0].date = '2024-02-30';
    for (const m of [...messages(doc), ...messagesEn(doc)]) expect(m).not.toMatch(DEVELOPER_WORDS);
    expect(messages(doc)).toContain('事项 SCJG-002 的第 1 条变更记录的变更日期 2024-02-30 不是有效日期：2024 年 2 月只有 29 天');
  });

  it('a risk point named 风险点一 with a generated id validates', () => {
    const doc = policy('supervision-items-market-regulation');
    doc.content.items[2].riskPoints.push({ id: 'risk-5', description: '风险点一', level: 'high' });
    expect(validateDocument(doc).success).toBe(true);
  });
});

describe('bands are named by their grade, never by their id', () => {
  it('an overlap after an edited threshold names 优 and 良, not excellent-above-85', () => {
    const doc = policy('public-credit-score');
    const band = doc.content.decision.bands[0];
    const min = { value: 80, inclusive: false };
    // as the editor does: the id that quoted the old bound follows it
    Object.assign(band, { id: followBounds(band, { ...band, min }), min });
    expect(band.id).toBe('excellent-above-80');
    const issues = validateDocument(doc).issues.filter((i) => i.code === 'bands.overlap');
    expect(issues.map((i) => i.message)).toEqual(['档位「优」与档位「良」重叠：(80, 85] 同时属于两个档位，请调整其中一个档位的边界']);
    expect(issues.map((i) => i.messageEn)).toEqual(['Band “Excellent” overlaps band “Good”: (80, 85] falls in both; move a bound of one of them']);
    for (const m of messages(doc)) expect(m).not.toMatch(/excellent-above|good-above/);
  });

  it('a threshold of an industry model by its letter grade and label', () => {
    const doc = policy('industry-model-food-safety');
    doc.content.thresholds[0].max = { value: 120, inclusive: true };
    expect(messages(doc)).toContain('档位「A 类（优秀）」的边界 120 超出取值范围 [0, 100]，请改为范围内的值');
  });
});

describe('places', () => {
  it('names rows as the editor shows them', () => {
    const score = policy('public-credit-score');
    expect(placeOf(score, ['content', 'decision', 'bands', 1, 'min'])?.place.zh).toBe('档位「良」');
    expect(placeOf(score, ['content', 'overrides', 0, 'grade'])?.place.zh).toBe('第 1 条强制调整（差）');
    const sampling = policy('sampling');
    const names = { domain: (id: string) => (id === 'food' ? { zh: '食品', en: 'food' } : undefined), grade: () => ({ zh: '黑名单', en: 'Blacklist' }) };
    expect(placeOf(sampling, ['content', 'exceptions', 0, 'ratioPercent'], names)?.place.zh).toBe('第 1 条例外规则（食品、D 类（黑名单））');
    expect(placeOf(sampling, ['title'])).toBeUndefined();
  });

  it('names grades by their labels', () => {
    expect(gradeName('excellent', { zh: '优', en: 'Excellent' })).toEqual({ zh: '优', en: 'Excellent' });
    expect(gradeName('A', { zh: '守信', en: 'Trustworthy' })).toEqual({ zh: 'A 类（守信）', en: 'A (Trustworthy)' });
  });
});

describe('generated ids', () => {
  it('the next free number, and ids for entries without one', () => {
    expect(nextId('risk', ['risk-1', 'risk-4', 'x'])).toBe('risk-5');
    expect(withIds([{ id: 'risk-2' }, { id: '风险点一' }, {}, { id: 'risk-2' }], 'risk').map((e) => e.id)).toEqual(['risk-2', 'risk-3', 'risk-4', 'risk-5']);
  });

  it('a band id follows its bounds; other ids stay', () => {
    const band = { id: 'good-above-70-to-85', min: { value: 70, inclusive: false }, max: { value: 85, inclusive: true } };
    expect(followBounds(band, { ...band, max: { value: 80, inclusive: true } })).toBe('good-above-70-to-80');
    expect(followBounds({ id: 'band-1', min: band.min }, { min: { value: 60, inclusive: true } })).toBe('band-1');
    expect(followBounds({ id: 'a-1', min: { value: 1, inclusive: true } }, { min: { value: 2, inclusive: true } }, ['a-2'])).toBe('a-2-2');
  });
});
