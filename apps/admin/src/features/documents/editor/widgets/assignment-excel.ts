/**
 * The department × domain assignment ⇄ Excel (issue 15): one domain per row — 监管领域 (its Chinese name),
 * 行业代码前缀 (separated by 、 , ; spaces or lines; 全部市场主体 for every enterprise), then one column
 * per department of the directory, headed by the name the matrix shows (简称, else the name), “√” where
 * the department is responsible. Departments are read back by 简称, name or id; a domain by name or id
 * (an unknown name is a new domain with a generated id). Any bad cell refuses the file, naming row and
 * column. The directory itself is not imported: a department column it lacks is an error.
 */
import type { DepartmentDef, DomainDef } from '@policy/schemas';
import type { Lang, MessageKey } from '../../../../i18n/index.tsx';
import { translate } from '../../../../i18n/index.tsx';
import { validPrefix } from './domain-analysis.ts';
import { cellText, normalise, planTable } from './table-excel.ts';
import type { Cell, FieldOf, ImportMode, RowError, TablePlan } from './table-excel.ts';

export type DomainInput = Omit<DomainDef, 'match'> & {
  match: { industryPrefixes?: string[] | undefined; all?: boolean | undefined };
};

const DOMAIN = '监管领域';
const CODES = '行业代码前缀';
const ALL = '全部市场主体';
const YES = new Set(['√', '✓', '✔', '是', 'y', 'yes', '1', 'x', '●', 'true', '负责']);
const NO = new Set(['', '否', 'n', 'no', '0', 'false', '-', '—']);

/** The department's column header: the name the matrix shows. */
export const departmentHeader = (d: DepartmentDef) => d.shortName || d.name.zh;

export function assignmentHeader(departments: readonly DepartmentDef[]): string[] {
  return [DOMAIN, CODES, ...departments.map(departmentHeader)];
}

export function domainToRow(d: DomainInput, departments: readonly DepartmentDef[]): string[] {
  const codes = [...(d.match.all ? [ALL] : []), ...(d.match.industryPrefixes ?? [])].join('、');
  return [d.name.zh, codes, ...departments.map((dep) => (d.departments.includes(dep.id) ? '√' : ''))];
}

/**
 * Reads sheet rows (the first is the header) into domains. A domain named as an existing one keeps its
 * id and English name; departments keep the directory's order.
 */
export function rowsToDomains(
  sheet: readonly (readonly Cell[])[],
  existing: readonly DomainInput[],
  departments: readonly DepartmentDef[],
  lang: Lang,
): { ok: true; domains: DomainInput[] } | { ok: false; errors: RowError[] } {
  const tr = (key: MessageKey, p?: Record<string, string | number>) => translate(lang, key, p);
  const header = (sheet[0] ?? []).map(cellText);
  const errors: RowError[] = [];
  const at = (name: string) => header.findIndex((h) => normalise(h) === normalise(name));
  const domainCol = at(DOMAIN);
  const codesCol = at(CODES);
  for (const [name, i] of [[DOMAIN, domainCol], [CODES, codesCol]] as const)
    if (i < 0) errors.push({ row: 1, column: name, message: tr('xlsx.badHeader', { column: name }) });
  // every other non-empty header must be a department of the directory
  const deptCols: { col: number; id: string }[] = [];
  header.forEach((h, i) => {
    if (i === domainCol || i === codesCol || !h) return;
    const n = normalise(h);
    const dep = departments.find(
      (d) => normalise(d.id) === n || normalise(d.name.zh) === n || (d.shortName && normalise(d.shortName) === n) || (d.name.en && normalise(d.name.en) === n),
    );
    if (dep) deptCols.push({ col: i, id: dep.id });
    else errors.push({ row: 1, column: h, message: tr('xlsx.unknownDepartment', { value: h }) });
  });
  if (errors.length) return { ok: false, errors };
  const domains: DomainInput[] = [];
  const seen = new Map<string, number>();
  const usedIds = new Set(existing.map((d) => d.id));
  sheet.slice(1).forEach((cells, k) => {
    const row = k + 2;
    const text = (i: number) => cellText(cells[i]);
    if (header.every((_, i) => text(i) === '')) return;
    const before = errors.length;
    const name = text(domainCol);
    if (!name) errors.push({ row, column: DOMAIN, message: tr('xlsx.missing') });
    const key = normalise(name);
    if (name && seen.has(key)) errors.push({ row, column: DOMAIN, message: tr('xlsx.duplicate', { key: name, other: seen.get(key)! }) });
    if (name) seen.set(key, row);
    const parts = text(codesCol)
      .split(/[、,，;；\s]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const all = parts.some((p) => normalise(p) === normalise(ALL));
    const industryPrefixes = parts.filter((p) => normalise(p) !== normalise(ALL)).map((p) => p.toUpperCase());
    for (const code of industryPrefixes)
      if (!validPrefix(code)) errors.push({ row, column: CODES, message: tr('xlsx.badCode', { code }) });
    const responsible: string[] = [];
    for (const { col, id } of deptCols) {
      const v = normalise(text(col));
      if (YES.has(v)) responsible.push(id);
      else if (!NO.has(v)) errors.push({ row, column: header[col]!, message: tr('xlsx.badMark', { value: text(col) }) });
    }
    if (errors.length > before) return;
    const old = existing.find((d) => normalise(d.name.zh) === key || normalise(d.id) === key);
    let id = old?.id;
    if (!id) {
      let n = existing.length + domains.length + 1;
      while (usedIds.has(`domain-${n}`)) n++;
      id = `domain-${n}`;
      usedIds.add(id);
    }
    domains.push({
      id,
      name: old ? { ...old.name, zh: name } : { zh: name },
      departments: departments.map((d) => d.id).filter((d) => responsible.includes(d)),
      match: { industryPrefixes, all },
    });
  });
  return errors.length ? { ok: false, errors } : { ok: true, domains };
}

/** What importing `sheet` does to the matrix in `mode` (rows matched by domain). */
export function planAssignment(
  existing: readonly DomainInput[],
  sheet: readonly DomainInput[],
  mode: ImportMode,
  deptName: (id: string) => string,
): TablePlan<DomainInput> {
  const fields: readonly FieldOf<DomainInput>[] = [
    [CODES, (d) => `${d.match.all ? ALL : ''}|${(d.match.industryPrefixes ?? []).join(',')}`],
    ['责任部门', (d) => [...d.departments].sort().map(deptName).join('、')],
  ];
  return planTable(existing, sheet, mode, (d) => d.id, fields, (before, next) => ({ ...before, ...next, match: { ...next.match } }));
}
