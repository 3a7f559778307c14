/**
 * `policy validate [DIR|FILE…] [--lang zh|en]`: checks policy documents (structure and semantics),
 * the bundle of the newest version of each document, and the golden-case files beside them.
 * Prints `file:line:col pointer  code  message` per issue, then a summary line.
 * Exit 0 when there is no error (warnings allowed), 1 on any error, 2 for a missing path or bad usage.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Issue, PolicyDocument, TextPosition } from '@policy/schemas';
import { locatePointer, makeIssue, newestVersions, parseDocument, parseJson, semanticIssues, validateBundle, validateCaseFile } from '@policy/schemas';
import { readPolicyFiles } from '@policy/schemas/node';
import type { CommandIo } from '../io.ts';
import { parseArgs } from '../io.ts';

type Lang = 'zh' | 'en';

const HELP = `用法 / usage: policy validate [目录或文件 DIR|FILE…] [--lang zh|en]

校验策略文档（结构与语义）、各文档最新版本组成的策略集，以及旁边的黄金用例文件（*.cases.json）。
Validates policy documents, the bundle of the newest version of each, and the golden-case files beside them.
默认目录 / default: policies。退出码 / exit: 0 无错误 no errors, 1 有错误 errors, 2 路径不存在 missing path.`;

interface CheckedFile {
  displayPath: string;
  text: string;
  issues: { issue: Issue; at?: TextPosition }[];
}

export async function run(args: string[], io: CommandIo): Promise<number> {
  const opts = parseArgs(args, ['help']);
  if (opts.help) {
    io.out(HELP);
    return 0;
  }
  const lang = (typeof opts.lang === 'string' ? opts.lang : 'zh') as Lang;
  if (lang !== 'zh' && lang !== 'en') {
    io.err(`--lang 只能是 zh 或 en / --lang must be zh or en: ${String(opts.lang)}`);
    return 2;
  }
  const given = opts._.length > 0 ? opts._ : ['policies'];
  const missing = given.filter((p) => !existsSync(resolve(io.cwd, p)));
  if (missing.length > 0) {
    for (const p of missing) io.err(`路径不存在 / path not found: ${p}`);
    return 2;
  }

  // a case file given on its own is checked together with the document version it belongs to
  const paths = [...new Set(given.map((p) => (/\.cases\.json$/.test(p) && statSync(resolve(io.cwd, p)).isFile() ? p.replace(/\.cases\.json$/, '.json') : p)))];
  const missingDocs = paths.filter((p) => !existsSync(resolve(io.cwd, p)));
  if (missingDocs.length > 0) {
    for (const p of missingDocs) io.err(`用例文件旁没有对应的文档 / no document beside the case file: ${p}`);
    return 2;
  }

  const checked: CheckedFile[] = [];
  const add = (file: CheckedFile, issue: Issue, at?: TextPosition) => {
    file.issues.push({ issue, at: at ?? locatePointer(file.text, issue.path, { nearest: true }) });
  };
  const valid: { doc: PolicyDocument; file: CheckedFile }[] = [];

  for (const pf of readPolicyFiles(paths, io.cwd)) {
    const file: CheckedFile = { displayPath: pf.displayPath, text: pf.text, issues: [] };
    checked.push(file);
    let doc: PolicyDocument | undefined;
    const json = parseJson(pf.text);
    if (!json.success) for (const i of json.issues) add(file, i, json.position);
    else {
      // a document with only semantic errors still takes part in the bundle and case checks
      const result = parseDocument(json.data);
      if (!result.success) for (const i of result.issues) add(file, i);
      else {
        doc = result.data;
        for (const i of semanticIssues(doc)) add(file, i);
        valid.push({ doc, file });
      }
    }
    if (pf.casesFile) {
      const text = readFileSync(pf.casesFile, 'utf8');
      const cases: CheckedFile = { displayPath: relative(io.cwd, pf.casesFile) || pf.casesFile, text, issues: [] };
      checked.push(cases);
      const parsed = parseJson(text);
      if (!parsed.success) for (const i of parsed.issues) add(cases, i, parsed.position);
      else for (const i of validateCaseFile(parsed.data, doc).issues) add(cases, i);
    }
  }

  // the same id and version in two files: the second one is reported
  const seen = new Map<string, CheckedFile>();
  for (const { doc, file } of valid) {
    const key = `${doc.id}@${doc.version}`;
    const first = seen.get(key);
    if (first) {
      add(file, {
        ...makeIssue('document.duplicate-id', '/version', { id: doc.id, version: doc.version }),
        message: `文档 ${doc.id} 的版本 ${doc.version} 出现了不止一次（另见 ${first.displayPath}）`,
        messageEn: `Document ${doc.id} version ${doc.version} appears more than once (see also ${first.displayPath})`,
      });
    } else seen.set(key, file);
  }
  const newest = newestVersions(valid.map((v) => v.doc));
  for (const issue of validateBundle(newest)) {
    const doc = newest.find((d) => d.id === issue.documentId);
    const file = valid.find((v) => v.doc === doc)?.file;
    if (file) add(file, issue);
  }

  let errors = 0;
  let warnings = 0;
  for (const file of checked) {
    const sorted = file.issues
      .map((x, n) => ({ ...x, n }))
      .sort((a, b) => (a.at?.line ?? 0) - (b.at?.line ?? 0) || (a.at?.column ?? 0) - (b.at?.column ?? 0) || a.n - b.n);
    for (const { issue, at } of sorted) {
      if (issue.severity === 'error') errors++;
      else warnings++;
      const where = at ? `${file.displayPath}:${at.line}:${at.column}` : file.displayPath;
      const marker = issue.severity === 'warning' ? (lang === 'zh' ? '[警告] ' : '[warning] ') : '';
      const message = lang === 'zh' ? issue.message : issue.messageEn;
      io.out(`${where} ${issue.path || '/'}  ${issue.code}  ${marker}${message}`);
    }
  }
  if (checked.length === 0) io.err(lang === 'zh' ? '没有找到策略文档（v<N>.json）' : 'no policy documents (v<N>.json) found');
  io.out(summary(checked.length, errors, warnings, lang));
  return errors > 0 ? 1 : 0;
}

function summary(files: number, errors: number, warnings: number, lang: Lang): string {
  if (lang === 'zh') return `${files} 个文件，${errors} 个错误，${warnings} 个警告`;
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return `${n(files, 'file')}, ${n(errors, 'error')}, ${n(warnings, 'warning')}`;
}
