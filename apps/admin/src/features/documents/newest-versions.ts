/** The newest version of each bundled default document: `policies/<id>/v<N>.json` with the highest N. */

export interface BundledVersion {
  /** The document id: the folder name. */
  id: string;
  /** N of `v<N>.json`. */
  version: number;
  /** The path the build's glob gave. */
  path: string;
}

const VERSION_FILE = /(?:^|\/)([^/]+)\/v(\d+)\.json$/;

/**
 * From the paths of `policies/*\/v*.json`, the newest version of each document (highest N, compared as a
 * number: v10 is newer than v9), sorted by id. Other files (`v1.cases.json`, golden cases) are left out.
 *
 * @example
 * newestVersions(['../policies/a/v1.json', '../policies/a/v2.json']) // → [{ id: 'a', version: 2, path: '../policies/a/v2.json' }]
 */
export function newestVersions(paths: readonly string[]): BundledVersion[] {
  const newest = new Map<string, BundledVersion>();
  for (const path of paths) {
    const m = VERSION_FILE.exec(path);
    if (!m) continue;
    const v = { id: m[1]!, version: Number(m[2]), path };
    const known = newest.get(v.id);
    if (!known || v.version > known.version) newest.set(v.id, v);
  }
  return [...newest.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
