/** The SQL compiler (pure): the shape of the statement, and numbers as bind values (an edited threshold reuses the text). */
import { describe, expect, it } from 'vitest';
import type { GradingDocument } from '@policy/schemas';
import { defaultBundle } from '../../test/default-bundle.ts';
import { gradeDistributionSql, gradingSql } from './grading-sql.ts';

const gradings = defaultBundle.documents.filter((d): d is GradingDocument => d.kind === 'grading');

describe('gradingSql', () => {
  it('binds every number: an edited threshold or window gives the same text, other values', () => {
    for (const doc of gradings) {
      const a = gradingSql(doc, '2026-10-31', 1);
      const edited = structuredClone(doc);
      const d = edited.content.decision;
      if (d.type === 'bands') d.bands[0]!.min = { ...d.bands[0]!.min!, value: 86.5 };
      else for (const r of d.rules) if ('measure' in r.when && typeof r.when.value === 'number') r.when = { ...r.when, value: r.when.value + 2 };
      edited.content.window = { years: 2, months: 3 };
      const b = gradingSql(edited, '2024-02-29', 1);
      expect(b.text).toBe(a.text);
      expect(b.values).not.toEqual(a.values);
      expect(a.text).not.toMatch(/'\d{4}-\d\d-\d\d'/);
      expect(gradeDistributionSql(doc, '2026-10-31', 1).text).toContain(a.text.replace(/\nORDER BY row_no$/, ''));
    }
  });
  it('binds the domains of a publication period: other domain codes give the same text, never in it', () => {
    const doc = gradings.find((d) => d.id === 'public-credit-class')!;
    const withDomains = (domains: string[]): GradingDocument => {
      const edited = structuredClone(doc);
      edited.content.publicationPeriods = [
        { id: 'key-domains', severity: 'general', domains, minimum: { years: 1, months: 0 }, maximum: { years: 3, months: 0 } },
        { id: 'general', severity: 'general', minimum: { years: 0, months: 3 }, maximum: { years: 3, months: 0 } },
      ];
      edited.content.repairBeforeMinimum = 'deferred';
      return edited;
    };
    const a = gradingSql(withDomains(['special-equipment', 'fire-safety']), '2026-10-31', 1);
    const b = gradingSql(withDomains(['food']), '2026-10-31', 1);
    expect(b.text).toBe(a.text);
    expect(a.text).toContain('domain = ANY(');
    expect(a.text).not.toContain('special-equipment');
    expect(a.values).toContainEqual(['special-equipment', 'fire-safety']);
    expect(b.values).toContainEqual(['food']);
    // without domains the period is not tested on them
    const none = structuredClone(doc);
    none.content.publicationPeriods = [{ id: 'general', severity: 'general', minimum: { years: 0, months: 3 }, maximum: { years: 3, months: 0 } }];
    expect(gradingSql(none, '2026-10-31', 1).text).not.toContain('domain = ANY(');
  });
  it('window start 29 February minus one year is 28 February', () => {
    const doc = gradings.find((d) => d.content.measures.some((m) => m.type === 'recordCount'))!;
    expect(gradingSql(doc, '2024-02-29', 1).values).toContain('2023-02-28');
  });
});
