/**
 * Release bundles (issue 17): the set of documents in force at a date as one JSON file —
 * `{ format, at, documents: [{ id, kind, version, effectiveFrom, contentHash, content }], auditHead: { seq, hash }, bundleHash }`
 * — where each `contentHash` is the SHA-256 of the canonical JSON (keys sorted at every level, no
 * whitespace) of its `content`, and `bundleHash` the SHA-256 of the canonical JSON of the bundle
 * without `bundleHash`. `verifyReleaseBundle` recomputes both; it is pure: the hash of a value's
 * canonical JSON is passed in (`contentHash` of @policy/db, or any SHA-256 of the same canonical
 * JSON), so this module stays free of node:crypto and runs in the browser too.
 */
import { z } from 'zod';
import { DOCUMENT_KINDS } from './documents.ts';

export const RELEASE_BUNDLE_FORMAT = 'policy-release-bundle/1';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const releaseBundleDocument = z.object({
  id: z.string().min(1).max(128),
  kind: z.enum(DOCUMENT_KINDS),
  version: z.number().int().positive(),
  effectiveFrom: day,
  contentHash: hex64,
  /** The stored document, exactly as hashed. */
  content: z.record(z.string(), z.unknown()),
});

export const releaseBundle = z.object({
  format: z.literal(RELEASE_BUNDLE_FORMAT),
  /** The date the documents are in force at. */
  at: day,
  documents: z.array(releaseBundleDocument),
  /** The head of the audit log when the bundle was made. */
  auditHead: z.object({ seq: z.number().int().min(0), hash: hex64 }),
  bundleHash: hex64,
});

export type ReleaseBundle = z.infer<typeof releaseBundle>;
export type ReleaseBundleDocument = z.infer<typeof releaseBundleDocument>;

/** SHA-256 (lower-case hex) of the canonical JSON of a value. */
export type CanonicalHash = (value: unknown) => string;

/** The bundle's hash: of everything but `bundleHash`. */
export const bundleHashOf = (bundle: Omit<ReleaseBundle, 'bundleHash'> & { bundleHash?: string }, hash: CanonicalHash): string => {
  const { bundleHash: _omit, ...rest } = bundle;
  return hash(rest);
};

export interface BundleProblem {
  /** JSON pointer in the bundle ('' = the whole file). */
  path: string;
  message: string;
  messageEn: string;
}

export type BundleVerification = { ok: true; bundle: ReleaseBundle } | { ok: false; problems: BundleProblem[] };

/**
 * Checks a parsed bundle: its shape, every document's content hash, no document twice, and the
 * bundle hash.
 *
 * @example
 * const v = verifyReleaseBundle(JSON.parse(text), contentHash);
 * if (!v.ok) for (const p of v.problems) console.error(p.path, p.message);
 */
export function verifyReleaseBundle(value: unknown, hash: CanonicalHash): BundleVerification {
  const parsed = releaseBundle.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => {
        const path = i.path.map((p) => `/${String(p)}`).join('');
        return { path, message: `发布包格式不符（${path || '/'}）：${i.message}`, messageEn: `not a release bundle at ${path || '/'}: ${i.message}` };
      }),
    };
  }
  const bundle = parsed.data;
  const problems: BundleProblem[] = [];
  const seen = new Set<string>();
  bundle.documents.forEach((d, k) => {
    if (seen.has(d.id)) problems.push({ path: `/documents/${k}/id`, message: `文档 ${d.id} 出现了两次`, messageEn: `document ${d.id} appears twice` });
    seen.add(d.id);
    const actual = hash(d.content);
    if (actual !== d.contentHash) {
      problems.push({
        path: `/documents/${k}/content`,
        message: `${d.id} v${d.version} 的内容与其哈希不符（内容被改动）`,
        messageEn: `${d.id} v${d.version}: the content does not match its hash (content altered)`,
      });
    }
  });
  if (bundleHashOf(bundle, hash) !== bundle.bundleHash) {
    problems.push({ path: '/bundleHash', message: '发布包哈希不符（文件被改动）', messageEn: 'the bundle hash does not match (the file was altered)' });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, bundle };
}
