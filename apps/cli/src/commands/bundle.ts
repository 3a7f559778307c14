/**
 * `policy bundle export --at YYYY-MM-DD --out FILE` (against DATABASE_URL or --database),
 * `policy bundle verify FILE` (offline; exit 0 when every content hash and the bundle hash match,
 * 1 otherwise, naming each problem) and `policy bundle import FILE [--database URL]` (into another
 * installation, e.g. a county's: verified, then per document 相同 / 新文档 / 已变更 with the old and new
 * content hashes; all or nothing; exit 0 when imported or all the same, 1 when refused). A release bundle is the set of documents in force at a date as
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
import type { BundleImportReport } from '@policy/db';
import type { CommandIo } from '../io.ts';
import { parseArgs } from '../io.ts';
import { checkDate, requireString } from './evaluate.ts';

const USAGE = `用法 / usage:
  policy bundle export --at YYYY-MM-DD --out FILE [--database URL|FILE]   导出某日生效文档的发布包 / export the release bundle
  policy bundle verify FILE                                              离线校验发布包 / verify a bundle offline (exit 0/1)
  policy bundle import FILE [--database URL|FILE]                        导入发布包到本系统（全部或全不） / import a bundle into this installation (all or nothing)`;

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

/** Differences listed per changed document before "… N more". */
const MAX_DIFFERENCES = 12;

const short = (hash: string | null) => (hash ? hash.slice(0, 12) : '—');

/** One line per document of an import report (and per document only in force here), Chinese then English. */
export function importReportLines(report: BundleImportReport): string[] {
  const lines = report.documents.map((d) => {
    if (d.outcome === 'same') return `相同 / same          ${d.documentId} v${d.bundleVersion}  ${short(d.newHash)}`;
    if (d.outcome === 'new') return `新文档 / new         ${d.documentId} v${d.bundleVersion}（自 ${d.effectiveFrom} 生效 / from ${d.effectiveFrom}）→ 本系统 v${d.storedVersion}  ${short(d.newHash)}`;
    const head = `已变更 / changed     ${d.documentId} 本系统 v${d.oldVersion} ${short(d.oldHash)} → v${d.storedVersion} ${short(d.newHash)}（发布包 v${d.bundleVersion}，自 ${d.effectiveFrom} 生效 / bundle v${d.bundleVersion}, from ${d.effectiveFrom}）`;
    const shown = d.differences.slice(0, MAX_DIFFERENCES).map((x) => `    - ${x.zh} / ${x.en}`);
    const more = d.differences.length - shown.length;
    return [head, ...shown, ...(more > 0 ? [`    …另有 ${more} 处 / ${more} more`] : [])].join('\n');
  });
  for (const o of report.onlyHere) lines.push(`仅本系统 / only here  ${o.documentId} v${o.version}  ${short(o.contentHash)}（未改动 / left as is）`);
  return lines;
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
  if (sub === 'import') {
    const file = args._[0];
    if (!file) {
      io.err(USAGE);
      return 2;
    }
    const bundle = readBundle(file, io);
    if (!bundle) return 1;
    // the database only here: the packed CLI (no @policy/db) still verifies and evaluates bundles
    const { openDatabase, cliActor } = await import('./db.ts');
    const { importReleaseBundle, isDbError } = await import('@policy/db');
    const handle = await openDatabase(args, io);
    if (!handle) return 1;
    try {
      const report = await importReleaseBundle(handle.db, cliActor(), bundle);
      for (const line of importReportLines(report)) io.out(line);
      const { same, new: added, changed } = report.counts;
      io.err(
        report.changed
          ? `已导入发布包 ${report.bundleHash}（${report.at}）：新文档 ${added} 个，已变更 ${changed} 个，相同 ${same} 个 / imported bundle ${report.bundleHash} (${report.at}): ${added} new, ${changed} changed, ${same} same`
          : `发布包中的 ${same} 个文档与本系统 ${report.at} 生效的完全相同，未作任何改动 / all ${same} documents are the same as in force here at ${report.at}; nothing changed`,
      );
      return 0;
    } catch (e) {
      if (!isDbError(e)) throw e;
      io.err(e.message);
      return 1;
    } finally {
      await handle.destroy();
    }
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
