/**
 * Shared pieces of the Excel round trip of the editors' tables other than the supervision items (the
 * sampling table, the department × domain assignment; items-excel.ts is the items' own): writing one
 * sheet with Chinese headers, and `planTable`, which says what an import changes in each mode (append
 * / update by key / replace) before anything is applied. Reading reuses items-excel's `readSheet`.
 */
import { cellText } from './items-excel.ts';
import type { Cell, ImportMode, RowError } from './items-excel.ts';

export type { Cell, ImportMode, RowError };
export { cellText };

/** What an import would do to the table, and the rows it would leave. */
export interface TablePlan<T> {
  rows: T[];
  /** Keys of rows the sheet adds. */
  added: string[];
  /** Rows changed, with the sheet columns that differ. */
  updated: { key: string; fields: string[] }[];
  removed: string[];
  unchanged: number;
  /** Append: keys already in the table, left as they are. */
  skipped: string[];
}

/** A sheet column as a comparable text of a row (its header, and the row's value as the sheet has it). */
export type FieldOf<T> = readonly [string, (row: T) => string];

/**
 * The rows after importing `sheet` into `existing` by `mode`:
 * - `append`: only rows with a new key are added, the others untouched;
 * - `merge`: rows whose key is in the sheet take the sheet's row (`merge(before, next)` keeps what
 *   the sheet does not hold), new keys are added at the end, the rest stays;
 * - `replace`: the table becomes the sheet (rows missing from it are removed).
 *
 * @example
 * planTable([{ grade: 'A', r: 3 }], [{ grade: 'A', r: 5 }], 'merge', (x) => x.grade, [['比例', (x) => String(x.r)]])
 * // → { rows: [{ grade: 'A', r: 5 }], updated: [{ key: 'A', fields: ['比例'] }], added: [], removed: [], … }
 */
export function planTable<T>(
  existing: readonly T[],
  sheet: readonly T[],
  mode: ImportMode,
  keyOf: (row: T) => string,
  fields: readonly FieldOf<T>[],
  merge: (before: T, next: T) => T = (_, next) => next,
): TablePlan<T> {
  const byKey = new Map(sheet.map((x) => [keyOf(x), x]));
  const old = new Map(existing.map((x) => [keyOf(x), x]));
  const added = sheet.filter((x) => !old.has(keyOf(x)));
  const updated: { key: string; fields: string[] }[] = [];
  const merged = (before: T, next: T): T => {
    const changed = fields.filter(([, f]) => f(before) !== f(next));
    if (changed.length === 0) return before;
    updated.push({ key: keyOf(before), fields: changed.map(([c]) => c) });
    return merge(before, next);
  };
  if (mode === 'append')
    return {
      rows: [...existing, ...added],
      added: added.map(keyOf),
      updated: [],
      removed: [],
      unchanged: existing.length,
      skipped: sheet.filter((x) => old.has(keyOf(x))).map(keyOf),
    };
  if (mode === 'merge') {
    const rows = existing.map((x) => (byKey.has(keyOf(x)) ? merged(x, byKey.get(keyOf(x))!) : x));
    return {
      rows: [...rows, ...added],
      added: added.map(keyOf),
      updated,
      removed: [],
      unchanged: existing.length - updated.length,
      skipped: [],
    };
  }
  const rows = sheet.map((x) => (old.has(keyOf(x)) ? merged(old.get(keyOf(x))!, x) : x));
  const removed = existing.filter((x) => !byKey.has(keyOf(x))).map(keyOf);
  return {
    rows,
    added: added.map(keyOf),
    updated,
    removed,
    unchanged: existing.length - updated.length - removed.length,
    skipped: [],
  };
}

/** Full-width parentheses and spaces as people type them; case ignored. */
export const normalise = (s: string) =>
  s.replace(/（/g, '(').replace(/）/g, ')').replace(/\s+/g, '').toLowerCase();

/** A number cell (a number, or text such as “5”, “5%”, “５”), or undefined when it is not one. */
export function numberOf(c: Cell): number | undefined {
  if (typeof c === 'number') return Number.isFinite(c) ? c : undefined;
  const s = cellText(c)
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[%％]$/, '')
    .trim();
  if (s === '' || !/^-?\d+(\.\d+)?$/.test(s)) return undefined;
  return Number(s);
}

async function excel() {
  const m = await import('exceljs');
  return (m as unknown as { default?: typeof m }).default ?? m;
}

/** An .xlsx of one sheet: bold headers, wrapped cells, the given column widths. */
export async function writeTable(
  sheetName: string,
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  widths: readonly number[] = [],
): Promise<Blob> {
  const ExcelJS = await excel();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow([...header]);
  for (const r of rows) ws.addRow([...r]);
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1, xSplit: 1 }];
  ws.columns.forEach((c, i) => {
    c.width = widths[i] ?? 12;
    c.alignment = { wrapText: true, vertical: 'top' };
  });
  const buf = await wb.xlsx.writeBuffer();
  return new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

/** Offers a blob as a download named `fileName`. */
export function download(blob: Blob, fileName: string) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
