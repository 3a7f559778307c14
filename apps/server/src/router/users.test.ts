/**
 * Users and roles (issue 15, item 9): the credit office lists accounts with display names, roles and
 * departments, creates one with a one-time password shown once, resets a password and deactivates an
 * account; every change is audited; nobody else may.
 */
import { officeDay } from '@policy/schemas';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit, verifyPassword } from '@policy/db';
import { createFixture } from '../test-fixture.ts';
import type { Fixture } from '../test-fixture.ts';

let f: Fixture;
beforeAll(async () => {
  f = await createFixture();
}, 60_000);
afterAll(() => f?.handle.destroy());

async function refusalCode(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof TRPCError)) throw new Error(`expected a refusal, got ${String(e)}`);
  return e.code;
}

describe('users router', () => {
  it('lists the accounts with display names, roles, departments and active, for the credit office only', async () => {
    const list = await f.as('credit-office').users.list();
    expect(list.find((u) => u.username === 'market-regulation')).toMatchObject({
      displayName: '市场监管局编辑',
      role: 'department-editor',
      department: 'market-regulation',
      active: true,
    });
    expect(JSON.stringify(list)).not.toMatch(/scrypt/);
    for (const who of ['reviewer', 'viewer', 'market-regulation']) expect(await refusalCode(f.as(who).users.list())).toBe('FORBIDDEN');
    // display names for everyone signed in (no roles, no departments, no state)
    const names = await f.as('viewer').users.names();
    expect(names['market-regulation']).toBe('市场监管局编辑');
    expect(JSON.stringify(names)).not.toMatch(/department-editor|scrypt/);
    expect(await refusalCode(f.as(null).users.names())).toBe('UNAUTHORIZED');
  });

  it('creates a user with a one-time password that works once and must be changed; refuses an unknown department', async () => {
    const office = f.as('credit-office');
    const { user, password } = await office.users.create({ username: 'wang.wu', displayName: '王五', role: 'department-editor', department: 'transport' });
    expect(password).toMatch(/^[A-Za-z2-9]{12}$/);
    expect(user).toMatchObject({ displayName: '王五', department: 'transport', mustChangePassword: true, active: true });
    expect(await verifyPassword(f.handle.db, 'wang.wu', password)).toMatchObject({ mustChangePassword: true });
    expect(await refusalCode(office.users.create({ username: 'zhao', displayName: '赵', role: 'department-editor', department: 'no-such-dept' }))).toBe('BAD_REQUEST');
    expect(await refusalCode(office.users.create({ username: 'wang.wu', displayName: '王五', role: 'viewer' }))).toBe('CONFLICT');
    expect(await refusalCode(f.as('reviewer').users.create({ username: 'x1', displayName: 'x', role: 'viewer' }))).toBe('FORBIDDEN');
    const reviewer = await office.users.create({ username: 'li.si', displayName: '李四', role: 'reviewer' });
    expect(reviewer.user.department).toBe('credit-office');
  });

  it('resets a password (the old one stops working) and deactivates / reactivates an account, audited', async () => {
    const office = f.as('credit-office');
    const target = (await office.users.list()).find((u) => u.username === 'viewer')!;
    const old = f.password('viewer');
    const { password } = await office.users.resetPassword({ userId: target.id });
    expect(password).not.toBe(old);
    expect(await verifyPassword(f.handle.db, 'viewer', old)).toBeUndefined();
    expect(await verifyPassword(f.handle.db, 'viewer', password)).toMatchObject({ mustChangePassword: true });

    const off = await office.users.setActive({ userId: target.id, active: false });
    expect(off.active).toBe(false);
    expect(await verifyPassword(f.handle.db, 'viewer', password)).toBeUndefined();
    expect((await office.users.list()).find((u) => u.id === target.id)!.active).toBe(false);
    const on = await office.users.setActive({ userId: target.id, active: true });
    expect(on.active).toBe(true);
    expect(await verifyPassword(f.handle.db, 'viewer', password)).toBeDefined();

    // not one's own account, not by anyone else
    const me = f.users['credit-office']!;
    expect(await refusalCode(office.users.setActive({ userId: me.id, active: false }))).toBe('BAD_REQUEST');
    expect(await refusalCode(f.as('reviewer').users.setActive({ userId: target.id, active: false }))).toBe('FORBIDDEN');
    expect(await refusalCode(f.as('reviewer').users.resetPassword({ userId: target.id }))).toBe('FORBIDDEN');
    expect(await refusalCode(office.users.resetPassword({ userId: 999_999 }))).toBe('NOT_FOUND');

    const actions = (await listAudit(f.handle.db, { limit: 50 })).filter((a) => a.target === 'user:viewer').map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['user.reset-password', 'user.deactivate', 'user.activate']));
    const audit = JSON.stringify(await listAudit(f.handle.db, { limit: 50 }));
    expect(audit).not.toContain(password);
  });
});

describe('audit.list by calendar days (China time)', () => {
  it('keeps the entries of the days from–to, both included', async () => {
    const office = f.as('credit-office');
    const today = officeDay();
    const all = await office.audit.list({ limit: 1000 });
    const todays = await office.audit.list({ from: today, to: today, limit: 1000 });
    expect(todays.entries.length).toBeGreaterThan(0);
    expect(todays.entries.every((e) => new Date(e.at).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }) === today)).toBe(true);
    expect(todays.entries.length).toBeLessThanOrEqual(all.entries.length);
    expect((await office.audit.list({ to: '2000-01-01', limit: 10 })).entries).toEqual([]);
    expect((await office.audit.list({ from: '2999-01-01', limit: 10 })).entries).toEqual([]);
    expect(await refusalCode(office.audit.list({ from: '2024-1-1', limit: 10 }))).toBe('BAD_REQUEST');
  });
});
