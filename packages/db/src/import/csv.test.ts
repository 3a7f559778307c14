import { describe, expect, it } from 'vitest';
import { csvRows, readCsv } from './csv.ts';

async function* pieces(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('csv (csv-parse, streamed)', () => {
  it('reads RFC 4180 fields with the line each row starts on', async () => {
    const text = '\ufeffa,b\r\n1,"x,y"\n2,"multi\nline ""quoted"""\n\n3,\r4,last';
    expect(await readCsv(text)).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', 'x,y'] },
      { line: 3, cells: ['2', 'multi\nline "quoted"'] },
      { line: 6, cells: ['3', ''] },
      { line: 7, cells: ['4', 'last'] },
    ]);
  });

  it('drops the BOM of bytes and keeps characters split across slices', async () => {
    const bytes = Buffer.from('\ufeff统一社会信用代码,企业名称\n91350100M000100Y43,"𠮷野家（福州）,餐饮"\n', 'utf8');
    const rows = [];
    for await (const r of csvRows(pieces(bytes, 1))) rows.push(r);
    expect(rows).toEqual([
      { line: 1, cells: ['统一社会信用代码', '企业名称'] },
      { line: 2, cells: ['91350100M000100Y43', '𠮷野家（福州）,餐饮'] },
    ]);
    expect(await readCsv(bytes)).toEqual(rows);
  });

  it('names the line where an unterminated quoted field starts', async () => {
    await expect(readCsv('a,b\n1,2\n3,"open\n\nstill open')).rejects.toThrow('第 3 行的引号没有闭合 / line 3: unterminated quoted field');
    await expect(readCsv('a,b\n"x"y,2\n')).rejects.toThrow(/^第 2 行：引号闭合后/);
  });

  it('streams a large file: rows arrive before the whole input is read', async () => {
    const line = Buffer.from('91350100M000100Y43,某某食品有限公司,C1391,350102,存续,88\n');
    let fed = 0;
    async function* source(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 500; i++) {
        fed++;
        yield Buffer.concat(Array.from({ length: 100 }, () => line));
      }
    }
    let firstAt = 0;
    let n = 0;
    for await (const r of csvRows(source())) {
      if (n === 0) firstAt = fed;
      n++;
      if (n === 50_000) expect(r.line).toBe(50_000);
    }
    expect(n).toBe(50_000);
    expect(firstAt).toBeLessThan(5);
  });
});
