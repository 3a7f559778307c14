/**
 * Changing a user's role through the API (issue 15, item 9), on both dialects: credit office only,
 * audited, a department editor needs a department of the directory in force, the user's open session
 * acts with the new role at its next request, and the last active credit-office account keeps its role
 * even when two demotions race.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, listAudit, listUsers } from '@policy/db';
import { createScratchDatabase, DIALECTS } from '@policy/db/test-support';
import type { ScratchDatabase } from '@policy/db/test-support';
import { contextFor, SESSION_COOKIE, sessionOf } from '../context.ts';
import { createCaller, createFixture } from '../test-fixture.ts';
import type { Fixture } from '../test-fixture.ts';

async function refusal(p: Promise<unknown>): Promise<TRPCError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof TRPCError)) throw new Error(`expected a refusal, got ${String(e)}`);
  return e;
}

describe.each(DIALECTS)('users.setRole on %s', (dialect) => {
  let f: Fixture;
  let scratch: ScratchDatabase | undefined;
  beforeAll(async () => {
    scratch = dialect === 'sqlite' ? undefined : await createScratchDatabase(dialect, 'policy_users_role_api');
    f = await createFixture(scratch?.url ?? ':memory:');
  }, 120_000);
  afterAll(async () => {
    await f?.deps.services.close();
    await f?.handle.destroy();
    await scratch?.drop();
  });

  /** A caller acting through a real session token: its user is read from the database at each call. */
  const bySession = (token: string) => ({
    call: async () => createCaller(contextFor(f.deps, (await sessionOf(f.handle.db, { headers: { cookie: `${SESSION_COOKIE}=${token}` } })).user)),
  });

  it('moves a viewer to a department and back; the open session takes the new role at once; audited', async () => {
    const office = f.as('credit-office');
    const viewer = f.users['viewer']!;
    const { token } = await createSession(f.handle.db, viewer.id);
    const s = bySession(token);
    expect((await (await s.call()).auth.me())?.role).toBe('viewer');
    const changed = await office.users.setRole({ userId: viewer.id, role: 'department-editor', department: 'transport' });
    expect(changed).toMatchObject({ role: 'department-editor', department: 'transport' });
    expect(await (await s.call()).auth.me()).toMatchObject({ role: 'department-editor', department: 'transport' });
    // promoted to the credit office, the same session may now manage users
    expect((await refusal((await s.call()).users.list())).code).toBe('FORBIDDEN');
    await office.users.setRole({ userId: viewer.id, role: 'credit-office' });
    expect((await (await s.call()).users.list()).length).toBeGreaterThan(0);
    await office.users.setRole({ userId: viewer.id, role: 'viewer', department: null });
    const audit = (await listAudit(f.handle.db, { limit: 20 })).filter((a) => a.action === 'user.change-role' && a.target === 'user:viewer');
    expect(audit.map((a) => a.reason)).toEqual(['role=viewer', 'role=credit-office', 'role=department-editor department=transport']);
  });

  it('refuses a department editor without a department or with one outside the directory, and anyone but the credit office', async () => {
    const office = f.as('credit-office');
    const viewer = f.users['viewer']!;
    expect((await refusal(office.users.setRole({ userId: viewer.id, role: 'department-editor' }))).code).toBe('BAD_REQUEST');
    expect((await refusal(office.users.setRole({ userId: viewer.id, role: 'department-editor', department: 'no-such-dept' }))).code).toBe('BAD_REQUEST');
    expect((await refusal(f.as('reviewer').users.setRole({ userId: viewer.id, role: 'credit-office' }))).code).toBe('FORBIDDEN');
    expect((await listUsers(f.handle.db)).find((u) => u.id === viewer.id)?.role).toBe('viewer');
  });

  it('two credit-office accounts demoting each other at once leave one; the last cannot be demoted', async () => {
    const office = f.as('credit-office');
    const first = f.users['credit-office']!;
    const { user: second } = await office.users.create({ username: 'office.two', displayName: '信用办二', role: 'credit-office' });
    const actives = (await listUsers(f.handle.db)).filter((u) => u.role === 'credit-office' && u.active);
    expect(actives.map((u) => u.id).sort()).toEqual([first.id, second.id].sort());
    // (as if the one-time password were changed already)
    const asSecond = createCaller(contextFor(f.deps, { ...second, mustChangePassword: false }));
    const results = await Promise.allSettled([
      office.users.setRole({ userId: second.id, role: 'reviewer' }),
      asSecond.users.setRole({ userId: first.id, role: 'reviewer' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as TRPCError).code).toBe('CONFLICT');
    expect((refused.reason as TRPCError).message).toMatch(/最后一个启用的信用办账号/);
    const left = (await listUsers(f.handle.db)).filter((u) => u.role === 'credit-office' && u.active);
    expect(left).toHaveLength(1);
  });
});
