import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from './actor.ts';
import { listAudit, recordAudit, verifyAudit } from './audit.repository.ts';
import type { TestDb } from './test-support.ts';
import { DIALECTS, openTestDb } from './test-support.ts';

describe.each(DIALECTS)('audit chain on %s', (dialect) => {
  let t: TestDb;
  /** Lets a test act like someone at the sqlite3 / psql prompt who first switches the guard off. */
  const bypassGuards = () =>
    dialect === 'sqlite'
      ? t.rawExec('drop trigger audit_log_no_update; drop trigger audit_log_no_delete;')
      : t.rawExec('alter table audit_log disable trigger audit_log_append_only');

  beforeEach(async () => {
    t = await openTestDb(dialect);
    for (let i = 1; i <= 5; i++) {
      await t.db.transaction().execute((trx) => recordAudit(trx, SYSTEM_ACTOR, { action: `test.${i}`, documentId: 'doc', versionNumber: i, reason: `第 ${i} 步` }));
    }
  });
  afterEach(async () => {
    await t?.destroy();
  });

  it('verifies an untouched chain', async () => {
    expect(await verifyAudit(t.db)).toMatchObject({ ok: true, count: 5 });
    const rows = await listAudit(t.db, { limit: 2 });
    expect(rows.map((r) => r.seq)).toEqual([5, 4]);
    expect(rows[0]!.prev_hash).toBe(rows[1]!.hash);
  });

  it('refuses UPDATE, DELETE in the database itself', async () => {
    await expect(t.rawExec(`update audit_log set reason = 'x' where seq = 2`)).rejects.toThrow(/append-only/);
    await expect(t.rawExec(`delete from audit_log where seq = 2`)).rejects.toThrow(/append-only/);
    expect(await verifyAudit(t.db)).toMatchObject({ ok: true, count: 5 });
  });

  it('names the first edited row', async () => {
    await bypassGuards();
    await t.rawExec(`update audit_log set reason = '改过的理由' where seq = 3`);
    expect(await verifyAudit(t.db)).toMatchObject({ ok: false, firstBrokenSeq: 3, kind: 'hash' });
  });

  it('names the row after a deleted one', async () => {
    await bypassGuards();
    await t.rawExec(`delete from audit_log where seq = 2`);
    expect(await verifyAudit(t.db)).toMatchObject({ ok: false, firstBrokenSeq: 3, kind: 'gap' });
  });

  it('catches a deletion that renumbers the rows after it', async () => {
    await bypassGuards();
    await t.rawExec(`delete from audit_log where seq = 2`);
    for (const s of [3, 4, 5]) await t.rawExec(`update audit_log set seq = ${s - 1} where seq = ${s}`);
    expect(await verifyAudit(t.db)).toMatchObject({ ok: false, firstBrokenSeq: 2, kind: 'prev-hash' });
  });

  it('names an inserted row', async () => {
    await bypassGuards();
    await t.rawExec(
      `insert into audit_log (seq, at, actor, role, action, prev_hash, hash)
       select 6, at, actor, role, 'forged', hash, hash from audit_log where seq = 5`,
    );
    expect(await verifyAudit(t.db)).toMatchObject({ ok: false, firstBrokenSeq: 6, kind: 'hash' });
  });

  it('names the first of two swapped rows', async () => {
    await bypassGuards();
    await t.rawExec(`update audit_log set seq = 100 where seq = 2`);
    await t.rawExec(`update audit_log set seq = 2 where seq = 4`);
    await t.rawExec(`update audit_log set seq = 4 where seq = 100`);
    expect(await verifyAudit(t.db)).toMatchObject({ ok: false, firstBrokenSeq: 2, kind: 'prev-hash' });
  });
});
