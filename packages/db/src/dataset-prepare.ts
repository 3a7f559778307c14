/**
 * Reading and checking an enterprise file for an import, without the database: the rows and chunks
 * to write (see {@link prepareImport}), every bad row with its place in the file, and the warnings.
 * CPU work only: the server runs it in a worker thread.
 */
import { parseIndustryCode, RECORD_KINDS } from '@policy/schemas';
import type { EnterpriseRecord } from '@policy/schemas';
import type { Candidate, ImportInput, RowIssue, RowLocation } from './import/sources.ts';
import { readCandidates } from './import/sources.ts';
import { checkEnterprise } from './validate.ts';

/** One row of `dataset_enterprises` (the searchable columns; the record itself lives in a chunk). */
export interface Row {
  row_number: number;
  uscc: string;
  name: string;
  industry_code: string;
  region_code: string | null;
}

/** One row of `dataset_chunks`. */
export interface Chunk {
  chunk_no: number;
  first_row: number;
  row_count: number;
  payload: string;
}

/** Records per `dataset_chunks` row (about 0.5 MB of JSON). */
export const CHUNK_ROWS = 2_000;

const NON_ASCII = /[\u0080-\uffff]+/g;
const escapes: string[] = [];
const escapeRun = (run: string): string => {
  let out = '';
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    out += escapes[c] ??= `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return out;
};

/**
 * JSON text with every non-ASCII character as a `\uXXXX` escape (same value once parsed). Stored
 * that way, the chunks decode from UTF-8 on the fast ASCII path when loaded: several times less
 * CPU than Chinese text, for 15 % more bytes.
 */
export const asciiJson = (json: string): string => json.replace(NON_ASCII, escapeRun);

/** Where a zod issue inside `records[i]` / `lists[i]` points, for tabular sources. */
function locate(c: Extract<Candidate, { ok: true }>, path: string): RowLocation {
  const m = /^\/(records|lists)\/(\d+)/.exec(path);
  const locs = m ? (m[1] === 'records' ? c.recordLocs : c.listLocs) : undefined;
  return (m && locs?.[Number(m[2])]) || c.loc;
}

/** Options of {@link prepareImport}: the file and how to report on it (no database involved). */
export interface PrepareOptions extends ImportInput {
  /** A progress batch (possibly without rows) every this many rows read; default 10,000. */
  progressEvery?: number;
  /** Stop listing errors after this many (the import is refused either way); default 1,000. */
  maxErrors?: number;
  /**
   * Sees every good record, in row order, as it is stored (while no bad row has been found): how an
   * import builds the dataset's population columns as it reads (issue 16).
   */
  onRecord?: (record: EnterpriseRecord) => void;
}

/**
 * Rows ready to be written, produced by {@link prepareImport}: the searchable columns of each
 * enterprise and the chunks of records (ASCII JSON). Plain data: it crosses a worker boundary.
 */
export interface PreparedBatch {
  rows: Row[];
  chunks: Chunk[];
  /** Rows read so far. */
  read: number;
  /** True at the progress points (every `progressEvery` rows read). */
  progress: boolean;
}

/** What {@link prepareImport} found once the whole file is read. */
export interface PreparedSummary {
  read: number;
  /** Good enterprises (all written in the batches when `errorCount` is 0). */
  count: number;
  errors: RowIssue[];
  errorCount: number;
  warnings: RowIssue[];
  /**
   * The population column bytes of the good records (see `ImportOptions.columns`), stored with the
   * dataset when it becomes visible; absent when none were built.
   */
  columns?: Uint8Array;
  /** Why no column bytes were built although asked for (stored without them). */
  columnsError?: string;
}

/**
 * Reads and checks a file for {@link importDataset} without touching the database: yields batches
 * of rows to write (a chunk's worth, {@link CHUNK_ROWS}, or fewer at each progress point: each is written in a transaction of a few milliseconds) while no bad row has been
 * found, then keeps reading to list every bad row, and returns the summary. CPU work only: the
 * server runs it in a worker thread and writes the batches on the main thread.
 *
 * @example
 * const it = prepareImport({ format: 'jsonl', input });
 * for (let r = await it.next(); !r.done; r = await it.next()) write(r.value);
 */
export async function* prepareImport(options: PrepareOptions): AsyncGenerator<PreparedBatch, PreparedSummary, void> {
  const every = options.progressEvery ?? 10_000;
  const maxErrors = options.maxErrors ?? 1_000;
  const candidates = await readCandidates(options);
  const errors: RowIssue[] = [];
  let errorCount = 0;
  const warnings: RowIssue[] = [];
  const unknownKinds = new Map<string, { count: number; first: RowLocation & { path: string } }>();
  const addError = (i: RowIssue) => {
    errorCount++;
    if (errors.length < maxErrors) errors.push(i);
  };
  const seen = new Map<string, RowLocation>();
  let batch: Row[] = [];
  let chunks: Chunk[] = [];
  let parts: string[] = [];
  let count = 0;
  let chunkNo = 0;
  let read = 0;
  /** Closes the chunk of the records in `parts` (rows `count - parts.length + 1 … count`). */
  const closeChunk = () => {
    chunks.push({ chunk_no: chunkNo++, first_row: count - parts.length + 1, row_count: parts.length, payload: asciiJson(`[${parts.join(',')}]`) });
    parts = [];
  };
  const take = (progress = false): PreparedBatch => {
    const out = { rows: batch, chunks, read, progress };
    batch = [];
    chunks = [];
    return out;
  };
  for (const c of candidates) {
    read++;
    if (!c.ok) {
      if (c.issue.severity === 'error') addError(c.issue);
      else warnings.push(c.issue);
    } else {
      const checked = checkEnterprise(c.record);
      if (!checked.success) {
        for (const i of checked.issues) addError({ ...locate(c, i.path), severity: 'error', path: i.path, message: i.message, messageEn: i.messageEn });
      } else {
        const e = checked.data;
        const industry = parseIndustryCode(e.industryCode);
        const prior = seen.get(e.uscc);
        if (prior) {
          addError({
            ...c.loc,
            severity: 'error',
            path: '/uscc',
            message: `统一社会信用代码重复，首次出现在第 ${prior.row} 行`,
            messageEn: `duplicate uscc, first seen on row ${prior.row}`,
          });
        } else {
          seen.set(e.uscc, c.loc);
          for (const w of checked.warnings) warnings.push({ ...locate(c, w.path), severity: 'warning', path: w.path, message: w.message, messageEn: w.messageEn });
          // record kinds outside the contract (CONTRACTS §1): counted per kind, reported once each below
          e.records?.forEach((r, j) => {
            if (KNOWN.has(r.kind)) return;
            const u = unknownKinds.get(r.kind);
            if (u) u.count++;
            else unknownKinds.set(r.kind, { count: 1, first: { ...locate(c, `/records/${j}/kind`), path: `/records/${j}/kind` } });
          });
          count++;
          if (errorCount === 0) {
            batch.push({
              row_number: count,
              uscc: e.uscc,
              name: e.name,
              industry_code: industry.ok ? industry.normalized : e.industryCode,
              region_code: e.regionCode ?? null,
            });
            parts.push(JSON.stringify(e));
            options.onRecord?.(e);
            if (parts.length === CHUNK_ROWS) closeChunk();
          }
        }
      }
    }
    if (errorCount > 0) {
      // nothing more is written: drop what was not handed out yet
      batch = [];
      chunks = [];
      parts = [];
    }
    if (read % every === 0) {
      yield take(true);
    } else if (batch.length >= CHUNK_ROWS) {
      yield take();
    }
  }
  if (errorCount === 0) {
    if (parts.length > 0) closeChunk();
    if (batch.length > 0 || chunks.length > 0) yield take();
  }
  warnings.push(...unknownKindWarnings(unknownKinds));
  return { read, count, errors, errorCount, warnings };
}

const KNOWN: ReadonlySet<string> = new Set(RECORD_KINDS);

/**
 * One warning per record kind outside the contract (issue 13 finding 8), placed on its first record,
 * with the number of records: such records still count as general dishonesty records (000 三(一)
 * names only the serious kinds; every other dishonesty record is general) unless a grading lists
 * the kind — the warning says so instead of counting them silently.
 */
export function unknownKindWarnings(kinds: ReadonlyMap<string, { count: number; first: RowLocation & { path: string } }>): RowIssue[] {
  return [...kinds].map(([kind, { count, first }]) => ({
    ...first,
    severity: 'warning' as const,
    message: `记录类型 ${kind} 不是已知的记录类型（共 ${count} 条记录），评价时按一般失信记录计入，除非评价规则另行设定其严重程度`,
    messageEn: `record kind ${kind} is not a known record kind (${count} records); grading counts them as general dishonesty records unless a grading sets their severity`,
  }));
}
