import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from './actor.ts';
import { listAudit, verifyAudit } from './audit.repository.ts';
import { getVersion, history, inForceAt, listDocuments } from './document.repository.ts';
import type { DbError } from './errors.ts';
import { seed, SeedError } from './seed.ts';
import type { TestDb } from './test-support.ts';
import { DIALECTS, gradingDoc, itemsDoc, openTestDb } from './test-support.ts';
import { changePassword, createSession, createUser, deleteSession, getSessionUser, toActor, verifyPassword } from './user.repository.ts';

describe.each(DIALECTS)('users and seed on %s', (dialect) => {
  let t: TestDb;
  let dir: string;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    dir = mkdtempSync(join(tmpdir(), 'policy-seed-'));
    mkdirSync(join(dir, 'public-credit-class'));
    writeFileSync(join(dir, 'public-credit-class', 'v1.json'), JSON.stringify(gradingDoc(), null, 2));
    writeFileSync(join(dir, 'public-credit-class', 'v2.json'), JSON.stringify(gradingDoc({ version: 2, effectiveFrom: '2026-07-01', title: '第二版' })));
    mkdirSync(join(dir, 'supervision-items-transport'));
    writeFileSync(join(dir, 'supervision-items-transport', 'v1.json'), JSON.stringify(itemsDoc('transport')));
  });
  afterAll(async () => {
    await t?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a bad policy file by name and stores nothing', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'policy-seed-bad-'));
    mkdirSync(join(bad, 'x'));
    writeFileSync(join(bad, 'x', 'v1.json'), JSON.stringify(gradingDoc({ effectiveFrom: '2026-13-01' })));
    const e = await seed(t.db, { policiesDir: bad }).catch((x: unknown) => x);
    rmSync(bad, { recursive: true, force: true });
    expect(e).toBeInstanceOf(SeedError);
    expect((e as Error).message).toMatch(/x\/v1\.json[\s\S]*\/effectiveFrom/);
    expect(await t.db.selectFrom('users').select('id').execute()).toEqual([]);
  });

  it('seeds default users with one-time passwords and policies as published versions, once', async () => {
    const r = await seed(t.db, { policiesDir: dir });
    expect(r.seeded).toBe(true);
    expect(r.users.map((u) => u.role).sort()).toEqual(
      ['credit-office', 'department-editor', 'department-editor', 'department-editor', 'reviewer', 'reviewer', 'viewer'].sort(),
    );
    expect(r.documents.map((d) => `${d.id}@${d.version}`)).toEqual(['public-credit-class@1', 'public-credit-class@2', 'supervision-items-transport@1']);
    const office = r.users.find((u) => u.role === 'credit-office')!;
    const user = await verifyPassword(t.db, office.username, office.password);
    expect(user).toMatchObject({ role: 'credit-office', mustChangePassword: true });
    // only the scrypt hash is stored
    const rows = await t.db.selectFrom('users').select('password_hash').execute();
    for (const row of rows) expect(row.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(rows.some((row) => r.users.some((u) => row.password_hash.includes(u.password)))).toBe(false);

    const docs = await listDocuments(t.db, toActor(user!));
    expect(docs.map((d) => [d.id, d.published?.versionNumber])).toEqual([
      ['public-credit-class', 2],
      ['supervision-items-transport', 1],
    ]);
    expect((await inForceAt(t.db, '2026-03-01')).map((v) => `${v.documentId}@${v.versionNumber}`)).toEqual([
      'public-credit-class@1',
      'supervision-items-transport@1',
    ]);
    const h = await history(t.db, toActor(user!), 'public-credit-class');
    expect(h[1]!.parentHash).toBe(h[0]!.contentHash);
    // the file's own text is what is stored (defaults not expanded)
    expect((await getVersion(t.db, toActor(user!), h[0]!.id)).content).toEqual(gradingDoc());

    expect(await seed(t.db, { policiesDir: dir })).toEqual({ seeded: false, users: [], documents: [] });
    expect(await verifyAudit(t.db)).toMatchObject({ ok: true });
    expect((await listAudit(t.db)).some((a) => a.action === 'seed')).toBe(true);
  });

  it('checks passwords, changes them, and runs sessions', async () => {
    const u = await createUser(t.db, SYSTEM_ACTOR, { username: 'zhang.san', displayName: '张三', role: 'reviewer', password: 'first-password' });
    expect(await verifyPassword(t.db, 'zhang.san', 'wrong-password')).toBeUndefined();
    expect(await verifyPassword(t.db, 'nobody', 'first-password')).toBeUndefined();
    const dup = await createUser(t.db, SYSTEM_ACTOR, { username: 'zhang.san', displayName: 'x', role: 'viewer', password: 'first-password' }).catch((e: unknown) => e);
    expect((dup as DbError).code).toBe('CONFLICT');
    const notOffice = await createUser(t.db, toActor(u), { username: 'li.si', displayName: 'x', role: 'viewer', password: 'first-password' }).catch((e: unknown) => e);
    expect((notOffice as DbError).code).toBe('FORBIDDEN');

    const { token } = await createSession(t.db, u.id);
    expect((await getSessionUser(t.db, token))?.username).toBe('zhang.san');
    expect(await getSessionUser(t.db, token, new Date(Date.now() + 9 * 3600_000))).toBeUndefined();

    const wrong = await changePassword(t.db, toActor(u), { oldPassword: 'nope-nope', newPassword: 'second-password' }).catch((e: unknown) => e);
    expect((wrong as DbError).details.reason).toBe('bad-credentials');
    await changePassword(t.db, toActor(u), { oldPassword: 'first-password', newPassword: 'second-password' });
    expect(await verifyPassword(t.db, 'zhang.san', 'first-password')).toBeUndefined();
    expect(await verifyPassword(t.db, 'zhang.san', 'second-password')).toMatchObject({ mustChangePassword: false });
    // changing the password ends existing sessions
    expect(await getSessionUser(t.db, token)).toBeUndefined();
    const s2 = await createSession(t.db, u.id);
    await deleteSession(t.db, s2.token);
    expect(await getSessionUser(t.db, s2.token)).toBeUndefined();
  });
});
