/**
 * Publication periods of a grading (issue 13 finding 7): the schema reads them, the semantic checks
 * refuse a minimum longer than the maximum, a repeated id and a period hidden by an earlier one, and
 * the semantic diff names each change.
 */
import { describe, expect, it } from 'vitest';
import { semanticDiff } from './diff.ts';
import { gradingDocument } from './documents.ts';
import { validateDocument } from './validate.ts';
import publicCreditClass from '../../../policies/public-credit-class/v1.json' with { type: 'json' };
import publicCreditClassV2 from '../../../policies/public-credit-class/v2.json' with { type: 'json' };

const clone = <T>(x: T): T => structuredClone(x);
const base = gradingDocument.parse(publicCreditClass);
const codes = (doc: unknown) => validateDocument(doc).issues.map((i) => `${i.code} ${i.path}`);

describe('publicationPeriods', () => {
  it('the default class policy carries them and passes the checks', () => {
    expect(base.content.publicationPeriods?.length).toBeGreaterThan(0);
    expect(validateDocument(publicCreditClass).issues.filter((i) => i.code.startsWith('publication.'))).toEqual([]);
  });

  it('refuses a minimum longer than the maximum, a repeated id and an unreachable period', () => {
    const doc = clone(publicCreditClass) as unknown as { content: { publicationPeriods: unknown[] } };
    doc.content.publicationPeriods = [
      { id: 'all', minimum: { years: 2, months: 0 }, maximum: { years: 1, months: 0 } },
      { id: 'all', severity: 'serious', minimum: { years: 1, months: 0 }, maximum: { years: 3, months: 0 } },
    ];
    expect(codes(doc)).toEqual([
      'publication.minimum-exceeds-maximum /content/publicationPeriods/0/minimum',
      'publication.duplicate /content/publicationPeriods/1/id',
      'publication.unreachable /content/publicationPeriods/1',
    ]);
    expect(validateDocument(doc).issues[0]!.message).toBe('公示期 all 的最短公示期（2 年 0 个月）长于最长公示期（1 年 0 个月）');
  });

  it('warns of a minimum under 3 months or a maximum over 3 years (issue 13 finding 7)', () => {
    const doc = clone(publicCreditClass) as unknown as { content: { publicationPeriods: unknown[] } };
    doc.content.publicationPeriods = [
      { id: 'short', severity: 'general', minimum: { years: 0, months: 2 }, maximum: { years: 1, months: 0 } },
      { id: 'long', severity: 'serious', minimum: { years: 1, months: 0 }, maximum: { years: 3, months: 1 } },
    ];
    const r = validateDocument(doc);
    expect(r.success).toBe(true);
    const out = r.issues.filter((i) => i.code.startsWith('publication.'));
    expect(out.map((i) => `${i.severity} ${i.code} ${i.path}`)).toEqual([
      'warning publication.minimum-too-short /content/publicationPeriods/0/minimum',
      'warning publication.maximum-too-long /content/publicationPeriods/1/maximum',
    ]);
    expect(out[0]!.message).toBe('公示期 short 的最短公示期（0 年 2 个月）少于 3 个月：行政处罚信息最短公示 3 个月');
  });

  it('the semantic diff names a changed maximum, a removed period and deferred repairs', () => {
    const next = clone(base);
    next.content.publicationPeriods![0]!.maximum = { years: 2, months: 0 };
    next.content.repairBeforeMinimum = 'deferred';
    const removed = clone(base);
    removed.content.publicationPeriods = removed.content.publicationPeriods!.slice(1);
    const zh = (d: { sentences: { zh: string }[] }) => d.sentences.map((s) => s.zh);
    const first = base.content.publicationPeriods![0]!.id;
    expect(zh(semanticDiff('grading', base, next))).toEqual([
      expect.stringMatching(new RegExp(`^公示期 ${first}：.*最长 3 年 → .*最长 2 年`)),
      '最短公示期内的信用修复：自修复之日起生效 → 最短公示期届满后才生效',
    ]);
    expect(zh(semanticDiff('grading', base, removed))).toEqual([expect.stringMatching(new RegExp(`^删除公示期 ${first}（`))]);
  });

  it('v2 of the default class adds periods by record domain, and the diff names their domains', () => {
    const v2 = gradingDocument.parse(publicCreditClassV2);
    expect(validateDocument(v2).issues.filter((i) => i.code.startsWith('publication.'))).toEqual([]);
    const added = semanticDiff('grading', base, v2).sentences.map((s) => s.zh).filter((s) => s.startsWith('新增公示期'));
    expect(added).toEqual([
      '新增公示期 key-domains-general：所有类型（一般失信），领域 special-equipment、emergency-management、fire-safety，最短 1 年、最长 3 年',
      '新增公示期 market-regulation-general：所有类型（一般失信），领域 food、drugs、medical-devices、market-entities，最短 6 个月、最长 3 年',
    ]);
  });

  it('a record domain must be a code, and a period with domains is refused an empty list', () => {
    const doc = clone(publicCreditClassV2) as unknown as { content: { publicationPeriods: { domains?: string[] }[] } };
    doc.content.publicationPeriods[0]!.domains = [];
    expect(validateDocument(doc).success).toBe(false);
  });
});
