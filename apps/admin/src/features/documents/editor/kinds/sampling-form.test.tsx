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
