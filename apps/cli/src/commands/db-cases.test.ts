/**
 * `policy db migrate` and `policy db seed` store the golden case files of policies/ that a database
 * seeded before golden cases were stored is missing, say how many, and do it once (SQLite file).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigrator, importReleasedVersion, seed, SYSTEM_ACTOR } from '@policy/db';
import { createDb } from '@policy/db/client';
import type { CommandIo } from '../io.ts';
import { findRepoRoot, run as db } from './db.ts';

const POLICIES = join(findRepoRoot(dirname(fileURLToPath(import.meta.url))), 'policies');
const WITH_CASES = readdirSync(POLICIES).filter((id) => {
  try {
    return readdirSync(join(POLICIES, id)).includes('v1.cases.json');
  } catch {
    return false;
  }
});

function capture(cwd: string): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { cwd, stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

/** A database as the seed left it before golden cases were stored: users and the released documents, no cases. */
async function seededBeforeGoldenCases(file: string): Promise<void> {
  const h = createDb(file);
  try {
    const m = await createMigrator(h.db).migrateTo('2026_11_26_04_00_00_import_jobs');
    if (m.error) throw m.error;
    await seed(h.db);
    await h.db.transaction().execute(async (trx) => {
      for (const id of readdirSync(POLICIES).filter((x) => !x.includes('.'))) {
        await importReleasedVersion(trx, SYSTEM_ACTOR, JSON.parse(readFileSync(join(POLICIES, id, 'v1.json'), 'utf8')) as Record<string, unknown>);
      }
    });
  } finally {
    await h.destroy();
  }
}

describe('policy db migrate | seed on a database seeded before golden cases were stored', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'policy-cli-cases-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('migrate stores the missing case files and says how many; a second migrate and a seed store nothing', async () => {
    expect(WITH_CASES.length).toBeGreaterThan(3);
    const file = join(dir, 'migrate.sqlite');
    await seededBeforeGoldenCases(file);
    const first = capture(dir);
    expect(await db(['migrate', '--database', file, '--policies', POLICIES], first)).toBe(0);
    expect(first.stdout.join('\n')).toContain(`stored ${WITH_CASES.length} golden case files`);
    expect(first.stdout.join('\n')).toContain('public-credit-class v1');
    const second = capture(dir);
    expect(await db(['migrate', '--database', file, '--policies', POLICIES], second)).toBe(0);
    expect(second.stdout.join('\n')).not.toContain('golden case files');
    const seeded = capture(dir);
    expect(await db(['seed', '--database', file, '--policies', POLICIES], seeded)).toBe(0);
    expect(seeded.stdout.join('\n')).toContain('already seeded, nothing changed');
  });

  it('seed on an already seeded database stores the missing case files', async () => {
    const file = join(dir, 'seed.sqlite');
    await seededBeforeGoldenCases(file);
    const io = capture(dir);
    expect(await db(['seed', '--database', file, '--policies', POLICIES], io)).toBe(0);
    expect(io.stdout.join('\n')).toContain(`stored ${WITH_CASES.length} golden case files`);
    expect(io.stdout.join('\n')).toContain('already seeded, only the golden cases were added');
  });
});
