import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandIo } from '../io.ts';
import { run as audit } from './audit.ts';
import { run as db } from './db.ts';

function capture(cwd: string): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { cwd, stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

const itemsDoc = {
  id: 'supervision-items-transport',
  kind: 'supervision-items',
  owner: 'transport',
  version: 1,
  title: '交通运输局信用监管事项清单',
  effectiveFrom: '2026-01-01',
  content: { department: 'transport', items: [{ code: 'JT-001', name: '道路运输企业检查', domain: 'transport', legalBasis: '《道路运输条例》', method: 'double-random' }] },
};

describe('policy db / policy audit (SQLite file)', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'policy-cli-db-'));
    file = join(dir, 'data', 'policy.sqlite');
    mkdirSync(join(dir, 'policies', itemsDoc.id), { recursive: true });
    writeFileSync(join(dir, 'policies', itemsDoc.id, 'v1.json'), JSON.stringify(itemsDoc));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('migrates, seeds once printing the passwords, imports, and verifies the audit chain', async () => {
    const io = capture(dir);
    expect(await db(['migrate', '--database', file], io)).toBe(0);
    expect(await db(['seed', '--database', file, '--policies', 'policies'], io)).toBe(0);
    const seeded = io.stdout.join('\n');
    expect(seeded).toContain('supervision-items-transport v1');
    expect(seeded).toMatch(/credit-office\s+credit-office\s+credit-office\s+\S{16}/);
    const again = capture(dir);
    expect(await db(['seed', '--database', file], again)).toBe(0);
    expect(again.stdout.join('\n')).toContain('already seeded');

    writeFileSync(
      join(dir, 'ok.csv'),
      'uscc,name,industryCode,status\n91350100M000100Y43,甲公司,C1391,active\n',
    );
    const imp = capture(dir);
    expect(await db(['import', '--database', file, '--name', 'small', '--file', 'ok.csv'], imp)).toBe(0);
    expect(imp.stdout.join('\n')).toContain('1 家市场主体');

    writeFileSync(join(dir, 'bad.jsonl'), '{"uscc":"91350100M000100Y43","name":"甲","industryCode":"C1391","status":"active"}\n{"uscc":"x"}\n');
    const bad = capture(dir);
    expect(await db(['import', '--database', file, '--name', 'bad', '--file', 'bad.jsonl'], bad)).toBe(1);
    expect(bad.stderr.join('\n')).toMatch(/bad\.jsonl:2 \/uscc/);
    const list = capture(dir);
    await db(['datasets', '--database', file], list);
    expect(list.stdout.join('\n')).toContain('small');
    expect(list.stdout.join('\n')).not.toContain('bad');

    // without --database: DATABASE_URL, as the process environment gave it to the command
    const envFile = join(dir, 'from-env', 'policy.sqlite');
    const fromEnv = { ...capture(dir), env: { databaseUrl: envFile } };
    expect(await db(['import', '--name', 'via-env', '--file', 'ok.csv'], fromEnv)).toBe(0);
    const envList = capture(dir);
    await db(['datasets', '--database', envFile], envList);
    expect(envList.stdout.join('\n')).toContain('via-env');
    const fileList = capture(dir);
    await db(['datasets', '--database', file], fileList);
    expect(fileList.stdout.join('\n')).not.toContain('via-env');

    const ok = capture(dir);
    expect(await audit(['verify', '--database', file], ok)).toBe(0);
    expect(ok.stdout.join('\n')).toMatch(/审计日志完整/);
  });

  // As an operator would do it: with the sqlite3 command line (apt install sqlite3).
  const hasSqlite3 = spawnSync('sqlite3', ['-version']).status === 0;
  it.skipIf(!hasSqlite3)('exits 1 and names the entry when a row was edited with the sqlite3 command line', async () => {
    execFileSync('sqlite3', [file, `drop trigger audit_log_no_update; update audit_log set actor = 'mallory' where seq = 4;`]);
    const io = capture(dir);
    expect(await audit(['verify', '--database', file], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/第 4 条/);
  });
});
