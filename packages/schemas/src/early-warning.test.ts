import { describe, expect, it } from 'vitest';
import type { DomainAssignmentDocument, EarlyWarningDocument, PolicyDocument } from './documents.ts';
import { DOCUMENT_KINDS, policyDocument } from './documents.ts';
import { semanticDiff } from './diff.ts';
import { earlyWarningFixture, seedDocument, seedDocuments } from './fixtures.ts';
import { jsonSchemas } from './json-schema.ts';
import { canWrite, DEPARTMENT_KINDS } from './lifecycle.ts';
import { checkScope } from './scope.ts';
import { validateBundle, validateDocument } from './validate.ts';

const seed = () => policyDocument.parse(seedDocument('early-warning-market-regulation')) as EarlyWarningDocument;
const assignment = () => policyDocument.parse(seedDocument('domain-assignment')) as DomainAssignmentDocument;
const found = (issues: { code: string; path: string; severity: string }[]) => issues.map((i) => `${i.severity} ${i.code} ${i.path}`);

describe('early-warning documents (003 第十三条)', () => {
  it('is a department-owned kind with a JSON Schema in Chinese', () => {
    expect(DOCUMENT_KINDS).toContain('early-warning');
    expect(DEPARTMENT_KINDS).toContain('early-warning');
    const text = JSON.stringify(jsonSchemas['early-warning']);
    for (const title of ['风险预警规则', '重点指标', '预警规则', '预警条件', '预警对象（部门）', '适用领域']) expect(text).toContain(`"title":"${title}"`);
  });

  it('the seed document and the fixture are valid, without warnings, and in the seed bundle', () => {
    for (const doc of [seedDocument('early-warning-market-regulation'), earlyWarningFixture()]) {
      const r = validateDocument(doc);
      expect(r.issues).toEqual([]);
      expect(r.success).toBe(true);
    }
    const docs = seedDocuments().map((d) => policyDocument.parse(d));
    expect(validateBundle(docs).filter((i) => i.documentId === 'early-warning-market-regulation')).toEqual([]);
  });

  it('a rule without anyone to warn is refused naming the field by its Chinese title', () => {
    const doc = seedDocument('early-warning-market-regulation') as { content: { rules: { notify?: string[] }[] } };
    doc.content.rules[1]!.notify = [];
    const r = validateDocument(doc);
    expect(r.success).toBe(false);
    expect(r.issues[0]!.path).toBe('/content/rules/1/notify');
    expect(r.issues[0]!.message).toContain('预警对象（部门）');
    expect(r.issues[0]!.message).toContain('预警规则「列入严重失信主体名单」');
  });

  it('a condition comparing an undefined key indicator, or a value of the wrong type, names the rule and the field', () => {
    const doc = seed();
    doc.content.rules[3]!.when = { measure: 'public-credit-scor', op: '<=', value: 70 };
    doc.content.rules[1]!.when = { measure: 'serious-dishonesty-list', op: '>=', value: 1 };
    const r = validateDocument(doc);
    expect(found(r.issues)).toEqual(['error warnings.type-mismatch /content/rules/1/when/value', 'error warnings.unknown-measure /content/rules/3/when/measure']);
    expect(r.issues[1]!.message).toBe(
      '预警规则「公共信用综合评价分降至中档及以下(≤70分)」（score-at-most-70）的预警条件引用了未定义的重点指标 public-credit-scor（重点指标中已定义：new-serious-records, serious-dishonesty-list, abnormal-operation, public-credit-score）',
    );
    expect(r.issues[0]!.message).toContain('预警规则「列入严重失信主体名单」（serious-dishonesty-list）的预警条件中重点指标 serious-dishonesty-list 的类型不匹配');
    expect(r.issues[1]!.messageEn).toContain('warning rule score-at-most-70');
  });

  it('severity filters, repeated rule ids, a rule that always holds and a department warned twice', () => {
    const doc = seed();
    (doc.content.measures[0] as { severity?: string }).severity = 'serious';
    doc.content.rules[2]!.id = 'serious-dishonesty-list';
    doc.content.rules[4]!.when = { any: [{ always: true }, { document: 'industry-model-food-safety', grades: ['D'] }] };
    doc.content.rules[0]!.notify = ['market-regulation', 'market-regulation'];
    const r = validateDocument(doc);
    expect(found(r.issues)).toEqual([
      'error warnings.measure-severity /content/measures/0/severity',
      'error warnings.duplicate-rule /content/rules/2/id',
      'warning warnings.duplicate-notify /content/rules/0/notify/1',
      'warning warnings.always /content/rules/4/when',
    ]);
    expect(r.issues[3]!.message).toBe('预警规则「食品企业食品安全风险为D类」（food-model-d）的预警条件总是成立，将对每一户企业预警');
  });

  it('in the bundle: unknown graded documents, grades, warned departments and domains', () => {
    const doc = seed();
    doc.content.rules[4]!.when = { all: [{ document: 'industry-model-food-safety', grades: ['E'] }, { document: 'no-such-model', grades: ['D'] }] };
    doc.content.rules[0]!.notify = ['market-regulation', 'no-such-department'];
    doc.content.rules[4]!.domains = ['no-such-domain'];
    const docs = seedDocuments().map((d) => policyDocument.parse(d)).map((d) => (d.id === doc.id ? doc : d));
    const issues = validateBundle(docs).filter((i) => i.documentId === doc.id);
    expect(found(issues)).toEqual([
      'error bundle.unknown-reference /content/rules/0/notify/1',
      'error bundle.unknown-reference /content/rules/4/domains/0',
      'error warnings.unknown-grade /content/rules/4/when/all/0/grades/0',
      'error warnings.unknown-document /content/rules/4/when/all/1/document',
    ]);
    expect(issues[0]!.message).toBe('引用的预警对象部门 no-such-department 不存在（部门目录中没有）');
    expect(issues[2]!.message).toBe('预警规则「食品企业食品安全风险为D类」（food-model-d）的预警条件中，等级 E 不是 industry-model-food-safety 的等级（已定义：A, B, C, D）');
  });

  it('department scope: only the owner edits it, about itself and its own domains; it may warn other departments', () => {
    const doc = seed();
    expect(checkScope(doc, 'market-regulation', assignment())).toEqual([]);
    // another department cannot write it …
    expect(canWrite({ role: 'department-editor', department: 'market-regulation' }, { kind: 'early-warning', owner: 'market-regulation' })).toBe(true);
    expect(canWrite({ role: 'department-editor', department: 'transport' }, { kind: 'early-warning', owner: 'market-regulation' })).toBe(false);
    expect(canWrite({ role: 'credit-office', department: 'credit-office' }, { kind: 'early-warning', owner: 'market-regulation' })).toBe(false);
    // … nor save the market regulator's rules under its own name, nor limit a rule to a domain that is not its own
    const issues = checkScope(doc, 'transport', assignment());
    expect(found(issues)).toEqual(['error scope.foreign-department /content/department', 'error scope.domain-not-assigned /content/rules/4/domains/0']);
    expect(issues[0]!.message).toContain('只能以本部门的名义制定风险预警规则');
    doc.content.rules[4]!.domains = ['transport'];
    expect(found(checkScope(doc, 'market-regulation', assignment()))).toEqual(['error scope.domain-not-assigned /content/rules/4/domains/0']);
  });

  it('the semantic diff says threshold, warned departments and indicator changes in policy language', () => {
    const before = seed();
    const after = seed();
    after.content.rules[3]!.when = { measure: 'public-credit-score', op: '<', value: 60 };
    after.content.rules[3]!.notify = ['market-regulation', 'credit-office'];
    (after.content.measures[0] as { window?: { years: number; months: number } }).window = { years: 0, months: 6 };
    after.content.rules.splice(2, 1);
    const s = semanticDiff('early-warning', before as PolicyDocument, after as PolicyDocument).sentences.map((x) => x.zh);
    expect(s).toEqual([
      '删除预警规则「列入经营异常名录」',
      '预警规则「公共信用综合评价分降至中档及以下(≤70分)」的预警条件：公共信用综合评价分 <= 70 → 公共信用综合评价分 < 60',
      '预警规则「公共信用综合评价分降至中档及以下(≤70分)」的预警对象 market-regulation → market-regulation、credit-office',
      '重点指标 近3个月新增严重失信行为记录数 的定义已修改：近3个月内（penalty.permit-suspension、penalty.qualification-downgrade、penalty.permit-revocation、penalty.business-restriction、penalty.production-suspension、penalty.closure、penalty.practice-restriction）记录数 → 近6个月内（penalty.permit-suspension、penalty.qualification-downgrade、penalty.permit-revocation、penalty.business-restriction、penalty.production-suspension、penalty.closure、penalty.practice-restriction）记录数',
    ]);
  });
});
