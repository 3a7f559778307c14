/**
 * Datasets stored before dates were checked against the real calendar (a record dated `2026-02-30`
 * was accepted by the old pattern). Imports refuse such dates now; for datasets already stored, the
 * evaluation fails with `invalid date: …` when it builds the population. This module finds *which*
 * row and field are at fault, so that the caller answers with a clear BAD_REQUEST naming them
 * instead of a 500 — and the only fix is to re-import the corrected file (datasets never change).
 *
 * The scan runs only on that failure path (never on a healthy load) and its answer is cached per
 * dataset: stored datasets are immutable, so the answer cannot go stale.
 */
import { calendarDateProblem, enterpriseRecord } from '@policy/schemas';
import type { Issue } from '@policy/schemas';
import type { Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { Database } from './database.ts';
import { DbError } from './errors.ts';

/** One impossible date in a stored dataset. */
export interface StoredDateProblem {
  /** 1-based row of the dataset (its position in the imported file). */
  row: number;
  uscc: string;
  /** JSON pointer inside the enterprise record, e.g. `/records/0/date`. */
  path: string;
  /** The field's Chinese title, e.g. `决定日期`. */
  field: string;
  value: string;
  message: string;
  messageEn: string;
}

/** The date fields of an enterprise record with their titles (`@policy/schemas` enterprise.ts). */
const FIELDS = {
  lists: { from: ['列入日期', 'list entry date'], until: ['移出日期', 'list removal date'] },
  records: { date: ['决定日期', 'decision date'], repairedAt: ['信用修复日期', 'credit repair date'] },
  objection: { filed: ['异议提出日期', 'objection filing date'], resolved: ['异议处理日期', 'objection resolution date'] },
} as const;

/** The impossible dates of one record (each date field that is a string but not a calendar date). */
export function recordDateProblems(record: unknown, row: number): StoredDateProblem[] {
  const out: StoredDateProblem[] = [];
  if (!record || typeof record !== 'object') return out;
  const r = record as { uscc?: unknown; lists?: unknown; records?: unknown };
  const uscc = typeof r.uscc === 'string' ? r.uscc : '';
  const check = (value: unknown, path: string, [zh, en]: readonly [string, string]) => {
    if (value === null || value === undefined) return;
    const p = calendarDateProblem(value, { zh, en });
    if (p) out.push({ row, uscc, path, field: zh, value: String(value), ...p });
  };
  const each = (list: unknown, fn: (item: Record<string, unknown>, base: string) => void, name: string) => {
    if (Array.isArray(list)) list.forEach((item, i) => item && typeof item === 'object' && fn(item as Record<string, unknown>, `/${name}/${i}`));
  };
  each(r.lists, (l, base) => {
    for (const [k, names] of Object.entries(FIELDS.lists)) check(l[k], `${base}/${k}`, names);
  }, 'lists');
  each(r.records, (d, base) => {
    for (const [k, names] of Object.entries(FIELDS.records)) check(d[k], `${base}/${k}`, names);
    const o = d.objection as Record<string, unknown> | undefined;
    if (o && typeof o === 'object') for (const [k, names] of Object.entries(FIELDS.objection)) check(o[k], `${base}/objection/${k}`, names);
  }, 'records');
  return out;
}

// bounded: one small answer per dataset that failed, kept while the database handle lives
const scans = new WeakMap<Kysely<Database>, LRUCache<number, Promise<StoredDateProblem[]>>>();

/**
 * The impossible dates stored in a dataset (at most `limit`, in row order); empty for a sound one.
 * Reads the chunks a page at a time and yields between pages. Cached per dataset.
 *
 * @example
 * const problems = await storedDateProblems(db, 3); // [{ row: 12, field: '决定日期', value: '2026-02-30', … }]
 */
export function storedDateProblems(db: Kysely<Database>, datasetId: number, limit = 20): Promise<StoredDateProblem[]> {
  let cache = scans.get(db);
  if (!cache) scans.set(db, (cache = new LRUCache({ max: 64 })));
  const hit = cache.get(datasetId);
  if (hit) return hit;
  const pending = scan(db, datasetId, limit);
  cache.set(datasetId, pending);
  pending.catch(() => cache.delete(datasetId));
  return pending;
}

async function scan(db: Kysely<Database>, datasetId: number, limit: number): Promise<StoredDateProblem[]> {
  const out: StoredDateProblem[] = [];
  const PAGE = 8;
  for (let from = 0; out.length < limit; from += PAGE) {
    const chunks = await db
      .selectFrom('dataset_chunks')
      .select(['first_row', 'payload'])
      .where('dataset_id', '=', datasetId)
      .where('chunk_no', '>=', from)
      .where('chunk_no', '<', from + PAGE)
      .orderBy('chunk_no')
      .execute();
    if (chunks.length === 0) break;
    for (const c of chunks) {
      const records = JSON.parse(c.payload) as unknown[];
      records.forEach((record, i) => {
        // the schema's fast check first; only a record it refuses is walked field by field
        if (out.length < limit && !enterpriseRecord.safeParse(record).success) out.push(...recordDateProblems(record, Number(c.first_row) + i));
      });
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return out.slice(0, limit);
}

/** Whether an error is the evaluation's refusal of an impossible date (`invalid date: 2026-02-30`). */
export const isInvalidDateError = (e: unknown): boolean => e instanceof Error && /\binvalid date: /.test(e.message);

/**
 * The BAD_REQUEST to answer instead of a 500 when a dataset holds an impossible date: names the
 * first rows and fields (also as `issues`, path `/rows/<row><pointer>`), or undefined when the
 * dataset has none (the error came from elsewhere).
 *
 * @example
 * try { await preview(…) } catch (e) { throw (isInvalidDateError(e) && (await storedDateError(db, datasetId))) || e; }
 */
export async function storedDateError(db: Kysely<Database>, datasetId: number): Promise<DbError | undefined> {
  const problems = await storedDateProblems(db, datasetId);
  if (problems.length === 0) return undefined;
  const first = problems[0]!;
  const issues: Issue[] = problems.map((p) => ({
    code: 'schema.invalid',
    severity: 'error',
    path: `/rows/${p.row}${p.path}`,
    message: `第 ${p.row} 行（${p.uscc}）：${p.message}`,
    messageEn: `row ${p.row} (${p.uscc}): ${p.messageEn}`,
  }));
  const more = problems.length > 1 ? `等 ${problems.length} 处` : '';
  const moreEn = problems.length > 1 ? ` and ${problems.length - 1} more` : '';
  return new DbError(
    'BAD_REQUEST',
    `数据集 ${datasetId} 含有不存在的日期，无法评价：第 ${first.row} 行的${first.field} ${first.value}${more}。该数据集导入于日期校验之前，请修正文件后重新导入 / ` +
      `dataset ${datasetId} holds an impossible date and cannot be evaluated: row ${first.row}, ${FIELD_EN[first.field] ?? first.field} ${first.value}${moreEn}. ` +
      `It was imported before dates were checked; correct the file and import it again`,
    { reason: 'invalid-input', issues },
  );
}

const FIELD_EN: Record<string, string> = Object.fromEntries(
  Object.values(FIELDS).flatMap((group) => Object.values(group).map(([zh, en]) => [zh, en] as const)),
);
