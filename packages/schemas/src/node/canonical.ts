import { createHash } from 'node:crypto';
import type { BundleVerification } from '../release-bundle.ts';
import { verifyReleaseBundle } from '../release-bundle.ts';

/** JSON with object keys sorted at every level, no whitespace: the input of every stored hash. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** Lower-case hex SHA-256 of a UTF-8 string. */
export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** SHA-256 of the canonical JSON of a value. */
export const contentHash = (value: unknown): string => sha256(canonicalJson(value));

/** Checks a release bundle (parsed JSON) offline: every document's content hash and the bundle hash. */
export const verifyBundle = (value: unknown): BundleVerification => verifyReleaseBundle(value, contentHash);
