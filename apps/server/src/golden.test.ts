import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '@policy/evaluation';
import type { Evaluator } from '@policy/evaluation';
import { caseFile, validateDocument } from '@policy/schemas';
import type { CaseFile, PolicyDocument } from '@policy/schemas';
import { REPO_ROOT } from './app.ts';
import { runCases } from './golden.ts';

const POLICIES = join(REPO_ROOT, 'policies');

/** `policies/<id>/v<N>.cases.json`, parsed (null when there is none). */
function findCaseFile(dir: string, documentId: string, versionNumber: number): { file: string; data: CaseFile } | null {
  const file = `${documentId}/v${versionNumber}.cases.json`;
  if (!existsSync(join(dir, file))) return null;
  return { file, data: caseFile.parse(JSON.parse(readFileSync(join(dir, file), 'utf8'))) };
}

function defaults(): { documents: PolicyDocument[]; evaluator: Evaluator } {
  const documents = readdirSync(POLICIES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const r = validateDocument(JSON.parse(readFileSync(join(POLICIES, d.name, 'v1.json'), 'utf8')));
      if (!r.success) throw new Error(`${d.name}: ${r.issues[0]?.messageEn}`);
      return r.data;
    });
  const c = compile({ documents });
  if (!c.success) throw new Error('default policies do not compile');
  return { documents, evaluator: c.evaluator };
}

describe('runCases', () => {
  const { documents, evaluator } = defaults();

  it('passes every golden case of the default policies', () => {
    let count = 0;
    for (const d of documents) {
      const cf = findCaseFile(POLICIES, d.id, 1);
      if (!cf) continue;
      const results = runCases(evaluator, d.id, d.kind, cf.file, cf.data);
      count += results.length;
      expect(results.filter((r) => !r.passed).map((r) => `${r.file} ${r.name}: ${r.message}`)).toEqual([]);
    }
    expect(count).toBeGreaterThan(10);
  });

  it('gives each case the result it has when evaluated alone (cases of one date share a population)', () => {
    const samplingDoc = structuredClone(documents.find((d) => d.id === 'sampling')!) as { content: { rows: { grade: string; ratioPercent: number }[] } };
    samplingDoc.content.rows.find((r) => r.grade === 'B')!.ratioPercent = 20;
    const c = compile({ documents: documents.map((d) => (d.id === 'sampling' ? (samplingDoc as unknown as PolicyDocument) : d)) });
    if (!c.success) throw new Error('candidate does not compile');
    for (const d of documents) {
      const cf = findCaseFile(POLICIES, d.id, 1);
      if (!cf) continue;
      const together = runCases(c.evaluator, d.id, d.kind, cf.file, cf.data);
      const alone = cf.data.cases.flatMap((one) => runCases(c.evaluator, d.id, d.kind, cf.file, { ...cf.data, cases: [one] }));
      expect(together).toEqual(alone);
    }
  });

  it('reports an invalid case enterprise without stopping the others', () => {
    const cf = findCaseFile(POLICIES, 'public-credit-class', 1)!;
    const bad = { ...cf.data, cases: [{ ...cf.data.cases[0]!, enterprise: { uscc: 'x' } as never }, cf.data.cases[0]!] };
    const r = runCases(evaluator, 'public-credit-class', 'grading', cf.file, bad);
    expect(r[0]).toMatchObject({ passed: false, message: expect.stringContaining('invalid enterprise') });
    expect(r[1]!.passed).toBe(true);
  });
});
