/**
 * `policy audit verify [--anchor FILE]` · `policy audit anchor [--out FILE]` · `policy audit seal`
 * (each with `[--database URL|FILE]`).
 *
 * - `verify` walks the hash chain, checks the MACs when an audit key is configured (`AUDIT_KEY_FILE`),
 *   the anchor file if given (a deleted tail or a wiped log), the release anchors, and every
 *   version's content, effective date, status, approvals and reviews against the entries; exit 1 on
 *   any problem, naming the entry or version.
 * - `anchor` writes a checkpoint (entry count, head hash, time, its own hash) to a file outside the
 *   database (default `audit-anchor-<time>.json` here; never overwritten) and prints it for the paper
 *   record.
 * - `seal` appends an entry written with the key: run once after configuring `AUDIT_KEY_FILE` on an
 *   existing log (until then `verify` with the key reports that no entry carries a MAC).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { auditAnchor, parseAuditAnchor, readAuditKeyFile, sealAudit, setAuditKey, verifyAudit } from '@policy/db';
import type { AuditAnchor } from '@policy/db';
import type { CommandIo } from '../io.ts';
import { parseArgs } from '../io.ts';
import { cliActor, describeLocation, openDatabase } from './db.ts';

const USAGE = [
  '用法 / usage:',
  '  policy audit verify [--database URL|FILE] [--anchor FILE]',
  '  policy audit anchor [--database URL|FILE] [--out FILE]',
  '  policy audit seal   [--database URL|FILE]',
  '审计密钥 / audit key: AUDIT_KEY_FILE=<file>（可选 / optional）',
].join('\n');

/** The anchor as printed for the paper record, Chinese first. */
export function formatAnchor(a: AuditAnchor): string {
  return [
    '审计锚点 / audit anchor',
    `  记录条数 / entries:          ${a.count}`,
    `  链首哈希 / head hash:        ${a.headHash}`,
    `  时间 / time:                 ${a.at}`,
    `  密钥标识 / key id:           ${a.keyId ?? '无（未启用审计密钥） / none (no audit key)'}`,
    `  锚点校验哈希 / checkpoint:   ${a.checkpointHash}`,
  ].join('\n');
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'verify' && sub !== 'anchor' && sub !== 'seal') {
    io.err(USAGE);
    return 2;
  }
  const args = parseArgs(rest);
  if ((args.anchor !== undefined && typeof args.anchor !== 'string') || (args.out !== undefined && typeof args.out !== 'string')) {
    io.err(`--anchor / --out 需要文件名 / --anchor and --out take a file name\n${USAGE}`);
    return 2;
  }

  // the key and the anchor file are read before the database is opened: a bad one changes nothing
  const keyFile = io.env?.auditKeyFile;
  try {
    setAuditKey(keyFile ? readAuditKeyFile(resolve(io.cwd, keyFile)) : null);
  } catch (e) {
    io.err((e as Error).message);
    return 2;
  }
  let anchor: AuditAnchor | undefined;
  if (sub === 'verify' && typeof args.anchor === 'string') {
    const file = resolve(io.cwd, args.anchor);
    try {
      anchor = parseAuditAnchor(readFileSync(file, 'utf8'));
    } catch (e) {
      io.err(`锚点文件 ${file} 无法使用 / cannot use the anchor file ${file}: ${(e as Error).message}`);
      return 2;
    }
  }
  if (sub === 'seal' && !keyFile) {
    io.err('封存需要审计密钥：请设置 AUDIT_KEY_FILE / sealing needs the audit key: set AUDIT_KEY_FILE');
    return 2;
  }

  const handle = await openDatabase(args, io);
  if (!handle) return 1;
  try {
    if (sub === 'anchor') return await writeAnchor(handle.db, args.out as string | undefined, io);
    if (sub === 'seal') {
      const row = await sealAudit(handle.db, cliActor());
      io.out(`已用审计密钥封存：第 ${row.seq} 条（${row.target}） / sealed with the audit key: entry ${row.seq} (${row.target})`);
      return 0;
    }
    const r = await verifyAudit(handle.db, { anchor });
    if (r.ok) {
      io.out(`审计日志完整：${r.count} 条记录，链首哈希 ${r.headHash} / audit log intact: ${r.count} entries (${describeLocation(handle)})`);
      io.out(
        anchor
          ? `  已核对锚点：第 ${anchor.count} 条（${anchor.at}）仍在链中 / anchor checked: entry ${anchor.count} of ${anchor.at} is still in the chain`
          : '  未给出锚点（--anchor）：无法发现末尾被删除 / no anchor given (--anchor): a deleted tail cannot be detected',
      );
      io.out(
        r.macsChecked
          ? `  已用审计密钥核对 MAC（自第 ${r.keyedFrom} 条起） / MACs checked with the audit key (keyed from entry ${r.keyedFrom})`
          : r.keyedFrom !== null
            ? `  日志自第 ${r.keyedFrom} 条起带 MAC，但未配置密钥，未核对 / entries carry MACs from ${r.keyedFrom} but no key is configured: not checked`
            : '  未启用审计密钥：重新计算的链条无法发现 / no audit key: a recomputed chain cannot be detected',
      );
      io.out(`  已核对 ${r.versionsChecked} 个版本的内容、生效日期、状态、批准与审核意见 / checked ${r.versionsChecked} versions: content, effective date, status, approvals, reviews`);
      return 0;
    }
    io.err(`审计日志已被篡改：发现 ${r.problems.length} 处问题 / audit log tampered: ${r.problems.length} problem(s)`);
    for (const p of r.problems) io.err(`  - [${p.kind}] ${p.reason}`);
    return 1;
  } catch (e) {
    io.err(`审计命令失败 / audit command failed: ${(e as Error).message}`);
    return 1;
  } finally {
    setAuditKey(null);
    await handle.destroy();
  }
}

async function writeAnchor(db: Parameters<typeof auditAnchor>[0], out: string | undefined, io: CommandIo): Promise<number> {
  const anchor = await auditAnchor(db);
  const file = resolve(io.cwd, out ?? `audit-anchor-${anchor.at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.json`);
  try {
    writeFileSync(file, `${JSON.stringify(anchor, null, 2)}\n`, { flag: 'wx' });
  } catch (e) {
    const exists = (e as NodeJS.ErrnoException).code === 'EEXIST';
    io.err(
      exists
        ? `锚点文件已存在，不覆盖 / the anchor file exists, not overwritten: ${file}`
        : `无法写入锚点文件 / cannot write the anchor file ${file}: ${(e as Error).message}`,
    );
    return 1;
  }
  io.out(formatAnchor(anchor));
  io.out(`已写入 / written to: ${file}`);
  io.out('请将以上内容打印或抄写存档，并把文件保存在数据库之外 / print or copy the lines above for the paper record and keep the file outside the database');
  io.out(`核验 / verify: pnpm policy audit verify --anchor ${file}`);
  return 0;
}
