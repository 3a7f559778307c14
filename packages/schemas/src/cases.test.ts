import { describe, expect, it } from 'vitest';
import { validateCaseFile } from './cases.ts';
import { enterpriseFixture, gradingFixture, supervisionItemsFixture } from './fixtures.ts';
import { validateDocument } from './validate.ts';
import type { PolicyDocument } from './documents.ts';

const doc = (input: unknown) => validateDocument(input) as { success: true; data: PolicyDocument };

describe('validateCaseFile', () => {
  const file = () => ({ at: '2026-10-31', cases: [{ name: '无记录', enterprise: enterpriseFixture(), expect: { grade: 'A', rule: 'a-clean' } }] });

  it('accepts a valid case file', () => {
    expect(validateCaseFile(file(), doc(gradingFixture()).data)).toMatchObject({ success: true, issues: [] });
  });

  it('reports enterprises, expectations and unknown grades at pointers inside the file', () => {
    const f = file() as any;
    f.cases[0].enterprise.industryCode = 'F1391';
    f.cases.push({ name: '坏预期', enterprise: enterpriseFixture(), expect: { grade: 'A', score: 3 } });
    f.cases.push({ name: '未知等级', enterprise: enterpriseFixture(), expect: { grade: 'Z' } });
    const r = validateCaseFile(f, doc(gradingFixture()).data);
    expect(r.success).toBe(false);
    expect(r.issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'industry.section-mismatch /cases/0/enterprise/industryCode',
      'schema.invalid /cases/1/expect',
      'grades.unknown /cases/2/expect/grade',
    ]);
  });

  it('rejects a wrong file shape; beside supervision items the cases expect triggered items of the list (issue 13 finding 6)', () => {
    expect(validateCaseFile({ cases: [] }).issues.map((i) => `${i.code} ${i.path}`)).toEqual(['schema.invalid /at', 'schema.invalid /cases']);
    const items = doc(supervisionItemsFixture()).data;
    expect(validateCaseFile(file(), items).issues.map((i) => `${i.code} ${i.path}`)).toEqual(['schema.invalid /cases/0/expect/triggered', 'schema.invalid /cases/0/expect']);
    const ok = { at: '2026-10-31', cases: [{ name: '触发', enterprise: enterpriseFixture(), expect: { triggered: ['SJ-001'] } }] };
    expect(validateCaseFile(ok, items)).toMatchObject({ success: true, issues: [] });
    ok.cases[0]!.expect.triggered = ['SJ-404'];
    const r = validateCaseFile(ok, items);
    expect(r.issues.map((i) => `${i.code} ${i.path} ${i.message}`)).toEqual(['schema.invalid /cases/0/expect/triggered/0 事项编码 SJ-404 不在本监管事项清单中']);
  });
});
