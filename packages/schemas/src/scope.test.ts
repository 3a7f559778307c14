import { describe, expect, it } from 'vitest';
import type { DomainAssignmentDocument, PolicyDocument } from './documents.ts';
import { policyDocument } from './documents.ts';
import { seedDocument } from './fixtures.ts';
import { assignedDomains, checkScope } from './scope.ts';

const seed = <K extends PolicyDocument['kind']>(id: string, _kind: K) => policyDocument.parse(seedDocument(id)) as Extract<PolicyDocument, { kind: K }>;
const assignment = () => seed('domain-assignment', 'domain-assignment') as DomainAssignmentDocument;
const found = (issues: { code: string; path: string; severity: string }[]) => issues.map((i) => `${i.severity} ${i.code} ${i.path}`);

describe('checkScope: a department names only itself and its domains', () => {
  it('the seed documents are within their owners\' scope', () => {
    for (const id of ['industry-model-food-safety', 'supervision-items-transport', 'supervision-items-market-regulation', 'supervision-items-housing-construction']) {
      const doc = policyDocument.parse(seedDocument(id));
      expect(checkScope(doc, doc.owner, assignment()), id).toEqual([]);
    }
  });

  it('industry model: market regulation writing a transport model for the transport department (the report of issue 11)', () => {
    const doc = seed('industry-model-food-safety', 'industry-model');
    doc.content.domain = 'transport';
    doc.content.department = 'transport';
    const issues = checkScope(doc, 'market-regulation', assignment());
    expect(found(issues)).toEqual(['error scope.foreign-department /content/department', 'error scope.domain-not-assigned /content/domain']);
    expect(issues[0]!.message).toBe('本文档属于市场监管局（market-regulation），只能以本部门的名义制定行业评价模型：不能填写部门 交通运输局（transport）');
    expect(issues[1]!.message).toBe(
      '监管领域 交通运输（transport） 未分配给市场监管局（market-regulation）（该领域由交通运输局（transport）负责）：部门只能为部门监管领域分工中分配给本部门的领域制定行业评价模型',
    );
    expect(issues[1]!.messageEn).toContain('Domain');
  });

  it('industry model: its own department but a domain that is not assigned to it, or not assigned at all', () => {
    const doc = seed('industry-model-food-safety', 'industry-model');
    doc.content.domain = 'property-management';
    expect(found(checkScope(doc, 'market-regulation', assignment()))).toEqual(['error scope.domain-not-assigned /content/domain']);
    doc.content.domain = 'no-such-domain';
    const [issue] = checkScope(doc, 'market-regulation', assignment());
    expect(issue!.message).toContain('部门监管领域分工中没有该领域');
  });

  it('supervision items: another department, and items in another department\'s domain', () => {
    const doc = seed('supervision-items-market-regulation', 'supervision-items');
    doc.content.department = 'transport';
    doc.content.items[2]!.domain = 'transport';
    expect(found(checkScope(doc, 'market-regulation', assignment()))).toEqual([
      'error scope.foreign-department /content/department',
      'error scope.domain-not-assigned /content/items/2/domain',
    ]);
  });

  it('a domain shared by two departments may be named by either', () => {
    const doc = seed('supervision-items-market-regulation', 'supervision-items');
    doc.content.department = 'healthcare-security';
    for (const it of doc.content.items) it.domain = 'medical-institutions';
    expect(checkScope(doc, 'healthcare-security', assignment())).toEqual([]);
    expect(checkScope(doc, 'health-commission', assignment()).map((i) => i.code)).toEqual(['scope.foreign-department']);
  });

  it('without an assignment in force only the department is checked', () => {
    const doc = seed('supervision-items-transport', 'supervision-items');
    doc.content.items[0]!.domain = 'food';
    expect(checkScope(doc, 'transport')).toEqual([]);
    expect(found(checkScope(doc, 'market-regulation'))).toEqual(['error scope.foreign-department /content/department']);
  });

  it('the credit office\'s documents are not restricted this way', () => {
    const sampling = seed('sampling', 'sampling');
    sampling.content.exceptions.push({ domain: 'transport', grade: 'D', ratioPercent: 90, frequencyPerYear: 4 });
    expect(checkScope(sampling, 'credit-office', assignment())).toEqual([]);
    expect(checkScope(seed('public-credit-class', 'grading'), 'credit-office', assignment())).toEqual([]);
    expect(checkScope(assignment(), 'credit-office', assignment())).toEqual([]);
  });

  it('assignedDomains lists what the assignment gives a department', () => {
    expect([...assignedDomains(assignment().content, 'housing-construction')].sort()).toEqual(['housing-construction', 'property-management']);
  });
});
