/**
 * Issue 13 finding 2: a golden case may expect the combination steps the engine reports as the
 * deciding rule — `refines:general-risk-class` (a specialised model no better than the general class)
 * and `worst-of:public-credit-class` — which contain ':' and were refused as rule ids.
 */
import { describe, expect, it } from 'vitest';
import { validateCaseFile } from './cases.ts';
import type { PolicyDocument } from './documents.ts';
import { policyDocument } from './documents.ts';
import { enterpriseFixture, seedDocument } from './fixtures.ts';

const food = policyDocument.parse(seedDocument('industry-model-food-safety')) as PolicyDocument;
const file = (rule: string) => ({ at: '2026-10-31', cases: [{ name: '通用分类决定', enterprise: enterpriseFixture(), expect: { grade: 'C', rule } }] });

describe('expected rules of golden cases', () => {
  it('accepts refines:<general id> and worst-of:<grading id> as well as a rule id', () => {
    for (const rule of ['refines:general-risk-class', 'worst-of:public-credit-class', 'c-50-to-70']) {
      expect(validateCaseFile(file(rule), food), rule).toMatchObject({ success: true, issues: [] });
    }
  });

  it('still refuses other text with the place of the expectation', () => {
    for (const rule of ['refines:', 'refines:General', 'best-of:general-risk-class', 'a:b:c']) {
      const r = validateCaseFile(file(rule), food);
      expect(r.success, rule).toBe(false);
      expect(r.issues.map((i) => i.path)).toContain('/cases/0/expect/rule');
    }
  });
});
