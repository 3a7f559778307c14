/**
 * The Excel round trip of the sampling table and the department × domain matrix (issue 15): what is
 * exported reads back unchanged (names as the editor shows them: 重点关注, 市场监管局, √); names typed
 * as people type them are accepted; a bad cell refuses the file with row and column.
 */
import { describe, expect, it } from 'vitest';
import type { DepartmentDef, SamplingRow } from '@policy/schemas';
import { domainAssignmentFixture, samplingFixture } from '@policy/schemas/fixtures';
import { readSheet } from './items-excel.ts';
import { assignmentHeader, domainToRow, planAssignment, rowsToDomains } from './assignment-excel.ts';
import type { DomainInput } from './assignment-excel.ts';
import { planSampling, rowsToSampling, SAMPLING_COLUMNS, samplingToRow } from './sampling-excel.ts';
import { writeTable } from './table-excel.ts';

const sampling = samplingFixture().content.rows as SamplingRow[];
const assignment = domainAssignmentFixture().content;
const departments = assignment.departments as DepartmentDef[];
const domains = assignment.domains as DomainInput[];

async function roundTrip(header: readonly string[], rows: (string | number)[][]) {
  const blob = await writeTable('表', header, rows);
  return (await readSheet(await blob.arrayBuffer()))!;
}

describe('sampling table ⇄ Excel', () => {
  it('reads back what it exports, 现场检查 by its Chinese name', async () => {
    const sheet = await roundTrip(SAMPLING_COLUMNS, sampling.map(samplingToRow));
    expect(sheet[3]).toContain('重点关注');
    const r = rowsToSampling(sheet, 'zh');
    expect(r).toEqual({ ok: true, rows: sampling });
    expect(planSampling(sampling, r.ok ? r.rows : [], 'replace')).toMatchObject({ added: [], updated: [], removed: [] });
  });

  it('accepts 5%, a range written 2-6 and codes; refuses bad cells naming row and column', () => {
    const ok = rowsToSampling([[...SAMPLING_COLUMNS], ['A', '5%', '2-6', 1, 'on-trigger', '']], 'zh');
    expect(ok).toEqual({ ok: true, rows: [{ grade: 'A', ratioPercent: 5, range: { min: 2, max: 6 }, frequencyPerYear: 1, onSite: 'on-trigger' }] });
    const bad = rowsToSampling(
      [[...SAMPLING_COLUMNS], ['A', 'abc', '', 1, '无事不扰'], ['A', 120, '9–3', '', '随便']],
      'zh',
    );
    expect(bad.ok).toBe(false);
    expect(bad.ok ? [] : bad.errors.map((e) => `${e.row}/${e.column}: ${e.message}`)).toEqual([
      '2/抽查比例(%): “abc”不是数字',
      '3/每年次数: 不能为空',
      '3/等级: “A”与第 2 行重复',
      '3/抽查比例(%): 120 不在 0–100 之间',
      '3/比例区间(%): 比例区间应写成“最小–最大”，如 3–5',
      '3/现场检查: “随便”不是可选的现场检查方式（可选：无事不扰、常规检查、重点关注、必要时主动实施现场检查、每次均实地核查）',
    ]);
    const header = rowsToSampling([['等级', '比例']], 'zh');
    expect(header.ok ? [] : header.errors.map((e) => e.message)).toContain('缺少“抽查比例(%)”列（请先导出，在导出的表格上修改）');
  });
});

describe('department × domain ⇄ Excel', () => {
  it('reads back what it exports: departments as the matrix names them, √ marks, 全部市场主体', async () => {
    const header = assignmentHeader(departments);
    expect(header).toEqual(['监管领域', '行业代码前缀', '市场监管局', '住建局', '公安局']);
    const sheet = await roundTrip(header, domains.map((d) => domainToRow(d, departments)));
    expect(sheet[3]).toEqual(['执法对象', '全部市场主体', '', '', '√']);
    const r = rowsToDomains(sheet, domains, departments, 'zh');
    expect(r.ok).toBe(true);
    const plan = planAssignment(domains, r.ok ? r.domains : [], 'replace', (id) => id);
    expect(plan).toMatchObject({ added: [], updated: [], removed: [] });
  });

  it('accepts full names and ids as headers, a new domain by name; refuses unknown departments, marks and codes with row and column', () => {
    const r = rowsToDomains(
      [
        ['监管领域', '行业代码前缀', '市场监督管理局', 'housing-construction', '公安局'],
        ['食品', 'c14，H62', '', '是', ''],
        ['新领域甲', 'F51', '√', '', ''],
      ],
      domains,
      departments,
      'zh',
    );
    expect(r.ok).toBe(true);
    const out = r.ok ? r.domains : [];
    expect(out[0]).toMatchObject({ id: 'food', departments: ['housing-construction'], match: { industryPrefixes: ['C14', 'H62'], all: false } });
    expect(out[1]).toMatchObject({ name: { zh: '新领域甲' }, departments: ['market-regulation'] });
    expect(domains.map((d) => d.id)).not.toContain(out[1]!.id);
    const bad = rowsToDomains(
      [
        ['监管领域', '行业代码前缀', '市场监管局', '教育局'],
        ['食品', 'Z99', '也许', ''],
      ],
      domains,
      departments,
      'zh',
    );
    expect(bad.ok ? [] : bad.errors.map((e) => `${e.row}/${e.column}: ${e.message}`)).toEqual([
      '1/教育局: “教育局”不是部门目录中的部门（请先在部门目录中添加）',
    ]);
    const bad2 = rowsToDomains([['监管领域', '行业代码前缀', '市场监管局'], ['食品', 'Z99', '也许'], ['', 'C14', '√']], domains, departments, 'zh');
    expect(bad2.ok ? [] : bad2.errors.map((e) => `${e.row}/${e.column}: ${e.message}`)).toEqual([
      '2/行业代码前缀: “Z99”不是有效的行业代码前缀（如 C、C14、C139、C1391）',
      '2/市场监管局: “也许”无法识别：负责填“√”，不负责留空',
      '3/监管领域: 不能为空',
    ]);
  });
});
