import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandIo } from '../io.ts';
import { run as audit } from './audit.ts';
import { run as db } from './db.ts';

function capture(cwd: string, env: CommandIo['env'] = {}): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { cwd, env, stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
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

// As an operator (or an attacker with shell access) would do it: with the sqlite3 command line.
const hasSqlite3 = spawnSync('sqlite3', ['-version']).status === 0;

describe.skipIf(!hasSqlite3)('policy audit anchor / seal / verify (SQLite file)', () => {
  let dir: string;
  let file: string;
  const keyed = () => ({ auditKeyFile: 'audit.key' });
  const sqlite = (statement: string) => execFileSync('sqlite3', [file, statement]);
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-cli-audit-'));
    file = join(dir, 'policy.sqlite');
    mkdirSync(join(dir, 'policies', itemsDoc.id), { recursive: true });
    writeFileSync(join(dir, 'policies', itemsDoc.id, 'v1.json'), JSON.stringify(itemsDoc));
    writeFileSync(join(dir, 'audit.key'), 'a1b2c3d4'.repeat(8) + '\n');
    expect(await db(['seed', '--database', file, '--policies', 'policies'], capture(dir))).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a missing or short key file and an altered anchor file (exit 2, nothing written)', async () => {
    const io = capture(dir, { auditKeyFile: 'nope.key' });
    expect(await audit(['verify', '--database', file], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/无法读取审计密钥文件.*cannot read the audit key file/);
    writeFileSync(join(dir, 'short.key'), 'abc');
    const short = capture(dir, { auditKeyFile: 'short.key' });
    expect(await audit(['seal', '--database', file], short)).toBe(2);
    expect(short.stderr.join('\n')).toMatch(/太短.*too short/);
    const nokey = capture(dir);
    expect(await audit(['seal', '--database', file], nokey)).toBe(2);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ format: 'policy-audit-anchor/1', count: 1, headHash: '0'.repeat(64), at: 'x', keyId: null, checkpointHash: 'f'.repeat(64) }));
    const bad = capture(dir);
    expect(await audit(['verify', '--database', file, '--anchor', 'bad.json'], bad)).toBe(2);
    expect(bad.stderr.join('\n')).toMatch(/校验哈希不符.*altered/);
  });

  it('seals with the key, writes and prints an anchor, and catches a deleted tail and a wiped log only with it', async () => {
    // an unkeyed log verified with the key: not sealed yet
    const before = capture(dir, keyed());
    expect(await audit(['verify', '--database', file], before)).toBe(1);
    expect(before.stderr.join('\n')).toMatch(/policy audit seal/);
    for (let i = 0; i < 3; i++) expect(await audit(['seal', '--database', file], capture(dir, keyed()))).toBe(0);
    const sealed = capture(dir, keyed());
    expect(await audit(['verify', '--database', file], sealed)).toBe(0);
    expect(sealed.stdout.join('\n')).toMatch(/审计日志完整.*\n.*未给出锚点[\s\S]*已用审计密钥核对 MAC/);

    const io = capture(dir, keyed());
    expect(await audit(['anchor', '--database', file, '--out', 'anchor.json'], io)).toBe(0);
    const printed = io.stdout.join('\n');
    const anchor = JSON.parse(readFileSync(join(dir, 'anchor.json'), 'utf8')) as { count: number; headHash: string; checkpointHash: string; keyId: string };
    expect(printed).toMatch(/^审计锚点 \/ audit anchor/);
    expect(printed).toContain(`记录条数 / entries:          ${anchor.count}`);
    expect(printed).toContain(anchor.headHash);
    expect(printed).toContain(anchor.checkpointHash);
    expect(anchor.keyId).toMatch(/^[0-9a-f]{16}$/);
    // never overwritten
    const again = capture(dir);
    expect(await audit(['anchor', '--database', file, '--out', 'anchor.json'], again)).toBe(1);
    expect(again.stderr.join('\n')).toMatch(/不覆盖.*not overwritten/);
    // the default name lands in the working directory
    const auto = capture(dir);
    expect(await audit(['anchor', '--database', file], auto)).toBe(0);
    const autoFile = /written to: (.+)$/m.exec(auto.stdout.join('\n'))![1]!;
    expect(existsSync(autoFile)).toBe(true);

    const ok = capture(dir, keyed());
    expect(await audit(['verify', '--database', file, '--anchor', 'anchor.json'], ok)).toBe(0);
    expect(ok.stdout.join('\n')).toMatch(new RegExp(`已核对锚点：第 ${anchor.count} 条`));

    // the last entry deleted: the chain, the key and the records cannot tell; the anchor can
    sqlite(`drop trigger audit_log_no_delete; delete from audit_log where seq = ${anchor.count};`);
    expect(await audit(['verify', '--database', file], capture(dir, keyed()))).toBe(0);
    const cut = capture(dir, keyed());
    expect(await audit(['verify', '--database', file, '--anchor', 'anchor.json'], cut)).toBe(1);
    expect(cut.stderr.join('\n')).toMatch(new RegExp(`审计日志只剩 ${anchor.count - 1} 条.*tail deleted`));

    // every entry deleted: the anchor says wiped; without it the documents and versions say so
    sqlite('delete from audit_log;');
    const wiped = capture(dir);
    expect(await audit(['verify', '--database', file, '--anchor', 'anchor.json'], wiped)).toBe(1);
    expect(wiped.stderr.join('\n')).toMatch(/审计日志为空.*log wiped/);
    const noAnchor = capture(dir);
    expect(await audit(['verify', '--database', file], noAnchor)).toBe(1);
    expect(noAnchor.stderr.join('\n')).toMatch(/文档 supervision-items-transport 没有创建记录/);
    expect(noAnchor.stderr.join('\n')).toMatch(/supervision-items-transport v1 的状态为 published.*没有任何审核或发布记录/);
  });
});
