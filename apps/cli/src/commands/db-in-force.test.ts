import { addDays, officeDay } from '@policy/schemas';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approve, createDraft, importReleasedVersion, listUsers, publish, saveDraft, submitForReview, toActor } from '@policy/db';
import { createDb } from '@policy/db/client';
import type { CommandIo } from '../io.ts';
import { run as db } from './db.ts';

function capture(cwd: string): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { cwd, stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

function fromToday(days: number): string {
  return addDays(officeDay(), days);
}

const ID = 'supervision-items-transport';
const itemsDoc = (version: number, effectiveFrom: string, name: string) => ({
  id: ID,
  kind: 'supervision-items',
  owner: 'transport',
  version,
  title: '交通运输局信用监管事项清单',
  effectiveFrom,
  content: { department: 'transport', items: [{ code: 'JT-001', name, domain: 'transport', legalBasis: '《道路运输条例》', method: 'double-random' }] },
});

describe('policy db in-force --at D --as-known-on K', () => {
  let dir: string;
  let file: string;
  const yesterday = fromToday(-1);
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-cli-in-force-'));
    file = join(dir, 'policy.sqlite');
    mkdirSync(join(dir, 'empty'));
    expect(await db(['seed', '--database', file, '--policies', 'empty'], capture(dir))).toBe(0);
    // v1 known since 2026-01-01; a retroactive v2 from yesterday, published today
    const h = createDb(file);
    try {
      const users = Object.fromEntries((await listUsers(h.db)).map((u) => [u.username, toActor(u)]));
      await h.db.transaction().execute((trx) => importReleasedVersion(trx, users['credit-office']!, itemsDoc(1, '2026-01-01', '道路运输企业检查'), '2026-01-01T08:00:00.000Z'));
      const editor = users.transport!;
      const d = await createDraft(h.db, editor, { documentId: ID });
      const s = await saveDraft(h.db, editor, { versionId: d.id, revision: d.revision, content: itemsDoc(2, yesterday, '道路运输企业专项检查'), retroactiveReason: '专项整治自昨日起' });
      await submitForReview(h.db, editor, { versionId: s.id });
      await approve(h.db, users.reviewer!, { versionId: s.id });
      await approve(h.db, users['reviewer-2']!, { versionId: s.id });
      await publish(h.db, users['credit-office']!, { versionId: s.id, effectiveFrom: yesterday });
    } finally {
      await h.destroy();
    }
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers as known now and as known on an earlier day', async () => {
    const now = capture(dir);
    expect(await db(['in-force', '--database', file, '--at', yesterday, '--json'], now)).toBe(0);
    expect(JSON.parse(now.stdout[0]!)).toEqual([expect.objectContaining({ id: ID, version: 2, effectiveFrom: yesterday, retroactive: true })]);
    const before = capture(dir);
    expect(await db(['in-force', '--database', file, '--at', yesterday, '--as-known-on', fromToday(-2), '--json'], before)).toBe(0);
    expect(JSON.parse(before.stdout[0]!)).toEqual([expect.objectContaining({ id: ID, version: 1, effectiveFrom: '2026-01-01' })]);
    const text = capture(dir);
    expect(await db(['in-force', '--database', file, '--at', yesterday, '--as-known-on', fromToday(-2)], text)).toBe(0);
    expect(text.stdout.join('\n')).toMatch(new RegExp(`as known on ${fromToday(-2)}[\\s\\S]*${ID}\\tv1\\t2026-01-01`));
    const none = capture(dir);
    expect(await db(['in-force', '--database', file, '--at', yesterday, '--as-known-on', '2025-12-31'], none)).toBe(1);
    expect(none.stderr.join('\n')).toContain('no version in force');
  });

  it('writes the set as a policies directory', async () => {
    const io = capture(dir);
    expect(await db(['in-force', '--database', file, '--at', yesterday, '--as-known-on', fromToday(-2), '--out', 'set'], io)).toBe(0);
    const written = JSON.parse(readFileSync(join(dir, 'set', ID, 'v1.json'), 'utf8')) as { version: number; effectiveFrom: string };
    expect(written).toMatchObject({ version: 1, effectiveFrom: '2026-01-01' });
  });

  it('refuses a missing or impossible date', async () => {
    const missing = capture(dir);
    expect(await db(['in-force', '--database', file], missing)).toBe(2);
    expect(missing.stderr.join('\n')).toContain('--at');
    const bad = capture(dir);
    expect(await db(['in-force', '--database', file, '--at', yesterday, '--as-known-on', '2026-02-30'], bad)).toBe(2);
    expect(bad.stderr.join('\n')).toContain('--as-known-on');
  });
});
