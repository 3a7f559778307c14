/** `policy generate --count N --seed S [--at DATE] [--out FILE.jsonl]`: a synthetic population as JSON Lines. */
import { resolve } from 'node:path';
import { generateEnterprises } from '@policy/evaluation';
import type { CommandIo } from '../io.ts';
import { parseArgs } from '../io.ts';
import { checkDate, writeLinesAtomic } from './evaluate.ts';

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv);
  const count = Number(args.count ?? 1000);
  if (!Number.isInteger(count) || count < 0) {
    io.err(`--count 应为非负整数：${String(args.count)} / --count must be a non-negative integer`);
    return 2;
  }
  const seed = typeof args.seed === 'string' ? (/^\d+$/.test(args.seed) ? Number(args.seed) : args.seed) : 1;
  const at = args.at === undefined ? '2026-10-31' : checkDate(args.at, 'at', io);
  if (!at) return 2;
  const badCheckShare = args['bad-check-share'] === undefined ? 0 : Number(args['bad-check-share']);
  const gen = generateEnterprises({ count, seed, at, badCheckShare });
  const next = () => JSON.stringify(gen.next().value);
  if (typeof args.out === 'string') {
    writeLinesAtomic(resolve(io.cwd, args.out), count, next);
    io.err(`已生成 ${count} 家市场主体（种子 ${String(seed)}）写入 ${args.out} / generated ${count} enterprises (seed ${String(seed)})`);
  } else {
    const chunk: string[] = [];
    for (let i = 0; i < count; i++) {
      chunk.push(next());
      if (chunk.length === 5000) io.out(chunk.splice(0).join('\n'));
    }
    if (chunk.length > 0) io.out(chunk.join('\n'));
  }
  return 0;
}
