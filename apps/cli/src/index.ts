#!/usr/bin/env node
/**
 * The `policy` command. Each sub-command lives in `commands/<name>.ts` and exports
 * `run(args, io)`, returning the exit code; this file only dispatches.
 */
import type { CommandIo } from './io.ts';
import { processIo } from './io.ts';

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run: (args: string[], io: CommandIo) => Promise<number> }> }> = {
  validate: { summary: '校验策略文档 / validate policy documents', load: () => import('./commands/validate.ts') },
  evaluate: { summary: '按日期评价市场主体 / evaluate enterprises at a date', load: () => import('./commands/evaluate.ts') },
  test: { summary: '运行黄金用例 / run golden cases', load: () => import('./commands/test.ts') },
  compare: { summary: '比较两套策略的影响 / compare two policy sets', load: () => import('./commands/compare.ts') },
  explain: { summary: '解释一个市场主体的等级 / explain one enterprise', load: () => import('./commands/explain.ts') },
  compile: { summary: '编译策略并查看生成的内核 / compile policies, print the generated kernels', load: () => import('./commands/compile.ts') },
  generate: { summary: '生成模拟市场主体数据 / generate a synthetic population', load: () => import('./commands/generate.ts') },
  db: { summary: '数据库：migrate / seed / import / audit verify', load: () => import('./commands/db.ts') },
  audit: { summary: '审计日志：verify', load: () => import('./commands/audit.ts') },
  runs: { summary: '评价批次：create / list / export / verify', load: () => import('./commands/runs.ts') },
  inspectors: { summary: '执法检查人员名录：import / export / list', load: () => import('./commands/inspectors.ts') },
  draws: { summary: '双随机抽取：create / verify / list', load: () => import('./commands/draws.ts') },
  bundle: { summary: '发布包：export / verify', load: () => import('./commands/bundle.ts') },
};

function usage(): string {
  const lines = ['用法 / usage: policy <command> [options]', ''];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(10)} ${c.summary}`);
  return lines.join('\n');
}

export async function main(argv: string[], io: CommandIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`未知命令 unknown command: ${name}\n\n${usage()}`);
    return 2;
  }
  try {
    const mod = await command.load();
    return await mod.run(rest, io);
  } catch (error) {
    // the packed CLI (issue 17) comes without the database package: validate, evaluate (--bundle),
    // test, compare, explain, compile, generate and `bundle verify` work; the database commands say so
    if (needsDatabasePackage(error)) {
      io.err(`命令 ${name} 需要数据库组件 @policy/db，只在平台安装中可用 / command ${name} needs the database package @policy/db (platform installation only)`);
      return 2;
    }
    throw error;
  }
}

function needsDatabasePackage(error: unknown): boolean {
  const e = error as NodeJS.ErrnoException;
  return (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') && /@policy\/db|better-sqlite3|kysely|'pg'/.test(e.message ?? '');
}

/** Runs `main` as the process: exit code, a closed pipe (`policy evaluate … | head`) is not an error. */
export function runAsProcess(argv = process.argv.slice(2)): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`内部错误 internal error: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 70;
    },
  );
}

const invokedDirectly = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop()!);
if (invokedDirectly) runAsProcess();
