import { describe, expect, it } from 'vitest';
import { calendarDate, calendarDateProblem, isCalendarDate } from './identifiers.ts';
import { documentSchemas } from './documents.ts';
import { enterpriseRecord } from './enterprise.ts';
import { validateDocument, validateEnterprise } from './validate.ts';

const enterprise = (records: unknown[]) => ({
  uscc: '91350100M000100Y43',
  name: '某公司',
  industryCode: 'C1391',
  status: 'active',
  records,
});

describe('calendarDate', () => {
  it('follows the real calendar: 29 February only in leap years, 30/31 days per month', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('2026-12-31')).toBe(true);
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('1900-02-29')).toBe(false);
    expect(isCalendarDate('2026-04-31')).toBe(false);
    expect(isCalendarDate('2026-06-31')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-00-10')).toBe(false);
    expect(isCalendarDate('0226-01-01')).toBe(false);
    expect(isCalendarDate('2026-1-1')).toBe(false);
    expect(isCalendarDate(20260101)).toBe(false);
  });

  it('names the field and the reason in Chinese and English', () => {
    expect(calendarDateProblem('2026-02-29', { zh: '决定日期', en: 'decision date' })).toEqual({
      message: '决定日期 2026-02-29 不是有效日期：2026 年 2 月只有 28 天',
      messageEn: 'decision date 2026-02-29 is not a real date: February 2026 has 28 days',
    });
    expect(calendarDateProblem('2026-13-01')?.message).toBe('日期 2026-13-01 不是有效日期：月份应为 01–12');
    expect(calendarDateProblem('2026-02-00')?.message).toBe('日期 2026-02-00 不是有效日期：日应为 01–28');
    expect(calendarDateProblem('2026/1/1')?.message).toBe('日期应为 YYYY-MM-DD 格式的日期，实为 "2026/1/1"');
    expect(calendarDateProblem(20260101)?.messageEn).toBe('date must be a date written YYYY-MM-DD, got 20260101');
    expect(calendarDate('决定日期', 'decision date').safeParse(20260101).error!.issues[0]!.message).toBe(
      '决定日期应为 YYYY-MM-DD 格式的日期，实为 20260101 / decision date must be a date written YYYY-MM-DD, got 20260101',
    );
    const r = calendarDate('生效日期', 'effective date').safeParse('2026-04-31');
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toBe('生效日期 2026-04-31 不是有效日期：2026 年 4 月只有 30 天 / effective date 2026-04-31 is not a real date: April 2026 has 30 days');
  });
});

describe('dates in the schemas', () => {
  it('refuses impossible dates in a document (effectiveFrom, supervision-item changes)', () => {
    const doc = {
      id: 'supervision-items-x',
      kind: 'supervision-items',
      owner: 'market-regulation',
      version: 1,
      title: '事项清单',
      effectiveFrom: '2026-02-30',
      content: {
        department: 'market-regulation',
        items: [
          {
            code: 'SC-001',
            name: '检查',
            domain: 'food',
            legalBasis: '《食品安全法》',
            method: 'double-random',
            changes: [{ type: 'added', date: '2026-04-31' }],
          },
        ],
      },
    };
    const r = validateDocument(doc);
    expect(r.success).toBe(false);
    const dateIssues = r.issues.filter((i) => /有效日期/.test(i.message));
    expect(dateIssues.map((i) => i.path)).toEqual(expect.arrayContaining(['/effectiveFrom', '/content/items/0/changes/0/date']));
    expect(dateIssues.find((i) => i.path === '/effectiveFrom')!.message).toContain('生效日期 2026-02-30 不是有效日期');
    expect(documentSchemas['grading'].shape.effectiveFrom.safeParse('2024-02-29').success).toBe(true);
    expect(documentSchemas['grading'].shape.effectiveFrom.safeParse('2026-02-29').success).toBe(false);
  });

  it('refuses impossible dates in an enterprise record and names the field', () => {
    expect(enterpriseRecord.safeParse(enterprise([{ id: 'r1', kind: 'penalty.fine', date: '2024-02-29' }])).success).toBe(true);
    for (const bad of ['2026-02-30', '2026-02-29', '2026-13-01', '2026-04-31']) {
      const r = validateEnterprise(enterprise([{ id: 'r1', kind: 'penalty.fine', date: bad }]));
      expect(r.success).toBe(false);
      expect(r.issues).toEqual([expect.objectContaining({ path: '/records/0/date', message: expect.stringContaining('决定日期') })]);
    }
    const lists = validateEnterprise({ ...enterprise([]), lists: [{ list: 'serious-dishonesty', from: '2026-01-01', until: '2026-06-31' }] });
    expect(lists.issues[0]).toMatchObject({ path: '/lists/0/until', message: expect.stringContaining('移出日期 2026-06-31 不是有效日期') });
  });
});
