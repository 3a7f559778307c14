/**
 * A test scenario over the seed documents of policies/: the documents' ids, owners and titles are
 * the seed's (taken from policies/ through `seedDocument`), the rules are a smaller variant with the
 * CONTRACTS §2 ids that the engine tests assert. The seed documents themselves (with their own
 * golden cases) come from `policyBundleAt` of `@policy/schemas/node`; the bench falls back to this
 * bundle when policies/ is empty.
 */
import type { PolicyBundle, PolicyDocument } from '@policy/schemas';
import { seedDocument } from '@policy/schemas/fixtures';

const SERIOUS = [
  'penalty.permit-suspension',
  'penalty.qualification-downgrade',
  'penalty.permit-revocation',
  'penalty.business-restriction',
  'penalty.production-suspension',
  'penalty.closure',
  'penalty.practice-restriction',
];

/** Id, owner and title of the seed document with this id. */
const env = (id: string) => {
  const seed = seedDocument(id);
  return { id: seed.id, owner: seed.owner, title: seed.title, version: 1, effectiveFrom: '2024-01-01' };
};

export const publicCreditClass = {
  ...env('public-credit-class'),
  kind: 'grading',
  content: {
    grades: [
      { code: 'A', label: { zh: '守信', en: 'trustworthy' } },
      { code: 'B', label: { zh: '一般失信', en: 'general dishonesty' } },
      { code: 'C', label: { zh: '严重失信', en: 'serious dishonesty' } },
      { code: 'D', label: { zh: '黑名单', en: 'blacklist' } },
    ],
    window: { years: 1, months: 0 },
    severities: Object.fromEntries(SERIOUS.map((k) => [k, 'serious'])),
    measures: [
      { id: 'licence-revoked', type: 'status', equals: 'licence-revoked' },
      { id: 'on-serious-list', type: 'listMember', list: 'serious-dishonesty' },
      { id: 'serious-records', type: 'recordCount', severity: 'serious' },
      { id: 'general-records', type: 'recordCount', severity: 'general' },
    ],
    decision: {
      type: 'rules',
      rules: [
        { id: 'd-licence-revoked', grade: 'D', when: { measure: 'licence-revoked', op: '==', value: true } },
        { id: 'c-serious-list', grade: 'C', when: { measure: 'on-serious-list', op: '==', value: true } },
        { id: 'c-serious-record', grade: 'C', when: { measure: 'serious-records', op: '>', value: 0 } },
        { id: 'c-many-general', grade: 'C', when: { measure: 'general-records', op: '>', value: 5 } },
        { id: 'b-general', grade: 'B', when: { measure: 'general-records', op: '>=', value: 1 } },
        { id: 'a-clean', grade: 'A', when: { always: true } },
      ],
    },
    overrides: [],
  },
} satisfies PolicyDocument;

export const publicCreditScore = {
  ...env('public-credit-score'),
  kind: 'grading',
  content: {
    grades: [
      { code: 'excellent', label: { zh: '优', en: 'excellent' } },
      { code: 'good', label: { zh: '良', en: 'good' } },
      { code: 'fair', label: { zh: '中', en: 'fair' } },
      { code: 'poor', label: { zh: '差', en: 'poor' } },
    ],
    unratedGrade: 'unrated',
    window: { years: 1, months: 0 },
    severities: {},
    measures: [
      { id: 'score', type: 'score' },
      { id: 'joint-punishment', type: 'listMember', list: 'joint-punishment' },
    ],
    decision: {
      type: 'bands',
      measure: 'score',
      range: { min: 0, max: 100 },
      missingGrade: 'unrated',
      missingRuleId: 'unrated',
      bands: [
        { id: 'excellent', grade: 'excellent', min: { value: 85, inclusive: false } },
        { id: 'good', grade: 'good', min: { value: 70, inclusive: false }, max: { value: 85, inclusive: true } },
        { id: 'fair', grade: 'fair', min: { value: 50, inclusive: false }, max: { value: 70, inclusive: true } },
        { id: 'poor', grade: 'poor', max: { value: 50, inclusive: true } },
      ],
    },
    overrides: [{ id: 'joint-punishment-poor', grade: 'poor', when: { measure: 'joint-punishment', op: '==', value: true } }],
  },
} satisfies PolicyDocument;

export const domainAssignment = {
  ...env('domain-assignment'),
  kind: 'domain-assignment',
  content: {
    departments: [
      { id: 'market-regulation', name: { zh: '市场监督管理局' }, shortName: '市场监管局' },
      { id: 'housing-construction', name: { zh: '住房和城乡建设局' }, shortName: '住建局' },
      { id: 'transport', name: { zh: '交通运输局' }, shortName: '交通运输局' },
      { id: 'taxation', name: { zh: '税务局' }, shortName: '税务局' },
      { id: 'emergency', name: { zh: '应急管理局' }, shortName: '应急局' },
    ],
    domains: [
      { id: 'food', name: { zh: '食品' }, departments: ['market-regulation'], match: { industryPrefixes: ['C13', 'C14', 'C15', 'F5121', 'F5122', 'F5221', 'F5222', 'H62'], all: false } },
      { id: 'drugs', name: { zh: '药品' }, departments: ['market-regulation'], match: { industryPrefixes: ['C27', 'F5151', 'F5251'], all: false } },
      { id: 'construction', name: { zh: '房屋建筑' }, departments: ['housing-construction'], match: { industryPrefixes: ['E47', 'E48', 'E49', 'E50'], all: false } },
      { id: 'property', name: { zh: '物业管理' }, departments: ['housing-construction'], match: { industryPrefixes: ['K7020'], all: false } },
      { id: 'transport', name: { zh: '交通运输' }, departments: ['transport'], match: { industryPrefixes: ['G53', 'G54', 'G55', 'G58'], all: false } },
      { id: 'hazardous-chemicals', name: { zh: '危险化学品' }, departments: ['emergency'], match: { industryPrefixes: ['C26', 'G5430'], all: false } },
    ],
  },
} satisfies PolicyDocument;

export const sampling = {
  ...env('sampling'),
  kind: 'sampling',
  content: {
    grading: 'public-credit-class',
    rows: [
      { grade: 'A', ratioPercent: 5, frequencyPerYear: 1, onSite: 'on-trigger' },
      { grade: 'B', ratioPercent: 10, frequencyPerYear: 1, onSite: 'normal' },
      { grade: 'C', ratioPercent: 30, frequencyPerYear: 2, onSite: 'focused' },
      { grade: 'D', ratioPercent: 60, frequencyPerYear: 4, onSite: 'always' },
    ],
    exceptions: [{ domain: 'food', grade: 'A', ratioPercent: 8, frequencyPerYear: 1 }],
    differentiatedShareMinPercent: 70,
    sources: [],
  },
} satisfies PolicyDocument;

export const foodModel = {
  ...env('industry-model-food-safety'),
  kind: 'industry-model',
  content: {
    domain: 'food',
    department: 'market-regulation',
    grades: [
      { code: 'A', label: { zh: '优秀' } },
      { code: 'B', label: { zh: '良好' } },
      { code: 'C', label: { zh: '中等' } },
      { code: 'D', label: { zh: '差' } },
    ],
    indicators: [
      { id: 'inspection-pass-rate', label: { zh: '抽检合格率' }, source: { from: 'indicator', key: 'food.inspectionPassRate' }, scoring: { type: 'linear', worst: 80, best: 100 }, missingPoints: 60 },
      { id: 'traceability', label: { zh: '食品安全追溯体系' }, source: { from: 'indicator', key: 'food.traceability' }, scoring: { type: 'boolean', whenTrue: 100, whenFalse: 50 }, missingPoints: 50 },
      { id: 'complaints', label: { zh: '投诉举报次数' }, source: { from: 'indicator', key: 'food.complaints' }, scoring: { type: 'bands', bands: [{ max: { value: 0, inclusive: true }, points: 100 }, { min: { value: 0, inclusive: false }, max: { value: 3, inclusive: true }, points: 70 }, { min: { value: 3, inclusive: false }, points: 30 }] }, missingPoints: 70 },
      { id: 'penalties', label: { zh: '近一年处罚次数' }, source: { from: 'recordCount' }, scoring: { type: 'linear', worst: 5, best: 0 }, missingPoints: 100 },
      { id: 'public-score', label: { zh: '公共信用综合评价分' }, source: { from: 'score' }, scoring: { type: 'linear', worst: 40, best: 100 }, missingPoints: 60 },
    ],
    criteria: [
      { id: 'quality', label: { zh: '质量安全' }, indicators: ['inspection-pass-rate', 'traceability', 'complaints'], matrix: [[1, 3, 2], [1 / 3, 1, 1 / 2], [1 / 2, 2, 1]] },
      { id: 'credit', label: { zh: '信用状况' }, indicators: ['penalties', 'public-score'], matrix: [[1, 2], [1 / 2, 1]] },
    ],
    criteriaMatrix: [[1, 2], [1 / 2, 1]],
    thresholds: [
      { id: 'model-a', grade: 'A', min: { value: 85, inclusive: true } },
      { id: 'model-b', grade: 'B', min: { value: 70, inclusive: true }, max: { value: 85, inclusive: false } },
      { id: 'model-c', grade: 'C', min: { value: 55, inclusive: true }, max: { value: 70, inclusive: false } },
      { id: 'model-d', grade: 'D', max: { value: 55, inclusive: false } },
    ],
    combine: { with: 'public-credit-class', method: 'worst-of' },
  },
} satisfies PolicyDocument;

export const defaultBundle: PolicyBundle = {
  documents: [publicCreditClass, publicCreditScore, domainAssignment, sampling, foodModel] as PolicyDocument[],
};
