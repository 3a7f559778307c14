/**
 * Golden cases of early-warning documents (issue 13 finding 5): the expected and actual rules, and the
 * values that fired them, in words; a text compared with a number said to be no number.
 */
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import { gradesOf, useOutcomeText } from './outcome-text.tsx';

function Outcome({ value }: { value: unknown }) {
  const text = useOutcomeText(RULES);
  return <span data-testid="outcome">{text(value)}</span>;
}

// the early-warning document's rules, as the version's content names them
const RULES = gradesOf({ content: { rules: [{ id: 'score-at-most-70', label: { zh: '评价分降至中档及以下', en: 'Score at or below 70' } }] } });

describe('outcome text of early-warning cases', () => {
  it('names the rules and the values beside their thresholds, not raw JSON', async () => {
    render(
      <FakeApi auth={sessionOf(makeUser('department-editor', 'market-regulation'))} handlers={{ 'documents.inForce': () => [] }}>
        <Outcome
          value={{
            warned: ['score-at-most-70'],
            values: { 'score-at-most-70': [{ leaf: 'measure', measure: 'public-credit-score', label: { zh: '公共信用综合评价分', en: 'Public credit score' }, value: 70, op: '<=', threshold: 70, holds: true }] },
          }}
        />
      </FakeApi>,
    );
    expect((await screen.findByTestId('outcome')).textContent).toBe('预警规则 评价分降至中档及以下 · 预警依据 公共信用综合评价分 = 70（<= 70）');
  });

  it('says a text compared with a number is no number (compared as no value), as the lookup does', async () => {
    render(
      <FakeApi auth={sessionOf(makeUser('department-editor', 'market-regulation'))} handlers={{ 'documents.inForce': () => [] }}>
        <Outcome
          value={{
            warned: ['score-at-most-70'],
            values: {
              'score-at-most-70': [
                { leaf: 'measure', measure: 'pass-rate', label: { zh: '食品安全抽检合格率(%)' }, value: 'n/a', op: '<', threshold: 100, holds: false, notNumber: true },
                { leaf: 'measure', measure: 'public-credit-score', label: { zh: '公共信用综合评价分' }, value: 70, op: '<=', threshold: 70, holds: true },
              ],
            },
          }}
        />
      </FakeApi>,
    );
    expect((await screen.findByTestId('outcome')).textContent).toBe(
      '预警规则 评价分降至中档及以下 · 预警依据 食品安全抽检合格率(%) = n/a（文字，不是数值，按无值比较）（< 100）；公共信用综合评价分 = 70（<= 70）',
    );
  });

  it('names a grade leaf by its document title, and a rule not in the document by its id', async () => {
    render(
      <FakeApi
        auth={sessionOf(makeUser('department-editor', 'market-regulation'))}
        handlers={{ 'documents.inForce': () => [], 'documents.list': () => [{ id: 'industry-model-food-safety', title: '食品生产经营企业信用风险分级模型' }] }}
      >
        <Outcome value={{ warned: ['food-model-d', 'score-at-most-70'], values: { 'food-model-d': [{ leaf: 'grade', document: 'industry-model-food-safety', grade: 'D', holds: true }] } }} />
      </FakeApi>,
    );
    await screen.findByText(/食品生产经营企业信用风险分级模型 D/);
    expect(screen.getByTestId('outcome').textContent).toBe('预警规则 food-model-d、评价分降至中档及以下 · 预警依据 食品生产经营企业信用风险分级模型 D');
  });
});
