/** `policy test [DIR]`: runs every golden case (`<id>/v<N>.cases.json`) and names each failing file and case. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { PolicyDocument } from '@policy/schemas';
import { parseJson, validateDocument } from '@policy/schemas';
import { readPolicyFiles } from '@policy/schemas/node';
import { runGoldenCases } from '@policy/evaluation';
import type { CommandIo } from '../io.ts';
import { parseArgs } from '../io.ts';

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv);
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
  if (caseFiles === 0) io.err(`${dir} 中没有黄金用例文件 / no golden case files (v<N>.cases.json) in ${dir}`);
  io.out(`${passed} 通过，${failed} 失败（${caseFiles} 个用例文件）/ ${passed} passed, ${failed} failed`);
  return failed > 0 || broken > 0 || caseFiles === 0 ? 1 : 0;
}
