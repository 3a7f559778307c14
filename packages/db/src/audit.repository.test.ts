import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from './actor.ts';
import {
  ANCHOR_FORMAT,
  auditAnchor,
  auditHead,
  AuditKeyError,
  auditKeyId,
  GENESIS_HASH,
  listAudit,
  parseAuditAnchor,
  recordAudit,
  rowHash,
  sealAudit,
  setAuditKey,
  verifyAudit,
} from './audit.repository.ts';
import type { AuditAnchor, AuditProblemKind } from './audit.repository.ts';
import { contentHash } from './canonical.ts';
import type { Dialect } from './database.ts';
import { approve, createDraft, publish, reject, saveDraft, submitForReview } from './document.repository.ts';
import type { TestDb } from './test-support.ts';
import { DIALECTS, gradingDoc, makeActor, openTestDb } from './test-support.ts';

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

// ------------------------------------------------------------------ complete tamper evidence

const KEY = Buffer.from('k'.repeat(16) + '0123456789abcdef0123456789abcdef', 'utf8');

interface Scenario {
  t: TestDb;
  /** Version ids: v1 published, v2 rejected, v3 published (document class-a); class-b v1 a draft. */
  v1: number;
  v2: number;
  v3: number;
  anchor: AuditAnchor;
  /** Seq of the last publish entry; the two entries after it are draft saves of class-b. */
  lastPublishSeq: number;
}

/** Drops every trigger on a table (SQLite) or disables them (PostgreSQL), as an attacker with SQL access would. */
async function dropGuards(t: TestDb, table: string): Promise<void> {
  if (t.dialect === 'postgres') {
    await t.rawExec(`alter table ${table} disable trigger user`);
    return;
  }
  const r = await sql<{ name: string }>`select name from sqlite_master where type = 'trigger' and tbl_name = ${table}`.execute(t.db);
  for (const { name } of r.rows) await t.rawExec(`drop trigger "${name}"`);
}

/** The attacker who knows the (unkeyed) algorithm: recomputes every hash from the first entry on. */
async function recomputeChain(t: TestDb, opts: { stripMacs: boolean; fixReleases: boolean }): Promise<void> {
  const rows = await t.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  let prev = GENESIS_HASH;
  const renamed = new Map<string, string>();
  for (const r of rows) {
    const { prev_hash: _p, hash: oldHash, mac, ...fields } = r;
    const hash = rowHash(prev, fields);
    renamed.set(oldHash, hash);
    await t.db
      .updateTable('audit_log')
      .set({ prev_hash: prev, hash, mac: opts.stripMacs ? null : mac })
      .where('seq', '=', r.seq)
      .execute();
    prev = hash;
  }
  if (opts.fixReleases) {
    for (const rel of await t.db.selectFrom('releases').selectAll().execute()) {
      await t.db.updateTable('releases').set({ audit_hash: renamed.get(rel.audit_hash) ?? rel.audit_hash }).where('id', '=', rel.id).execute();
    }
  }
}

async function buildScenario(dialect: Dialect): Promise<Scenario> {
  const t = await openTestDb(dialect);
  const db = t.db;
  const office = await makeActor(db, 'credit-office', 'credit-office');
  const r1 = await makeActor(db, 'reviewer');
  const r2 = await makeActor(db, 'reviewer');
  const d1 = await createDraft(db, office, { newDocument: { id: 'class-a', kind: 'grading', title: '分类 A' }, content: gradingDoc({ effectiveFrom: '2030-01-01' }) });
  await submitForReview(db, office, { versionId: d1.id });
  await approve(db, r1, { versionId: d1.id, comment: '同意' });
  await publish(db, office, { versionId: d1.id, effectiveFrom: '2030-01-01' });
  const d2 = await createDraft(db, office, { documentId: 'class-a' });
  const saved = await saveDraft(db, office, { versionId: d2.id, revision: d2.revision, content: gradingDoc({ title: '分类 A（二）', effectiveFrom: '2031-01-01' }) });
  await submitForReview(db, office, { versionId: saved.id });
  const { draft: d3 } = await reject(db, r1, { versionId: d2.id, comment: '请说明理由' });
  await submitForReview(db, office, { versionId: d3.id });
  await approve(db, r2, { versionId: d3.id });
  const b = await createDraft(db, office, { newDocument: { id: 'class-b', kind: 'grading', title: '分类 B' }, content: gradingDoc({ effectiveFrom: '2030-01-01' }) });
  await publish(db, office, { versionId: d3.id, effectiveFrom: '2031-01-01' });
  const lastPublishSeq = (await auditHead(db)).seq;
  let rev = b.revision;
  for (const title of ['分类 B 一', '分类 B 二']) {
    rev = (await saveDraft(db, office, { versionId: b.id, revision: rev, content: gradingDoc({ title, effectiveFrom: '2030-01-01' }) })).revision;
  }
  return { t, v1: d1.id, v2: d2.id, v3: d3.id, anchor: await auditAnchor(db), lastPublishSeq };
}

type Config = 'plain' | 'anchor' | 'key';
const CONFIGS: Config[] = ['plain', 'anchor', 'key'];
const verifyWith = (s: Scenario, c: Config) =>
  verifyAudit(s.t.db, { key: c === 'key' ? KEY : null, anchor: c === 'anchor' ? s.anchor : null });

interface Attack {
  name: string;
  run(s: Scenario): Promise<void>;
  /** Whether each configuration must catch it. */
  caught: Record<Config, boolean>;
  /** Problem expected when caught (kind, and a text the reason must contain). */
  expect(s: Scenario, c: Config): { kind: AuditProblemKind; mentions: RegExp };
  /** Further kinds every catching configuration must also report. */
  alsoKinds?: AuditProblemKind[];
}

const ALL = { plain: true, anchor: true, key: true };

const ATTACKS: Attack[] = [
  {
    name: 'edit an entry',
    run: async (s) => s.t.rawExec(`update audit_log set reason = '改过的理由' where seq = 3`),
    caught: ALL,
    expect: () => ({ kind: 'hash', mentions: /第 3 条.*entry 3/ }),
  },
  {
    name: 'delete a middle row',
    run: async (s) => s.t.rawExec(`delete from audit_log where seq = 4`),
    caught: ALL,
    expect: () => ({ kind: 'gap', mentions: /缺少第 4 条.*entry 4 is missing/ }),
  },
  {
    name: 'insert a row (with a correct SHA-256 link)',
    run: async (s) => {
      const rows = await s.t.db.selectFrom('audit_log').selectAll().where('seq', '>=', 5).orderBy('seq', 'desc').execute();
      for (const r of rows) await s.t.rawExec(`update audit_log set seq = ${Number(r.seq) + 1} where seq = ${Number(r.seq)}`);
      const prev = (await s.t.db.selectFrom('audit_log').select('hash').where('seq', '=', 4).executeTakeFirstOrThrow()).hash;
      const fields = { seq: 5, at: new Date().toISOString(), actor: 'mallory', actor_id: null, role: 'credit-office', department: null, action: 'settings.required-approvals', document_id: null, version_number: null, target: 'kind:grading', reason: '1→0', before_hash: null, after_hash: null };
      await s.t.db.insertInto('audit_log').values({ ...fields, prev_hash: prev, hash: rowHash(prev, fields), mac: null }).execute();
    },
    caught: ALL,
    expect: () => ({ kind: 'prev-hash', mentions: /第 6 条.*entry 6/ }),
  },
  {
    name: 'swap two rows',
    run: async (s) => {
      await s.t.rawExec(`update audit_log set seq = 100000 where seq = 2`);
      await s.t.rawExec(`update audit_log set seq = 2 where seq = 4`);
      await s.t.rawExec(`update audit_log set seq = 4 where seq = 100000`);
    },
    caught: ALL,
    expect: () => ({ kind: 'prev-hash', mentions: /第 2 条.*entry 2/ }),
  },
  {
    name: 'truncate the tail',
    run: async (s) => s.t.rawExec(`delete from audit_log where seq > ${s.lastPublishSeq}`),
    caught: { plain: false, anchor: true, key: false },
    expect: (s) => ({ kind: 'truncated', mentions: new RegExp(`只剩 ${s.lastPublishSeq} 条.*has ${s.lastPublishSeq} entries`) }),
  },
  {
    name: 'wipe the log',
    run: async (s) => s.t.rawExec(`delete from audit_log`),
    caught: ALL,
    expect: (_s, c) =>
      c === 'anchor'
        ? { kind: 'wiped', mentions: /审计日志为空.*log wiped/ }
        : { kind: 'missing-entry', mentions: /文档 class-a 没有创建记录.*document class-a has no document.create entry/ },
    // the releases still name their publish entries, the released versions still claim a release
    alsoKinds: ['release', 'status'],
  },
  {
    name: 'recompute the whole chain without the key (and the release anchors)',
    run: async (s) => {
      await s.t.rawExec(`update audit_log set reason = '改过的理由' where seq = 3`);
      await recomputeChain(s.t, { stripMacs: true, fixReleases: true });
    },
    caught: { plain: false, anchor: true, key: true },
    expect: (s, c) =>
      c === 'anchor'
        ? { kind: 'anchor', mentions: new RegExp(`第 ${s.anchor.count} 条的哈希与锚点.*entry ${s.anchor.count} no longer has the hash anchored`) }
        : { kind: 'unkeyed', mentions: /没有任何记录带 MAC.*no entry carries a MAC/ },
  },
  {
    name: "edit a version's content (and its content hash)",
    run: async (s) => {
      const v = await s.t.db.selectFrom('versions').select('content').where('id', '=', s.v1).executeTakeFirstOrThrow();
      const c = JSON.parse(v.content) as Record<string, unknown>;
      c.title = '被改过的标题';
      await s.t.rawExec(`update versions set content = '${JSON.stringify(c)}', content_hash = '${contentHash(c)}' where id = ${s.v1}`);
    },
    caught: ALL,
    expect: () => ({ kind: 'content', mentions: /class-a v1 的内容哈希与第 \d+ 条.*class-a v1: content hash differs/ }),
  },
  {
    name: "edit a version's effective date",
    run: async (s) => s.t.rawExec(`update versions set effective_from = '2029-01-01' where id = ${s.v3}`),
    caught: ALL,
    expect: () => ({ kind: 'effective-date', mentions: /class-a v3 的生效日期为 2029-01-01.*2031-01-01/ }),
  },
  {
    name: "edit a version's status (a rejected version made published)",
    run: async (s) => s.t.rawExec(`update versions set status = 'published', effective_from = '2032-01-01', published_at = '2026-11-26T00:00:00.000Z' where id = ${s.v2}`),
    caught: ALL,
    expect: () => ({ kind: 'status', mentions: /class-a v2 的状态为 published.*class-a v2 is published but its entries say rejected/ }),
  },
  {
    name: 'delete reviews',
    run: async (s) => s.t.rawExec(`delete from reviews where version_id = ${s.v1}`),
    caught: ALL,
    expect: () => ({ kind: 'review', mentions: /对 class-a v1 的批准，但对应的审核意见已不存在.*review row is missing/ }),
  },
];

describe.each(DIALECTS)('tamper evidence on %s', (dialect) => {
  let s: Scenario | undefined;
  beforeEach(() => setAuditKey(KEY));
  afterEach(async () => {
    setAuditKey(null);
    await s?.t.destroy();
    s = undefined;
  });

  it('verifies an untampered log with and without anchor and key, and cross-checks the versions', async () => {
    s = await buildScenario(dialect);
    for (const c of CONFIGS) {
      const r = await verifyWith(s, c);
      expect(r.problems).toEqual([]);
      expect(r).toMatchObject({ ok: true, count: s.anchor.count, keyedFrom: 1, macsChecked: c === 'key', anchorChecked: c === 'anchor' });
      expect(r.versionsChecked).toBe(4);
    }
    // the releases hold their publish entries
    const releases = await s.t.db.selectFrom('releases').selectAll().orderBy('id').execute();
    expect(releases.map((r) => [r.document_id, Number(r.version_number)])).toEqual([
      ['class-a', 1],
      ['class-a', 3],
    ]);
    expect(Number(releases[1]!.audit_seq)).toBe(s.lastPublishSeq);
    // the database refuses edits of the release anchors
    await expect(s.t.rawExec(`update releases set audit_hash = 'x'`)).rejects.toThrow(/append-only/);
    await expect(s.t.rawExec(`delete from releases`)).rejects.toThrow(/append-only/);
  });

  it.each(ATTACKS.map((a) => [a.name, a] as const))('%s', async (_name, attack) => {
    s = await buildScenario(dialect);
    await dropGuards(s.t, 'audit_log');
    await dropGuards(s.t, 'versions');
    await dropGuards(s.t, 'reviews');
    await dropGuards(s.t, 'releases');
    await attack.run(s);
    for (const c of CONFIGS) {
      const r = await verifyWith(s, c);
      expect({ config: c, ok: r.ok }).toEqual({ config: c, ok: !attack.caught[c] });
      if (!attack.caught[c]) continue;
      const want = attack.expect(s, c);
      const hit = r.problems.find((p) => p.kind === want.kind);
      expect(hit, `${c}: ${JSON.stringify(r.problems)}`).toBeDefined();
      expect(hit!.reason).toMatch(want.mentions);
      for (const kind of attack.alsoKinds ?? []) expect(r.problems.map((p) => p.kind), c).toContain(kind);
    }
  });

  it('with the key: catches MACs left stale by a recomputed chain, and a stripped suffix even without the key', async () => {
    s = await buildScenario(dialect);
    await dropGuards(s.t, 'audit_log');
    await dropGuards(s.t, 'releases');
    await s.t.rawExec(`update audit_log set reason = '改过的理由' where seq = 3`);
    await recomputeChain(s.t, { stripMacs: false, fixReleases: true });
    expect(await verifyAudit(s.t.db, { key: null })).toMatchObject({ ok: true });
    expect(await verifyAudit(s.t.db, { key: KEY })).toMatchObject({ ok: false, kind: 'mac', firstBrokenSeq: 3 });
    // another key is no key
    expect(await verifyAudit(s.t.db, { key: Buffer.from('x'.repeat(40)) })).toMatchObject({ ok: false, kind: 'mac', firstBrokenSeq: 1 });
    await s.t.rawExec(`update audit_log set mac = null where seq > 10`);
    expect(await verifyAudit(s.t.db, { key: null })).toMatchObject({ ok: false, kind: 'unkeyed', firstBrokenSeq: 11 });
  });

  it('keeps a keyed chain keyed: appending without the key or with another key is refused; an unkeyed chain switches once', async () => {
    setAuditKey(null);
    s = { t: await openTestDb(dialect) } as Scenario;
    const db = s.t.db;
    const add = (action: string) => db.transaction().execute((trx) => recordAudit(trx, SYSTEM_ACTOR, { action }));
    await add('unkeyed.1');
    await add('unkeyed.2');
    // a key configured on an unkeyed log: verify asks for a seal until a keyed entry exists
    expect(await verifyAudit(db, { key: KEY })).toMatchObject({ ok: false, kind: 'unkeyed' });
    setAuditKey(KEY);
    const seal = await sealAudit(db, SYSTEM_ACTOR);
    expect(seal).toMatchObject({ seq: 3, action: 'audit.seal', target: `key:${auditKeyId(KEY)}` });
    await add('keyed.4');
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 4, keyedFrom: 3, macsChecked: true });
    // the old, unkeyed entries are covered by the MACs after them: editing one and recomputing fails
    setAuditKey(null);
    await expect(add('unkeyed.5')).rejects.toThrow(AuditKeyError);
    setAuditKey(Buffer.from('y'.repeat(40)));
    await expect(add('other-key.5')).rejects.toThrow(/密钥不同.*differs/);
    setAuditKey(KEY);
    await dropGuards(s.t, 'audit_log');
    await s.t.rawExec(`update audit_log set action = 'edited' where seq = 1`);
    await recomputeChain(s.t, { stripMacs: false, fixReleases: false });
    expect(await verifyAudit(db)).toMatchObject({ ok: false, kind: 'mac', firstBrokenSeq: 3 });
  });

  it('anchors: a checkpoint with its own hash; an altered anchor file is refused', async () => {
    s = await buildScenario(dialect);
    const text = JSON.stringify(s.anchor);
    expect(parseAuditAnchor(text)).toEqual(s.anchor);
    expect(s.anchor).toMatchObject({ format: ANCHOR_FORMAT, keyId: auditKeyId(KEY) });
    expect(s.anchor.checkpointHash).toMatch(/^[0-9a-f]{64}$/);
    const forged = { ...s.anchor, count: s.anchor.count - 2 };
    expect(() => parseAuditAnchor(JSON.stringify(forged))).toThrow(/锚点文件的校验哈希不符.*altered/);
    expect(() => parseAuditAnchor('{}')).toThrow(/not an audit anchor/);
    // later entries do not disturb an older anchor
    await s.t.db.transaction().execute((trx) => recordAudit(trx, SYSTEM_ACTOR, { action: 'later' }));
    expect(await verifyAudit(s.t.db, { anchor: s.anchor })).toMatchObject({ ok: true });
    // a truncation followed by new entries still fails at the anchored position
    await dropGuards(s.t, 'audit_log');
    await s.t.rawExec(`delete from audit_log where seq > ${s.anchor.count - 3}`);
    for (let i = 0; i < 5; i++) await s.t.db.transaction().execute((trx) => recordAudit(trx, SYSTEM_ACTOR, { action: `refill.${i}` }));
    expect(await verifyAudit(s.t.db, { anchor: s.anchor })).toMatchObject({ ok: false, kind: 'anchor', firstBrokenSeq: s.anchor.count });
  });
});
