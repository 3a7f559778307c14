/**
 * Readers of the import formats. Each yields candidate enterprise records with where they came from
 * (file and line / Excel row), or a row-level error; validation happens in `dataset-prepare.ts`.
 */
import ExcelJS from 'exceljs';
import { parseJson } from '@policy/schemas';
import type { JsonParseResult } from '@policy/schemas';
import { readCsv } from './csv.ts';
import type { Cell, ColumnMap } from './columns.ts';
import { detailFromCells, ENTERPRISE_COLUMNS, enterpriseFromCells, LIST_COLUMNS, mapHeader, RECORD_COLUMNS } from './columns.ts';

/** Where a row came from: file (or sheet) name and 1-based line / row number. */
export interface RowLocation {
  file: string;
  row: number;
}

export interface RowIssue extends RowLocation {
  severity: 'error' | 'warning';
  /** JSON pointer into the enterprise record, '' for the whole row. */
  path: string;
  message: string;
  messageEn: string;
}

export type Candidate =
  | {
      ok: true;
      loc: RowLocation;
      record: Record<string, unknown>;
      /** Where `records[i]` / `lists[i]` came from, for the tabular formats. */
      recordLocs?: RowLocation[];
      listLocs?: RowLocation[];
    }
  | { ok: false; issue: RowIssue };

export type ImportFormat = 'jsonl' | 'csv' | 'xlsx';

export interface ImportInput {
  format: ImportFormat;
  /** JSONL or CSV text (string or UTF-8 bytes), or the XLSX workbook bytes. */
  input: Buffer | string;
  /** CSV only: the side files keyed by uscc (see IMPORT.md). */
  extraFiles?: { records?: Buffer | string; lists?: Buffer | string };
  /** Name of the main file in messages; default by format. */
  fileName?: string;
}

const issue = (loc: RowLocation, message: string, messageEn: string, path = ''): RowIssue => ({
  ...loc,
  severity: 'error',
  path,
  message,
  messageEn,
});

// ------------------------------------------------------------------ JSONL

/**
 * Why a line is not JSON, for a person: a line cut off (the usual case: a file truncated while copying
 * or exporting) says so; any other error names the character and what was expected there. Never
 * the parser's own words ("Unexpected end of JSON input").
 *
 * @example
 * jsonLineProblem('{"uscc": "91', parseJson('{"uscc": "91'), 3).zh // → '第 3 行不是完整的 JSON（可能被截断）：…'
 */
export function jsonLineProblem(text: string, parsed: Extract<JsonParseResult, { success: false }>, line: number): { zh: string; en: string } {
  const { column } = parsed.position;
  const first = parsed.issues[0]!;
  const cutOff = column > text.length || /unterminated string|unexpected end of text/i.test(first.messageEn);
  if (cutOff) {
    return {
      zh: `第 ${line} 行不是完整的 JSON（可能被截断）：请检查这一行是否完整，每条市场主体记录应完整地写在一行内`,
      en: `line ${line} is not complete JSON (it may have been cut off): check that the line is whole; each enterprise record is written on one line`,
    };
  }
  const detail = first.message.replace(/^JSON 语法错误：第 \d+ 行第 \d+ 列，/, '');
  const detailEn = first.messageEn.replace(/^JSON syntax error at line \d+, column \d+: /, '');
  return {
    zh: `第 ${line} 行不是有效的 JSON：第 ${column} 个字符处${detail}`,
    en: `line ${line} is not valid JSON: at character ${column}, ${detailEn}`,
  };
}

/** Why a whole file could not be read, in both languages (the readers' errors are "中文 / English"; others are the library's words). */
function readFailure(format: ImportFormat, e: unknown): { zh: string; en: string } {
  const m = e instanceof Error ? e.message : String(e);
  if (/[\u4e00-\u9fff]/.test(m)) {
    const [zh, en] = m.includes(' / ') ? m.split(' / ', 2) : [m, m];
    return { zh: `无法读取文件：${zh}`, en: `cannot read the file: ${en}` };
  }
  if (format === 'xlsx') {
    return {
      zh: '无法读取文件：它不是有效的 Excel 工作簿（.xlsx），请在 Excel 中“另存为” .xlsx 格式后重新上传',
      en: 'cannot read the file: it is not a valid Excel workbook (.xlsx); save it as .xlsx in Excel and upload it again',
    };
  }
  return { zh: `无法读取文件，请检查文件格式是否为 ${format.toUpperCase()}`, en: `cannot read the file; check that it is ${format.toUpperCase()} (${m})` };
}

/** Lines of a JSONL buffer or string without building one giant string for buffers. */
function* jsonlLines(input: Buffer | string): Generator<{ line: number; text: string }> {
  if (typeof input === 'string') {
    let line = 0;
    let start = 0;
    while (start <= input.length) {
      let end = input.indexOf('\n', start);
      if (end < 0) end = input.length;
      line++;
      yield { line, text: input.slice(start, end) };
      start = end + 1;
    }
    return;
  }
  let start = input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf ? 3 : 0;
  let line = 0;
  while (start <= input.length) {
    let end = input.indexOf(0x0a, start);
    if (end < 0) end = input.length;
    line++;
    yield { line, text: input.toString('utf8', start, end) };
    start = end + 1;
  }
}

function* jsonlSource(input: Buffer | string, file: string): Generator<Candidate> {
  for (const { line, text } of jsonlLines(input)) {
    const t = text.trim();
    if (t === '') continue;
    const loc = { file, row: line };
    const parsed = parseJson(t);
    if (!parsed.success) {
      const p = jsonLineProblem(t, parsed, line);
      yield { ok: false, issue: issue(loc, p.zh, p.en) };
      continue;
    }
    const value = parsed.data;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      const got = Array.isArray(value) ? ['一个列表', 'a list'] : value === null ? ['null', 'null'] : ['一个单独的值', 'a single value'];
      yield {
        ok: false,
        issue: issue(loc, `第 ${line} 行应为一条市场主体记录（用 { } 括起的 JSON 对象），现在是${got[0]}`, `line ${line} must be one enterprise record (a JSON object in { }), not ${got[1]}`),
      };
      continue;
    }
    yield { ok: true, loc, record: value as Record<string, unknown> };
  }
}

// ------------------------------------------------------------------ tables (CSV and XLSX)

interface Table {
  file: string;
  rows: { row: number; cells: Cell[] }[];
}

interface Details {
  records: Map<string, { value: Record<string, unknown>; loc: RowLocation }[]>;
  lists: Map<string, { value: Record<string, unknown>; loc: RowLocation }[]>;
  issues: RowIssue[];
}

function headerMap(table: Table, columns: Record<string, string>, required: string[], issues: RowIssue[]): ColumnMap | undefined {
  const header = table.rows[0];
  if (!header) return undefined;
  const map = mapHeader(header.cells.map((c) => (c === undefined ? '' : String(c))), columns);
  const present = new Set(map.fields.filter(Boolean));
  const missing = required.filter((f) => !present.has(f));
  if (missing.length > 0) {
    issues.push(issue({ file: table.file, row: header.row }, `表头缺少列：${missing.join(', ')}`, `header lacks column(s): ${missing.join(', ')}`));
    return undefined;
  }
  for (const u of map.unknown) {
    issues.push({ ...issue({ file: table.file, row: header.row }, `未知的列已忽略：${u}`, `unknown column ignored: ${u}`), severity: 'warning' });
  }
  return map;
}

function readDetails(records: Table | undefined, lists: Table | undefined): Details {
  const out: Details = { records: new Map(), lists: new Map(), issues: [] };
  const load = (table: Table | undefined, columns: Record<string, string>, required: string[], into: Details['records']) => {
    if (!table) return;
    const map = headerMap(table, columns, required, out.issues);
    if (!map) return;
    for (const r of table.rows.slice(1)) {
      const { uscc, ...value } = detailFromCells(map, r.cells);
      const loc = { file: table.file, row: r.row };
      if (typeof uscc !== 'string') {
        out.issues.push(issue(loc, '缺少统一社会信用代码', 'missing uscc', '/uscc'));
        continue;
      }
      const list = into.get(uscc) ?? [];
      list.push({ value, loc });
      into.set(uscc, list);
    }
  };
  load(records, RECORD_COLUMNS, ['uscc', 'id', 'kind', 'date'], out.records);
  load(lists, LIST_COLUMNS, ['uscc', 'list', 'from'], out.lists);
  return out;
}

function* tableSource(main: Table, details: Details): Generator<Candidate> {
  for (const i of details.issues) yield { ok: false, issue: i };
  const issues: RowIssue[] = [];
  const map = headerMap(main, ENTERPRISE_COLUMNS, ['uscc', 'name', 'industryCode', 'status'], issues);
  for (const i of issues) yield { ok: false, issue: i };
  if (!map) return;
  const seen = new Set<string>();
  for (const r of main.rows.slice(1)) {
    const record = enterpriseFromCells(map, r.cells);
    const loc = { file: main.file, row: r.row };
    const uscc = typeof record.uscc === 'string' ? record.uscc : '';
    seen.add(uscc);
    const recs = details.records.get(uscc);
    const lists = details.lists.get(uscc);
    if (recs) record.records = recs.map((x) => x.value);
    if (lists) record.lists = lists.map((x) => x.value);
    yield { ok: true, loc, record, recordLocs: recs?.map((x) => x.loc), listLocs: lists?.map((x) => x.loc) };
  }
  for (const [uscc, entries] of [...details.records, ...details.lists]) {
    if (seen.has(uscc)) continue;
    for (const e of entries) {
      yield {
        ok: false,
        issue: issue(e.loc, `统一社会信用代码 ${uscc} 不在市场主体表中`, `uscc ${uscc} is not in the enterprises table`, '/uscc'),
      };
    }
  }
}

/** A CSV file as a table, parsed as a stream by csv-parse (see csv.ts); the input is never decoded whole. */
async function csvTable(input: Buffer | string, file: string): Promise<Table> {
  return { file, rows: (await readCsv(input)).map((r) => ({ row: r.line, cells: r.cells })) };
}

// ------------------------------------------------------------------ XLSX

const pad = (n: number) => String(n).padStart(2, '0');

function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return undefined;
  if (v instanceof Date) return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellValue(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    if ('error' in v) return String(v.error);
  }
  return String(v);
}

const SHEET_NAMES = {
  enterprises: ['enterprises', '市场主体'],
  records: ['records', '失信记录'],
  lists: ['lists', '名单'],
};

function sheetTable(ws: ExcelJS.Worksheet): Table {
  const rows: Table['rows'] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[];
    const cells: Cell[] = [];
    for (let i = 1; i < values.length; i++) cells.push(cellValue(values[i]));
    if (cells.some((c) => c !== undefined && String(c).trim() !== '')) rows.push({ row: rowNumber, cells });
  });
  return { file: ws.name, rows };
}

/** XLSX: numeric USCC cells lost digits in Excel; report them instead of guessing. */
function* numericUsccIssues(table: Table, columns: Record<string, string>): Generator<Candidate> {
  const header = table.rows[0];
  if (!header) return;
  const idx = mapHeader(header.cells.map((c) => (c === undefined ? '' : String(c))), columns).fields.indexOf('uscc');
  if (idx < 0) return;
  for (const r of table.rows.slice(1)) {
    if (typeof r.cells[idx] === 'number') {
      yield {
        ok: false,
        issue: issue(
          { file: table.file, row: r.row },
          '统一社会信用代码被 Excel 存成了数字（可能已丢失位数），请将该列设为文本格式',
          'the uscc cell is a number in Excel (digits may be lost); format the column as text',
          '/uscc',
        ),
      };
      r.cells[idx] = undefined;
    }
  }
}

async function xlsxTables(input: Buffer | string): Promise<{ main: Table; records?: Table; lists?: Table }> {
  const wb = new ExcelJS.Workbook();
  const bytes = typeof input === 'string' ? Buffer.from(input, 'binary') : input;
  await wb.xlsx.load(bytes as unknown as Parameters<typeof wb.xlsx.load>[0]);
  const find = (names: string[]) => wb.worksheets.find((ws) => names.includes(ws.name.trim().toLowerCase()) || names.includes(ws.name.trim()));
  const main = find(SHEET_NAMES.enterprises) ?? wb.worksheets[0];
  if (!main) throw new Error('工作簿中没有工作表 / the workbook has no sheets');
  const records = find(SHEET_NAMES.records);
  const lists = find(SHEET_NAMES.lists);
  return { main: sheetTable(main), records: records && sheetTable(records), lists: lists && sheetTable(lists) };
}

// ------------------------------------------------------------------ entry

/**
 * Candidate records of an import, in file order. Structural failures of the whole file (an XLSX that
 * is not a workbook, an unterminated CSV quote) come back as a single issue on row 0 or the line named.
 */
export async function readCandidates(input: ImportInput): Promise<Iterable<Candidate>> {
  const file = input.fileName ?? { jsonl: 'input.jsonl', csv: 'enterprises.csv', xlsx: 'input.xlsx' }[input.format];
  try {
    if (input.format === 'jsonl') return jsonlSource(input.input, file);
    if (input.format === 'csv') {
      const main = await csvTable(input.input, file);
      const records = input.extraFiles?.records !== undefined ? await csvTable(input.extraFiles.records, 'records.csv') : undefined;
      const lists = input.extraFiles?.lists !== undefined ? await csvTable(input.extraFiles.lists, 'lists.csv') : undefined;
      return tableSource(main, readDetails(records, lists));
    }
    if (input.format === 'xlsx') {
      const t = await xlsxTables(input.input);
      const pre = [
        ...numericUsccIssues(t.main, ENTERPRISE_COLUMNS),
        ...(t.records ? numericUsccIssues(t.records, RECORD_COLUMNS) : []),
        ...(t.lists ? numericUsccIssues(t.lists, LIST_COLUMNS) : []),
      ];
      return (function* () {
        yield* pre;
        yield* tableSource(t.main, readDetails(t.records, t.lists));
      })();
    }
  } catch (e) {
    const m = /第 (\d+) 行/.exec((e as Error).message);
    const why = readFailure(input.format, e);
    return [{ ok: false, issue: issue({ file, row: m ? Number(m[1]) : 0 }, why.zh, why.en) }];
  }
  return [{ ok: false, issue: issue({ file, row: 0 }, `不支持的格式：${String(input.format)}`, `unsupported format: ${String(input.format)}`) }];
}
