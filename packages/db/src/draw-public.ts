/**
 * The public list of a published draw (一公开, issue 14): enterprise name, USCC, items and the
 * inspection window — never the grade, the ratio or the inspectors' pairing details beyond names
 * (the grade is internal: 003 第五条). As rows, CSV (with a BOM) or XLSX with Chinese headers.
 */
import ExcelJS from 'exceljs';
import type { DrawDetail, DrawRound } from './draw.repository.ts';
import { DbError } from './errors.ts';

export interface PublicInspection {
  uscc: string;
  name: string;
  /** Item names (Chinese), in the draw's order. */
  items: string[];
  windowFrom: string | null;
  windowTo: string | null;
}

export const PUBLIC_LIST_HEADERS = ['序号', '统一社会信用代码', '市场主体名称', '检查事项', '检查时间'] as const;

interface StoredRecord {
  labels?: Record<string, string>;
  inspections?: { uscc: string; name: string; items: string[] }[];
}

/**
 * The public rows of a published draw (PRECONDITION_FAILED before publication). Items are named by
 * the draw's labels: the supervision items when the department has them, else the domains.
 */
export function publicInspections(draw: DrawDetail, round: DrawRound | undefined): PublicInspection[] {
  if (draw.status !== 'published') throw new DbError('PRECONDITION_FAILED', '抽取结果尚未公开 / the draw is not published', { reason: 'wrong-status' });
  const r = draw.result as StoredRecord;
  const labels = r.labels ?? {};
  return (r.inspections ?? []).map((x) => {
    const named = x.items.filter((i) => labels[i] !== undefined);
    // item codes (with names) when there are; otherwise the domains' names
    const codes = named.filter((i) => /[A-Z]+-\d+/.test(i));
    const shown = (codes.length > 0 ? codes : named).map((i) => labels[i]!);
    return { uscc: x.uscc, name: x.name, items: shown, windowFrom: round?.windowFrom ?? null, windowTo: round?.windowTo ?? null };
  });
}

const windowText = (x: PublicInspection) => (x.windowFrom || x.windowTo ? `${x.windowFrom ?? ''} 至 ${x.windowTo ?? ''}` : '');

/** The public list as a file: CSV (UTF-8 with a BOM, for Excel) or XLSX. */
export async function publicListFile(rows: readonly PublicInspection[], format: 'csv' | 'xlsx', title: string): Promise<Buffer> {
  const table = rows.map((x, k) => [String(k + 1), x.uscc, x.name, x.items.join('、'), windowText(x)]);
  if (format === 'csv') {
    const q = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    return Buffer.from('\uFEFF' + [[...PUBLIC_LIST_HEADERS], ...table].map((r) => r.map(q).join(',')).join('\r\n') + '\r\n', 'utf8');
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(title.slice(0, 31) || '抽查名单');
  ws.addRow([...PUBLIC_LIST_HEADERS]);
  for (const r of table) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
