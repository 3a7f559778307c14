/**
 * `policy bundle export --at YYYY-MM-DD --out FILE` (against DATABASE_URL or --database) and
 * `policy bundle verify FILE` (offline; exit 0 when every content hash and the bundle hash match,
 * 1 otherwise, naming each problem). A release bundle is the set of documents in force at a date as
 * one JSON file (issue 17; format in `release-bundle.ts` of @policy/schemas). `loadBundleEvaluator`
 * serves `policy evaluate --bundle FILE`.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PolicyDocument } from '@policy/schemas';
import { inForceAt, parseJson, validateDocument } from '@policy/schemas';
import { verifyBundle } from '@policy/schemas/node';
import type { Evaluator } from '@policy/evaluation';
import { compile } from '@policy/evaluation';
import type { CommandIo } from '../io.ts';
import { parseArgs } from '../io.ts';
import { checkDate, requireString } from './evaluate.ts';

const USAGE = `用法 / usage:
  policy bundle export --at YYYY-MM-DD --out FILE [--database URL|FILE]   导出某日生效文档的发布包 / export the release bundle
  policy bundle verify FILE                                              离线校验发布包 / verify a bundle offline (exit 0/1)`;

/** Reads and verifies a bundle file; prints every problem and returns null when it does not verify. */
export function readBundle(file: string, io: CommandIo) {
  const path = resolve(io.cwd, file);
  if (!existsSync(path)) {
    io.err(`文件不存在 / file not found: ${file}`);
    return null;
  }
  const parsed = parseJson(readFileSync(path, 'utf8'));
  if (!parsed.success) {
    for (const i of parsed.issues) io.err(`${file}${i.path ? ` ${i.path}` : ''}：${i.message} / ${i.messageEn}`);
    return null;
  }
  const v = verifyBundle(parsed.data);
  if (!v.ok) {
    for (const p of v.problems) io.err(`${file} ${p.path || '/'}：${p.message} / ${p.messageEn}`);
    io.err('发布包校验失败 / the bundle does not verify');
    return null;
  }
  return v.bundle;
}

/** The documents of a verified bundle in force at `at`, compiled (for `policy evaluate --bundle`). */
export function loadBundleEvaluator(file: string, at: string, io: CommandIo): { evaluator: Evaluator; documents: PolicyDocument[] } | null {
  const bundle = readBundle(file, io);
  if (!bundle) return null;
  const docs: PolicyDocument[] = [];
  for (const d of bundle.documents) {
    const r = validateDocument(d.content);
    if (!r.success) {
      for (const i of r.issues.filter((x) => x.severity === 'error')) io.err(`${d.id} v${d.version} ${i.path}：${i.message} / ${i.messageEn}`);
      return null;
    }
    docs.push(r.data);
  }
  if (at !== bundle.at) io.err(`提示：发布包是 ${bundle.at} 的，按 ${at} 评价 / note: the bundle is of ${bundle.at}, evaluating at ${at}`);
  const inForce = inForceAt(docs, at);
  if (inForce.length === 0) {
    io.err(`${at} 时发布包中没有生效的文档 / no document of the bundle is in force at ${at}`);
    return null;
  }
  const compiled = compile({ documents: inForce });
  if (!compiled.success) {
    for (const i of compiled.issues) io.err(`${i.path}：${i.message} / ${i.messageEn}`);
    return null;
  }
  return { evaluator: compiled.evaluator, documents: inForce };
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  const args = parseArgs(rest);
  if (sub === 'verify') {
    const file = args._[0];
    if (!file) {
      io.err(USAGE);
      return 2;
    }
    const bundle = readBundle(file, io);
    if (!bundle) return 1;
    io.out(`发布包有效：${bundle.at} 生效的 ${bundle.documents.length} 个文档，审计日志第 ${bundle.auditHead.seq} 条，哈希 ${bundle.bundleHash} / bundle verifies: ${bundle.documents.length} documents in force at ${bundle.at}, audit head ${bundle.auditHead.seq}, hash ${bundle.bundleHash}`);
    return 0;
  }
  if (sub === 'export') {
    const at = checkDate(args.at, 'at', io);
    const out = requireString(args, 'out', io);
    if (!at || !out) {
      io.err(USAGE);
      return 2;
    }
    // the database only for export: `bundle verify` and `evaluate --bundle` run from the packed library without it
    const { openDatabase } = await import('./db.ts');
    const { releaseBundleAt } = await import('@policy/db');
    const handle = await openDatabase(args, io);
    if (!handle) return 1;
    try {
      const bundle = await releaseBundleAt(handle.db, at);
      if (bundle.documents.length === 0) {
        io.err(`${at} 没有生效的文档，未写出 / no document is in force at ${at}; nothing written`);
        return 1;
      }
      const path = resolve(io.cwd, out);
      writeFileSync(`${path}.tmp-${process.pid}`, `${JSON.stringify(bundle, null, 2)}\n`);
      renameSync(`${path}.tmp-${process.pid}`, path);
      io.err(`已导出 ${bundle.documents.length} 个文档到 ${out}（哈希 ${bundle.bundleHash}） / exported ${bundle.documents.length} documents to ${out} (hash ${bundle.bundleHash})`);
      return 0;
    } finally {
      await handle.destroy();
    }
  }
  io.err(USAGE);
  return 2;
}
