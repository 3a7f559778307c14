/** Log-in throttling under concurrency and security events, on SQLite and PostgreSQL. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from './audit.repository.ts';
import { listSecurityEvents, recordSecurityEvent } from './security.repository.ts';
import { ACCESS_EVENT_KINDS } from './security.table.ts';
import type { ThrottleRule } from './security.repository.ts';
import type { TestDb } from './test-support.ts';
import { DIALECTS, makeActor, openTestDb } from './test-support.ts';
import { attemptLogin, createUser } from './user.repository.ts';
import { SYSTEM_ACTOR } from './actor.ts';

const MIN = 60_000;
const account: ThrottleRule = { maxFailures: 5, windowMs: 15 * MIN, lockMs: 15 * MIN, maxLockMs: 24 * 60 * MIN };
const address: ThrottleRule = { maxFailures: 20, windowMs: 15 * MIN, lockMs: 15 * MIN, maxLockMs: 24 * 60 * MIN };
const T0 = Date.UTC(2026, 10, 26, 9, 0, 0);

describe.each(DIALECTS)('log-in throttling on %s', (dialect) => {
  let t: TestDb;
  let n = 0;
  beforeAll(async () => {
    t = await openTestDb(dialect);
  });
  afterAll(async () => {
    await t?.destroy();
  });

  async function user(): Promise<string> {
    const username = `user-${++n}`;
    await createUser(t.db, SYSTEM_ACTOR, { username, displayName: username, role: 'viewer', password: 'right-password' });
    return username;
  }
  const failed = async (username: string) =>
    (await t.db.selectFrom('security_events').select('id').where('username', '=', username).where('kind', '=', 'login.failed').execute()).length;

  it('checks at most N passwords of 50 parallel wrong ones, then refuses even the right one until the lock expires', async () => {
    const username = await user();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => attemptLogin(t.db, { username, password: `wrong-${i}`, clientAddress: `10.0.0.${i}`, account, address }, T0)),
    );
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const outcomes = results.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof attemptLogin>>>).value);
    const checked = outcomes.filter((o) => !o.ok && o.reason === 'bad-credentials');
    expect(checked.length).toBeLessThanOrEqual(account.maxFailures);
    expect(checked.length).toBe(5);
    expect(outcomes.filter((o) => !o.ok && o.reason === 'throttled')).toHaveLength(45);
    expect(await failed(username)).toBe(5);

    const later = T0 + 10 * MIN;
    const refused = await attemptLogin(t.db, { username, password: 'right-password', clientAddress: '10.1.0.1', account, address }, later);
    expect(refused).toMatchObject({ ok: false, reason: 'throttled', locked: true, by: 'account' });
    if (!refused.ok && refused.reason === 'throttled') expect(refused.retryAfterMs).toBe(T0 + 15 * MIN - later);

    const after = await attemptLogin(t.db, { username, password: 'right-password', clientAddress: '10.1.0.1', account, address }, T0 + 15 * MIN);
    expect(after.ok).toBe(true);
  });

  it('locks twice as long each time in a row; a success clears the account', async () => {
    const username = await user();
    const tryWrong = (at: number) => attemptLogin(t.db, { username, password: 'nope', account, address }, at);
    for (let i = 0; i < 5; i++) await tryWrong(T0);
    const second = T0 + 15 * MIN;
    for (let i = 0; i < 5; i++) expect((await tryWrong(second)).ok).toBe(false);
    const r = await tryWrong(second + 29 * MIN);
    expect(r).toMatchObject({ reason: 'throttled', locked: true, retryAfterMs: MIN });
    const locks = await t.db.selectFrom('security_events').select('detail').where('username', '=', username).where('kind', '=', 'login.locked').orderBy('id').execute();
    expect(locks.map((l) => l.detail)).toEqual([
      `account locked until ${new Date(T0 + 15 * MIN).toISOString()} (lock 1 in a row)`,
      `account locked until ${new Date(second + 30 * MIN).toISOString()} (lock 2 in a row)`,
    ]);
    const ok = await attemptLogin(t.db, { username, password: 'right-password', account, address }, second + 30 * MIN);
    expect(ok.ok).toBe(true);
    // cleared: four failures do not lock
    for (let i = 0; i < 4; i++) expect(await tryWrong(second + 31 * MIN)).toMatchObject({ reason: 'bad-credentials' });
    expect((await attemptLogin(t.db, { username, password: 'right-password', account, address }, second + 31 * MIN)).ok).toBe(true);
  });

  it('throttles a client address across accounts', async () => {
    const names = await Promise.all(Array.from({ length: 3 }, () => user()));
    const rule = { ...address, maxFailures: 6 };
    const outcomes = [];
    for (let i = 0; i < 9; i++) outcomes.push(await attemptLogin(t.db, { username: names[i % 3]!, password: 'bad', clientAddress: '192.0.2.9', account, address: rule }, T0));
    expect(outcomes.slice(0, 6).every((o) => !o.ok && o.reason === 'bad-credentials')).toBe(true);
    expect(outcomes.slice(6)).toEqual(Array(3).fill(expect.objectContaining({ reason: 'throttled', by: 'address' })));
    // another address is not affected, and the refusals cost the accounts nothing
    expect((await attemptLogin(t.db, { username: names[0]!, password: 'right-password', clientAddress: '192.0.2.10', account, address: rule }, T0)).ok).toBe(true);
  });

  it('records log-ins as append-only security events, not in the audit log', async () => {
    const username = await user();
    const auditBefore = (await listAudit(t.db)).length;
    await attemptLogin(t.db, { username, password: 'right-password', clientAddress: '10.9.9.9', account, address }, T0);
    await attemptLogin(t.db, { username: 'nobody-at-all', password: 'x', clientAddress: '10.9.9.9', account, address }, T0);
    expect((await listAudit(t.db)).length).toBe(auditBefore);

    const office = await makeActor(t.db, 'credit-office');
    const { events } = await listSecurityEvents(t.db, office, { limit: 2 });
    expect(events.map((e) => [e.kind, e.username, e.clientAddress, e.detail])).toEqual([
      ['login.failed', 'nobody-at-all', '10.9.9.9', 'unknown account'],
      ['login.succeeded', username, '10.9.9.9', null],
    ]);
    expect((await listSecurityEvents(t.db, office, { kind: 'login.succeeded', username })).events).toHaveLength(1);
    const viewer = await makeActor(t.db, 'viewer');
    await expect(listSecurityEvents(t.db, viewer)).rejects.toMatchObject({ code: 'FORBIDDEN' });

    await expect(sql`update security_events set username = 'x'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from security_events`.execute(t.db)).rejects.toThrow(/append-only/);
  });
});

describe.each(DIALECTS)('access events (firm-level reads) on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(dialect);
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('records each read kind, lists them by kind for the credit office, and never changes them', async () => {
    for (const kind of ACCESS_EVENT_KINDS) {
      await recordSecurityEvent(t.db, { kind, username: 'reader', userId: 7, detail: JSON.stringify({ procedure: 'evaluation.explain', datasetId: 1, uscc: '91110000000000001X' }) });
    }
    const office = await makeActor(t.db, 'credit-office', 'credit-office');
    const { events } = await listSecurityEvents(t.db, office, { kind: 'read.enterprise' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'read.enterprise', username: 'reader', userId: 7 });
    expect(JSON.parse(events[0]!.detail!)).toEqual({ procedure: 'evaluation.explain', datasetId: 1, uscc: '91110000000000001X' });
    const all = await listSecurityEvents(t.db, office, { username: 'reader' });
    expect(all.events.map((e) => e.kind).sort()).toEqual([...ACCESS_EVENT_KINDS].sort());
    // still append-only after the table was rebuilt for the new kinds
    await expect(sql`delete from security_events where username = 'reader'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`update security_events set username = 'x' where username = 'reader'`.execute(t.db)).rejects.toThrow(/append-only/);
    // and an unknown kind is still refused by the database
    await expect(sql`insert into security_events (at, kind, username) values ('2026-11-26T00:00:00Z', 'read.anything', 'reader')`.execute(t.db)).rejects.toThrow();
  });
});
