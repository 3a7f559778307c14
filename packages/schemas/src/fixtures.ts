/**
 * Documents for tests and templates (`@policy/schemas/fixtures`), browser-safe.
 *
 * - `seedDocuments()`: the default documents of `policies/` themselves, newest version of each (imported as JSON, so there
 *   is no copy to drift; `@policy/schemas/node` reads the same files from disk).
 * - `gradingFixture()` …: small valid documents of every kind, cut down from the seed documents for
 *   tests that break one rule at a time. Their id, kind, owner and title are the seed document's,
 *   and the indicator keys are ones the seed food model reads; the content is deliberately small.
 *
 * Each call returns fresh copies, so a test may break one without affecting another.
 */
import domainAssignment from '../../../policies/domain-assignment/v1.json' with { type: 'json' };
import earlyWarningMarket from '../../../policies/early-warning-market-regulation/v1.json' with { type: 'json' };
import foodModel from '../../../policies/industry-model-food-safety/v2.json' with { type: 'json' };
import generalRiskClass from '../../../policies/general-risk-class/v1.json' with { type: 'json' };
import publicCreditClass from '../../../policies/public-credit-class/v2.json' with { type: 'json' };
import publicCreditScore from '../../../policies/public-credit-score/v1.json' with { type: 'json' };
import sampling from '../../../policies/sampling/v1.json' with { type: 'json' };
import itemsHousing from '../../../policies/supervision-items-housing-construction/v1.json' with { type: 'json' };
import itemsMarket from '../../../policies/supervision-items-market-regulation/v1.json' with { type: 'json' };
import itemsTransport from '../../../policies/supervision-items-transport/v1.json' with { type: 'json' };
import type { PolicyDocumentInput } from './documents.ts';

type Input<K extends PolicyDocumentInput['kind']> = Extract<PolicyDocumentInput, { kind: K }>;

/** The newest version of each document of `policies/` (food safety v2, which refines the general class; public credit class v2, periods by record domain; their v1 stay on disk). */
const SEED = [publicCreditClass, publicCreditScore, generalRiskClass, foodModel, sampling, domainAssignment, itemsHousing, itemsMarket, itemsTransport, earlyWarningMarket] as unknown as readonly PolicyDocumentInput[];

/**
 * The default documents of `policies/` as written there (with `$schema`), sorted by id.
 *
 * @example
 * seedDocuments().map((d) => d.id) // → ['domain-assignment', 'industry-model-food-safety', …]
 */
export function seedDocuments(): PolicyDocumentInput[] {
  return structuredClone([...SEED]).sort((a, b) => a.id.localeCompare(b.id) || a.version - b.version);
}

/** One default document of `policies/` by id (a fresh copy); throws for an unknown id. */
export function seedDocument(id: string): PolicyDocumentInput {
  const doc = SEED.find((d) => d.id === id);
  if (!doc) throw new Error(`no seed document ${id} in policies/`);
  return structuredClone(doc);
}

/** Name and owner of a fixture: those of the seed document with the same id. */
function envelope<K extends PolicyDocumentInput['kind']>(id: string, kind: K) {
  const seed = SEED.find((d) => d.id === id && d.kind === kind);
  if (!seed) throw new Error(`fixture ${id}: no ${kind} seed document with this id in policies/`);
  return { id, kind, owner: seed.owner, title: seed.title, version: 1, effectiveFrom: '2026-01-01' } as const;
}

export function gradingFixture(): Input<'grading'> {
  return {
    ...envelope('public-credit-class', 'grading'),
    content: {
      grades: [
        { code: 'A', label: { zh: '守信' } },
        { code: 'B', label: { zh: '一般失信' } },
        { code: 'C', label: { zh: '严重失信' } },
        { code: 'D', label: { zh: '黑名单' } },
      ],
      window: { years: 1, months: 0 },
      severities: { 'penalty.warning': 'general', 'penalty.permit-revocation': 'serious' },
      measures: [
        { id: 'general-count', type: 'recordCount', severity: 'general' },
        { id: 'serious-count', type: 'recordCount', severity: 'serious' },
        { id: 'on-serious-list', type: 'listMember', list: 'serious-dishonesty' },
        { id: 'revoked', type: 'status', equals: 'licence-revoked' },
      ],
      decision: {
        type: 'rules',
        rules: [
          { id: 'd-revoked', grade: 'D', when: { measure: 'revoked', op: '==', value: true } },
          {
            id: 'c-serious',
            grade: 'C',
            when: {
              any: [
                { measure: 'general-count', op: '>', value: 5 },
                { measure: 'serious-count', op: '>=', value: 1 },
                { measure: 'on-serious-list', op: '==', value: true },
              ],
            },
          },
          { id: 'b-general', grade: 'B', when: { measure: 'general-count', op: '>=', value: 1 } },
          { id: 'a-clean', grade: 'A', when: { always: true } },
        ],
      },
      overrides: [],
    },
  };
}

export function scoreGradingFixture(): Input<'grading'> {
  return {
    ...envelope('public-credit-score', 'grading'),
    content: {
      grades: [
        { code: 'excellent', label: { zh: '优' } },
        { code: 'good', label: { zh: '良' } },
        { code: 'fair', label: { zh: '中' } },
        { code: 'poor', label: { zh: '差' } },
        { code: 'unrated', label: { zh: '未评价' } },
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
        bands: [
          { id: 'excellent', grade: 'excellent', min: { value: 85, inclusive: false }, max: { value: 100, inclusive: true } },
          { id: 'good', grade: 'good', min: { value: 70, inclusive: false }, max: { value: 85, inclusive: true } },
          { id: 'fair', grade: 'fair', min: { value: 50, inclusive: false }, max: { value: 70, inclusive: true } },
          { id: 'poor', grade: 'poor', min: { value: 0, inclusive: true }, max: { value: 50, inclusive: true } },
        ],
        missingGrade: 'unrated',
        missingRuleId: 'no-score',
      },
      overrides: [{ id: 'joint-punishment-poor', grade: 'poor', when: { measure: 'joint-punishment', op: '==', value: true } }],
    },
  };
}

/**
 * A grading with bands on a key indicator (`food.inspectionPassRate`): a text value such as "n/a" is
 * no number and is read as no value (`unrated`, rule `no-pass-rate`); 95 and above `good`.
 */
export function passRateGradingFixture(): Input<'grading'> {
  return {
    id: 'food-pass-rate-class',
    kind: 'grading',
    owner: 'market-regulation',
    version: 1,
    title: '食品抽检合格率分级',
    effectiveFrom: '2026-01-01',
    content: {
      grades: [
        { code: 'good', label: { zh: '合格率高' } },
        { code: 'poor', label: { zh: '合格率低' } },
        { code: 'unrated', label: { zh: '未评价' } },
      ],
      window: { years: 1, months: 0 },
      severities: {},
      measures: [{ id: 'pass-rate', type: 'indicator', key: 'food.inspectionPassRate', label: { zh: '食品安全抽检合格率(%)' } }],
      decision: {
        type: 'bands',
        measure: 'pass-rate',
        range: { min: 0, max: 100 },
        bands: [
          { id: 'good', grade: 'good', min: { value: 95, inclusive: true }, max: { value: 100, inclusive: true } },
          { id: 'poor', grade: 'poor', min: { value: 0, inclusive: true }, max: { value: 95, inclusive: false } },
        ],
        missingGrade: 'unrated',
        missingRuleId: 'no-pass-rate',
      },
      overrides: [],
    },
  } as Input<'grading'>;
}

export function industryModelFixture(): Input<'industry-model'> {
  return {
    ...envelope('industry-model-food-safety', 'industry-model'),
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
        { id: 'inspections-passed', label: { zh: '抽检合格率' }, source: { from: 'indicator', key: 'food.inspectionPassRate' }, scoring: { type: 'linear', worst: 80, best: 100 }, missingPoints: 50 },
        { id: 'complaints', label: { zh: '投诉数' }, source: { from: 'indicator', key: 'food.complaints' }, scoring: { type: 'linear', worst: 10, best: 0 }, missingPoints: 50 },
        { id: 'haccp', label: { zh: 'HACCP 认证' }, source: { from: 'indicator', key: 'food.traceability' }, scoring: { type: 'boolean', whenTrue: 100, whenFalse: 40 }, missingPoints: 40 },
        { id: 'records', label: { zh: '失信记录' }, source: { from: 'recordCount', kinds: ['penalty.fine'] }, scoring: { type: 'linear', worst: 5, best: 0 }, missingPoints: 100 },
      ],
      criteria: [
        { id: 'quality', label: { zh: '质量' }, indicators: ['inspections-passed', 'complaints', 'haccp'], matrix: [[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]] },
        { id: 'credit', label: { zh: '信用' }, indicators: ['records'], matrix: [[1]] },
      ],
      criteriaMatrix: [[1, 2], [1 / 2, 1]],
      thresholds: [
        { id: 'a', grade: 'A', min: { value: 90, inclusive: true }, max: { value: 100, inclusive: true } },
        { id: 'b', grade: 'B', min: { value: 75, inclusive: true }, max: { value: 90, inclusive: false } },
        { id: 'c', grade: 'C', min: { value: 60, inclusive: true }, max: { value: 75, inclusive: false } },
        { id: 'd', grade: 'D', min: { value: 0, inclusive: true }, max: { value: 60, inclusive: false } },
      ],
      combine: { with: 'public-credit-class', method: 'worst-of' },
    },
  };
}

export function samplingFixture(): Input<'sampling'> {
  return {
    ...envelope('sampling', 'sampling'),
    content: {
      grading: 'public-credit-class',
      rows: [
        { grade: 'A', ratioPercent: 3, range: { min: 1, max: 5 }, frequencyPerYear: 1, onSite: 'on-trigger' },
        { grade: 'B', ratioPercent: 10, frequencyPerYear: 1, onSite: 'normal' },
        { grade: 'C', ratioPercent: 30, frequencyPerYear: 2, onSite: 'focused' },
        { grade: 'D', ratioPercent: 100, frequencyPerYear: 4, onSite: 'always' },
      ],
      exceptions: [{ domain: 'food', grade: 'A', ratioPercent: 5, frequencyPerYear: 1 }],
      differentiatedShareMinPercent: 70,
    },
  };
}

export function domainAssignmentFixture(): Input<'domain-assignment'> {
  return {
    ...envelope('domain-assignment', 'domain-assignment'),
    content: {
      departments: [
        { id: 'market-regulation', name: { zh: '市场监督管理局' }, shortName: '市场监管局' },
        { id: 'housing-construction', name: { zh: '住房和城乡建设局' }, shortName: '住建局' },
        { id: 'public-security', name: { zh: '公安局' } },
      ],
      domains: [
        { id: 'food', name: { zh: '食品' }, departments: ['market-regulation'], match: { industryPrefixes: ['C13', 'C14', 'H62'] } },
        { id: 'construction', name: { zh: '房屋建筑' }, departments: ['housing-construction'], match: { industryPrefixes: ['E47'] } },
        { id: 'law-enforcement', name: { zh: '执法对象' }, departments: ['public-security'], match: { all: true } },
      ],
    },
  };
}

export function supervisionItemsFixture(): Input<'supervision-items'> {
  return {
    ...envelope('supervision-items-market-regulation', 'supervision-items'),
    content: {
      department: 'market-regulation',
      items: [
        {
          code: 'SJ-001',
          name: '食品生产企业监督检查',
          domain: 'food',
          legalBasis: '《中华人民共和国食品安全法》',
          method: 'double-random',
          changes: [{ date: '2024-09-27', type: 'added', reportedAt: '2024-10-16' }],
        },
        { code: 'SJ-002', name: '餐饮服务监督检查', domain: 'food', legalBasis: '《食品安全法》', method: 'key-inspection' },
      ],
    },
  };
}

/** A small early-warning document: one key indicator, one threshold rule warning the owner. */
export function earlyWarningFixture(): Input<'early-warning'> {
  return {
    ...envelope('early-warning-market-regulation', 'early-warning'),
    content: {
      department: 'market-regulation',
      measures: [{ id: 'score', type: 'score', label: { zh: '公共信用综合评价分', en: 'Public credit score' } }],
      rules: [{ id: 'score-low', label: { zh: '评价分偏低', en: 'Low score' }, when: { measure: 'score', op: '<=', value: 70 }, notify: ['market-regulation'] }],
    },
  };
}

/** One valid document of every kind, forming a consistent bundle. */
export function bundleFixture(): PolicyDocumentInput[] {
  return [gradingFixture(), scoreGradingFixture(), industryModelFixture(), samplingFixture(), domainAssignmentFixture(), supervisionItemsFixture()];
}

/** A valid enterprise record (the USCC check character is correct). */
export function enterpriseFixture(): Record<string, unknown> {
  return { uscc: '91350100M000100Y43', name: '福州某食品有限公司', industryCode: 'C1391', status: 'active', publicCreditScore: 88 };
}
