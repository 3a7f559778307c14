import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messages } from '../../i18n/messages.ts';
import { ACTION_KEYS } from './audit-page.tsx';

/** Every audit action the db and the server write (`action: '…'` in their sources, tests aside). */
function writtenActions(): string[] {
  const root = resolve(import.meta.dirname, '../../../../..');
  const found = new Set<string>();
  for (const dir of ['packages/db/src', 'apps/server/src']) {
    for (const f of readdirSync(join(root, dir), { recursive: true }) as string[]) {
      if (!f.endsWith('.ts') || f.endsWith('.test.ts')) continue;
      for (const m of readFileSync(join(root, dir, f), 'utf8').matchAll(/\baction: '([a-z][a-z.-]*)'/g)) found.add(m[1]!);
    }
  }
  return [...found].sort();
}

describe('audit action names', () => {
  it('names every action the server writes to the log, in Chinese and English', () => {
    const actions = writtenActions();
    expect(actions.length).toBeGreaterThan(40);
    const unnamed = actions.filter((a) => !ACTION_KEYS[a]);
    expect(unnamed, 'audit actions shown as raw ids').toEqual([]);
    for (const a of actions) {
      const [zh, en] = messages[ACTION_KEYS[a]!];
      expect(zh).toMatch(/[\u4e00-\u9fff]/);
      expect(en.length).toBeGreaterThan(0);
    }
  });
});
