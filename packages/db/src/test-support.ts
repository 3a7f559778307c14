/**
 * Test databases: a fresh SQLite temp file or a freshly created PostgreSQL database per suite,
 * dropped afterwards; also used by other packages' tests and by the benchmarks
 * (`@policy/db/test-support`). The environment is read here and only here:
 * - `TEST_PG_URL`: the PostgreSQL server the throw-away databases are created on (default
 *   `postgres://postgres@127.0.0.1:5432/test`);
 * - `POLICY_TEST_DIALECTS=sqlite`: limits the dialects the suites run on.
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

const env = {
  pgUrl: process.env.TEST_PG_URL,
  dialects: process.env.POLICY_TEST_DIALECTS,
  citusUrl: process.env.CITUS_URL,
};

/** The PostgreSQL server tests and benchmarks create their throw-away databases on (`TEST_PG_URL`). */
export const TEST_PG_URL = env.pgUrl ?? 'postgres://postgres@127.0.0.1:5432/test';
/** A Citus coordinator's database (`CITUS_URL`, extension and workers in place) for the Citus test; unset in CI, which has none. */
export const CITUS_URL: string | undefined = env.citusUrl || undefined;
export const DIALECTS: Dialect[] = (env.dialects?.split(',') as Dialect[] | undefined) ?? ['sqlite', 'postgres'];

/** A database that exists only for a test or benchmark run: its URL (or file path) and how to drop it. */
export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates an empty database: a SQLite file in a new temp folder, or a new PostgreSQL database on
 * {@link TEST_PG_URL} named `<prefix>_<pid>_<random>`. Not migrated.
 *
 * @example
 * const scratch = await createScratchDatabase('postgres', 'policy_bench');
 * const h = createDb(scratch.url);
 * // …
 * await h.destroy();
 * await scratch.drop();
 */
export async function createScratchDatabase(dialect: Dialect, prefix = 'policy_test'): Promise<ScratchDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `${prefix.replace(/_/g, '-')}-`));
    return { url: join(dir, 'test.sqlite'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: TEST_PG_URL });
      await a.connect();
      try {
        await a.query(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}

export interface TestDb {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Runs SQL outside the application, as someone at the sqlite3 / psql prompt would. */
  rawExec(statement: string): Promise<void>;
  destroy(): Promise<void>;
}

/** A fresh, migrated database of `dialect`, dropped by `destroy()`. */
export async function openTestDb(dialect: Dialect): Promise<TestDb> {
  const scratch = await createScratchDatabase(dialect);
  const handle = dialect === 'sqlite' ? createDb(scratch.url) : createDb(scratch.url, { poolSize: 4 });
  try {
    const m = await migrateToLatest(handle.db);
    if (m.error) throw m.error;
  } catch (e) {
    await handle.destroy();
    await scratch.drop();
    throw e;
  }
  return {
    db: handle.db,
    dialect,
    rawExec:
      dialect === 'sqlite'
        ? async (statement) => {
            sqliteHandle(handle.db)!.exec(statement);
          }
        : async (statement) => {
            await sql.raw(statement).execute(handle.db);
          },
    destroy: async () => {
      await handle.destroy();
      await scratch.drop();
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
