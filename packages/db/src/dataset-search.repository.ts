/**
 * Search of the enterprises of a dataset by USCC prefix or name fragment (over the searchable
 * columns of `dataset_enterprises`).
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import { dialectOf } from './raw.ts';

/** One enterprise found by {@link searchDatasetEnterprises}. */
export interface EnterpriseMatch {
  uscc: string;
  name: string;
  /** Position in the imported file (1-based). */
  rowNumber: number;
  industryCode: string;
  regionCode: string | null;
}

/** The characters a USCC query may be a prefix of (GB 32100 alphabet, plus the letters it leaves out). */
const USCC_PREFIX = /^[0-9A-Z]{1,18}$/;
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * The smallest alphanumeric string greater than every string starting with `prefix` (in byte order
 * and in linguistic collations alike, as only digits and capital letters are involved), or
 * `undefined` when there is none (`ZZZ…`).
 */
function prefixUpperBound(prefix: string): string | undefined {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const k = ALNUM.indexOf(prefix[i]!);
    if (k < ALNUM.length - 1) return prefix.slice(0, i) + ALNUM[k + 1]!;
  }
  return undefined;
}

/** `%`, `_` and the escape character itself taken literally in a LIKE pattern (escape `\`). */
const likeLiteral = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const MAX_SEARCH = 100;

/**
 * Enterprises of a dataset whose 统一社会信用代码 starts with `query` or whose name contains it
 * (case-insensitive), USCC matches first (in USCC order), then name matches in import order; at most
 * `limit` (1–100, default 20), each enterprise once. Blank queries find nothing.
 *
 * The USCC prefix is a range over the `(dataset_id, uscc)` index; the name fragment is a LIKE
 * (SQLite, ASCII case-insensitive) or ILIKE (PostgreSQL) read along the primary key that stops at
 * `limit` matches — a fragment found nowhere reads the whole dataset (see IMPORT.md for the
 * figures at 1,000,000 enterprises). A full 18-character USCC is looked up by USCC only.
 *
 * @example
 * const found = await searchDatasetEnterprises(db, 3, '食品');
 * // [{ uscc: '91350100M000100Y43', name: '福州某某食品有限公司', rowNumber: 17, industryCode: 'C1391', regionCode: '350102' }, …]
 */
export async function searchDatasetEnterprises(db: Kysely<Database>, datasetId: number, query: string, limit = 20): Promise<EnterpriseMatch[]> {
  const q = query.trim();
  const max = Math.max(1, Math.min(MAX_SEARCH, Math.floor(limit) || 1));
  if (!q) return [];
  const columns = ['uscc', 'name', 'row_number', 'industry_code', 'region_code'] as const;
  const out: EnterpriseMatch[] = [];
  const seen = new Set<number>();
  const add = (rows: { uscc: string; name: string; row_number: number; industry_code: string; region_code: string | null }[]) => {
    for (const r of rows) {
      const rowNumber = Number(r.row_number);
      if (seen.has(rowNumber) || out.length >= max) continue;
      seen.add(rowNumber);
      out.push({ uscc: r.uscc, name: r.name, rowNumber, industryCode: r.industry_code, regionCode: r.region_code });
    }
  };
  const upper = q.toUpperCase();
  if (USCC_PREFIX.test(upper)) {
    const bound = prefixUpperBound(upper);
    let byUscc = db
      .selectFrom('dataset_enterprises')
      .select(columns)
      .where('dataset_id', '=', datasetId)
      .where('uscc', '>=', upper);
    if (bound !== undefined) byUscc = byUscc.where('uscc', '<', bound);
    add(await byUscc.orderBy('uscc').orderBy('row_number').limit(max).execute());
    if (upper.length === 18) return out;
  }
  if (out.length >= max) return out;
  const pattern = `%${likeLiteral(q)}%`;
  // SQLite's LIKE ignores ASCII case; on PostgreSQL plain LIKE is 2× faster than ILIKE, so fold
  // case only when the fragment has letters with a case at all (Chinese has none)
  const cased = q.toLowerCase() !== q || q.toUpperCase() !== q;
  const condition =
    cased && dialectOf(db) === 'postgres' ? sql<boolean>`lower(name) like ${pattern.toLowerCase()} escape '\\'` : sql<boolean>`name like ${pattern} escape '\\'`;
  const byName = await db
    .selectFrom('dataset_enterprises')
    .select(columns)
    .where('dataset_id', '=', datasetId)
    .where(condition)
    .orderBy('row_number')
    .limit(max)
    .execute();
  add(byName);
  return out;
}
