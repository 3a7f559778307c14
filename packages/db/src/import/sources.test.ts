import { describe, expect, it } from 'vitest';
import { readCandidates } from './sources.ts';

const problems = async (input: string, format: 'jsonl' | 'xlsx' = 'jsonl') =>
  [...(await readCandidates({ format, input }))].flatMap((c) => (c.ok ? [] : [[c.issue.row, c.issue.message, c.issue.messageEn]]));

describe('reasons a person can act on (issue 15, item 5)', () => {
  it('a line cut off reads 第 N 行不是完整的 JSON（可能被截断）, not "Unexpected end of JSON input"', async () => {
    const got = await problems('{"uscc": "91350100M000100Y43", "name": "某公司"}\n{"uscc": "91350100M0001');
    expect(got).toHaveLength(1);
    expect(got[0]![0]).toBe(2);
    expect(got[0]![1]).toMatch(/^第 2 行不是完整的 JSON（可能被截断）/);
    expect(got[0]![2]).toMatch(/^line 2 is not complete JSON \(it may have been cut off\)/);
    for (const m of got[0]!) expect(String(m)).not.toMatch(/Unexpected|JSON input|position/);
  });

  it('other syntax errors name the character and what was expected, in Chinese', async () => {
    const [p] = await problems('{"uscc": broken}');
    expect(p![1]).toBe('第 1 行不是有效的 JSON：第 10 个字符处意外的字符 "b"，应为一个值（对象、数组、字符串、数字、true、false 或 null）');
  });

  it('a line that is not a record', async () => {
    const [p] = await problems('[1, 2]');
    expect(p![1]).toBe('第 1 行应为一条市场主体记录（用 { } 括起的 JSON 对象），现在是一个列表');
  });

  it('a file that is not a workbook', async () => {
    const [p] = await problems('not a zip', 'xlsx');
    expect(p![1]).toMatch(/^无法读取文件：它不是有效的 Excel 工作簿（\.xlsx）/);
    expect(p![2]).not.toMatch(/zip|central directory/i);
  });
});
