/**
 * Changing a user's role (issue 15, item 9): credit office only, audited, a department editor needs a
 * department, open sessions take the new role at once, and the last active credit-office account keeps
 * its role — also when two demotions race (one must be refused).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from './actor.ts';
import { listAudit, verifyAudit } from './audit.repository.ts';
import type { DbError } from './errors.ts';
import type { TestDb } from './test-support.ts';
import { DIALECTS, openTestDb } from './test-support.ts';
import type { User } from './user.repository.ts';
import { changeUserRole, createSession, createUser, getSessionUser, listUsers, setUserActive, toActor } from './user.repository.ts';

describe.each(DIALECTS)('changing roles on %s', (dialect) => {
  let t: TestDb;
  let n = 0;
  const make = (role: User['role'], department: string | null = null) =>
    createUser(t.db, SYSTEM_ACTOR, { username: `u${++n}-${role}`, displayName: `用户${n}`, role, department, password: 'first-password' });
  const activeOffice = async () => (await listUsers(t.db)).filter((u) => u.role === 'credit-office' && u.active).length;

  beforeAll(async () => {
    t = await openTestDb(dialect);
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('changes role and department, audited; the open session acts with the new role at once', async () => {
    const office = await make('credit-office');
    const u = await make('viewer');
    const { token } = await createSession(t.db, u.id);
    const changed = await changeUserRole(t.db, toActor(office), u.id, { role: 'department-editor', department: 'transport' });
    expect(changed).toMatchObject({ role: 'department-editor', department: 'transport' });
    expect(await getSessionUser(t.db, token)).toMatchObject({ role: 'department-editor', department: 'transport' });
    const a = (await listAudit(t.db)).filter((e) => e.action === 'user.change-role'); // newest first
    expect(a[0]).toMatchObject({ target: `user:${u.username}`, reason: 'role=department-editor department=transport', actor: office.username });
    // a reviewer sits in the credit office, whatever department was asked for
    expect(await changeUserRole(t.db, toActor(office), u.id, { role: 'reviewer', department: 'transport' })).toMatchObject({ role: 'reviewer', department: 'credit-office' });
    expect(await verifyAudit(t.db)).toMatchObject({ ok: true });
  });

  it('refuses a department editor without a department, and anyone but the credit office', async () => {
    const office = await make('credit-office');
    const u = await make('viewer');
    const e1 = await changeUserRole(t.db, toActor(office), u.id, { role: 'department-editor', department: null }).catch((e: unknown) => e);
    expect((e1 as DbError).code).toBe('BAD_REQUEST');
    const reviewer = await make('reviewer');
    const e2 = await changeUserRole(t.db, toActor(reviewer), u.id, { role: 'credit-office' }).catch((e: unknown) => e);
    expect((e2 as DbError).code).toBe('FORBIDDEN');
    expect((await listUsers(t.db)).find((x) => x.id === u.id)?.role).toBe('viewer');
  });

  it('two credit-office accounts demoting each other at once leave one credit office (five rounds)', async () => {
    for (let round = 0; round < 5; round++) {
      // exactly two active credit-office accounts: every earlier one deactivated
      const before = (await listUsers(t.db)).filter((u) => u.role === 'credit-office' && u.active);
      const a = await make('credit-office');
      const b = await make('credit-office');
      for (const u of before) await setUserActive(t.db, toActor(a), u.id, false);
      expect(await activeOffice()).toBe(2);
      const results = await Promise.allSettled([
        changeUserRole(t.db, toActor(a), b.id, { role: 'viewer' }),
        changeUserRole(t.db, toActor(b), a.id, { role: 'viewer' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect((refused.reason as DbError).details.reason).toBe('last-credit-office');
      expect(await activeOffice()).toBe(1);
    }
    // the last one can neither be demoted nor deactivated
    const last = (await listUsers(t.db)).find((u) => u.role === 'credit-office' && u.active)!;
    const e = await changeUserRole(t.db, toActor(last), last.id, { role: 'reviewer' }).catch((x: unknown) => x);
    expect((e as DbError).details.reason).toBe('last-credit-office');
    const other = await make('reviewer');
    const e2 = await setUserActive(t.db, toActor(other), last.id, false).catch((x: unknown) => x);
    expect((e2 as DbError).code).toBe('FORBIDDEN');
    expect(await activeOffice()).toBe(1);
  });

  it('two concurrent changes of one user both apply in some order; the stored role is the last audited one', async () => {
    const office = await make('credit-office');
    const u = await make('viewer');
    const results = await Promise.allSettled([
      changeUserRole(t.db, toActor(office), u.id, { role: 'reviewer' }),
      changeUserRole(t.db, toActor(office), u.id, { role: 'department-editor', department: 'market-regulation' }),
    ]);
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const stored = (await listUsers(t.db)).find((x) => x.id === u.id)!;
    const last = (await listAudit(t.db)).filter((e) => e.action === 'user.change-role' && e.target === `user:${u.username}`)[0]!; // newest first
    expect(last.reason).toBe(stored.role === 'reviewer' ? 'role=reviewer' : 'role=department-editor department=market-regulation');
    expect(await verifyAudit(t.db)).toMatchObject({ ok: true });
  });
});
