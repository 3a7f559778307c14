import { describe, expect, it } from 'vitest';
import type { SamplingDocument } from '@policy/schemas';
import { samplingFixture } from '@policy/schemas/fixtures';
import { renderIn } from '../../../../test/render.tsx';
import { DirectoryProvider } from '../../../../lib/department-directory.tsx';
import { SamplingForm } from './sampling-form.tsx';

const directory = {
  departments: [{ id: 'market-regulation', name: { zh: '市场监督管理局' }, shortName: '市场监管局' }],
  domains: [
    {
      id: 'food',
      name: { zh: '食品' },
      departments: ['market-regulation'],
      match: { industryPrefixes: ['C14'], all: false },
    },
  ],
};

describe('SamplingForm exceptions (issue 15, item 6: Chinese names wherever a person reads)', () => {
  it('names the exception fields and the domain in Chinese, not frequencyPerYear or food', () => {
    const doc = samplingFixture() as unknown as SamplingDocument;
    doc.content.exceptions = [
      { domain: 'food', grade: doc.content.rows.at(-1)!.grade, ratioPercent: 100, frequencyPerYear: 4 },
    ];
    const { container } = renderIn(
      <DirectoryProvider content={directory}>
        <SamplingForm doc={doc} onChange={() => {}} />
      </DirectoryProvider>,
    );
    const text = container.textContent ?? '';
    expect(text).toContain('每年抽查次数');
    expect(text).toContain('抽查比例(%)');
    expect(text).toContain('食品');
    expect(text).not.toMatch(/frequencyPerYear|ratioPercent/);
    const domain = container.querySelector('[id="pf:/content/exceptions/0/domain"]');
    expect(domain?.closest('.ant-select')?.textContent ?? domain?.textContent ?? '').not.toBe('food');
  });
});

describe('SamplingForm per-domain basis and yearly plans (issue 13, findings 1 and 4)', () => {
  it('shows the 依据 of each domain and the plans by their Chinese titles, the domain and the department by name', () => {
    const doc = samplingFixture() as unknown as SamplingDocument;
    doc.content.domainBasis = [{ domain: 'food', document: 'industry-model-food-safety' }];
    doc.content.differentiatedShareYear = 2023;
    doc.content.inspectionPlans = [
      { department: 'market-regulation', year: 2023, enterprises: { differentiated: 600, targeted: 200, complaint: 150, fullCoverage: 50 } },
    ];
    const { container } = renderIn(
      <DirectoryProvider content={directory}>
        <SamplingForm doc={doc} onChange={() => {}} />
      </DirectoryProvider>,
    );
    const text = container.textContent ?? '';
    for (const title of ['按领域的抽查依据', '依据的评价或行业模型', '差异化抽查占比目标年度', '年度抽查计划（户数）', '差异化抽查户数', '定向抽查户数', '投诉举报核查户数', '全覆盖检查户数']) {
      expect(text).toContain(title);
    }
    expect(text).not.toMatch(/domainBasis|inspectionPlans|fullCoverage/);
    const domain = container.querySelector('[id="pf:/content/domainBasis/0/domain"]');
    expect(domain?.closest('.ant-select')?.textContent ?? '').toContain('食品');
    const dep = container.querySelector('[id="pf:/content/inspectionPlans/0/department"]');
    expect(dep?.closest('.ant-select')?.textContent ?? '').toContain('市场监督管理局');
  });
});
