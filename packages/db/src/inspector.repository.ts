/**
 * Each department's directory of inspectors (执法检查人员名录, issue 14): read by its department, the
 * credit office and reviewers; edited by the department's editor or the credit office; imported
 * (the file becomes the directory, all or nothing, errors by row and column in Chinese first) and
 * exported as CSV or XLSX with Chinese headers. Every change is audit-logged with the directory's
 * hash before and after.
 */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { checkUscc } from '@policy/schemas';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.repository.ts';
import { contentHash } from './canonical.ts';
import type { Database } from './database.ts';
import { DbError } from './errors.ts';
import type { InspectorRow } from './inspector.table.ts';

export interface Inspector {
  id: string;
  name: string;
  certificate: string;
  items: string[];
  conflicts: string[];
  active: boolean;
}

export interface StoredInspector extends Inspector {
  department: string;
  updatedBy: string;
  updatedAt: string;
}

/** The file's columns: Chinese header, English header, field. */
export const INSPECTOR_COLUMNS = [
  { zh: '工号', en: 'id', field: 'id' },
  { zh: '姓名', en: 'name', field: 'name' },
  { zh: '执法证号', en: 'certificate', field: 'certificate' },
  { zh: '可检查事项', en: 'items', field: 'items' },
  { zh: '回避企业', en: 'conflicts', field: 'conflicts' },
  { zh: '在岗', en: 'active', field: 'active' },
] as const;

export type InspectorFileFormat = 'csv' | 'xlsx';

const toInspector = (r: InspectorRow): StoredInspector => ({
  department: r.department,
  id: r.id,
  name: r.name,
  certificate: r.certificate,
  items: JSON.parse(r.items) as string[],
  conflicts: JSON.parse(r.conflicts) as string[],
  active: Number(r.active) === 1,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});

/** FORBIDDEN unless the actor is the credit office or an editor of `department`. */
export function checkMayEditDirectory(actor: Actor, department: string): void {
  if (actor.role === 'credit-office') return;
  if (actor.role === 'department-editor' && actor.department === department) return;
  throw new DbError('FORBIDDEN', `只有本部门编辑或信用办可以修改执法检查人员名录 / only the department's editor or the credit office edits its directory of inspectors (${department})`, {
    reason: actor.role === 'department-editor' ? 'department' : 'role',
  });
}

/** FORBIDDEN unless the actor is the credit office, a reviewer or an editor of `department` (a viewer never). */
export function checkMayReadDirectory(actor: Actor, department: string): void {
  if (actor.role === 'credit-office' || actor.role === 'reviewer') return;
  if (actor.role === 'department-editor' && actor.department === department) return;
  throw new DbError('FORBIDDEN', `无权查看该部门的执法检查人员名录 / you may not read the directory of inspectors of ${department}`, { reason: actor.role === 'department-editor' ? 'department' : 'role' });
}

/** A department's directory, by 工号 (no access check: callers check). */
export async function listInspectors(db: Kysely<Database>, department: string): Promise<StoredInspector[]> {
  const rows = await db.selectFrom('inspectors').selectAll().where('department', '=', department).orderBy('id').execute();
  return rows.map(toInspector);
}

const directoryHash = (list: Inspector[]) => contentHash(list.map(({ id, name, certificate, items, conflicts, active }) => ({ id, name, certificate, items, conflicts, active })));

const splitList = (text: string): string[] =>
  text
    .split(/[;；、,，\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** Problems of one inspector (field → message), empty when valid. */
function problemsOf(x: Inspector): { field: keyof Inspector; zh: string; en: string }[] {
  const out: { field: keyof Inspector; zh: string; en: string }[] = [];
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(x.id)) out.push({ field: 'id', zh: '须为 1–32 位字母、数字、- 或 _', en: 'must be 1–32 letters, digits, - or _' });
  if (x.name.trim() === '' || x.name.length > 50) out.push({ field: 'name', zh: '不能为空，且不超过 50 字', en: 'required, at most 50 characters' });
  if (x.certificate.trim() === '' || x.certificate.length > 64) out.push({ field: 'certificate', zh: '不能为空，且不超过 64 字', en: 'required, at most 64 characters' });
  for (const item of x.items) if (!/^[A-Za-z0-9_.-]{1,64}$/.test(item)) out.push({ field: 'items', zh: `事项代码「${item}」无效`, en: `invalid item code "${item}"` });
  for (const u of x.conflicts) {
    const c = checkUscc(u);
    if (!c.ok) out.push({ field: 'conflicts', zh: `统一社会信用代码「${u}」无效`, en: `invalid USCC "${u}"` });
  }
  return out;
}

const columnName = (field: string) => {
  const c = INSPECTOR_COLUMNS.find((x) => x.field === field)!;
  return { zh: c.zh, en: c.en };
};

function invalid(lines: string[]): DbError {
  return new DbError('BAD_REQUEST', `执法检查人员名录有误，未作任何修改 / the directory has errors, nothing was changed:\n${lines.join('\n')}`, {
    reason: 'invalid-input',
    issues: lines.map((message) => ({ code: 'inspector.invalid', path: '', message, messageEn: message, severity: 'error' }) as never),
  });
}

/**
 * Adds or replaces one inspector of `department`; audit-logged (`inspector.upsert`).
 *
 * @example
 * await upsertInspector(db, actor, 'market-regulation', { id: '0001', name: '张三', certificate: '豫A0001', items: [], conflicts: [], active: true });
 */
export async function upsertInspector(db: Kysely<Database>, actor: Actor, department: string, input: Inspector): Promise<StoredInspector> {
  checkMayEditDirectory(actor, department);
  const x: Inspector = { ...input, items: [...new Set(input.items)], conflicts: [...new Set(input.conflicts.map((u) => u.toUpperCase()))] };
  const problems = problemsOf(x);
  if (problems.length > 0) throw invalid(problems.map((p) => `「${columnName(p.field).zh}」${p.zh} / ${columnName(p.field).en}: ${p.en}`));
  const at = new Date().toISOString();
  return db.transaction().execute(async (trx) => {
    const before = await listInspectors(trx, department);
    const row = { department, id: x.id, name: x.name, certificate: x.certificate, items: JSON.stringify(x.items), conflicts: JSON.stringify(x.conflicts), active: x.active ? 1 : 0, updated_by: actor.username, updated_at: at };
    await trx.deleteFrom('inspectors').where('department', '=', department).where('id', '=', x.id).execute();
    await trx.insertInto('inspectors').values(row).execute();
    const after = await listInspectors(trx, department);
    await recordAudit(trx, actor, { action: 'inspector.upsert', target: `inspectors:${department}:${x.id}`, beforeHash: directoryHash(before), afterHash: directoryHash(after) }, at);
    return toInspector(row);
  });
}

/** Removes one inspector (NOT_FOUND when absent); audit-logged (`inspector.remove`). */
export async function removeInspector(db: Kysely<Database>, actor: Actor, department: string, id: string): Promise<void> {
  checkMayEditDirectory(actor, department);
  await db.transaction().execute(async (trx) => {
    const before = await listInspectors(trx, department);
    const r = await trx.deleteFrom('inspectors').where('department', '=', department).where('id', '=', id).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw new DbError('NOT_FOUND', `名录中没有工号 ${id} / no inspector ${id} in the directory of ${department}`, { reason: 'not-found' });
    const after = await listInspectors(trx, department);
    await recordAudit(trx, actor, { action: 'inspector.remove', target: `inspectors:${department}:${id}`, beforeHash: directoryHash(before), afterHash: directoryHash(after) });
  });
}

// ------------------------------------------------------------------ files

async function tableOf(data: Uint8Array, format: InspectorFileFormat): Promise<string[][]> {
  if (format === 'csv') {
    let text = Buffer.from(data).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    try {
      return parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
    } catch (e) {
      throw new DbError('BAD_REQUEST', `CSV 文件无法解析：${(e as Error).message} / the CSV file cannot be parsed: ${(e as Error).message}`, { reason: 'invalid-input' });
    }
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(data) as never);
  } catch (e) {
    throw new DbError('BAD_REQUEST', `XLSX 文件无法读取：${(e as Error).message} / the XLSX file cannot be read: ${(e as Error).message}`, { reason: 'invalid-input' });
  }
  const ws = wb.worksheets[0];
  const rows: string[][] = [];
  ws?.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      const cell = row.getCell(c);
      cells.push(cell.text ?? '');
    }
    rows.push(cells);
  });
  return rows;
}

const ACTIVE_YES = new Set(['', '是', '在岗', 'y', 'yes', 'true', '1']);
const ACTIVE_NO = new Set(['否', '不在岗', 'n', 'no', 'false', '0']);

/**
 * Reads a directory file: a header row (Chinese or English names, any order; 工号, 姓名 and 执法证号
 * required), then one inspector per row; lists separated by `;`, `；`, `、`, `,` or spaces. Throws
 * BAD_REQUEST naming every wrong row and column; nothing is returned partly.
 */
export async function parseInspectorFile(data: Uint8Array, format: InspectorFileFormat): Promise<Inspector[]> {
  const table = await tableOf(data, format);
  if (table.length === 0) throw invalid(['文件为空 / the file is empty']);
  const header = table[0]!.map((h) => h.trim());
  const index = new Map<string, number>();
  const errors: string[] = [];
  header.forEach((h, k) => {
    const c = INSPECTOR_COLUMNS.find((x) => x.zh === h || x.en.toLowerCase() === h.toLowerCase());
    if (c) index.set(c.field, k);
    else if (h !== '') errors.push(`第 1 行第 ${k + 1} 列：未知列名「${h}」 / row 1, column ${k + 1}: unknown header "${h}"`);
  });
  for (const f of ['id', 'name', 'certificate'] as const) {
    if (!index.has(f)) errors.push(`第 1 行：缺少「${columnName(f).zh}」列 / row 1: the "${columnName(f).en}" column is missing`);
  }
  if (errors.length > 0) throw invalid(errors);
  const cell = (row: string[], f: string) => (index.has(f) ? (row[index.get(f)!] ?? '').trim() : '');
  const out: Inspector[] = [];
  const seen = new Map<string, number>();
  table.slice(1).forEach((row, k) => {
    const line = k + 2;
    if (row.every((c) => c.trim() === '')) return;
    const activeText = cell(row, 'active').toLowerCase();
    const x: Inspector = {
      id: cell(row, 'id'),
      name: cell(row, 'name'),
      certificate: cell(row, 'certificate'),
      items: [...new Set(splitList(cell(row, 'items')))],
      conflicts: [...new Set(splitList(cell(row, 'conflicts')).map((u) => u.toUpperCase()))],
      active: !ACTIVE_NO.has(activeText),
    };
    if (!ACTIVE_YES.has(activeText) && !ACTIVE_NO.has(activeText)) errors.push(`第 ${line} 行「在岗」列：须为 是 或 否 / row ${line}, column active: must be yes or no`);
    for (const p of problemsOf(x)) errors.push(`第 ${line} 行「${columnName(p.field).zh}」列：${p.zh} / row ${line}, column ${columnName(p.field).en}: ${p.en}`);
    const first = seen.get(x.id);
    if (first !== undefined && x.id !== '') errors.push(`第 ${line} 行「工号」列：与第 ${first} 行重复（${x.id}） / row ${line}, column id: duplicates row ${first} (${x.id})`);
    else seen.set(x.id, line);
    out.push(x);
  });
  if (errors.length > 0) throw invalid(errors);
  return out;
}

/**
 * Replaces `department`'s directory with the inspectors of a file, all or nothing; audit-logged
 * (`inspector.import`) with the directory's hash before and after.
 *
 * @example
 * const { count } = await importInspectors(db, actor, 'market-regulation', readFileSync('名录.xlsx'), 'xlsx');
 */
export async function importInspectors(db: Kysely<Database>, actor: Actor, department: string, data: Uint8Array, format: InspectorFileFormat): Promise<{ count: number; hash: string }> {
  checkMayEditDirectory(actor, department);
  const list = await parseInspectorFile(data, format);
  const at = new Date().toISOString();
  return db.transaction().execute(async (trx) => {
    const before = await listInspectors(trx, department);
    await trx.deleteFrom('inspectors').where('department', '=', department).execute();
    for (const x of list) {
      await trx
        .insertInto('inspectors')
        .values({ department, id: x.id, name: x.name, certificate: x.certificate, items: JSON.stringify(x.items), conflicts: JSON.stringify(x.conflicts), active: x.active ? 1 : 0, updated_by: actor.username, updated_at: at })
        .execute();
    }
    const hash = directoryHash(await listInspectors(trx, department));
    await recordAudit(trx, actor, { action: 'inspector.import', target: `inspectors:${department}`, reason: `${format}; ${list.length} 人 / ${list.length} inspectors`, beforeHash: directoryHash(before), afterHash: hash }, at);
    return { count: list.length, hash };
  });
}

/** The directory as a file with Chinese headers (CSV with a BOM, or XLSX); lists joined with `；`. */
export async function inspectorFile(list: readonly Inspector[], format: InspectorFileFormat): Promise<Buffer> {
  const rows = list.map((x) => [x.id, x.name, x.certificate, x.items.join('；'), x.conflicts.join('；'), x.active ? '是' : '否']);
  const header = INSPECTOR_COLUMNS.map((c) => c.zh);
  if (format === 'csv') {
    const q = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    return Buffer.from('\uFEFF' + [header, ...rows].map((r) => r.map(q).join(',')).join('\r\n') + '\r\n', 'utf8');
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('执法检查人员名录');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Exports a department's directory (read access checked). */
export async function exportInspectors(db: Kysely<Database>, actor: Actor, department: string, format: InspectorFileFormat): Promise<Buffer> {
  checkMayReadDirectory(actor, department);
  return inspectorFile(await listInspectors(db, department), format);
}
