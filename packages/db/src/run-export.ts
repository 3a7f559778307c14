/**
 * Exports of a stored run's results: JSONL (the lines of `policy evaluate`), CSV and XLSX with
 * Chinese headers, all enterprises or one department's (the enterprises of its domains). The
 * document legend (titles, grade and rule labels) comes from the run's aggregates as the evaluator
 * wrote them. Every export is audit-logged (`run.export`).
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { Actor } from './actor.ts';
import type { Database } from './database.ts';
import { DbError } from './errors.ts';
import type { Run } from './run.repository.ts';
import { forEachRunChunk, getRunDetail, parseRunPayload, recordRunExport } from './run.repository.ts';

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
  return { headers, row };
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
  const { headers, row } = table(legend);
  const tmp = `${options.file}.tmp-${process.pid}`;
  let count = 0;
  try {
    if (options.format === 'xlsx') {
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useStyles: false, useSharedStrings: false });
      const ws = wb.addWorksheet('评价结果');
      ws.addRow(headers).commit();
      await forEachRunChunk(db, runId, (c) => {
        for (const l of parseRunPayload(c.payload)) {
          const r = JSON.parse(l.json) as StoredResult;
          if (department !== null && !r.departments.includes(department)) continue;
          ws.addRow(row(r)).commit();
          count++;
        }
      });
      ws.commit();
      await wb.commit();
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
