/**
 * The streaming XLSX writer, read back with exceljs: Chinese text, XML special and illegal
 * characters, empty cells, numbers, rows added in several batches, the bold frozen header, column
 * widths; sheet names; failures.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { columnLetters, sheetNameProblem, xmlEscape, XlsxStreamWriter } from './xlsx-stream.ts';

const dir = mkdtempSync(join(tmpdir(), 'policy-xlsx-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readBack(file: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  expect(wb.worksheets).toHaveLength(1);
  return wb.worksheets[0]!;
}

describe('XlsxStreamWriter', () => {
  it('writes a sheet that exceljs reads back cell for cell', async () => {
    const file = join(dir, 'basic.xlsx');
    const headers = ['统一社会信用代码', '名称', '得分', '决定规则'];
    const w = new XlsxStreamWriter(file, { sheetName: '评价结果', headers, widths: [22, 30, undefined, 60] });
    await w.addRows([
      ['91110000MA01ABCD1X', '北京市某某运输有限公司', 92.5, '信用评价：规则一，评为 A'],
      ['91110000MA01ABCD2X', 'A&B <公司> "引号" \'单引号\'', -3, 'x > y & y < z'],
      ['', null, undefined, '第四列有值，前三列为空'],
      ['控制\u0001字符\u0008去掉\uFFFE', 0, 1e-7, '  前后空格保留  '],
      ['表情😀保留', 12345678901, Number.NaN, '换行\n与\t制表符'],
    ]);
    await w.finish();

    const ws = await readBack(file);
    expect(ws.name).toBe('评价结果');
    expect(ws.rowCount).toBe(6);
    expect(ws.getRow(1).values).toEqual([undefined, ...headers]);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.getRow(2).getCell(1).font?.bold).toBeFalsy();
    expect(ws.getRow(2).values).toEqual([
      undefined,
      '91110000MA01ABCD1X',
      '北京市某某运输有限公司',
      92.5,
      '信用评价：规则一，评为 A',
    ]);
    expect(ws.getRow(3).values).toEqual([
      undefined,
      '91110000MA01ABCD2X',
      'A&B <公司> "引号" \'单引号\'',
      -3,
      'x > y & y < z',
    ]);
    const empty = ws.getRow(4);
    expect([1, 2, 3].map((k) => empty.getCell(k).value)).toEqual([null, null, null]);
    expect(empty.getCell(4).value).toBe('第四列有值，前三列为空');
    expect(ws.getRow(5).values).toEqual([undefined, '控制字符去掉', 0, 1e-7, '  前后空格保留  ']);
    expect(ws.getRow(6).getCell(1).value).toBe('表情😀保留');
    expect(ws.getRow(6).getCell(2).value).toBe(12345678901);
    expect(ws.getRow(6).getCell(3).value).toBeNull(); // a number that is not finite leaves the cell empty
    expect(ws.getRow(6).getCell(4).value).toBe('换行\n与\t制表符');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getColumn(1).width).toBe(22);
    expect(ws.getColumn(4).width).toBe(60);
  });

  it('streams many batches of rows (8 MB of sheet, past the stream buffer) in order', async () => {
    const file = join(dir, 'many.xlsx');
    const w = new XlsxStreamWriter(file, {
      sheetName: '部门结果（交通运输）',
      headers: ['序号', '名称', '备注'],
      freezeHeader: false,
    });
    const BATCH = 5000;
    const BATCHES = 4;
    for (let b = 0; b < BATCHES; b++) {
      const rows = Array.from({ length: BATCH }, (_, k) => {
        const n = b * BATCH + k;
        return [n, `企业${n}号 & 分公司`, n % 7 === 0 ? null : `备注 <${n}>`.repeat(12)];
      });
      await w.addRows(rows);
    }
    await w.finish();

    const ws = await readBack(file);
    expect(ws.name).toBe('部门结果（交通运输）');
    expect(ws.rowCount).toBe(1 + BATCH * BATCHES);
    expect(ws.views[0]?.state ?? 'normal').toBe('normal');
    for (const n of [0, 1, 4999, 5000, 7777, 19_999]) {
      const row = ws.getRow(n + 2);
      expect(row.getCell(1).value).toBe(n);
      expect(row.getCell(2).value).toBe(`企业${n}号 & 分公司`);
      expect(row.getCell(3).value).toBe(n % 7 === 0 ? null : `备注 <${n}>`.repeat(12));
    }
  });

  it('refuses sheet names Excel refuses', () => {
    expect(sheetNameProblem('评价结果')).toBeNull();
    expect(sheetNameProblem('一'.repeat(31))).toBeNull();
    expect(sheetNameProblem('一'.repeat(32))).toMatch(/1–31/);
    expect(sheetNameProblem('')).toMatch(/1–31/);
    for (const c of ['[', ']', ':', '*', '?', '/', '\\'])
      expect(sheetNameProblem(`结果${c}`)).toMatch(/不能含/);
    expect(sheetNameProblem("'结果")).toMatch(/开头或结尾/);
    expect(
      () => new XlsxStreamWriter(join(dir, 'bad.xlsx'), { sheetName: '结果/2026', headers: [] }),
    ).toThrow(/不能含/);
  });

  it('escapes XML and drops the characters XML 1.0 forbids', () => {
    expect(xmlEscape('普通文本')).toBe('普通文本');
    expect(xmlEscape('a < b & "c" > d')).toBe('a &lt; b &amp; &quot;c&quot; &gt; d');
    expect(xmlEscape('x\u0000\u0001\u000B\u000C\u001F\uFFFF\uFFFEy')).toBe('xy');
    expect(xmlEscape('tab\tlf\ncr\r')).toBe('tab\tlf\ncr\r');
    expect(xmlEscape('pair😀 lone\uD800 lone\uDC00.')).toBe('pair😀 lone lone.');
  });

  it('names columns as Excel does', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetters)).toEqual([
      'A',
      'B',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });

  it('rejects when the file cannot be written, and aborts without hanging', async () => {
    const missing = new XlsxStreamWriter(join(dir, 'no-such-dir', 'x.xlsx'), {
      sheetName: '结果',
      headers: ['a'],
    });
    await expect(missing.addRows([['b']]).then(() => missing.finish())).rejects.toThrow(/ENOENT/);

    const file = join(dir, 'aborted.xlsx');
    const w = new XlsxStreamWriter(file, { sheetName: '结果', headers: ['a'] });
    await w.addRows([['b']]);
    await w.abort();
    await expect(w.addRows([['c']])).rejects.toThrow(/after finish/);
    rmSync(file, { force: true });
    expect(existsSync(file)).toBe(false);
  });
});
