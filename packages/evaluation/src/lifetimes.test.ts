/**
 * Publication periods of a grading (issue 13 finding 7, `publicationPeriods`, `repairBeforeMinimum`):
 * a record past its maximum publication period no longer counts, even inside the window; a repair
 * before the minimum counts only once the minimum has passed when repairs are deferred. The kernel
 * and the explanation agree (see also the property test in explain.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { EnterpriseRecord, GradingDocument } from '@policy/schemas';
import { gradingDocument } from '@policy/schemas';
import { compileOrThrow } from './compile.ts';
import { buildPopulation } from './population.ts';
import { defaultBundle, publicCreditClass } from '../test/default-bundle.ts';

const others = defaultBundle.documents.filter((d) => d.id !== publicCreditClass.id);
const withPeriods = (repairBeforeMinimum?: 'effective' | 'deferred'): GradingDocument =>
  gradingDocument.parse({
    ...publicCreditClass,
    content: {
      ...publicCreditClass.content,
      window: { years: 3, months: 0 },
      publicationPeriods: [
        { id: 'serious', severity: 'serious', minimum: { years: 1, months: 0 }, maximum: { years: 3, months: 0 } },
        { id: 'general', severity: 'general', minimum: { years: 0, months: 3 }, maximum: { years: 1, months: 0 } },
      ],
      ...(repairBeforeMinimum ? { repairBeforeMinimum } : {}),
    },
  });

const enterprise = (records: EnterpriseRecord['records']): EnterpriseRecord => ({ uscc: '91350100M000100Y43', name: '平顶山某食品有限公司', industryCode: '1391', status: 'active', records });

const grade = (doc: GradingDocument, e: EnterpriseRecord, at: string) => {
  const ev = compileOrThrow({ documents: [...others, doc] });
  const pop = buildPopulation([e]);
  const json = ev.evaluate(pop, at).toJSON(0);
  const x = ev.explain(pop, 0, at);
  expect(x.result).toEqual(json);
  return { grade: json.results['public-credit-class']!.grade, records: x.documents.find((d) => d.id === 'public-credit-class')!.records };
};

describe('publication periods', () => {
  it('a general record past its one-year maximum no longer counts inside a three-year window', () => {
    const e = enterprise([{ id: 'R-1', kind: 'penalty.fine', date: '2025-10-31' }]);
    // at 2026-10-30 the record is within its year; at 2026-10-31 the year is over
    expect(grade(withPeriods(), e, '2026-10-30').grade).toBe('B');
    const after = grade(withPeriods(), e, '2026-10-31');
    expect(after.grade).toBe('A');
    expect(after.records[0]).toMatchObject({ id: 'R-1', counted: false, reason: 'publication-ended', reasonLabel: { zh: '公示期已届满' } });
    // without periods the three-year window still counts it
    expect(grade(gradingDocument.parse({ ...publicCreditClass, content: { ...publicCreditClass.content, window: { years: 3, months: 0 } } }), e, '2026-10-31').grade).toBe('B');
  });

  it('a repair before the minimum takes effect only once the minimum has passed when deferred', () => {
    const e = enterprise([{ id: 'R-2', kind: 'penalty.closure', date: '2026-03-01', repairedAt: '2026-04-01' }]);
    expect(grade(withPeriods(), e, '2026-10-31').grade).toBe('A');
    expect(grade(withPeriods('effective'), e, '2026-10-31').grade).toBe('A');
    const deferred = grade(withPeriods('deferred'), e, '2026-10-31');
    expect(deferred.grade).toBe('C');
    expect(deferred.records[0]).toMatchObject({ counted: true });
    expect(grade(withPeriods('deferred'), e, '2027-02-28').grade).toBe('C');
    expect(grade(withPeriods('deferred'), e, '2027-03-01').grade).toBe('A');
  });
});
