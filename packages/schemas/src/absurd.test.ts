/** Well-formed but absurd policies: the system's limits, not the document's, decide. */
import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from './documents.ts';
import { policyDocument } from './documents.ts';
import { seedDocument } from './fixtures.ts';
import { SAMPLING_LIMITS, validateBundle, validateDocument } from './validate.ts';

const seed = <K extends PolicyDocument['kind']>(id: string, _kind: K) => policyDocument.parse(seedDocument(id)) as Extract<PolicyDocument, { kind: K }>;
const found = (doc: unknown) => validateDocument(doc).issues.map((i) => `${i.severity} ${i.code} ${i.path}`);
/** The same without the stale-text warnings that editing a rule's numbers also (rightly) raises: see stale-text.test.ts. */
const foundBut = (doc: unknown) => found(doc).filter((x) => !x.includes('text.stale-number'));

describe('sampling', () => {
  it('the limits are the system\'s constants', () => {
    expect(SAMPLING_LIMITS.ratioPercent).toEqual({ min: 0, max: 100 });
  });

  it('every ratio 0 is an error even when the document\'s own ranges allow 0 (the report of issue 11)', () => {
    const doc = seed('sampling', 'sampling');
    for (const r of doc.content.rows) {
      r.ratioPercent = 0;
      r.range = { min: 0, max: 0 };
    }
    for (const e of doc.content.exceptions) e.ratioPercent = 0;
    const r = validateDocument(doc);
    expect(r.success).toBe(false);
    expect(found(doc)).toEqual(['error sampling.all-zero /content/rows']);
  });

  it('every frequency 0 is all-zero too', () => {
    const doc = seed('sampling', 'sampling');
    for (const r of doc.content.rows) r.frequencyPerYear = 0;
    for (const e of doc.content.exceptions) e.frequencyPerYear = 0;
    // the key-domain exceptions' notes say 每年1次: the stale-text warnings are right and not under test
    expect(foundBut(doc)).toEqual(['error sampling.all-zero /content/rows']);
  });

  it('one ratio 0 is allowed with a warning naming the grade', () => {
    const doc = seed('sampling', 'sampling');
    doc.content.rows[0]!.ratioPercent = 0;
    const r = validateDocument(doc);
    expect(r.success).toBe(true);
    expect(r.issues.map((i) => `${i.severity} ${i.code} ${i.path}`)).toEqual(['warning sampling.ratio-zero /content/rows/0/ratioPercent']);
    expect(r.issues[0]!.message).toContain('等级 A 的抽查比例为 0');
  });

  it('a zero in a domain exception names the domain', () => {
    const doc = seed('sampling', 'sampling');
    doc.content.exceptions.push({ domain: 'transport', grade: 'A', ratioPercent: 0, frequencyPerYear: 1 });
    const r = validateDocument(doc);
    expect(r.issues.map((i) => `${i.code} ${i.path}`)).toEqual([`sampling.ratio-zero /content/exceptions/${doc.content.exceptions.length - 1}/ratioPercent`]);
    expect(r.issues[0]!.message).toContain('领域 transport');
  });

  it('the worst grade inspected less per year than the best is an error at the worst grade\'s row', () => {
    const doc = seed('sampling', 'sampling');
    // ratio and frequency each rise except D's frequency, but D's yearly share (20% × 1) falls below A's (30% × 1)
    doc.content.rows = [
      { grade: 'A', ratioPercent: 30, frequencyPerYear: 1, onSite: 'on-trigger' },
      { grade: 'B', ratioPercent: 30, frequencyPerYear: 1, onSite: 'normal' },
      { grade: 'C', ratioPercent: 30, frequencyPerYear: 1, onSite: 'focused' },
      { grade: 'D', ratioPercent: 80, frequencyPerYear: 0.25, onSite: 'always' },
    ];
    doc.content.exceptions = [];
    const issues = validateDocument(doc).issues;
    expect(issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'sampling.worst-below-best /content/rows/3',
      'sampling.ratio-decreasing /content/rows/3/frequencyPerYear',
    ]);
    expect(issues[0]!.message).toBe('最差等级 D 每百户每年抽查 20 户次（80% × 每年 0.25 次），少于最好等级 A 的 30 户次（30% × 每年 1 次）：信用越差抽查应越多');
  });

  it('a domain exception that samples the worst grade less than the best is an error at the exception', () => {
    const doc = seed('sampling', 'sampling');
    doc.content.exceptions = [{ domain: 'food', grade: 'D', ratioPercent: 2, frequencyPerYear: 1 }];
    expect(found(doc)).toEqual([
      'error sampling.worst-below-best /content/exceptions/0',
      'error sampling.ratio-decreasing /content/exceptions/0/ratioPercent',
      'error sampling.ratio-decreasing /content/exceptions/0/frequencyPerYear',
    ]);
  });

  it('rows out of the grading\'s order: a warning, and worst against best by the grading\'s order', () => {
    const grading = seed('public-credit-class', 'grading');
    const doc = seed('sampling', 'sampling');
    const [a, b, c, d] = doc.content.rows;
    // D listed first with the smallest numbers: in the document's order it looks like the best grade
    doc.content.rows = [
      { ...d!, ratioPercent: 1, frequencyPerYear: 1, range: undefined },
      { ...a!, range: undefined },
      { ...b!, range: undefined },
      { ...c!, range: undefined },
    ];
    doc.content.exceptions = [];
    doc.content.domainBasis = []; // the bundle has no food model: only the order is under test
    expect(found(doc)).toEqual([]);
    const issues = validateBundle([grading, doc]).map((i) => `${i.severity} ${i.code} ${i.path}`);
    expect(issues).toEqual(['warning sampling.rows-out-of-order /content/rows', 'error sampling.worst-below-best /content/rows/0']);
  });

  it('the seed sampling has no issue', () => {
    expect(validateDocument(seed('sampling', 'sampling')).issues).toEqual([]);
  });
});

describe('grades no enterprise can reach', () => {
  it('a grade no rule gives is a warning at the grade', () => {
    const doc = seed('public-credit-class', 'grading');
    if (doc.content.decision.type !== 'rules') throw new Error();
    doc.content.decision.rules = doc.content.decision.rules.filter((r) => r.grade !== 'B');
    const r = validateDocument(doc);
    expect(r.success).toBe(true);
    expect(r.issues.map((i) => `${i.severity} ${i.code} ${i.path}`)).toEqual(['warning grades.unreachable /content/grades/1/code']);
    expect(r.issues[0]!.message).toBe('等级 B 不会被任何分数区间、规则或强制调整给出：没有市场主体能得到这个等级');
  });

  it('a rule whose condition contradicts itself never matches, and its grade is unreachable', () => {
    const doc = seed('public-credit-class', 'grading');
    if (doc.content.decision.type !== 'rules') throw new Error();
    const b = doc.content.decision.rules.findIndex((r) => r.id === 'b-general-1-to-5');
    doc.content.decision.rules[b]!.when = {
      all: [
        { measure: 'general-records', op: '>', value: 5 },
        { measure: 'general-records', op: '<', value: 3 },
      ],
    };
    expect(foundBut(doc)).toEqual([`warning rules.never-matches /content/decision/rules/${b}/when`, 'warning grades.unreachable /content/grades/1/code']);
  });

  it('a count below 0 or a score above 100 never holds', () => {
    const doc = seed('public-credit-class', 'grading');
    if (doc.content.decision.type !== 'rules') throw new Error();
    doc.content.decision.rules[3]!.when = { measure: 'general-records', op: '<', value: 0 };
    expect(found(doc)).toContain('warning rules.never-matches /content/decision/rules/3/when');
    const score = seed('public-credit-score', 'grading');
    score.content.overrides[0]!.when = { measure: 'score', op: '>', value: 100 };
    expect(found(score)).toEqual(['warning rules.never-matches /content/overrides/0/when']);
  });

  it('a rule placed after a broader one never matches (the first matching rule decides)', () => {
    const doc = seed('public-credit-class', 'grading');
    if (doc.content.decision.type !== 'rules') throw new Error();
    const rules = doc.content.decision.rules;
    // B "≥ 1 general record" moved before C "> 5 general records": C through that rule is gone
    const b = rules.find((r) => r.id === 'b-general-1-to-5')!;
    const others = rules.filter((r) => r !== b);
    const c = others.findIndex((r) => r.id === 'c-general-over-5');
    doc.content.decision.rules = [...others.slice(0, c), { ...b, when: { measure: 'general-records', op: '>=', value: 1 } }, ...others.slice(c)];
    const issues = validateDocument(doc).issues.filter((i) => i.code !== 'text.stale-number');
    expect(issues.map((i) => `${i.code} ${i.path}`)).toEqual(['rules.never-matches /content/decision/rules/4/when']);
    expect(issues[0]!.message).toContain('排在前面的规则 b-general-1-to-5 已包含它的全部情形');
  });

  it('negations and rules on other measures raise no false alarm', () => {
    const doc = seed('public-credit-class', 'grading');
    if (doc.content.decision.type !== 'rules') throw new Error();
    doc.content.decision.rules[doc.content.decision.rules.findIndex((r) => r.id === 'b-general-1-to-5')]!.when = { all: [{ not: { measure: 'general-records', op: '<', value: 1 } }, { measure: 'general-records', op: '<=', value: 5 }] };
    expect(found(doc)).toEqual([]);
    // "not (score ≥ 0)" holds for an enterprise without a score: never called impossible
    const score = seed('public-credit-score', 'grading');
    score.content.overrides[0]!.when = { not: { measure: 'score', op: '>=', value: 0 } };
    expect(found(score)).toEqual([]);
  });

  it('a band grade outside the range, and an industry-model grade no threshold gives', () => {
    const score = seed('public-credit-score', 'grading');
    if (score.content.decision.type !== 'bands') throw new Error();
    score.content.decision.bands[1]!.grade = 'excellent';
    expect(found(score)).toEqual(['warning grades.unreachable /content/grades/1/code']);
    // the unrated grade is given to whoever cannot be rated: never reported
    delete score.content.decision.missingGrade;
    expect(found(score)).toEqual(['warning grades.unreachable /content/grades/1/code']);
    const model = seed('industry-model-food-safety', 'industry-model');
    model.content.combine = { method: 'model-only' };
    model.content.thresholds[3]!.grade = 'C';
    expect(found(model)).toEqual(['warning grades.unreachable /content/grades/3/code']);
    // worst-of: the general class can give D by position, so the model's own thresholds do not decide reachability
    model.content.combine = { with: 'public-credit-class', method: 'worst-of' };
    expect(found(model)).toEqual([]);
  });
});
