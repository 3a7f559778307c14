/**
 * The default (seed) documents of `policies/`, read from disk and validated (Node only). Tests and
 * tools that need "the documents the project ships" take them from here instead of a copy.
 */
import { fileURLToPath } from 'node:url';
import type { PolicyBundle, PolicyDocument } from '../documents.ts';
import { inForceAt } from '../in-force.ts';
import { parseJson } from '../json.ts';
import { validateDocument } from '../validate.ts';
import { readPolicyFiles } from './policy-files.ts';

/** The repository's `policies/` directory. */
export const DEFAULT_POLICIES_DIR = fileURLToPath(new URL('../../../../policies', import.meta.url));

/**
 * Every `v<N>.json` under `dir`, parsed and validated; throws naming the file and the first issues
 * when one is not a valid document. Sorted by id, then version.
 *
 * @example
 * const docs = loadPolicyDocuments(); // the seed documents of policies/
 */
export function loadPolicyDocuments(dir: string = DEFAULT_POLICIES_DIR): PolicyDocument[] {
  const docs = readPolicyFiles([dir]).map((f) => {
    const parsed = parseJson(f.text);
    const r = parsed.success ? validateDocument(parsed.data) : { success: false as const, issues: parsed.issues };
    if (!r.success) {
      const first = r.issues.filter((i) => i.severity === 'error').slice(0, 5);
      throw new Error(`${f.displayPath}: invalid policy document\n${first.map((i) => `  ${i.path || '/'} ${i.message}`).join('\n')}`);
    }
    return r.data;
  });
  return docs.sort((a, b) => a.id.localeCompare(b.id) || a.version - b.version);
}

/**
 * The bundle of documents in force at a date (`YYYY-MM-DD`): for each id, the version with the
 * latest `effectiveFrom` not after `at`.
 *
 * @example
 * const bundle = policyBundleAt('2026-10-31'); // compile(bundle) for the seed rules
 */
export function policyBundleAt(at: string, dir: string = DEFAULT_POLICIES_DIR): PolicyBundle {
  return { documents: inForceAt(loadPolicyDocuments(dir), at) };
}
