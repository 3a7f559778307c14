/**
 * The sampling table ⇄ Excel (issue 15): one grade per row with the grid's Chinese headers; 现场检查 is
 * written as the grid shows it (无事不扰 …) and read back by name or code; 比例区间 as “1–5” (empty: none).
 * Any bad cell refuses the whole file, naming row and column; rows are matched by 等级.
 */
import type { SamplingRow } from '@policy/schemas';
import type { Lang, MessageKey } from '../../../../i18n/index.tsx';
import { translate } from '../../../../i18n/index.tsx';
import { ENUM_LABELS } from '../../../../i18n/schema-labels.ts';
import { cellText, normalise, numberOf, planTable } from './table-excel.ts';
import type { Cell, FieldOf, ImportMode, RowError, TablePlan } from './table-excel.ts';

export const SAMPLING_COLUMNS = ['等级', '抽查比例(%)', '比例区间(%)', '每年次数', '现场检查', '说明'] as const;
type Column = (typeof SAMPLING_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['等级', '抽查比例(%)', '每年次数', '现场检查'];
const ON_SITE = ['on-trigger', 'normal', 'focused', 'when-necessary', 'always'] as const;

const onSiteName = (v: string) => ENUM_LABELS[v]?.[0] ?? v;
const rangeText = (r: SamplingRow) => (r.range ? `${r.range.min}–${r.range.max}` : '');

/** One row as the sheet has it. */
export function samplingToRow(r: SamplingRow): (string | number)[] {
  return [r.grade, r.ratioPercent, rangeText(r), r.frequencyPerYear, onSiteName(r.onSite), r.note ?? ''];
}

/** Reads sheet rows (the first is the header) into sampling rows, or every bad cell. */
export function rowsToSampling(
  sheet: readonly (readonly Cell[])[],
  lang: Lang,
): { ok: true; rows: SamplingRow[] } | { ok: false; errors: RowError[] } {
  const tr = (key: MessageKey, p?: Record<string, string | number>) => translate(lang, key, p);
  const header = (sheet[0] ?? []).map((c) => normalise(cellText(c)));
  const col: Partial<Record<Column, number>> = {};
  const errors: RowError[] = [];
  for (const name of SAMPLING_COLUMNS) {
    const i = header.indexOf(normalise(name));
    if (i >= 0) col[name] = i;
    else if (REQUIRED.includes(name)) errors.push({ row: 1, column: name, message: tr('xlsx.badHeader', { column: name }) });
  }
  if (errors.length) return { ok: false, errors };
  const rows: SamplingRow[] = [];
  const seen = new Map<string, number>();
  sheet.slice(1).forEach((cells, k) => {
    const row = k + 2;
    const raw = (name: Column): Cell => (col[name] === undefined ? undefined : cells[col[name]!]);
    const get = (name: Column) => cellText(raw(name));
    if (SAMPLING_COLUMNS.every((c) => get(c) === '')) return;
    const bad = (column: Column, message: string) => errors.push({ row, column, message });
    const before = errors.length;
    for (const name of REQUIRED) if (!get(name)) bad(name, tr('xlsx.missing'));
    const num = (name: Column, max: number) => {
      if (!get(name)) return undefined;
      const v = numberOf(raw(name));
      if (v === undefined) bad(name, tr('xlsx.notNumber', { value: get(name) }));
      else if (v < 0 || v > max) bad(name, tr('xlsx.outOfRange', { value: v, min: 0, max }));
      return v;
    };
    const grade = get('等级');
    if (grade && seen.has(grade)) bad('等级', tr('xlsx.duplicate', { key: grade, other: seen.get(grade)! }));
    if (grade) seen.set(grade, row);
    const ratioPercent = num('抽查比例(%)', 100);
    const frequencyPerYear = num('每年次数', 52);
    let range: SamplingRow['range'];
    const rangeRaw = get('比例区间(%)');
    if (rangeRaw) {
      const m = /^(\d+(?:\.\d+)?)\s*%?\s*[-–—~～至到]\s*(\d+(?:\.\d+)?)\s*%?$/.exec(rangeRaw);
      const min = m ? Number(m[1]) : NaN;
      const max = m ? Number(m[2]) : NaN;
      if (!m || min > max || max > 100) bad('比例区间(%)', tr('xlsx.badRange'));
      else range = { min, max };
    }
    const onSiteRaw = get('现场检查');
    const onSite = ON_SITE.find(
      (v) => normalise(v) === normalise(onSiteRaw) || (ENUM_LABELS[v] ?? []).some((l) => normalise(l) === normalise(onSiteRaw)),
    );
    if (onSiteRaw && !onSite)
      bad('现场检查', tr('xlsx.badOnSite', { value: onSiteRaw, allowed: ON_SITE.map(onSiteName).join('、') }));
    if (errors.length > before) return;
    const note = get('说明');
    rows.push({
      grade,
      ratioPercent: ratioPercent!,
      ...(range ? { range } : {}),
      frequencyPerYear: frequencyPerYear!,
      onSite: onSite!,
      ...(note ? { note } : {}),
    });
  });
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}

const FIELDS: readonly FieldOf<SamplingRow>[] = [
  ['抽查比例(%)', (r) => String(r.ratioPercent)],
  ['比例区间(%)', rangeText],
  ['每年次数', (r) => String(r.frequencyPerYear)],
  ['现场检查', (r) => r.onSite],
  ['说明', (r) => r.note ?? ''],
];

/** What importing `sheet` does to the grid in `mode` (rows matched by 等级). */
export function planSampling(existing: readonly SamplingRow[], sheet: readonly SamplingRow[], mode: ImportMode): TablePlan<SamplingRow> {
  return planTable(existing, sheet, mode, (r) => r.grade, FIELDS);
}
