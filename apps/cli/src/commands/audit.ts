/** `policy audit verify [--database URL|FILE]`: walks the hash chain; exit 1 when it is broken. */
import { verifyAudit } from '@policy/db';
import type { CommandIo } from '../io.ts';
import { parseArgs } from '../io.ts';
import { describeLocation, openDatabase } from './db.ts';

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'verify') {
    io.err('用法 / usage: policy audit verify [--database URL|FILE]');
    return 2;
  }
  const args = parseArgs(rest);
  const handle = await openDatabase(args, io);
  if (!handle) return 1;
  try {
    const r = await verifyAudit(handle.db);
    if (r.ok) {
      io.out(`审计日志完整：${r.count} 条记录，链首哈希 ${r.headHash} / audit log intact: ${r.count} entries (${describeLocation(handle)})`);
      return 0;
    }
    io.err(`审计日志已被篡改：第 ${r.firstBrokenSeq} 条起链条断裂 / audit log tampered: chain broken at entry ${r.firstBrokenSeq}`);
    io.err(r.reason);
    return 1;
  } finally {
    await handle.destroy();
  }
}
