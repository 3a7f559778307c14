/** Every golden case under the repository's policies/ must pass; a failure names the file and case. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '@policy/schemas';
import { validateDocument } from '@policy/schemas';
import { readPolicyFiles } from '@policy/schemas/node';
import { runGoldenCases } from './golden.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const policiesDir = join(root, 'policies');
const files = existsSync(policiesDir) ? readPolicyFiles([policiesDir], root) : [];
const docs = files.map((f) => {
  const r = validateDocument(JSON.parse(f.text));
  if (!r.success) throw new Error(`${f.displayPath}: ${r.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
  return { file: f, doc: r.data };
});
/** Documents of the same policies directory as a file (the directory holding `<id>/v<N>.json`). */
const siblings = (file: string): PolicyDocument[] => {
  const dir = dirname(dirname(file));
  return docs.filter((d) => dirname(dirname(d.file.file)) === dir).map((d) => d.doc);
};
const withCases = docs.filter((d) => d.file.casesFile);

describe('golden cases in policies/', () => {
  it('has at least one case file', () => {
    expect(withCases.length).toBeGreaterThan(0);
  });
  for (const { file, doc } of withCases) {
    const casesPath = relative(root, file.casesFile!);
    const run = runGoldenCases(doc, siblings(file.file), JSON.parse(readFileSync(file.casesFile!, 'utf8')));
    describe(casesPath, () => {
      if (!run.success) {
        it('loads and compiles', () => {
          expect.fail(run.problems.map((p) => `${p.path} ${p.message}`).join('\n'));
        });
        return;
      }
      for (const o of run.outcomes) {
        it(`${o.name} (at ${o.at})`, () => {
          expect(o.actual, `${casesPath} › ${o.name}: ${o.message ?? ''}`).toBeDefined();
          expect(o.passed, `${casesPath} › ${o.name}: ${o.message ?? ''}`).toBe(true);
        });
      }
    });
  }
});
