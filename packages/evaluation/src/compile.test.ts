/** compile() reports the checks of @policy/schemas with the catalogue's messages, at bundle pointers, plus the engine's own limits. */
import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '@policy/schemas';
import { ISSUE_MESSAGES, semanticIssues } from '@policy/schemas';
import { compile } from './compile.ts';
import { defaultBundle, publicCreditClass } from '../test/default-bundle.ts';

describe('compile issues', () => {
  it('are the schema checks’ own issues (same code, message and pointer below /documents/<k>)', () => {
    const bad = structuredClone(publicCreditClass) as PolicyDocument;
    if (bad.kind !== 'grading' || bad.content.decision.type !== 'rules') throw new Error('fixture');
    bad.content.decision.rules[2]!.grade = 'Z';
    const r = compile({ documents: [...defaultBundle.documents.filter((d) => d.id !== bad.id), bad] });
    expect(r.success).toBe(false);
    const k = r.issues.findIndex((i) => i.code === 'grades.unknown');
    const own = semanticIssues(bad).find((i) => i.code === 'grades.unknown')!;
    expect(r.issues[k]).toMatchObject({ message: own.message, messageEn: own.messageEn, documentId: bad.id });
    expect(r.issues[k]!.path).toMatch(new RegExp(`^/documents/\\d+${own.path}$`));
  });

  it('add the engine’s limits from the same catalogue: one version per document, one sampling document, domains that exist', () => {
    const docs = defaultBundle.documents;
    const sampling = docs.find((d) => d.kind === 'sampling')!;
    const withoutDomains = docs.filter((d) => d.kind !== 'domain-assignment');
    const r = compile({ documents: [...withoutDomains, { ...sampling, version: 2 }] });
    expect(r.success).toBe(false);
    const codes = r.issues.map((i) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['bundle.duplicate-document', 'bundle.one-of-kind', 'bundle.unknown-reference']));
    for (const i of r.issues) {
      expect(ISSUE_MESSAGES[i.code]).toBeDefined();
      expect(i.path).toMatch(/^\/documents\/\d+/);
      expect(i.message).not.toMatch(/\{\w+\}/);
    }
    expect(r.issues.find((i) => i.code === 'bundle.duplicate-document')!.message).toContain(sampling.id);
  });
});
