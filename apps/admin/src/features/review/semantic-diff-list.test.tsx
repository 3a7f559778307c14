import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { semanticDiff, validateDocument } from '@policy/schemas';
import type { PolicyDocument } from '@policy/schemas';
import scoreV1 from '../../../../../policies/public-credit-score/v1.json';
import { renderIn } from '../../test/render.tsx';
import { SemanticDiffList } from './semantic-diff-list.tsx';

function parsed(doc: unknown): PolicyDocument {
  const r = validateDocument(doc);
  if (!r.success) throw new Error(JSON.stringify(r.issues));
  return r.data;
}

/** public-credit-score v1 with the excellent band lowered from 85 to 80 and the title changed. */
function lowered() {
  const before = parsed(scoreV1);
  const after = structuredClone(before) as PolicyDocument & {
    content: { decision: { bands: { min?: { value: number }; max?: { value: number } }[] } };
  };
  after.content.decision.bands[0]!.min!.value = 80;
  after.content.decision.bands[1]!.max!.value = 80;
  after.title = `${before.title}（修订）`;
  return semanticDiff('grading', before, after).sentences;
}

const texts = () =>
  within(screen.getByRole('list'))
    .getAllByRole('listitem')
    .map((li) => li.querySelector('.diff-sentence-text')!.textContent);

describe('SemanticDiffList', () => {
  it('lists the server sentences in Chinese, in document order, each tagged with its part of the document', () => {
    renderIn(<SemanticDiffList sentences={lowered()} />);
    expect(texts()).toEqual([
      expect.stringMatching(/^标题 .* → .*（修订）$/),
      '优 区间下限 > 85 → > 80',
      '良 区间上限 ≤ 85 → ≤ 80',
      // texts that still quote the old 85 are flagged after the change (issue 11: texts cannot go stale silently)
      '区间标识 excellent-above-85 中的 85 与区间 (80, 100] 不一致，请更新文字',
      '区间标识 good-above-70-to-85 中的 85 与区间 (70, 80] 不一致，请更新文字',
      '等级 excellent 的说明中的 85 分与区间 (80, 100] 不一致，请更新文字',
      '等级 good 的说明中的 85 分与区间 (70, 80] 不一致，请更新文字',
    ]);
    const items = within(screen.getByRole('list')).getAllByRole('listitem');
    expect(items[0]!.textContent).toContain('基本信息');
    expect(items[1]!.textContent).toContain('判定规则');
    expect(items[1]!.textContent).toContain('/content/decision/bands/0/min');
  });

  it('sets warnings apart (antd warning style) and counts them above the list', () => {
    renderIn(<SemanticDiffList sentences={lowered()} />);
    const items = within(screen.getByRole('list')).getAllByRole('listitem');
    expect(items.map((li) => li.classList.contains('diff-sentence-warning'))).toEqual([
      false,
      false,
      false,
      true,
      true,
      true,
      true,
    ]);
    expect(items[3]!.textContent).toContain('注意');
    expect(screen.getByText('4 处需要注意')).toBeTruthy();
  });

  it('keeps the order of the sentences it is given (it does not sort them)', () => {
    const s = lowered();
    renderIn(<SemanticDiffList sentences={[s[2]!, s[0]!, s[1]!]} />);
    expect(texts()).toEqual([s[2]!.zh, s[0]!.zh, s[1]!.zh]);
  });

  it('shows the English sentences in the English UI', () => {
    renderIn(<SemanticDiffList sentences={lowered()} />, 'en');
    expect(texts().slice(1, 3)).toEqual([
      'Excellent band lower bound > 85 → > 80',
      'Good band upper bound ≤ 85 → ≤ 80',
    ]);
    expect(texts()[5]).toBe(
      'The number 85 (points) in the description of grade excellent disagrees with the band (80, 100]; update the text',
    );
    expect(screen.getAllByText('Decision')).toHaveLength(4);
  });

  it('says so when the versions are the same, and when one of them does not validate', () => {
    const { unmount } = renderIn(<SemanticDiffList sentences={[]} />);
    expect(screen.getByText('两个版本内容相同')).toBeTruthy();
    expect(screen.queryByRole('list')).toBeNull();
    unmount();
    renderIn(<SemanticDiffList sentences={[]} semantic={false} />);
    expect(screen.getByText(/只能查看下方的 JSON 对比/)).toBeTruthy();
  });
});
