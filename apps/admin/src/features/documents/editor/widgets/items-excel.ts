/**
 * Supervision items ⇄ Excel rows. The sheet has one item per row with Chinese headers; list cells (risk points,
 * triggers, measures) hold one entry per line, risk points prefixed with their level: `[高] 未按规定公示`.
 */
import type { SupervisionItem } from '@policy/schemas';
import type { Lang } from '../../../../i18n/index.tsx';
import { translate } from '../../../../i18n/index.tsx';
import { ENUM_LABELS } from '../../../../i18n/schema-labels.ts';

type ItemInput = Omit<SupervisionItem, 'riskPoints' | 'triggers' | 'measures' | 'changes'> &
  Partial<Pick<SupervisionItem, 'riskPoints' | 'triggers' | 'measures' | 'changes'>>;

export const COLUMNS = [
  '事项编码',
  '事项名称',
  '监管领域',
  '设定依据',
  '监管方式',
  '检查对象',
  '风险点',
  '触发点',
  '监管措施',
] as const;
const REQUIRED = ['事项编码', '事项名称', '监管领域', '设定依据', '监管方式'] as const;
const METHODS = ['double-random', 'key-inspection', 'credit-supervision', 'trigger'] as const;
const LEVELS = { 高: 'high', 中: 'medium', 低: 'low', high: 'high', medium: 'medium', low: 'low' } as const;
const LEVEL_ZH = { high: '高', medium: '中', low: '低' } as const;

export interface RowError {
  /** 1-based sheet row number (the header is row 1). */
  row: number;
  message: string;
}

/** Cell values as they come from a sheet: text, numbers, rich text… */
export type Cell = unknown;

export function cellText(c: Cell): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'object') {
    const o = c as { richText?: { text: string }[]; text?: string; result?: unknown };
    if (o.richText)
      return o.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if (typeof o.text === 'string') return o.text.trim();
    if (o.result !== undefined) return String(o.result).trim();
  }
  return String(c).trim();
}

function lines(s: string): string[] {
  return s
    .split(/\r?\n/)
    .map((x) => x.trim())
    .filter(Boolean);
}

export function itemToRow(item: ItemInput): string[] {
  return [
    item.code,
    item.name,
    item.domain,
    item.legalBasis,
    ENUM_LABELS[item.method]?.[0] ?? item.method,
    item.target ?? '',
    (item.riskPoints ?? []).map((r) => `[${LEVEL_ZH[r.level]}] ${r.description}`).join('\n'),
    (item.triggers ?? []).map((r) => r.description).join('\n'),
    (item.measures ?? []).map((r) => r.description).join('\n'),
  ];
}

/**
 * Reads sheet rows (the first is the header) into items. Keeps the change history of items whose code
 * already exists. Any bad row fails the whole import with every bad row listed.
 */
export function rowsToItems(
  sheet: readonly (readonly Cell[])[],
  existing: readonly ItemInput[],
  lang: Lang,
): { ok: true; items: ItemInput[] } | { ok: false; errors: RowError[] } {
  const header = (sheet[0] ?? []).map(cellText);
  const errors: RowError[] = [];
  const col: Record<string, number> = {};
  for (const name of COLUMNS) {
    const i = header.indexOf(name);
    if (i >= 0) col[name] = i;
    else if ((REQUIRED as readonly string[]).includes(name))
      errors.push({ row: 1, message: translate(lang, 'items.importBadHeader', { column: name }) });
  }
  if (errors.length) return { ok: false, errors };
  const items: ItemInput[] = [];
  const seen = new Map<string, number>();
  sheet.slice(1).forEach((cells, k) => {
    const row = k + 2;
    const get = (name: (typeof COLUMNS)[number]) =>
      col[name] === undefined ? '' : cellText(cells[col[name]!]);
    if (COLUMNS.every((c) => get(c) === '')) return; // blank line
    const rowErrors: string[] = [];
    for (const name of REQUIRED)
      if (!get(name)) rowErrors.push(translate(lang, 'items.importMissing', { column: name }));
    const methodRaw = get('监管方式');
    const method = METHODS.find((m) => m === methodRaw || ENUM_LABELS[m]?.[0] === methodRaw);
    if (methodRaw && !method)
      rowErrors.push(
        translate(lang, 'items.importBadMethod', {
          value: methodRaw,
          allowed: METHODS.map((m) => ENUM_LABELS[m]![0]).join('、'),
        }),
      );
    const code = get('事项编码');
    if (code && seen.has(code))
      rowErrors.push(translate(lang, 'items.importDuplicate', { code, other: seen.get(code)! }));
    if (code) seen.set(code, row);
    const riskPoints = lines(get('风险点')).map((l, i) => {
      const m = /^\[(高|中|低|high|medium|low)\]\s*(.*)$/.exec(l);
      const level = m ? LEVELS[m[1] as keyof typeof LEVELS] : 'medium';
      return { id: `risk-${i + 1}`, level, description: m ? m[2]! : l };
    });
    if (rowErrors.length) {
      for (const message of rowErrors) errors.push({ row, message });
      return;
    }
    const before = existing.find((x) => x.code === code);
    const target = get('检查对象');
    items.push({
      code,
      name: get('事项名称'),
      domain: get('监管领域'),
      legalBasis: get('设定依据'),
      method: method!,
      ...(target ? { target } : {}),
      riskPoints,
      triggers: lines(get('触发点')).map((description, i) => ({ id: `trigger-${i + 1}`, description })),
      measures: lines(get('监管措施')).map((description, i) => ({ id: `measure-${i + 1}`, description })),
      changes: before?.changes ?? [],
    });
  });
  return errors.length ? { ok: false, errors } : { ok: true, items };
}

async function excel() {
  const m = await import('exceljs');
  return (m as unknown as { default?: typeof m }).default ?? m;
}

/** Reads the first worksheet of an .xlsx file into rows of cells. */
export async function readSheet(data: ArrayBuffer): Promise<Cell[][] | null> {
  const ExcelJS = await excel();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data);
  const ws = wb.worksheets[0];
  if (!ws) return null;
  const rows: Cell[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const values = row.values as Cell[]; // 1-based: values[0] is empty
    rows[n - 1] = values.slice(1);
  });
  return Array.from(rows, (r) => r ?? []);
}

/** An .xlsx of the items with the import's headers. */
export async function writeWorkbook(items: readonly ItemInput[], sheetName: string): Promise<Blob> {
  const ExcelJS = await excel();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow([...COLUMNS]);
  for (const item of items) ws.addRow(itemToRow(item));
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((c, i) => {
    c.width = [16, 28, 16, 30, 14, 16, 40, 30, 30][i] ?? 16;
    c.alignment = { wrapText: true, vertical: 'top' };
  });
  const buf = await wb.xlsx.writeBuffer();
  return new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}
