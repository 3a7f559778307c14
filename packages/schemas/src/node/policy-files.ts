/**
 * Reading `policies/` from disk (Node only; kept out of the pure entry point).
 * Layout: `<dir>/<document-id>/v<N>.json`, golden cases in `<dir>/<document-id>/v<N>.cases.json`.
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export interface PolicyFile {
  /** Absolute path. */
  file: string;
  /** Path relative to the directory that was scanned (or as given). */
  displayPath: string;
  text: string;
  /** Path of the golden-case file beside it, when there is one. */
  casesFile?: string;
}

const VERSION_FILE = /^v\d+\.json$/;

/**
 * Lists policy document files under the given paths: directories are walked recursively for
 * `v<N>.json`; files are taken as given. Sorted by path so output is stable.
 */
export function listPolicyFiles(paths: readonly string[], cwd: string = process.cwd()): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        if (name === 'node_modules' || name.startsWith('.')) continue;
        const child = join(p, name);
        if (statSync(child).isDirectory()) walk(child);
        else if (VERSION_FILE.test(name)) out.push(child);
      }
    } else out.push(p);
  };
  for (const p of paths) walk(resolve(cwd, p));
  return out;
}

/** Reads policy files (text only; parse and validate with `parseJson` / `validateDocument`). */
export function readPolicyFiles(paths: readonly string[], cwd: string = process.cwd()): PolicyFile[] {
  return listPolicyFiles(paths, cwd).map((file) => {
    const casesFile = file.replace(/\.json$/, '.cases.json');
    return {
      file,
      displayPath: relative(cwd, file) || file,
      text: readFileSync(file, 'utf8'),
      casesFile: existsSync(casesFile) ? casesFile : undefined,
    };
  });
}
