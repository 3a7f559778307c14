/**
 * Supervision items ⇄ Excel rows. The sheet has one item per row with Chinese headers; list cells (risk points,
 * triggers, measures) hold one entry per line, risk points prefixed with their level: `[高] 未按规定公示`.
 * 监管领域 is written as its Chinese name (as the editor shows it) and read back by name or id; a value the
 * department cannot use refuses the whole file, naming row and column. `planImport` says what an import
 * changes in each mode (append / update by code / replace) before anything is applied.
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
  /** The column's header, when one cell is at fault. */
  column?: string;
  message: string;
}

/** A domain the sheet may name: its id and the names a person writes (Chinese, English). */
export interface DomainChoice {
  id: string;
  names: readonly string[];
}

const ID_RE = /^[a-z0-9][a-z0-9.-]*$/;
/** Full-width parentheses and spaces as people type them: “市场主体（一般行业）” = “市场主体(一般行业)”. */
const normalise = (s: string) => s.replace(/（/g, '(').replace(/）/g, ')').replace(/\s+/g, '').toLowerCase();

/** The domain id a cell names (by id or by name), or undefined. */
export function domainOf(value: string, domains: readonly DomainChoice[]): string | undefined {
  const v = normalise(value);
  return domains.find((d) => normalise(d.id) === v || d.names.some((n) => normalise(n) === v))?.id;
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

/** One item as a sheet row; `domainName` turns the domain id into the name the editor shows. */
export function itemToRow(item: ItemInput, domainName: (id: string) => string = (id) => id): string[] {
  return [
    item.code,
    item.name,
    domainName(item.domain),
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
  /** The domains the list may use; without them only well-formed ids are taken. */
  domains?: readonly DomainChoice[],
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
    const rowErrors: { column: string; message: string }[] = [];
    for (const name of REQUIRED)
      if (!get(name))
        rowErrors.push({ column: name, message: translate(lang, 'items.importMissing', { column: name }) });
    const methodRaw = get('监管方式');
    const method = METHODS.find(
      (m) => m === methodRaw || ENUM_LABELS[m]?.[0] === methodRaw || ENUM_LABELS[m]?.[1] === methodRaw,
    );
    if (methodRaw && !method)
      rowErrors.push({
        column: '监管方式',
        message: translate(lang, 'items.importBadMethod', {
          value: methodRaw,
          allowed: METHODS.map((m) => ENUM_LABELS[m]![0]).join('、'),
        }),
      });
    const domainRaw = get('监管领域');
    const domain = !domainRaw
      ? ''
      : domains
        ? domainOf(domainRaw, domains)
        : ID_RE.test(domainRaw)
          ? domainRaw
          : undefined;
    if (domainRaw && domain === undefined)
      rowErrors.push({
        column: '监管领域',
        message: domains
          ? translate(lang, 'items.importBadDomain', {
              value: domainRaw,
              allowed: domains.map((d) => d.names[0] ?? d.id).join('、'),
            })
          : translate(lang, 'items.importBadId', { value: domainRaw }),
      });
    const code = get('事项编码');
    if (code && seen.has(code))
      rowErrors.push({
        column: '事项编码',
        message: translate(lang, 'items.importDuplicate', { code, other: seen.get(code)! }),
      });
    if (code) seen.set(code, row);
    const riskPoints = lines(get('风险点')).map((l, i) => {
      const m = /^\[(高|中|低|high|medium|low)\]\s*(.*)$/.exec(l);
      const level = m ? LEVELS[m[1] as keyof typeof LEVELS] : 'medium';
      return { id: `risk-${i + 1}`, level, description: m ? m[2]! : l };
    });
    if (rowErrors.length) {
      for (const e of rowErrors) errors.push({ row, ...e });
      return;
    }
    const before = existing.find((x) => x.code === code);
    const target = get('检查对象');
    items.push({
      code,
      name: get('事项名称'),
      domain: domain!,
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

/** An .xlsx of the items with the import's headers, domains by name (`domainName`). */
export async function writeWorkbook(
  items: readonly ItemInput[],
  sheetName: string,
  domainName?: (id: string) => string,
): Promise<Blob> {
  const ExcelJS = await excel();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow([...COLUMNS]);
  for (const item of items) ws.addRow(itemToRow(item, domainName));
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((c, i) => {
    c.width = [16, 28, 16, 30, 14, 16, 40, 30, 30][i] ?? 16;
    c.alignment = { wrapText: true, vertical: 'top' };
  });
  const buf = await wb.xlsx.writeBuffer();
  return new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

export type ImportMode = 'append' | 'merge' | 'replace';

/** What an import would do to the list, and the list it would leave. */
export interface ImportPlan {
  items: ItemInput[];
  added: string[];
  /** Items changed, with the sheet columns that differ. */
  updated: { code: string; fields: string[] }[];
  removed: string[];
  unchanged: number;
  /** Append: codes already in the list, left as they are. */
  skipped: string[];
}

const FIELDS: [(typeof COLUMNS)[number], keyof ItemInput][] = [
  ['事项名称', 'name'],
  ['监管领域', 'domain'],
  ['设定依据', 'legalBasis'],
  ['监管方式', 'method'],
  ['检查对象', 'target'],
  ['风险点', 'riskPoints'],
  ['触发点', 'triggers'],
  ['监管措施', 'measures'],
];
const LIST_FIELDS = new Set<keyof ItemInput>(['riskPoints', 'triggers', 'measures']);

/** A field as the sheet sees it (list entries without their generated ids). */
function comparable(item: ItemInput, field: keyof ItemInput): string {
  const v = item[field];
  if (LIST_FIELDS.has(field))
    return JSON.stringify(
      ((v ?? []) as { description: string; level?: string }[]).map((x) => [x.level ?? '', x.description]),
    );
  return String(v ?? '');
}

/**
 * The items after importing `sheet` into `existing` by `mode`, and what changes:
 * - `append`: only new codes are added, existing items untouched;
 * - `merge`: items with a code in the sheet take the sheet's values (a list that did not change keeps
 *   its entries and ids; the change history is kept), new codes are added at the end, the rest stays;
 * - `replace`: the list becomes the sheet (items missing from it are removed).
 */
export function planImport(
  existing: readonly ItemInput[],
  sheet: readonly ItemInput[],
  mode: ImportMode,
): ImportPlan {
  const byCode = new Map(sheet.map((x) => [x.code, x]));
  const old = new Map(existing.map((x) => [x.code, x]));
  const added = sheet.filter((x) => !old.has(x.code));
  const updated: { code: string; fields: string[] }[] = [];
  const merged = (before: ItemInput, next: ItemInput): ItemInput => {
    const fields = FIELDS.filter(([, f]) => comparable(before, f) !== comparable(next, f));
    if (fields.length === 0) return before;
    updated.push({ code: before.code, fields: fields.map(([c]) => c) });
    const out: ItemInput = { ...before, ...next, changes: before.changes ?? next.changes ?? [] };
    for (const [, f] of FIELDS)
      if (LIST_FIELDS.has(f) && comparable(before, f) === comparable(next, f))
        (out as Record<string, unknown>)[f] = before[f];
    if (next.target === undefined) delete out.target;
    return out;
  };
  if (mode === 'append') {
    return {
      items: [...existing, ...added],
      added: added.map((x) => x.code),
      updated: [],
      removed: [],
      unchanged: existing.length,
      skipped: sheet.filter((x) => old.has(x.code)).map((x) => x.code),
    };
  }
  if (mode === 'merge') {
    const items = existing.map((x) => (byCode.has(x.code) ? merged(x, byCode.get(x.code)!) : x));
    return {
      items: [...items, ...added],
      added: added.map((x) => x.code),
      updated,
      removed: [],
      unchanged: existing.length - updated.length,
      skipped: [],
    };
  }
  const items = sheet.map((x) => (old.has(x.code) ? merged(old.get(x.code)!, x) : x));
  const removed = existing.filter((x) => !byCode.has(x.code)).map((x) => x.code);
  return {
    items,
    added: added.map((x) => x.code),
    updated,
    removed,
    unchanged: existing.length - updated.length - removed.length,
    skipped: [],
  };
}
