/**
 * `policy evaluate --policies DIR|--bundle FILE --input FILE.jsonl --at YYYY-MM-DD [--out FILE.jsonl]`
 * [--jurisdiction PREFIX] (CONTRACTS §3): one JSON object per input enterprise in the register on
 * `at`, in input order — enterprises deregistered on `at` are absent (as in `runs export`);
 * `--jurisdiction` keeps those whose region code starts with PREFIX. Bad input lines → exit 1 with
 * every bad line's number and reason, and no output file is written. `--triggers FILE.json` and
 * `--with-triggers`: trigger-based supervision (evaluate-triggers.ts, CONTRACTS §12). `--warnings
 * FILE.json` and `--with-warnings`: early warnings (evaluate-warnings.ts, CONTRACTS §13).
 */
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PolicyDocument } from '@policy/schemas';
import { calendarDateProblem, inForceAt, parseJson, validateDocument } from '@policy/schemas';
import { readPolicyFiles } from '@policy/schemas/node';
import type { Evaluator, Population } from '@policy/evaluation';
import { buildPopulation, compile, earlyWarnings, formatLineProblem, jurisdictionPopulation, parseEnterprisesJsonl, supervisionTriggers, unknownDomainsLine, unknownKindsLine, unknownRecordDomains, unknownRecordKinds } from '@policy/evaluation';
import { triggeredJson, triggerReportJson, triggerSummaryLines } from './evaluate-triggers.ts';
import { warningReportJson, warningsJson, warningSummaryLines } from './evaluate-warnings.ts';
import type { CommandIo } from '../io.ts';
import { parseArgs } from '../io.ts';

/** Reads, validates and compiles the documents of a policies directory in force at `at`. */
export function loadEvaluator(dir: string, at: string, io: CommandIo): { evaluator: Evaluator; documents: PolicyDocument[] } | null {
  const path = resolve(io.cwd, dir);
  if (!existsSync(path)) {
    io.err(`策略目录不存在 / policies directory not found: ${dir}`);
    return null;
  }
  const files = readPolicyFiles([path], io.cwd);
  if (files.length === 0) {
    io.err(`目录中没有策略文档 / no policy documents (v<N>.json) in: ${dir}`);
    return null;
  }
  const docs: PolicyDocument[] = [];
  let bad = false;
  for (const f of files) {
    const parsed = parseJson(f.text);
    if (!parsed.success) {
      bad = true;
      for (const i of parsed.issues) io.err(`${f.displayPath}${i.path ? ` ${i.path}` : ''}：${i.message} / ${i.messageEn}`);
      continue;
    }
    const r = validateDocument(parsed.data);
    if (!r.success) {
      bad = true;
      for (const i of r.issues.filter((x) => x.severity === 'error')) io.err(`${f.displayPath} ${i.path}：${i.message} / ${i.messageEn}`);
      continue;
    }
    docs.push(r.data);
  }
  if (bad) {
    io.err('策略文档有错误，未评价 / invalid policy documents; nothing evaluated');
    return null;
  }
  const inForce = inForceAt(docs, at);
  if (inForce.length === 0) {
    io.err(`${at} 时没有生效的策略文档 / no document is in force at ${at}`);
    return null;
  }
  const compiled = compile({ documents: inForce });
  if (!compiled.success) {
    for (const i of compiled.issues) io.err(`${i.path}：${i.message} / ${i.messageEn}`);
    io.err('策略无法编译 / the policy set does not compile');
    return null;
  }
  return { evaluator: compiled.evaluator, documents: inForce };
}

/** Reads a .jsonl file of enterprises; on any bad line prints every problem and returns null. */
export function loadPopulation(file: string, io: CommandIo): Population | null {
  const path = resolve(io.cwd, file);
  if (!existsSync(path) || !statSync(path).isFile()) {
    io.err(`输入文件不存在 / input file not found: ${file}`);
    return null;
  }
  const parsed = parseEnterprisesJsonl(readFileSync(path, 'utf8'));
  for (const w of parsed.warnings) io.err(`警告 warning: ${file} ${formatLineProblem(w)}`);
  if (!parsed.success) {
    for (const e of parsed.errors) io.err(`${file} ${formatLineProblem(e)}`);
    const lines = new Set(parsed.errors.map((e) => e.line)).size;
    io.err(`输入有 ${lines} 行错误，未输出任何结果 / ${lines} bad line(s) in the input; no output written`);
    return null;
  }
  return buildPopulation(parsed.records);
}

/** Checks an --at value; prints the problem and returns null when it is not a real date. */
export function checkDate(value: unknown, flag: string, io: CommandIo): string | null {
  if (typeof value !== 'string') {
    io.err(`缺少参数 --${flag} YYYY-MM-DD / missing --${flag} YYYY-MM-DD`);
    return null;
  }
  // the platform's one calendar-date rule (@policy/schemas calendarDate), as the server and imports
  const problem = calendarDateProblem(value, { zh: `--${flag}`, en: `--${flag}` });
  if (problem) {
    io.err(`${problem.message} / ${problem.messageEn}`);
    return null;
  }
  return value;
}

export function requireString(args: Record<string, unknown>, flag: string, io: CommandIo): string | null {
  const v = args[flag];
  if (typeof v !== 'string' || v === '') {
    io.err(`缺少参数 --${flag} / missing --${flag}`);
    return null;
  }
  return v;
}

/**
 * Writes lines produced by `chunk(start)` to `file` atomically: a temporary file renamed on
 * success, so a failure never leaves a partial output.
 */
export function writeLinesAtomic(file: string, count: number, line: (i: number) => string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    let buf: string[] = [];
    for (let i = 0; i < count; i++) {
      buf.push(line(i));
      if (buf.length === 5000) {
        writeSync(fd, buf.join('\n') + '\n');
        buf = [];
      }
    }
    if (buf.length > 0) writeSync(fd, buf.join('\n') + '\n');
    closeSync(fd);
    renameSync(tmp, file);
  } catch (error) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw error;
  }
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv, ['with-triggers', 'with-warnings']);
  // --bundle FILE (a verified release bundle) instead of --policies DIR
  const bundle = typeof args.bundle === 'string' ? args.bundle : null;
  const policies = bundle ?? requireString(args, 'policies', io);
  const input = requireString(args, 'input', io);
  const at = checkDate(args.at, 'at', io);
  if (!policies || !input || !at) {
    io.err('用法 / usage: policy evaluate --policies DIR|--bundle FILE --input FILE.jsonl --at YYYY-MM-DD [--out FILE.jsonl] [--jurisdiction PREFIX] [--triggers FILE.json] [--with-triggers] [--warnings FILE.json] [--with-warnings]');
    return 2;
  }
  const jurisdiction = args.jurisdiction;
  if (jurisdiction !== undefined && (typeof jurisdiction !== 'string' || !/^\d{1,6}$/.test(jurisdiction))) {
    io.err('--jurisdiction 须为 1–6 位行政区划代码前缀 / --jurisdiction must be a region-code prefix of 1–6 digits');
    return 2;
  }
  const loaded = bundle ? (await import('./bundle.ts')).loadBundleEvaluator(bundle, at, io) : loadEvaluator(policies, at, io);
  if (!loaded) return 1;
  const all = loadPopulation(input, io);
  if (!all) return 1;
  const pop = typeof jurisdiction === 'string' ? jurisdictionPopulation(all, jurisdiction) : all;
  const result = loaded.evaluator.evaluate(pop, at);
  // record kinds no grading and no contract knows: still counted (as general), but said
  const unknown = unknownKindsLine(unknownRecordKinds(pop, loaded.evaluator));
  if (unknown) io.err(unknown);
  const unknownDomains = unknownDomainsLine(unknownRecordDomains(pop, loaded.evaluator));
  if (unknownDomains) io.err(unknownDomains);
  // the register on `at`: deregistered enterprises are absent from the output
  const rows: number[] = [];
  for (let i = 0; i < pop.n; i++) if (!result.isOutside(i)) rows.push(i);
  // trigger-based supervision (CONTRACTS §12): a summary on stderr, the lists with --triggers, per line with --with-triggers
  const triggers = supervisionTriggers(loaded.evaluator, pop, result);
  if (triggers) for (const l of triggerSummaryLines(triggers)) io.err(l);
  if (typeof args.triggers === 'string') {
    if (!triggers) io.err('策略中没有带触发条件的触发点，未写出触发清单 / no trigger point of the policy set has a condition; no trigger lists written');
    else writeLinesAtomic(resolve(io.cwd, args.triggers), 1, () => triggerReportJson(triggers).trimEnd());
  }
  // early warnings (CONTRACTS §13): a summary on stderr, the counts with --warnings, per line with --with-warnings
  const warnings = earlyWarnings(loaded.evaluator, pop, result);
  if (warnings) for (const l of warningSummaryLines(warnings)) io.err(l);
  if (typeof args.warnings === 'string') {
    if (!warnings) io.err('策略中没有风险预警规则，未写出预警统计 / the policy set has no early-warning rules; no warning counts written');
    else writeLinesAtomic(resolve(io.cwd, args.warnings), 1, () => warningReportJson(warnings).trimEnd());
  }
  const withTriggers = args['with-triggers'] === true && triggers !== null;
  const withWarnings = args['with-warnings'] === true && warnings !== null;
  const line =
    withTriggers || withWarnings
      ? (k: number) =>
          JSON.stringify({
            ...result.toJSON(rows[k]!),
            ...(withTriggers ? { triggered: triggeredJson(triggers.of(rows[k]!)) } : {}),
            ...(withWarnings ? { warnings: warningsJson(warnings.of(rows[k]!)) } : {}),
          })
      : (k: number) => JSON.stringify(result.toJSON(rows[k]!));
  const out = args.out;
  const absent = result.outside.length > 0 ? `；${result.outside.length} 家已注销，未输出 / ${result.outside.length} deregistered, not written` : '';
  if (typeof out === 'string') {
    writeLinesAtomic(resolve(io.cwd, out), rows.length, line);
    io.err(`已评价 ${rows.length} 家市场主体，结果写入 ${out}${absent} / evaluated ${rows.length} enterprises into ${out}`);
  } else {
    if (absent) io.err(absent.slice(1));
    const chunk: string[] = [];
    for (let i = 0; i < rows.length; i++) {
      chunk.push(line(i));
      if (chunk.length === 5000) io.out(chunk.splice(0).join('\n'));
    }
    if (chunk.length > 0) io.out(chunk.join('\n'));
  }
  return 0;
}
