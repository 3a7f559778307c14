import { describe, expect, it } from 'vitest';
import { rawDiff, semanticDiff } from './diff.ts';
import {
  domainAssignmentDocument,
  gradingDocument,
  industryModelDocument,
  samplingDocument as samplingSchema,
  supervisionItemsDocument,
} from './documents.ts';
const clone = <T>(x: T): T => structuredClone(x);
const zh = (d: { sentences: { zh: string }[] }) => d.sentences.map((s) => s.zh);

const envelope = { owner: 'credit-office', version: 1, title: '测试', effectiveFrom: '2026-01-01' };

const classDoc = gradingDocument.parse({
  ...envelope,
  id: 'public-credit-class',
  kind: 'grading',
  content: {
    grades: [
      { code: 'A', label: { zh: '守信' } },
      { code: 'B', label: { zh: '一般失信' } },
      { code: 'C', label: { zh: '严重失信' } },
      { code: 'D', label: { zh: '黑名单' } },
    ],
    window: { years: 1, months: 0 },
    severities: { 'penalty.fine': 'general', 'penalty.closure': 'serious' },
    measures: [
      { id: 'general-count', type: 'recordCount', severity: 'general' },
      { id: 'serious-count', type: 'recordCount', severity: 'serious' },
      { id: 'revoked', type: 'status', equals: 'licence-revoked' },
      { id: 'on-serious-list', type: 'listMember', list: 'serious-dishonesty' },
    ],
    decision: {
      type: 'rules',
      rules: [
        { id: 'd-revoked', grade: 'D', when: { measure: 'revoked', op: '==', value: true } },
        { id: 'c-general', grade: 'C', when: { measure: 'general-count', op: '>', value: 5 } },
        { id: 'b-general', grade: 'B', when: { measure: 'general-count', op: '>=', value: 1 } },
        { id: 'a', grade: 'A', when: { always: true } },
      ],
    },
    overrides: [],
  },
});

const scoreDoc = gradingDocument.parse({
  ...envelope,
  id: 'public-credit-score',
  kind: 'grading',
  content: {
    grades: [
      { code: 'excellent', label: { zh: '优', en: 'excellent' } },
      { code: 'good', label: { zh: '良', en: 'good' } },
      { code: 'poor', label: { zh: '差', en: 'poor' } },
    ],
    window: { years: 1, months: 0 },
    severities: {},
    measures: [
      { id: 'score', type: 'score' },
      { id: 'joint', type: 'listMember', list: 'joint-punishment', label: { zh: '在失信联合奖惩对象名单' } },
    ],
    decision: {
      type: 'bands',
      measure: 'score',
      range: { min: 0, max: 100 },
      bands: [
        { id: 'excellent', grade: 'excellent', min: { value: 85, inclusive: false } },
        { id: 'good', grade: 'good', min: { value: 50, inclusive: false }, max: { value: 85, inclusive: true } },
        { id: 'poor', grade: 'poor', max: { value: 50, inclusive: true } },
      ],
    },
    overrides: [{ id: 'joint', grade: 'poor', when: { measure: 'joint', op: '==', value: true } }],
  },
});

describe('semanticDiff: grading', () => {
  it('says nothing when nothing changed', () => {
    expect(semanticDiff('grading', classDoc, clone(classDoc)).sentences).toEqual([]);
  });

  it('names a change of how records under a pending objection count', () => {
    const next = clone(classDoc);
    next.content.pendingObjection = 'counted';
    expect(zh(semanticDiff('grading', classDoc, next))).toEqual(['异议期间记录的处理：不计入（默认） → 照常计入']);
    const explicit = clone(classDoc);
    explicit.content.pendingObjection = 'excluded';
    expect(zh(semanticDiff('grading', classDoc, explicit))).toEqual(['异议期间记录的处理：不计入（默认） → 不计入']);
  });

  it('names a threshold change in a rule the way the policy says it', () => {
    const next = clone(classDoc);
    if (next.content.decision.type !== 'rules') throw new Error('fixture');
    next.content.decision.rules[1]!.when = { measure: 'general-count', op: '>', value: 3 };
    expect(semanticDiff('grading', classDoc, next).sentences).toEqual([
      {
        zh: 'C 类判定：一般失信记录数 > 5 → > 3',
        en: 'class C rule: general records > 5 → > 3',
        path: '/content/decision/rules/1/when',
      },
    ]);
  });

  it('reports rules added, removed and moved with their positions', () => {
    const next = clone(classDoc);
    if (next.content.decision.type !== 'rules') throw new Error('fixture');
    const rules = next.content.decision.rules;
    rules.splice(0, 1); // d-revoked removed
    rules.splice(1, 0, { id: 'c-serious', grade: 'C', when: { measure: 'serious-count', op: '>=', value: 1 } });
    [rules[0], rules[1]] = [rules[1]!, rules[0]!]; // c-serious before c-general
    expect(zh(semanticDiff('grading', classDoc, next))).toEqual([
      '新增规则 c-serious（第 1 条）：严重失信记录数 >= 1 → C 类',
      '删除规则 d-revoked：登记状态为吊销营业执照 → D 类',
    ]);
    const moved = clone(classDoc);
    if (moved.content.decision.type !== 'rules') throw new Error('fixture');
    const r = moved.content.decision.rules;
    [r[1], r[2]] = [r[2]!, r[1]!];
    expect(zh(semanticDiff('grading', classDoc, moved))).toEqual([
      '规则 b-general 顺序 第 3 条 → 第 2 条',
      '规则 c-general 顺序 第 2 条 → 第 3 条',
    ]);
  });

  it('reports severity changes, treating unlisted kinds as general', () => {
    const next = clone(classDoc);
    next.content.severities['penalty.fine'] = 'serious';
    next.content.severities['tax-arrears'] = 'ignore';
    const d = semanticDiff('grading', classDoc, next);
    expect(d.sentences).toEqual([
      { zh: '记录类型 penalty.fine：一般失信 → 严重失信', en: 'record kind penalty.fine: general → serious', path: '/content/severities/penalty.fine' },
      { zh: '记录类型 tax-arrears：一般失信（默认） → 不计入', en: 'record kind tax-arrears: general (default) → ignored', path: '/content/severities/tax-arrears' },
    ]);
  });

  it('names band bound changes by grade label and with inclusivity', () => {
    const next = clone(scoreDoc);
    if (next.content.decision.type !== 'bands') throw new Error('fixture');
    next.content.decision.bands[0]!.min = { value: 85, inclusive: true };
    next.content.decision.bands[1]!.max = { value: 85, inclusive: false };
    expect(semanticDiff('grading', scoreDoc, next).sentences).toEqual([
      { zh: '优 区间下限 > 85 → ≥ 85', en: 'excellent band lower bound > 85 → ≥ 85', path: '/content/decision/bands/0/min' },
      { zh: '良 区间上限 ≤ 85 → < 85', en: 'good band upper bound ≤ 85 → < 85', path: '/content/decision/bands/1/max' },
    ]);
  });

  it('follows a band whose id changed with its bound (the editor renames excellent-above-85 → -80): a bound change, not a removal and an addition', () => {
    const next = clone(scoreDoc);
    if (next.content.decision.type !== 'bands') throw new Error('fixture');
    const [excellent, good] = next.content.decision.bands;
    excellent!.id = excellent!.id.replace('85', '80');
    excellent!.min = { value: 80, inclusive: false };
    good!.id = good!.id.replace('to-85', 'to-80');
    good!.max = { value: 80, inclusive: true };
    expect(zh(semanticDiff('grading', scoreDoc, next))).toEqual(['优 区间下限 > 85 → > 80', '良 区间上限 ≤ 85 → ≤ 80']);
  });

  it('reports override changes and the window', () => {
    const next = clone(scoreDoc);
    next.content.overrides[0]!.grade = 'good';
    next.content.overrides[0]!.mayImprove = true;
    next.content.window = { years: 2, months: 0 };
    expect(zh(semanticDiff('grading', scoreDoc, next))).toEqual([
      '统计期间 1 年 → 2 年',
      '强制调整 joint 等级 差 → 良',
      '强制调整 joint 允许提升等级',
    ]);
  });
});

const samplingDoc = samplingSchema.parse({
  ...envelope,
  id: 'sampling',
  kind: 'sampling',
  content: {
    grading: 'public-credit-class',
    rows: [
      { grade: 'A', ratioPercent: 3, frequencyPerYear: 1, onSite: 'on-trigger' },
      { grade: 'B', ratioPercent: 10, frequencyPerYear: 1, onSite: 'normal' },
    ],
    differentiatedShareMinPercent: 70,
  },
});

describe('semanticDiff: sampling', () => {
  it('says "A 类抽查比例 3% → 5%" and names frequency, on-site and exceptions', () => {
    const next = clone(samplingDoc);
    next.content.rows[0]!.ratioPercent = 5;
    next.content.rows[1]!.frequencyPerYear = 2;
    next.content.rows[1]!.onSite = 'focused';
    next.content.exceptions.push({ domain: 'food', grade: 'B', ratioPercent: 20, frequencyPerYear: 2 });
    next.content.differentiatedShareMinPercent = 75;
    expect(semanticDiff('sampling', samplingDoc, next).sentences).toEqual([
      { zh: 'A 类抽查比例 3% → 5%', en: 'class A sampling ratio 3% → 5%', path: '/content/rows/0/ratioPercent' },
      { zh: 'B 类每年抽查次数 1 → 2', en: 'class B inspections per year 1 → 2', path: '/content/rows/1/frequencyPerYear' },
      { zh: 'B 类现场检查 常规 → 重点关注', en: 'class B on-site rule normal → focused', path: '/content/rows/1/onSite' },
      { zh: '新增领域例外 food B 类：抽查比例 20%，每年 2 次', en: 'exception added for food class B: 20%, 2 per year', path: '/content/exceptions/0' },
      { zh: '差异化抽查最低占比 70% → 75%', en: 'minimum differentiated sampling share 70% → 75%', path: '/content/differentiatedShareMinPercent' },
    ]);
  });
});

const domainsDoc = domainAssignmentDocument.parse({
  ...envelope,
  id: 'domain-assignment',
  kind: 'domain-assignment',
  content: {
    departments: [
      { id: 'market-regulation', name: { zh: '市场监督管理局' }, shortName: '市场监管局' },
      { id: 'transport', name: { zh: '交通运输局', en: 'Transport Bureau' } },
    ],
    domains: [
      { id: 'drugs', name: { zh: '药品' }, departments: ['market-regulation'], match: { industryPrefixes: ['C27'] } },
      { id: 'transport', name: { zh: '交通运输' }, departments: ['transport'], match: { industryPrefixes: ['G54'] } },
    ],
  },
});

describe('semanticDiff: domain-assignment', () => {
  it('says which department takes on or loses a domain', () => {
    const next = clone(domainsDoc);
    next.content.domains.push({ id: 'food', name: { zh: '食品' }, departments: ['market-regulation'], match: { industryPrefixes: ['C14'], all: false } });
    next.content.domains[1]!.departments = ['market-regulation'];
    next.content.domains[0]!.match.industryPrefixes = ['C27', 'F5151'.slice(0, 4)];
    expect(zh(semanticDiff('domain-assignment', domainsDoc, next))).toEqual([
      '新增领域 食品（行业代码 C14）',
      '市场监管局 增加领域 食品',
      '领域 药品 增加行业代码 F515',
      '市场监管局 增加领域 交通运输',
      '交通运输局 移除领域 交通运输',
    ]);
  });
});

const itemsDoc = supervisionItemsDocument.parse({
  ...envelope,
  owner: 'market-regulation',
  id: 'supervision-items-market-regulation',
  kind: 'supervision-items',
  content: {
    department: 'market-regulation',
    items: [
      { code: 'SC-001', name: '食品经营许可检查', domain: 'food', legalBasis: '《食品安全法》', method: 'double-random' },
    ],
  },
});

describe('semanticDiff: supervision-items', () => {
  it('reports items added and fields, risk points and change-log entries changed', () => {
    const next = clone(itemsDoc);
    next.content.items[0]!.method = 'trigger';
    next.content.items[0]!.riskPoints.push({ id: 'r1', description: '过期食品', level: 'high' });
    next.content.items[0]!.changes.push({ date: '2026-03-02', type: 'changed', reportedAt: '2026-03-06' });
    next.content.items.push({ code: 'SC-002', name: '广告监测', domain: 'market', legalBasis: '《广告法》', method: 'credit-supervision', riskPoints: [], triggers: [], measures: [], changes: [] });
    expect(zh(semanticDiff('supervision-items', itemsDoc, next))).toEqual([
      '新增监管事项 SC-002 广告监测（信用监管，领域 market）',
      '事项 SC-001 食品经营许可检查 监管方式 双随机抽查 → 触发式监管',
      '事项 SC-001 食品经营许可检查 增加风险点：过期食品',
      '事项 SC-001 食品经营许可检查 登记变更记录 2026-03-02，2026-03-06 报送',
    ]);
  });
});

const modelDoc = industryModelDocument.parse({
  ...envelope,
  owner: 'market-regulation',
  id: 'industry-model-food-safety',
  kind: 'industry-model',
  content: {
    domain: 'food',
    department: 'market-regulation',
    grades: [
      { code: 'A', label: { zh: '优秀' } },
      { code: 'D', label: { zh: '差' } },
    ],
    indicators: [
      { id: 'haccp', label: { zh: 'HACCP 认证' }, source: { from: 'indicator', key: 'haccp' }, scoring: { type: 'boolean', whenTrue: 100, whenFalse: 0 }, missingPoints: 0 },
      { id: 'complaints', label: { zh: '投诉数' }, source: { from: 'indicator', key: 'complaints' }, scoring: { type: 'linear', worst: 10, best: 0 }, missingPoints: 50 },
    ],
    criteria: [{ id: 'all', label: { zh: '全部' }, indicators: ['haccp', 'complaints'], matrix: [[1, 1], [1, 1]] }],
    criteriaMatrix: [[1]],
    thresholds: [
      { id: 'a', grade: 'A', min: { value: 60, inclusive: true } },
      { id: 'd', grade: 'D', max: { value: 60, inclusive: false } },
    ],
    combine: { method: 'model-only' },
  },
});

describe('semanticDiff: industry-model', () => {
  it('reports AHP weight changes as weights, not matrix cells, and threshold moves', () => {
    const next = clone(modelDoc);
    next.content.criteria[0]!.matrix = [[1, 3], [1 / 3, 1]];
    next.content.thresholds[0]!.min = { value: 70, inclusive: true };
    next.content.thresholds[1]!.max = { value: 70, inclusive: false };
    expect(zh(semanticDiff('industry-model', modelDoc, next))).toEqual([
      'AHP 权重 HACCP 认证 50.0% → 75.0%',
      'AHP 权重 投诉数 50.0% → 25.0%',
      '等级阈值 A 类 区间下限 ≥ 60 → ≥ 70',
      '等级阈值 D 类 区间上限 < 60 → < 70',
    ]);
  });
});

describe('semanticDiff: envelope', () => {
  it('reports the effective date and title', () => {
    const next = clone(samplingDoc);
    next.effectiveFrom = '2027-01-01';
    next.title = '抽查比例 2027';
    expect(semanticDiff('sampling', samplingDoc, next).sentences).toEqual([
      { zh: '标题 测试 → 抽查比例 2027', en: 'title 测试 → 抽查比例 2027', path: '/title' },
      { zh: '生效日期 2026-01-01 → 2027-01-01', en: 'effective from 2026-01-01 → 2027-01-01', path: '/effectiveFrom' },
    ]);
  });
});

describe('rawDiff', () => {
  it('lists leaf changes with JSON pointers, escaping keys', () => {
    expect(rawDiff({ a: 1, b: [1], 'x/y': true, gone: 0 }, { a: 2, b: [1, 2], 'x/y': false })).toEqual([
      { op: 'replace', path: '/a', before: 1, after: 2 },
      { op: 'add', path: '/b/1', after: 2 },
      { op: 'replace', path: '/x~1y', before: true, after: false },
      { op: 'remove', path: '/gone', before: 0 },
    ]);
  });
});
