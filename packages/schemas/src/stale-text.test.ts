/** Texts that quote a number the document no longer uses: the validator and the semantic diff. */
import { describe, expect, it } from 'vitest';
import { semanticDiff } from './diff.ts';
import type { GradingDocument, PolicyDocument } from './documents.ts';
import { policyDocument } from './documents.ts';
import { seedDocument, seedDocuments } from './fixtures.ts';
import { idNumbers, quotedNumbers } from './stale-text.ts';
import { validateDocument } from './validate.ts';

const seed = <K extends PolicyDocument['kind']>(id: string, _kind: K) => policyDocument.parse(seedDocument(id)) as Extract<PolicyDocument, { kind: K }>;
const stale = (doc: unknown) => validateDocument(doc).issues.filter((i) => i.code === 'text.stale-number');

/** Positions of rules c-general-over-5 and b-general-1-to-5 in the seed class grading (c-serious-consequence sits between them), and of the last rule. */
const rulesOfSeed = (() => {
  const d = seedDocument('public-credit-class') as { content: { decision: { rules: { id: string }[] } } };
  return d.content.decision.rules.map((r) => r.id);
})();
const C_RULE = rulesOfSeed.indexOf('c-general-over-5');
const B_RULE = rulesOfSeed.indexOf('b-general-1-to-5');
const A_RULE = rulesOfSeed.indexOf('a-no-record');

/** The class grading after the general-record limit became 3 (rules c-general-over-5 and b-general-1-to-5), texts untouched. */
function limitThree(): GradingDocument {
  const doc = seed('public-credit-class', 'grading');
  if (doc.content.decision.type !== 'rules') throw new Error();
  const rules = doc.content.decision.rules;
  const c = rules[C_RULE];
  const b = rules[B_RULE];
  if (!c || !b || !('measure' in c.when) || !('all' in b.when) || !('measure' in b.when.all[1]!)) throw new Error();
  c.when.value = 3;
  b.when.all[1].value = 3;
  return doc;
}

describe('quotedNumbers', () => {
  it('reads numbers with a unit, not article numbers or dates', () => {
    expect(quotedNumbers('000 三(一):1年内有5次以上一般失信行为记录。').map((q) => `${q.value}${q.unit}`)).toEqual(['1years', '5count']);
    expect(quotedNumbers('2023年全区差异化抽查户数占比不低于70%，以10月31日数据为准').map((q) => `${q.value}${q.unit}`)).toEqual(['70percent']);
    expect(quotedNumbers('85分(含)以下高于70分').map((q) => q.value)).toEqual([85, 70]);
    expect(quotedNumbers('1至5次，每年2次，近2个月').map((q) => `${q.value}${q.unit}`)).toEqual(['1count', '5count', '2perYear', '2months']);
    expect(quotedNumbers('Serious records in the last year').map((q) => `${q.value}${q.unit}`)).toEqual(['1years']);
    expect(idNumbers('c-general-over-5')).toEqual([5]);
    expect(idNumbers('b-general-1-to-5')).toEqual([1, 5]);
  });
});

describe('validator: text.stale-number', () => {
  it('the seed documents have no stale number', () => {
    for (const d of seedDocuments()) expect(stale(d), String(d.id)).toEqual([]);
  });

  it('after the limit became 3: the note, the id and the grade descriptions quoting 5 are flagged (issue 11)', () => {
    const issues = stale(limitThree());
    expect(issues.map((i) => i.path)).toEqual([
      `/content/decision/rules/${C_RULE}/note`,
      `/content/decision/rules/${C_RULE}/id`,
      `/content/decision/rules/${B_RULE}/note`,
      `/content/decision/rules/${B_RULE}/id`,
      '/content/grades/1/description',
      '/content/grades/2/description',
    ]);
    expect(issues[0]!.message).toBe('规则 c-general-over-5 的说明中的 5 次与规则 > 3 不一致，请更新文字');
    expect(issues[0]!.messageEn).toBe("The number 5 (times) in the note of rule c-general-over-5 disagrees with the rule's > 3; update the text");
    expect(issues[1]!.message).toBe('规则标识 c-general-over-5 中的 5 与规则 > 3 不一致，请更新文字');
    expect(issues.every((i) => i.severity === 'warning')).toBe(true);
  });

  it('after the window became 2 years: every "1年内" label and note is flagged', () => {
    const doc = seed('public-credit-class', 'grading');
    doc.content.window = { years: 2, months: 0 };
    const issues = stale(doc);
    expect(issues.find((i) => i.path === '/content/measures/3/label/zh')!.message).toBe('度量 general-records 的名称中的 1 年与统计期间 2 年 不一致，请更新文字');
    expect(issues.map((i) => i.path)).toContain('/content/measures/3/label/en');
    expect(issues.map((i) => i.path)).toContain(`/content/decision/rules/${A_RULE}/note`);
    // a measure with its own 1-year window keeps its label
    const own = seed('public-credit-class', 'grading');
    own.content.window = { years: 2, months: 0 };
    for (const m of own.content.measures) if (m.type === 'recordCount') m.window = { years: 1, months: 0 };
    expect(stale(own).map((i) => i.path)).not.toContain('/content/measures/3/label/zh');
  });

  it('a score band id and a grade description that disagree with the bounds', () => {
    const doc = seed('public-credit-score', 'grading');
    if (doc.content.decision.type !== 'bands') throw new Error();
    doc.content.decision.bands[0]!.min = { value: 90, inclusive: false };
    doc.content.decision.bands[1]!.max = { value: 90, inclusive: true };
    expect(stale(doc).map((i) => i.path)).toEqual(['/content/decision/bands/0/id', '/content/decision/bands/1/id', '/content/grades/0/description', '/content/grades/1/description']);
  });

  it('a sampling note quoting another ratio or frequency', () => {
    const doc = seed('sampling', 'sampling');
    doc.content.rows[1]!.note = 'B类按10%比例、每年1次抽查';
    expect(stale(doc)).toEqual([]);
    doc.content.rows[1]!.ratioPercent = 12;
    doc.content.rows[1]!.frequencyPerYear = 2;
    expect(stale(doc).map((i) => i.message)).toEqual([
      '抽查比例表中等级 B 的说明中的 10%与抽查比例 12%（区间 5%–20%） 不一致，请更新文字',
      '抽查比例表中等级 B 的说明中的 1 次/年与每年抽查 2 次 不一致，请更新文字',
    ]);
  });
});

describe('semantic diff: texts the change made false', () => {
  it('flags the note and id still quoting 5 after the limit became 3, as warnings after the changes', () => {
    const before = seed('public-credit-class', 'grading');
    const d = semanticDiff('grading', before, limitThree());
    const warnings = d.sentences.filter((s) => s.warning);
    expect(warnings.map((s) => s.path)).toEqual([
      `/content/decision/rules/${C_RULE}/note`,
      `/content/decision/rules/${C_RULE}/id`,
      `/content/decision/rules/${B_RULE}/note`,
      `/content/decision/rules/${B_RULE}/id`,
      '/content/grades/1/description',
      '/content/grades/2/description',
    ]);
    expect(warnings[0]!.zh).toBe('规则 c-general-over-5 的说明中的 5 次与规则 > 3 不一致，请更新文字');
    expect(d.sentences.filter((s) => !s.warning).map((s) => s.zh)).toEqual([
      'C 类判定（c-general-over-5）：1年内一般失信行为记录数 > 5 → > 3',
      'B 类判定：1年内一般失信行为记录数 <= 5 → <= 3',
    ]);
  });

  it('flags the "1年内" labels after the window became 2 years', () => {
    const before = seed('public-credit-class', 'grading');
    const after = seed('public-credit-class', 'grading');
    after.content.window = { years: 2, months: 0 };
    const warnings = semanticDiff('grading', before, after).sentences.filter((s) => s.warning);
    expect(warnings.map((s) => s.path)).toContain('/content/measures/3/label/zh');
    expect(warnings.find((s) => s.path === '/content/measures/3/label/zh')!.zh).toBe('度量 general-records 的名称中的 1 年与统计期间 2 年 不一致，请更新文字');
  });

  it('says nothing when the texts were updated with the numbers, or were wrong already', () => {
    const before = seed('public-credit-class', 'grading');
    const after = limitThree();
    if (after.content.decision.type !== 'rules') throw new Error();
    after.content.decision.rules[C_RULE]!.id = 'c-general-over-3';
    after.content.decision.rules[C_RULE]!.note = '1年内有3次以上一般失信行为记录。';
    after.content.decision.rules[B_RULE]!.id = 'b-general-1-to-3';
    after.content.decision.rules[B_RULE]!.note = '1年内有3次以下(含3次)一般失信行为记录。';
    after.content.grades[1]!.description = '3次以下(含3次)';
    after.content.grades[2]!.description = '3次以上';
    // rules renamed: they are new rules in the diff, so they carry no stale-number sentence either
    expect(semanticDiff('grading', before, after).sentences.filter((s) => s.warning)).toEqual([]);
    expect(stale(after)).toEqual([]);
    // a text wrong in both versions is the validator's to report, not the diff's
    const wrong = seed('public-credit-class', 'grading');
    wrong.content.grades[0]!.description = '2年内无失信记录';
    const wrongAfter = structuredClone(wrong);
    wrongAfter.title = '改标题';
    expect(semanticDiff('grading', wrong, wrongAfter).sentences.filter((s) => s.warning)).toEqual([]);
    expect(stale(wrongAfter).map((i) => i.path)).toEqual(['/content/grades/0/description']);
  });
});
