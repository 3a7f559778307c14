/**
 * `policy test [DIR] [--coverage]`: runs every golden case (`<id>/v<N>.cases.json`) and names each
 * failing file and case. With `--coverage`, also prints per document the rules, bands, overrides,
 * thresholds, indicator bands, sampling rows / exceptions, domains, conditioned trigger points of the
 * supervision-item lists and early-warning rules no case reaches (Chinese first,
 * then English); the exit code does not depend on coverage.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { PolicyDocument } from '@policy/schemas';
import { parseJson, validateDocument } from '@policy/schemas';
import { readPolicyFiles } from '@policy/schemas/node';
import { bundleForCases, caseCoverage, runGoldenCases } from '@policy/evaluation';
import type { CoverageCase } from '@policy/evaluation';
import type { CommandIo } from '../io.ts';
import { parseArgs } from '../io.ts';

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv, ['coverage']);
  const dir = args._[0] ?? 'policies';
  const path = resolve(io.cwd, dir);
  if (!existsSync(path)) {
    io.err(`策略目录不存在 / policies directory not found: ${dir}`);
    return 2;
  }
  const files = readPolicyFiles([path], io.cwd);
  const docs: { file: (typeof files)[number]; doc: PolicyDocument }[] = [];
  let broken = 0;
  for (const f of files) {
    const parsed = parseJson(f.text);
    const r = parsed.success ? validateDocument(parsed.data) : parsed;
    if (!r.success) {
      broken++;
      for (const i of r.issues.filter((x) => x.severity === 'error')) io.err(`✗ ${f.displayPath} ${i.path}：${i.message} / ${i.messageEn}`);
      continue;
    }
    docs.push({ file: f, doc: r.data });
  }
  let passed = 0;
  let failed = 0;
  let caseFiles = 0;
  for (const { file, doc } of docs) {
    if (!file.casesFile) continue;
    caseFiles++;
    const shown = relative(io.cwd, file.casesFile) || file.casesFile;
    const group = dirname(dirname(file.file));
    const siblings = docs.filter((d) => dirname(dirname(d.file.file)) === group).map((d) => d.doc);
    const parsed = parseJson(readFileSync(file.casesFile, 'utf8'));
    const runResult = parsed.success ? runGoldenCases(doc, siblings, parsed.data) : { success: false as const, problems: parsed.issues };
    if (!runResult.success) {
      failed++;
      io.err(`✗ ${shown}：用例文件无法运行 / case file cannot run`);
      for (const p of runResult.problems) io.err(`    ${p.path}：${p.message} / ${p.messageEn}`);
      continue;
    }
    for (const o of runResult.outcomes) {
      if (o.passed) passed++;
      else {
        failed++;
        io.err(`✗ ${shown} › ${o.name}（at ${o.at}）`);
        io.err(`    预期 expected: ${JSON.stringify(o.expected)}`);
        io.err(`    实际 actual:   ${JSON.stringify(o.actual)}`);
        if (o.message) io.err(`    ${o.message} / ${o.messageEn ?? ''}`);
      }
    }
  }
  if (args.coverage === true) printCoverage(docs, io);
  if (caseFiles === 0) io.err(`${dir} 中没有黄金用例文件 / no golden case files (v<N>.cases.json) in ${dir}`);
  io.out(`${passed} 通过，${failed} 失败（${caseFiles} 个用例文件）/ ${passed} passed, ${failed} failed`);
  return failed > 0 || broken > 0 || caseFiles === 0 ? 1 : 0;
}

/** The cases of a case file as the coverage reads them (none when the file does not parse). */
function coverageCases(casesFile: string | undefined): CoverageCase[] {
  if (!casesFile) return [];
  const parsed = parseJson(readFileSync(casesFile, 'utf8'));
  if (!parsed.success) return [];
  const data = parsed.data as { at?: unknown; cases?: unknown };
  if (!Array.isArray(data.cases)) return [];
  return data.cases.flatMap((c: { name?: unknown; at?: unknown; enterprise?: unknown }) =>
    typeof c?.name === 'string' ? [{ name: c.name, at: String(c.at ?? data.at ?? ''), enterprise: c.enterprise }] : [],
  );
}

/** Per document: how many items its cases reach, then each uncovered one (pointer, Chinese / English). */
function printCoverage(docs: { file: { file: string; casesFile?: string; displayPath: string }; doc: PolicyDocument }[], io: CommandIo): void {
  io.out('覆盖情况 / coverage');
  for (const { file, doc } of docs) {
    const group = dirname(dirname(file.file));
    const siblings = docs.filter((d) => dirname(dirname(d.file.file)) === group).map((d) => d.doc);
    const r = caseCoverage(bundleForCases(doc, siblings), doc.id, coverageCases(file.casesFile));
    const name = `${doc.id} v${doc.version}`;
    if (!r.success) {
      io.out(`  ${name}：无法计算覆盖 / coverage cannot be computed`);
      for (const p of r.problems) io.out(`    ${p.path}：${p.message} / ${p.messageEn}`);
      continue;
    }
    if (r.items.length === 0) continue;
    const covered = r.items.length - r.uncovered.length;
    io.out(
      `  ${name}：${r.items.length} 项中 ${covered} 项有用例覆盖，${r.uncovered.length} 项未覆盖 / ${covered} of ${r.items.length} items covered, ${r.uncovered.length} uncovered`,
    );
    for (const u of r.uncovered) io.out(`    未覆盖 ${u.path} ${u.id}：${u.label.zh} / uncovered: ${u.label.en}`);
  }
}
