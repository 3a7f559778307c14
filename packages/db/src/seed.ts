/** First-run seed: default users and the documents of `policies/` as released versions. */
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { documentSchemas, DOCUMENT_KINDS } from '@policy/schemas';
import type { DocumentKind } from '@policy/schemas';
import { readPolicyFiles } from '@policy/schemas/node';
import type { Kysely } from 'kysely';
import { SYSTEM_ACTOR } from './actor.ts';
import { recordAudit } from './audit.repository.ts';
import type { Database } from './database.ts';
import { importReleasedVersion } from './document.repository.ts';
import { importCaseFiles } from './golden-case-import.repository.ts';
import type { Role } from './user.table.ts';
import { hashPassword } from './user.repository.ts';
import { documentErrors } from './validate.ts';

export interface SeedUser {
  username: string;
  displayName: string;
  role: Role;
  department: string | null;
}

/** One user per role, plus editors for three departments. */
export const DEFAULT_USERS: readonly SeedUser[] = [
  { username: 'credit-office', displayName: '信用办管理员', role: 'credit-office', department: 'credit-office' },
  { username: 'reviewer', displayName: '审核人', role: 'reviewer', department: 'credit-office' },
  { username: 'reviewer-2', displayName: '审核人二', role: 'reviewer', department: 'credit-office' },
  { username: 'viewer', displayName: '只读用户', role: 'viewer', department: null },
  { username: 'market-regulation', displayName: '市场监管局编辑', role: 'department-editor', department: 'market-regulation' },
  { username: 'housing-construction', displayName: '住建局编辑', role: 'department-editor', department: 'housing-construction' },
  { username: 'transport', displayName: '交通运输局编辑', role: 'department-editor', department: 'transport' },
];

export interface SeedResult {
  /** False when the database was already seeded (nothing was done). */
  seeded: boolean;
  /** The generated passwords: print them once; every user must change it at first login. */
  users: (SeedUser & { password: string })[];
  documents: { id: string; version: number; file: string }[];
  /** The golden case files stored with their versions (`v<N>.cases.json` beside `v<N>.json`). */
  caseFiles?: { documentId: string; versionNumber: number; cases: number; file: string }[];
}

export class SeedError extends Error {
  override readonly name = 'SeedError';
}

/**
 * Seeds an empty database: the default users with random passwords (returned, flagged
 * must-change) and every `policies/<id>/v<N>.json` as a published version with its own number and
 * effective date, with its golden cases (`v<N>.cases.json` beside it, stored and sealed). One transaction, audit-logged; a second call does nothing. Throws `SeedError`
 * naming the file and JSON pointer when a policy file is invalid (and then stores nothing).
 *
 * @example
 * const r = await seed(db, { policiesDir: join(repoRoot, 'policies') });
 * for (const u of r.users) console.log(u.username, u.password);
 */
export async function seed(db: Kysely<Database>, options: { policiesDir?: string } = {}): Promise<SeedResult> {
  const existing = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return { seeded: false, users: [], documents: [] };

  const files = options.policiesDir && existsSync(options.policiesDir) ? readPolicyFiles([options.policiesDir]) : [];
  const docs: { doc: Record<string, unknown>; raw: Record<string, unknown>; file: string }[] = [];
  for (const f of files) {
    let doc: unknown;
    try {
      doc = JSON.parse(f.text);
    } catch (e) {
      throw new SeedError(`${f.displayPath}: JSON 语法错误 / invalid JSON: ${(e as Error).message}`);
    }
    const kind = (doc as { kind?: unknown }).kind as DocumentKind;
    if (!DOCUMENT_KINDS.includes(kind)) throw new SeedError(`${f.displayPath}: 未知的文档类型 / unknown kind: ${String(kind)}`);
    const issues = documentErrors(kind, doc);
    if (issues.length > 0) {
      throw new SeedError(
        `${f.displayPath}: 文档校验未通过 / invalid document\n` + issues.map((i) => `  ${i.path || '/'} ${i.message}`).join('\n'),
      );
    }
    docs.push({ doc: documentSchemas[kind].parse(doc) as unknown as Record<string, unknown>, raw: doc as Record<string, unknown>, file: f.displayPath });
  }
  docs.sort((a, b) => String(a.doc.id).localeCompare(String(b.doc.id)) || Number(a.doc.version) - Number(b.doc.version));

  const users = await Promise.all(
    DEFAULT_USERS.map(async (u) => {
      const password = randomBytes(12).toString('base64url');
      return { ...u, password, hash: await hashPassword(password) };
    }),
  );

  return db.transaction().execute(async (trx) => {
    const at = new Date().toISOString();
    await recordAudit(trx, SYSTEM_ACTOR, { action: 'seed', reason: `${users.length} users, ${docs.length} documents` }, at);
    for (const u of users) {
      await trx
        .insertInto('users')
        .values({
          username: u.username,
          display_name: u.displayName,
          role: u.role,
          department: u.department,
          password_hash: u.hash,
          must_change_password: 1,
          created_at: at,
        })
        .execute();
      await recordAudit(trx, SYSTEM_ACTOR, { action: 'user.create', target: `user:${u.username}`, reason: `role=${u.role}` }, at);
    }
    const stored: SeedResult['documents'] = [];
    for (const { raw, file } of docs) {
      // Stored as written in the file (defaults not expanded), so the hash matches the file's content.
      const v = await importReleasedVersion(trx, SYSTEM_ACTOR, raw, at);
      stored.push({ id: v.documentId, version: v.versionNumber, file });
    }
    // each version's golden cases, from v<N>.cases.json beside v<N>.json; then sealed
    const caseFiles = options.policiesDir && existsSync(options.policiesDir) ? await importCaseFiles(trx, SYSTEM_ACTOR, options.policiesDir, at) : [];
    return { seeded: true, users: users.map(({ hash: _hash, ...u }) => u), documents: stored, caseFiles };
  });
}
