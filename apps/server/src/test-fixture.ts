/** Test fixture: a migrated, seeded database (the default policies) with contexts for each seeded user. */
import { join } from 'node:path';
import { changePassword, listUsers, migrateToLatest, seed, toActor } from '@policy/db';
import type { SeedResult, User } from '@policy/db';
import { createDb } from '@policy/db/client';
import type { DbHandle } from '@policy/db/client';
import { REPO_ROOT } from './app.ts';
import { contextFor } from './context.ts';
import type { AppDeps } from './context.ts';
import { silentLogger } from './logger.ts';
import { createCallerFactory } from './trpc.ts';
import { appRouter } from './router/index.ts';
import { Services } from './services.ts';

export const createCaller = createCallerFactory(appRouter);

export interface Fixture {
  handle: DbHandle;
  deps: AppDeps;
  seedResult: SeedResult;
  /** The seeded users, their initial passwords already changed (`mustChangePassword` false). */
  users: Record<string, User>;
  /** The current password of a seeded user. */
  password(username: string): string;
  /** A caller acting as the seeded user (or anonymous for null). */
  as(username: string | null, cookies?: string[]): ReturnType<typeof createCaller>;
}

export async function createFixture(url = ':memory:'): Promise<Fixture> {
  const handle = createDb(url);
  const m = await migrateToLatest(handle.db);
  if (m.error) throw m.error;
  const policiesDir = join(REPO_ROOT, 'policies');
  const seedResult = await seed(handle.db, { policiesDir });
  const deps: AppDeps = { db: handle.db, dialect: handle.dialect, logger: silentLogger, services: new Services(handle.db, silentLogger), policiesDir };
  // every seeded user must change the initial password before doing anything else: do it once here
  const passwords = new Map<string, string>();
  for (const u of await listUsers(handle.db)) {
    const initial = seedResult.users.find((s) => s.username === u.username)!.password;
    const changed = `${initial}-changed`;
    await changePassword(handle.db, toActor(u), { oldPassword: initial, newPassword: changed });
    passwords.set(u.username, changed);
  }
  const users = Object.fromEntries((await listUsers(handle.db)).map((u) => [u.username, u]));
  return {
    handle,
    deps,
    seedResult,
    users,
    password: (username) => passwords.get(username)!,
    as: (username, cookies) => createCaller(contextFor(deps, username ? users[username]! : null, cookies)),
  };
}
