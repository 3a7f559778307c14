/**
 * Test databases: a fresh SQLite temp file or a freshly created PostgreSQL database per suite,
 * dropped afterwards. `TEST_DATABASE_URL` overrides the PostgreSQL server (default
 * `postgres://postgres@127.0.0.1:5432/test`); `POLICY_TEST_DIALECTS=sqlite` limits the dialects.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import pg from 'pg';
import type { Actor } from './actor.ts';
import { createDb } from './client.ts';
import type { Database, Dialect } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { sqliteHandle } from './raw.ts';
import { createUser, toActor } from './user.repository.ts';
import { SYSTEM_ACTOR } from './actor.ts';
import type { Role } from './user.table.ts';

export const PG_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const DIALECTS: Dialect[] = (process.env.POLICY_TEST_DIALECTS?.split(',') as Dialect[] | undefined) ?? ['sqlite', 'postgres'];

export interface TestDb {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Runs SQL outside the application, as someone at the sqlite3 / psql prompt would. */
  rawExec(statement: string): Promise<void>;
  destroy(): Promise<void>;
}

export async function openTestDb(dialect: Dialect): Promise<TestDb> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'policy-db-test-'));
    const handle = createDb(join(dir, 'test.sqlite'));
    const m = await migrateToLatest(handle.db);
    if (m.error) throw m.error;
    return {
      db: handle.db,
      dialect,
      rawExec: async (statement) => {
        sqliteHandle(handle.db)!.exec(statement);
      },
      destroy: async () => {
        await handle.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `policy_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const handle = createDb(url.toString(), { poolSize: 4 });
  const m = await migrateToLatest(handle.db);
  if (m.error) throw m.error;
  return {
    db: handle.db,
    dialect,
    rawExec: async (statement) => {
      await sql.raw(statement).execute(handle.db);
    },
    destroy: async () => {
      await handle.destroy();
      const a = new pg.Client({ connectionString: PG_ADMIN_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

let counter = 0;
/** Creates a user and returns it as an actor. */
export async function makeActor(db: Kysely<Database>, role: Role, department?: string): Promise<Actor> {
  counter++;
  const user = await createUser(db, SYSTEM_ACTOR, {
    username: `${role}-${department ?? 'x'}-${counter}`,
    displayName: `${role} ${counter}`,
    role,
    department,
    password: 'a-long-password',
  });
  return toActor(user);
}

/** A small valid grading document (credit office). */
export function gradingDoc(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'public-credit-class',
    kind: 'grading',
    owner: 'credit-office',
    version: 1,
    title: '公共信用分类',
    effectiveFrom: '2026-01-01',
    content: {
      grades: [
        { code: 'A', label: { zh: '守信' } },
        { code: 'B', label: { zh: '失信' } },
      ],
      window: { years: 1, months: 0 },
      severities: {},
      measures: [{ id: 'general-count', type: 'recordCount' }],
      decision: {
        type: 'rules',
        rules: [
          { id: 'b', grade: 'B', when: { measure: 'general-count', op: '>=', value: 1 } },
          { id: 'a', grade: 'A', when: { always: true } },
        ],
      },
    },
    ...overrides,
  };
}

/** A small valid supervision-items document of a department. */
export function itemsDoc(department: string, itemName = '食品生产企业监督检查'): Record<string, unknown> {
  return {
    id: `supervision-items-${department}`,
    kind: 'supervision-items',
    owner: department,
    version: 1,
    title: `${department} 信用监管事项清单`,
    effectiveFrom: '2026-01-01',
    content: {
      department,
      items: [{ code: 'SC-001', name: itemName, domain: 'food', legalBasis: '《食品安全法》', method: 'double-random' }],
    },
  };
}
