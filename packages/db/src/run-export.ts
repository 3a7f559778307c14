/**
 * Exports of a stored run's results: JSONL (the lines of `policy evaluate`), CSV and XLSX with
 * Chinese headers, all enterprises or one department's (the enterprises of its domains). The
 * document legend (titles, grade and rule labels) comes from the run's aggregates as the evaluator
 * wrote them. Every export is audit-logged (`run.export`).
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Actor } from './actor.ts';
import type { Database } from './database.ts';
import { DbError } from './errors.ts';
import { dialectOf } from './raw.ts';
import type { Run } from './run.repository.ts';
import { forEachRunChunk, getRunDetail, parseRunPayload, recordRunExport } from './run.repository.ts';
import { XlsxStreamWriter } from './xlsx-stream.ts';

export const RUN_EXPORT_FORMATS = ['jsonl', 'csv', 'xlsx'] as const;
export type RunExportFormat = (typeof RUN_EXPORT_FORMATS)[number];

/** How the evaluator labelled a run's documents (stored with its aggregates as `legend`). */
export interface RunLegendDocument {
  id: string;
  kind: 'grading' | 'industry-model';
  title: string;
  rules: string[];
  ruleLabels: { zh: string; en: string }[];
}

/** The per-enterprise JSON a run stores (the shape `policy evaluate` writes). */
interface StoredResult {
  uscc: string;
  name: string;
  results: Record<string, { grade: string | null; rule: string | null; score?: number }>;
  departments: string[];
  sampling: { grade: string | null; ratioPercent: number; frequencyPerYear: number } | null;
}

const csvCell = (v: string | number | null | undefined): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Columns a text takes in a spreadsheet (CJK and other wide characters count two). */
const displayWidth = (s: string): number => {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch) ? 2 : 1;
  return w;
};

/** The headers and a row maker of a run's table exports. */
function table(legend: RunLegendDocument[]) {
  const headers = ['统一社会信用代码', '名称', ...legend.map((d) => `${d.title}（等级）`), '决定规则', '抽查比例', '抽查频次'];
  const labels = legend.map((d) => new Map(d.rules.map((r, k) => [r, d.ruleLabels[k]?.zh ?? r])));
  const row = (r: StoredResult): (string | number | null)[] => {
    const sentences: string[] = [];
    legend.forEach((d, k) => {
      const res = r.results[d.id];
      if (!res?.rule) return;
      sentences.push(`${d.title}：${labels[k]!.get(res.rule) ?? res.rule}，评为 ${res.grade ?? '—'}`);
    });
    return [
      r.uscc,
      r.name,
      ...legend.map((d) => r.results[d.id]?.grade ?? null),
      sentences.join('；'),
      r.sampling ? `${r.sampling.ratioPercent}%` : null,
      r.sampling ? `${r.sampling.frequencyPerYear} 次/年` : null,
    ];
  };
  // USCC, name, a grade per document (as wide as its title), the rule sentences, ratio, frequency
  const widths = [22, 36, ...headers.slice(2, 2 + legend.length).map((h) => Math.min(40, Math.max(10, displayWidth(h) + 2))), 80, 10, 12];
  return { headers, widths, row };
}

const NEWLINE = 0x0a;
const TAB = 0x09;

/** A run's stored chunks in order as UTF-8 bytes (on SQLite read as a blob, not decoded to a string). */
async function forEachRunPayload(db: Kysely<Database>, runId: number, fn: (payload: Buffer) => void | Promise<void>): Promise<void> {
  const column = sql.raw(dialectOf(db) === 'sqlite' ? 'cast(payload as blob)' : 'payload');
  const PAGE = 8;
  for (let from = 0; ; from += PAGE) {
    const rows = await db
      .selectFrom('run_results')
      .select(sql<Uint8Array | string>`${column}`.as('payload'))
      .where('run_id', '=', runId)
      .where('chunk_no', '>=', from)
      .where('chunk_no', '<', from + PAGE)
      .orderBy('chunk_no')
      .execute();
    if (rows.length === 0) return;
    for (const r of rows) {
      const p = r.payload;
      await fn(typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.isBuffer(p) ? p : Buffer.from(p.buffer, p.byteOffset, p.byteLength));
    }
  }
}

/**
 * The result JSON texts of a chunk's payload; with `department`, only of the lines that hold it as
 * a JSON string (every line whose `departments` holds it does), found by a byte search of the
 * payload rather than by decoding and parsing every line: a department has a few percent of a
 * run's enterprises. The caller still checks `departments` of what it parses.
 */
function candidateLines(payload: Buffer, department: string | null): string[] {
  if (department === null) return parseRunPayload(payload.toString('utf8')).map((l) => l.json);
  const out: string[] = [];
  const needle = Buffer.from(JSON.stringify(department), 'utf8');
  for (let at = payload.indexOf(needle); at >= 0; ) {
    const start = payload.lastIndexOf(NEWLINE, at) + 1;
    let end = payload.indexOf(NEWLINE, at);
    if (end < 0) end = payload.length;
    const tab = payload.indexOf(TAB, start);
    if (tab >= 0 && tab < end) out.push(payload.toString('utf8', tab + 1, end));
    at = end < payload.length ? payload.indexOf(needle, end + 1) : -1;
  }
  return out;
}

/**
 * Writes a run's results to `file` (atomically: a temporary file renamed at the end) and
 * audit-logs the export; with `department`, only the enterprises of that department's domains. The
 * credit office and reviewers export everything, a department editor its own department only, a
 * viewer nothing (FORBIDDEN).
 * Returns how many enterprises were written.
 *
 * @example
 * const { count } = await exportRun(db, actor, 7, { format: 'xlsx', department: 'transport', file: 'out.xlsx' });
 */
export async function exportRun(
  db: Kysely<Database>,
  actor: Actor,
  runId: number,
  options: { format: RunExportFormat; department?: string | null; file: string },
): Promise<{ run: Run; count: number }> {
  const department = options.department ?? null;
  if (actor.role === 'viewer' || (actor.role === 'department-editor' && (department === null || department !== actor.department))) {
    throw new DbError('FORBIDDEN', `只能导出本部门的结果 / you can export only your own department's results (${actor.department ?? actor.role})`, { reason: 'department' });
  }
  const detail = await getRunDetail(db, runId);
  if (detail.status !== 'completed' && detail.status !== 'signed-off') {
    throw new DbError('PRECONDITION_FAILED', `评价批次 ${runId} 尚未完成（${detail.status}） / run ${runId} is not completed (${detail.status})`, { reason: 'wrong-status' });
  }
  const { aggregates, ...run } = detail;
  const legend = ((aggregates as { legend?: RunLegendDocument[] } | null)?.legend ?? []).filter((d) => d.kind === 'grading' || d.kind === 'industry-model');
  const { headers, widths, row } = table(legend);
  const tmp = `${options.file}.tmp-${process.pid}`;
  let count = 0;
  try {
    if (options.format === 'xlsx') {
      const xlsx = new XlsxStreamWriter(tmp, { sheetName: '评价结果', headers, widths });
      try {
        await forEachRunPayload(db, runId, async (payload) => {
          const rows: (string | number | null)[][] = [];
          for (const json of candidateLines(payload, department)) {
            const r = JSON.parse(json) as StoredResult;
            if (department !== null && !r.departments.includes(department)) continue;
            rows.push(row(r));
          }
          count += rows.length;
          await xlsx.addRows(rows);
        });
        await xlsx.finish();
      } catch (e) {
        await xlsx.abort();
        throw e;
      }
    } else {
      const fd = openSync(tmp, 'w');
      try {
        if (options.format === 'csv') writeSync(fd, `\uFEFF${headers.map(csvCell).join(',')}\n`);
        await forEachRunChunk(db, runId, (c) => {
          const out: string[] = [];
          for (const l of parseRunPayload(c.payload)) {
            if (options.format === 'jsonl' && department === null) {
              out.push(l.json);
              count++;
              continue;
            }
            const r = JSON.parse(l.json) as StoredResult;
            if (department !== null && !r.departments.includes(department)) continue;
            out.push(options.format === 'jsonl' ? l.json : row(r).map(csvCell).join(','));
            count++;
          }
          if (out.length > 0) writeSync(fd, `${out.join('\n')}\n`);
        });
      } finally {
        closeSync(fd);
      }
    }
    renameSync(tmp, options.file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  await recordRunExport(db, actor, run, { format: options.format, department, count });
  return { run, count };
}
