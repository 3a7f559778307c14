/** Golden cases of early-warning documents (issue 13 finding 5): the expected and actual rules, and the values that fired them, in words. */
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, makeUser, sessionOf } from '../../test/fake-api.tsx';
import { useOutcomeText } from './outcome-text.tsx';

function Outcome({ value }: { value: unknown }) {
  const text = useOutcomeText([]);
  return <span data-testid="outcome">{text(value)}</span>;
}

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
    expect((await screen.findByTestId('outcome')).textContent).toBe('预警规则 score-at-most-70 · 预警依据 公共信用综合评价分 = 70（<= 70）');
  });
});
