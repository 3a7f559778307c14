/**
 * `policy inspectors import | export | list` (issue 14), against `DATABASE_URL` like `policy runs`:
 * a department's directory of inspectors (执法检查人员名录) from or to a CSV/XLSX file with Chinese
 * headers (工号, 姓名, 执法证号, 可检查事项, 回避企业, 在岗). Import replaces the directory, all or
 * nothing; audit-logged as the CLI user acting for the credit office.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { exportInspectors, importInspectors, listInspectors } from '@policy/db';
import type { InspectorFileFormat } from '@policy/db';
import type { CommandIo } from '../io.ts';
import { parseArgs } from '../io.ts';
import { cliActor, openDatabase } from './db.ts';
import { requireString } from './evaluate.ts';

const USAGE = [
  '用法 / usage:',
  '  policy inspectors import --department DEPT --file FILE.csv|FILE.xlsx',
  '  policy inspectors export --department DEPT --out FILE.csv|FILE.xlsx',
  '  policy inspectors list --department DEPT [--json]',
].join('\n');

function formatOf(file: string, io: CommandIo): InspectorFileFormat | null {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  io.err(`文件须为 .csv 或 .xlsx：${file} / the file must be .csv or .xlsx: ${file}`);
  return null;
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  const args = parseArgs(rest, ['json']);
  if (!sub || !['import', 'export', 'list'].includes(sub)) {
    io.err(USAGE);
    return 2;
  }
  const department = requireString(args, 'department', io);
  if (!department) return 2;
  const file = sub === 'import' ? requireString(args, 'file', io) : sub === 'export' ? requireString(args, 'out', io) : '';
  if (file === null) return 2;
  const format = sub === 'list' ? null : formatOf(file, io);
  if (sub !== 'list' && !format) return 2;
  const handle = await openDatabase(args, io);
  if (!handle) return 1;
  const actor = cliActor();
  try {
    if (sub === 'import') {
      const r = await importInspectors(handle.db, actor, department, readFileSync(resolve(io.cwd, file)), format!);
      io.out(`已导入 ${department} 的执法检查人员名录：${r.count} 人 / imported ${r.count} inspectors into the directory of ${department}`);
      return 0;
    }
    if (sub === 'export') {
      writeFileSync(resolve(io.cwd, file), await exportInspectors(handle.db, actor, department, format!));
      io.err(`已导出到 ${file} / exported to ${file}`);
      return 0;
    }
    const list = await listInspectors(handle.db, department);
    if (args.json === true) io.out(JSON.stringify(list));
    else for (const x of list) io.out(`${x.id}\t${x.name}\t${x.certificate}\t${x.items.join('；')}\t${x.conflicts.join('；')}\t${x.active ? '在岗' : '不在岗'}`);
    return 0;
  } catch (e) {
    io.err((e as Error).message);
    return 1;
  } finally {
    await handle.destroy();
  }
}
