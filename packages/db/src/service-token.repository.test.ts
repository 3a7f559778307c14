/** Service tokens on SQLite and PostgreSQL: shown once and stored hashed, expiry, revocation (also racing uses), audit, release bundles. */
import { addDays, officeDay } from '@policy/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash } from './canonical.ts';
import { listAudit, verifyAudit } from './audit.repository.ts';
import { isDbError } from './errors.ts';
import { releaseBundleAt, verifyBundle } from './release-bundle.ts';
import { authenticateServiceToken, createServiceToken, listServiceTokens, recordApiCall, revokeServiceToken, tokenHash } from './service-token.repository.ts';
import { DIALECTS, makeActor, openTestDb } from './test-support.ts';
import type { TestDb } from './test-support.ts';
import type { Actor } from './actor.ts';

/** Today plus n days, YYYY-MM-DD (local time). */
const inDays = (n: number) => addDays(officeDay(), n);

describe.each(DIALECTS)('service tokens on %s', (dialect) => {
  let t: TestDb;
  let office: Actor;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    office = await makeActor(t.db, 'credit-office', 'credit-office');
  });
  afterAll(async () => t?.destroy());

  it('shows the token once and stores only its SHA-256; audit-logs the creation', async () => {
    const { token, secret } = await createServiceToken(t.db, office, { name: '交通局系统', department: 'transport', scope: 'read', expiresOn: inDays(365) });
    expect(secret).toMatch(/^pcs_[A-Za-z0-9_-]{43}$/);
    const rows = await t.db.selectFrom('service_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(secret.slice(4));
    expect(rows[0]!.token_hash).toBe(tokenHash(secret));
    expect(JSON.stringify(await listServiceTokens(t.db, office))).not.toContain(secret);
    expect(token).toMatchObject({ name: '交通局系统', department: 'transport', scope: 'read', revokedAt: null });
    const audit = await listAudit(t.db);
    expect(audit.some((a: { action: string; target?: string | null }) => a.action === 'token.create' && a.target === `token:${token.id}`)).toBe(true);
    const ok = await authenticateServiceToken(t.db, secret);
    expect(ok.ok).toBe(true);
    expect(ok.ok && ok.token.lastUsedAt).toBeTruthy();
    expect((await verifyAudit(t.db)).ok).toBe(true);
  });

  it('refuses other roles, duplicate names, past expiry dates', async () => {
    const editor = await makeActor(t.db, 'department-editor', 'transport');
    await expect(createServiceToken(t.db, editor, { name: 'x', department: null, scope: 'read', expiresOn: inDays(30) })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(createServiceToken(t.db, office, { name: '交通局系统', department: null, scope: 'read', expiresOn: inDays(30) })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(createServiceToken(t.db, office, { name: 'old', department: null, scope: 'read', expiresOn: '2026-11-25' }, '2026-11-26')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(createServiceToken(t.db, office, { name: 'long', department: null, scope: 'read', expiresOn: inDays(2000) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(createServiceToken(t.db, office, { name: 'bad', department: null, scope: 'read', expiresOn: '2026-02-30' }, '2026-01-01')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('accepts a token through its expiry day, refuses it the day after', async () => {
    const { secret } = await createServiceToken(t.db, office, { name: 'short', department: null, scope: 'import', expiresOn: '2026-12-01' }, '2026-11-26');
    expect((await authenticateServiceToken(t.db, secret, '2026-12-01')).ok).toBe(true);
    expect(await authenticateServiceToken(t.db, secret, '2026-12-02')).toMatchObject({ ok: false, reason: 'expired' });
    expect(await authenticateServiceToken(t.db, 'pcs_' + 'A'.repeat(43))).toMatchObject({ ok: false, reason: 'unknown' });
    expect(await authenticateServiceToken(t.db, 'Bearer nonsense')).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('revokes once (audit-logged); a revoked token is refused; racing uses never succeed after the revocation returns', async () => {
    const { token, secret } = await createServiceToken(t.db, office, { name: 'race', department: 'transport', scope: 'read', expiresOn: inDays(30) });
    const uses = Array.from({ length: 20 }, () => authenticateServiceToken(t.db, secret));
    const revoked = revokeServiceToken(t.db, office, token.id, '系统下线');
    const more = Array.from({ length: 20 }, () => authenticateServiceToken(t.db, secret));
    const [r, ...checks] = await Promise.all([revoked, ...uses, ...more]);
    expect(r.revokedAt).toBeTruthy();
    for (const c of checks) if (!c.ok) expect(c.reason).toBe('revoked');
    expect(await authenticateServiceToken(t.db, secret)).toMatchObject({ ok: false, reason: 'revoked' });
    // uses that succeeded were stamped no later than the revocation
    const row = await t.db.selectFrom('service_tokens').selectAll().where('id', '=', token.id).executeTakeFirstOrThrow();
    if (row.last_used_at) expect(row.last_used_at <= row.revoked_at!).toBe(true);
    await expect(revokeServiceToken(t.db, office, token.id)).rejects.toSatisfy((e: unknown) => isDbError(e) && e.code === 'CONFLICT');
    await expect(revokeServiceToken(t.db, office, 99_999)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await verifyAudit(t.db)).ok).toBe(true);
  });

  it('keeps api_calls append-only', async () => {
    await recordApiCall(t.db, { tokenId: 1, tokenName: '交通局系统', method: 'GET', route: 'GET /api/v1/runs', status: 200, records: 3 });
    await expect(t.rawExec('delete from api_calls')).rejects.toThrow();
    await expect(t.rawExec('update api_calls set records = 0')).rejects.toThrow();
  });

  it('makes a release bundle that verifies, and fails on one altered byte', async () => {
    const empty = await releaseBundleAt(t.db, '2026-10-31');
    expect(empty.documents).toEqual([]);
    expect(verifyBundle(empty).ok).toBe(true);
    const b = await releaseBundleAt(t.db, '2026-10-31');
    const text = JSON.stringify({ ...b, documents: [{ id: 'x', kind: 'grading', version: 1, effectiveFrom: '2026-01-01', contentHash: contentHash({ a: 1 }), content: { a: 1 } }] });
    const fixed = JSON.parse(text) as typeof b;
    const { bundleHash: _h, ...rest } = fixed;
    fixed.bundleHash = contentHash(rest);
    expect(verifyBundle(fixed).ok).toBe(true);
    const tampered = JSON.parse(JSON.stringify(fixed).replace('"a":1', '"a":2'));
    const v = verifyBundle(tampered);
    expect(v.ok).toBe(false);
    expect(!v.ok && v.problems.map((p) => p.path)).toEqual(['/documents/0/content', '/bundleHash']);
  });
});
