import { describe, expect, it } from 'vitest';
import { ISSUE_MESSAGES, formatMessage, makeIssue } from './messages.ts';

describe('messages', () => {
  it('every code has a Chinese and an English template with the same placeholders', () => {
    for (const [code, t] of Object.entries(ISSUE_MESSAGES)) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(t.en), code).toEqual(names(t.zh));
      // a structural issue is one whole sentence made by zod-issues.ts (the field, the row, what is allowed)
      if (code !== 'schema.invalid') expect(t.zh, code).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('English takes the En variant of a parameter', () => {
    expect(formatMessage('{detail}!', { detail: '中文', detailEn: 'English' }, 'en')).toBe('English!');
    expect(formatMessage('{detail}!', { detail: '中文', detailEn: 'English' }, 'zh')).toBe('中文!');
  });

  it('makeIssue uses the default severity unless given one', () => {
    expect(makeIssue('kinds.unknown', '/x', { kind: 'k' }).severity).toBe('warning');
    expect(makeIssue('sampling.grade-missing', '/x', { grade: 'A', grading: 'g' }, 'warning').severity).toBe('warning');
  });
});
