/** The audit log's reason column in words: a role change names the role and the department, never `role=…`. */
import { describe, expect, it } from 'vitest';
import { messages } from '../../i18n/messages.ts';
import { reasonText } from './audit-page.tsx';

const zh = (k: string, p: Record<string, string | number> = {}) =>
  (messages as Record<string, readonly [string, string]>)[k]![0].replace(/\{(\w+)\}/g, (_, n: string) => String(p[n]));

describe('reasonText', () => {
  it('says a role change with its department in words', () => {
    const text = reasonText(zh as never, 'role=department-editor department=transport', (id) => (id === 'transport' ? '市交通运输局' : id));
    expect(text).toContain('市交通运输局');
    expect(text).not.toMatch(/role=|department=|department-editor/);
  });
  it('keeps a plain reason as it is', () => {
    expect(reasonText(zh as never, '撤回重做', (id) => id)).toBe('撤回重做');
  });
});
