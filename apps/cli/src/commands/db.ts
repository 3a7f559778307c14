/**
 * `policy db migrate [--policies DIR] | seed [--policies DIR] | import --name N --file F [--format jsonl|csv|xlsx]
 * [--records F] [--lists F] | update --dataset N --file DELTA (db-update.ts) | datasets | in-force --at D [--as-known-on K] [--out DIR] [--json]`. The database is `--database`, else `DATABASE_URL`, else
 * `./data/policy.sqlite` under the repository root. `migrate` and `seed` also store the golden case
 * files (`<id>/v<N>.cases.json` of the policies folder) of released versions that have none yet: a
 * database seeded before golden cases were stored gets them once.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { importDataset, importMissingCaseFiles, listDatasets, migrateToLatest, readAuditKeyFile, seed, SeedError, setAuditKey } from '@policy/db';
import type { Actor, ImportFormat } from '@policy/db';
import { inForceAt } from '@policy/db';
import { calendarDateProblem } from '@policy/schemas';
import { populationColumnsCollector } from '@policy/evaluation';
import { createDb, isPostgresUrl } from '@policy/db/client';
import type { DbHandle } from '@policy/db/client';
import type { CommandIo } from '../io.ts';
import { parseArgs } from '../io.ts';
import { runUpdate, UPDATE_USAGE } from './db-update.ts';

/** The folder holding pnpm-workspace.yaml, walking up from `cwd`; `cwd` itself when there is none. */
export function findRepoRoot(cwd: string): string {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) return resolve(cwd);
  }
}

/**
 * Opens and migrates the database the command names; on failure says why on stderr and returns
 * undefined (the command then exits 1).
 */
export async function openDatabase(args: Record<string, unknown>, io: CommandIo): Promise<DbHandle | undefined> {
  const url = typeof args.database === 'string' ? args.database : io.env?.databaseUrl;
  // A relative SQLite path given on the command line is relative to where the user typed it.
  const baseDir = typeof args.database === 'string' ? io.cwd : findRepoRoot(io.cwd);
  let handle: DbHandle | undefined;
  try {
    // writes (seed, import) extend a keyed audit chain only with the key named by AUDIT_KEY_FILE
    const keyFile = io.env?.auditKeyFile;
    setAuditKey(keyFile ? readAuditKeyFile(resolve(io.cwd, keyFile)) : null);
    handle = createDb(url, { baseDir });
    const m = await migrateToLatest(handle.db);
    if (m.error) throw m.error;
    return handle;
  } catch (e) {
    await handle?.destroy();
    io.err(`无法打开数据库 / cannot open the database: ${(e as Error).message}`);
    return undefined;
  }
}

/** Where the command's output says the data lives (never prints a password in a URL). */
export function describeLocation(h: DbHandle): string {
  if (!isPostgresUrl(h.location)) return h.location;
  const u = new URL(h.location);
  u.password = u.password ? '***' : '';
  return u.toString();
}

/** The command line acts as the credit office, recorded under the operating-system user. */
export function cliActor(): Actor {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // no passwd entry (containers): keep "unknown"
  }
  return { id: 0, username: `cli:${name}`, role: 'credit-office', department: 'credit-office' };
}

const USAGE = `用法 / usage:
  policy db migrate [--policies DIR]        建表/升级数据库，补存缺少的黄金用例文件 / create or upgrade the schema,
                                            store missing golden case files
  policy db seed [--policies DIR]           首次运行：默认用户与 policies/ / first-run seed
  policy db import --name N --file F [--format jsonl|csv|xlsx] [--records F.csv] [--lists F.csv]
                                            导入市场主体数据集 / import an enterprise dataset
${UPDATE_USAGE}
  policy db datasets                        列出数据集 / list datasets
  policy db in-force --at YYYY-MM-DD [--as-known-on YYYY-MM-DD] [--out DIR] [--json]
                                            某日生效的版本（按某日所知） / versions in force at a date (as known on a date);
                                            --out 写成 policies 目录 / writes them as a policies directory
  选项 / options: --database URL|FILE (默认 DATABASE_URL 或 ./data/policy.sqlite)`;

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  const args = parseArgs(rest);
  if (!sub || sub === '--help' || sub === 'help') {
    io.out(USAGE);
    return sub ? 0 : 2;
  }
  if (!['migrate', 'seed', 'import', 'update', 'datasets', 'in-force'].includes(sub)) {
    io.err(`未知的子命令 unknown sub-command: db ${sub}\n\n${USAGE}`);
    return 2;
  }
  const handle = await openDatabase(args, io);
  if (!handle) return 1;
  try {
    if (sub === 'migrate') {
      io.out(`数据库已是最新结构 / schema is up to date: ${describeLocation(handle)} (${handle.dialect})`);
      await storeMissingCaseFiles(handle, policiesDirOf(args, io), io);
      return 0;
    }
    if (sub === 'seed') return await runSeed(handle, args, io);
    if (sub === 'import') return await runImport(handle, args, io);
    if (sub === 'update') return await runUpdate(handle, args, io, cliActor());
    if (sub === 'in-force') return await runInForce(handle, args, io);
    const datasets = await listDatasets(handle.db);
    if (datasets.length === 0) io.out('没有数据集 / no datasets');
    for (const d of datasets) io.out(`${d.id}\t${d.name}\t${d.rowCount}\t${d.sourceFormat}\t${d.createdBy}\t${d.createdAt}`);
    return 0;
  } finally {
    await handle.destroy();
  }
}

/** `--policies DIR` (relative to where the command was typed), else `policies/` of the repository root. */
const policiesDirOf = (args: Record<string, unknown>, io: CommandIo): string =>
  typeof args.policies === 'string' ? resolve(io.cwd, args.policies) : join(findRepoRoot(io.cwd), 'policies');

/**
 * Stores the golden case files of released versions that have none yet (a database seeded before
 * golden cases were stored); says how many, and returns how many files were stored. An invalid
 * file is a warning on stderr (its version is tried again next time).
 */
async function storeMissingCaseFiles(handle: DbHandle, policiesDir: string, io: CommandIo): Promise<number> {
  const { imported, problems } = await importMissingCaseFiles(handle.db, cliActor(), policiesDir);
  if (imported.length > 0) {
    const cases = imported.reduce((n, f) => n + f.cases, 0);
    io.out(`已补存 ${imported.length} 个黄金用例文件（${cases} 个用例） / stored ${imported.length} golden case files (${cases} cases) from ${policiesDir}`);
    for (const f of imported) io.out(`  ${f.documentId} v${f.versionNumber}  ${f.cases}  (${f.file})`);
  }
  for (const p of problems) io.err(`警告 warning: 黄金用例文件未导入 / golden case file not stored: ${p.file}: ${p.message}`);
  return imported.length;
}

async function runSeed(handle: DbHandle, args: Record<string, unknown>, io: CommandIo): Promise<number> {
  const policiesDir = policiesDirOf(args, io);
  let r;
  try {
    r = await seed(handle.db, { policiesDir });
  } catch (e) {
    if (e instanceof SeedError) {
      io.err(`初始化失败，未写入任何数据 / seed failed, nothing stored:\n${e.message}`);
      return 1;
    }
    throw e;
  }
  if (!r.seeded) {
    const stored = await storeMissingCaseFiles(handle, policiesDir, io);
    io.out(stored > 0 ? '数据库已初始化过，仅补存了黄金用例 / already seeded, only the golden cases were added' : '数据库已初始化过，未做任何改动 / already seeded, nothing changed');
    return 0;
  }
  io.out(`已载入 ${r.documents.length} 个策略文档版本 / loaded ${r.documents.length} policy document versions from ${policiesDir}`);
  for (const d of r.documents) io.out(`  ${d.id} v${d.version}  (${d.file})`);
  const caseFiles = r.caseFiles ?? [];
  io.out(`已存入 ${caseFiles.length} 个黄金用例文件（${caseFiles.reduce((n, f) => n + f.cases, 0)} 个用例） / stored ${caseFiles.length} golden case files`);
  io.out('');
  io.out('默认用户（密码只显示这一次，首次登录须修改） / default users (passwords shown once; must be changed at first login):');
  for (const u of r.users) io.out(`  ${u.username.padEnd(22)} ${u.role.padEnd(18)} ${(u.department ?? '-').padEnd(22)} ${u.password}`);
  return 0;
}

const FORMATS: Record<string, ImportFormat> = { '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.json': 'jsonl', '.csv': 'csv', '.xlsx': 'xlsx' };

async function runImport(handle: DbHandle, args: Record<string, unknown>, io: CommandIo): Promise<number> {
  if (typeof args.name !== 'string' || typeof args.file !== 'string') {
    io.err(`需要 --name 与 --file / --name and --file are required\n\n${USAGE}`);
    return 2;
  }
  const file = resolve(io.cwd, args.file);
  const format = typeof args.format === 'string' ? args.format : FORMATS[extname(file).toLowerCase()];
  if (format !== 'jsonl' && format !== 'csv' && format !== 'xlsx') {
    io.err(`无法确定文件格式，请用 --format jsonl|csv|xlsx / cannot tell the format of ${args.file}; use --format`);
    return 2;
  }
  const read = (p: unknown, flag: string): Buffer | undefined => {
    if (typeof p !== 'string') return undefined;
    const f = resolve(io.cwd, p);
    if (!existsSync(f)) throw new Error(`--${flag}: 文件不存在 / no such file: ${p}`);
    return readFileSync(f);
  };
  let input: Buffer;
  let extraFiles: { records?: Buffer; lists?: Buffer };
  try {
    input = read(args.file, 'file')!;
    extraFiles = { records: read(args.records, 'records'), lists: read(args.lists, 'lists') };
  } catch (e) {
    io.err((e as Error).message);
    return 2;
  }
  const started = Date.now();
  const r = await importDataset(handle.db, cliActor(), {
    name: args.name,
    format,
    input,
    extraFiles,
    fileName: args.file,
    progressEvery: 100_000,
    // the population columns stored with the dataset: its first preview in the server parses no JSON
    columns: populationColumnsCollector(),
    onProgress: (p) => {
      if (p.phase === 'read') io.err(`已读取 ${p.rows} 行 / read ${p.rows} rows`);
    },
  });
  for (const w of r.warnings.slice(0, 50)) io.err(`警告 warning ${w.file}:${w.row} ${w.path} ${w.message} / ${w.messageEn}`);
  if (r.warnings.length > 50) io.err(`……另有 ${r.warnings.length - 50} 条警告 / … ${r.warnings.length - 50} more warnings`);
  if (!r.success) {
    for (const e of r.errors) io.err(`${e.file}:${e.row} ${e.path || '/'} ${e.message} / ${e.messageEn}`);
    if (r.errorCount > r.errors.length) io.err(`……共 ${r.errorCount} 处错误 / ${r.errorCount} errors in all`);
    io.err(`导入被拒绝，未写入任何数据（${r.errorCount} 处错误） / import refused, nothing stored (${r.errorCount} errors)`);
    return 1;
  }
  if (!r.columns.stored) io.err(`列式数据未随导入保存，首次加载时生成 / population columns not stored with the import (built at the first load)${r.columns.message ? `: ${r.columns.message}` : ''}`);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  io.out(`已导入数据集 #${r.dataset.id}「${r.dataset.name}」：${r.dataset.rowCount} 家市场主体，用时 ${seconds} 秒 / imported ${r.dataset.rowCount} enterprises in ${seconds} s`);
  return 0;
}

/** A YYYY-MM-DD option by the platform's calendar rule; prints the problem and returns null when it is not one. */
function dateOption(args: Record<string, unknown>, flag: string, io: CommandIo, required: boolean): string | null | undefined {
  const v = args[flag];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string') {
    io.err(`缺少参数 --${flag} YYYY-MM-DD / missing --${flag} YYYY-MM-DD\n\n${USAGE}`);
    return null;
  }
  const problem = calendarDateProblem(v, { zh: `--${flag}`, en: `--${flag}` });
  if (problem) {
    io.err(`${problem.message} / ${problem.messageEn}`);
    return null;
  }
  return v;
}

/**
 * `policy db in-force --at D [--as-known-on K] [--out DIR] [--json]`: the released versions in
 * force at D, as the database knew them at the end of day K (versions published later are left
 * out: a retroactive release does not change what was known before it). `--out` writes them as a
 * policies directory (`DIR/<id>/v<N>.json`) for `policy evaluate --policies DIR`.
 */
async function runInForce(handle: DbHandle, args: Record<string, unknown>, io: CommandIo): Promise<number> {
  const at = dateOption(args, 'at', io, true);
  const asKnownOn = dateOption(args, 'as-known-on', io, false);
  if (!at || asKnownOn === null) return 2;
  const versions = await inForceAt(handle.db, at, asKnownOn ? { asKnownOn } : {});
  const known = asKnownOn ? `（按 ${asKnownOn} 所知） / as known on ${asKnownOn}` : '';
  if (versions.length === 0) {
    io.err(`${at} 时没有生效的版本${known} / no version in force at ${at}`);
    return 1;
  }
  if (typeof args.out === 'string') {
    const out = resolve(io.cwd, args.out);
    for (const v of versions) {
      mkdirSync(join(out, v.documentId), { recursive: true });
      writeFileSync(join(out, v.documentId, `v${v.versionNumber}.json`), `${JSON.stringify(v.content, null, 2)}\n`);
    }
    io.err(`已写出 ${versions.length} 个文档到 ${args.out} / wrote ${versions.length} documents to ${args.out}`);
  }
  if (args.json === true) {
    io.out(JSON.stringify(versions.map((v) => ({ id: v.documentId, version: v.versionNumber, effectiveFrom: v.effectiveFrom, publishedAt: v.publishedAt, retroactive: v.retroactive }))));
    return 0;
  }
  io.out(`${at} 生效的版本${known} / in force at ${at}:`);
  for (const v of versions) io.out(`  ${v.documentId}\tv${v.versionNumber}\t${v.effectiveFrom}\t${v.publishedAt ?? ''}${v.retroactive ? '\tretroactive' : ''}`);
  return 0;
}
