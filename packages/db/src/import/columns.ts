/**
 * Column names of the tabular import formats (CSV and XLSX), English or Chinese; see IMPORT.md.
 * A table is turned into plain objects keyed by the English field names.
 */

export const ENTERPRISE_COLUMNS: Record<string, string> = {
  uscc: 'uscc',
  统一社会信用代码: 'uscc',
  name: 'name',
  名称: 'name',
  企业名称: 'name',
  industrycode: 'industryCode',
  行业代码: 'industryCode',
  regioncode: 'regionCode',
  行政区划代码: 'regionCode',
  status: 'status',
  登记状态: 'status',
  statussince: 'statusSince',
  状态日期: 'statusSince',
  publiccreditscore: 'publicCreditScore',
  公共信用综合评价分: 'publicCreditScore',
  scoredate: 'scoreDate',
  评分日期: 'scoreDate',
};

export const RECORD_COLUMNS: Record<string, string> = {
  uscc: 'uscc',
  统一社会信用代码: 'uscc',
  id: 'id',
  记录编号: 'id',
  kind: 'kind',
  记录类型: 'kind',
  date: 'date',
  决定日期: 'date',
  repairedat: 'repairedAt',
  信用修复日期: 'repairedAt',
  objectionfiled: 'objectionFiled',
  异议提出日期: 'objectionFiled',
  objectionresolved: 'objectionResolved',
  异议处理日期: 'objectionResolved',
  authority: 'authority',
  决定机关: 'authority',
};

export const LIST_COLUMNS: Record<string, string> = {
  uscc: 'uscc',
  统一社会信用代码: 'uscc',
  list: 'list',
  名单: 'list',
  from: 'from',
  列入日期: 'from',
  until: 'until',
  移出日期: 'until',
};

/** Chinese status words accepted beside the ids. */
const STATUS_WORDS: Record<string, string> = {
  存续: 'active',
  在业: 'active',
  开业: 'active',
  吊销: 'licence-revoked',
  吊销营业执照: 'licence-revoked',
  注销: 'deregistered',
};

/** Indicator columns: `indicators.<key>` or `指标.<key>`. */
const INDICATOR_PREFIX = /^(indicators|指标)\.(.+)$/i;

export interface ColumnMap {
  /** Field name per column index, or undefined for an ignored column. */
  fields: (string | undefined)[];
  /** Indicator key per column index. */
  indicators: (string | undefined)[];
  unknown: string[];
}

export function mapHeader(header: readonly string[], columns: Record<string, string>): ColumnMap {
  const fields: (string | undefined)[] = [];
  const indicators: (string | undefined)[] = [];
  const unknown: string[] = [];
  header.forEach((raw, i) => {
    const h = raw.trim();
    const key = columns[h] ?? columns[h.toLowerCase()];
    const ind = INDICATOR_PREFIX.exec(h);
    if (key) fields[i] = key;
    else if (ind && columns === ENTERPRISE_COLUMNS) indicators[i] = ind[2]!;
    else if (h !== '') unknown.push(h);
  });
  return { fields, indicators, unknown };
}

/** A cell value as text: empty cells are undefined. */
export type Cell = string | number | boolean | undefined;

const blank = (v: Cell): boolean => v === undefined || (typeof v === 'string' && v.trim() === '');
const text = (v: Cell): string | undefined => (blank(v) ? undefined : String(v).trim());

function indicatorValue(v: Cell): number | boolean | string | undefined {
  if (blank(v)) return undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  const s = String(v).trim();
  if (/^(true|是)$/i.test(s)) return true;
  if (/^(false|否)$/i.test(s)) return false;
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  return s;
}

/** Builds the enterprise fields of one row (without records and lists). */
export function enterpriseFromCells(map: ColumnMap, cells: readonly Cell[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const indicators: Record<string, unknown> = {};
  let hasIndicators = false;
  for (let i = 0; i < cells.length; i++) {
    const field = map.fields[i];
    const v = cells[i];
    if (field) {
      const s = text(v);
      if (s === undefined) continue;
      if (field === 'publicCreditScore') out[field] = /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
      else if (field === 'status') out[field] = STATUS_WORDS[s] ?? s;
      else out[field] = s;
    } else if (map.indicators[i]) {
      const value = indicatorValue(v);
      if (value !== undefined) {
        indicators[map.indicators[i]!] = value;
        hasIndicators = true;
      }
    }
  }
  if (hasIndicators) out.indicators = indicators;
  return out;
}

/** Builds `{ uscc, …fields }` of a records or lists row; objection columns are nested. */
export function detailFromCells(map: ColumnMap, cells: readonly Cell[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < cells.length; i++) {
    const field = map.fields[i];
    const s = text(cells[i]);
    if (!field || s === undefined) continue;
    out[field] = s;
  }
  if (out.objectionFiled !== undefined || out.objectionResolved !== undefined) {
    out.objection = { filed: out.objectionFiled, resolved: out.objectionResolved ?? null };
  }
  delete out.objectionFiled;
  delete out.objectionResolved;
  return out;
}
