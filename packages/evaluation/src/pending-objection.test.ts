/**
 * A grading's `pendingObjection` (异议期间记录的处理): `excluded` (the default, also when absent) —
 * records under an objection pending at the evaluation date do not count; `counted` — they count.
 * The kernels (alone and fused with a document that excludes them) and the explanation agree.
 */
import { describe, expect, it } from 'vitest';
import type { EnterpriseRecord, GradingDocument, PolicyDocument } from '@policy/schemas';
import { gradingDocument } from '@policy/schemas';
import { compileOrThrow } from './compile.ts';
import { buildPopulation } from './population.ts';
import { defaultBundle, publicCreditClass } from '../test/default-bundle.ts';

const AT = '2026-10-31';
const others = defaultBundle.documents.filter((d) => d.id !== publicCreditClass.id);
const withPending = (pendingObjection?: 'excluded' | 'counted', id = publicCreditClass.id): GradingDocument =>
  gradingDocument.parse({ ...publicCreditClass, id, content: { ...publicCreditClass.content, ...(pendingObjection ? { pendingObjection } : {}) } });

/** One serious record under an objection pending at AT, one resolved before AT, one general record without objection. */
const enterprise: EnterpriseRecord = {
  uscc: '91350100M000100Y43',
  name: '平顶山某食品有限公司',
  industryCode: '1391',
  status: 'active',
  records: [
    { id: 'closure', kind: 'penalty.closure', date: '2026-05-01', objection: { filed: '2026-06-01', resolved: null } },
    { id: 'fine-resolved', kind: 'penalty.fine', date: '2026-04-01', objection: { filed: '2026-04-10', resolved: '2026-05-01' } },
    { id: 'warning-pending-later', kind: 'penalty.warning', date: '2026-03-01', objection: { filed: '2026-06-01', resolved: '2026-11-15' } },
  ],
};

const grade = (doc: PolicyDocument, id = publicCreditClass.id) => {
  const ev = compileOrThrow({ documents: [...others, doc] });
  const pop = buildPopulation([enterprise]);
  const json = ev.evaluate(pop, AT).toJSON(0);
  const x = ev.explain(pop, 0, AT);
  expect(x.result).toEqual(json);
  return { result: json.results[id]!, explained: x.documents.find((d) => d.id === id)! };
};

describe('pendingObjection of a grading document', () => {
  it('excludes records under a pending objection by default and when excluded', () => {
    for (const doc of [withPending(), withPending('excluded')]) {
      const { result, explained } = grade(doc);
      // the closure (serious) and the warning are under a pending objection: one general record counts (the fine, resolved before AT)
      expect(result).toEqual({ grade: 'B', rule: 'b-general' });
      expect(explained.records.map((r) => [r.id, r.counted, r.reason ?? null])).toEqual([
        ['closure', false, 'objection-pending'],
        ['fine-resolved', true, null],
        ['warning-pending-later', false, 'objection-pending'],
      ]);
      expect(explained.measures.find((m) => m.id === 'general-records')?.value).toBe(1);
    }
  });

  it('counts them when counted: the serious record makes the grade C', () => {
    const { result, explained } = grade(withPending('counted'));
    expect(result).toEqual({ grade: 'C', rule: 'c-serious-record' });
    expect(explained.records.every((r) => r.counted)).toBe(true);
    expect(explained.measures.find((m) => m.id === 'serious-records')?.value).toBe(1);
    expect(explained.measures.find((m) => m.id === 'general-records')?.value).toBe(2);
  });

  it('fused with a document that excludes them, each document keeps its own rule', () => {
    const counted = withPending('counted', 'class-counting-objections');
    const ev = compileOrThrow({ documents: [...defaultBundle.documents, counted] });
    const pop = buildPopulation([enterprise]);
    const json = ev.evaluate(pop, AT).toJSON(0);
    expect(json.results[publicCreditClass.id]).toEqual({ grade: 'B', rule: 'b-general' });
    expect(json.results['class-counting-objections']).toEqual({ grade: 'C', rule: 'c-serious-record' });
    expect(ev.explain(pop, 0, AT).result).toEqual(json);
  });

  it('is an optional field of the schema with two values', () => {
    expect(() => withPending('counted')).not.toThrow();
    expect(() => gradingDocument.parse({ ...publicCreditClass, content: { ...publicCreditClass.content, pendingObjection: 'ignored' } })).toThrow();
    expect(withPending().content.pendingObjection).toBeUndefined();
  });
});
