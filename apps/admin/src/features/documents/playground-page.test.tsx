import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { renderIn } from '../../test/render.tsx';
import { newestVersions } from './newest-versions.ts';
import PlaygroundPage from './playground-page.tsx';

// Monaco cannot run in the test DOM: the JSON view gets a plain textarea with the same props.
vi.mock('../../components/lazy.tsx', () => ({
  LazyJsonCodeEditor: (props: { value: string }) => <textarea data-testid="code" value={props.value} readOnly />,
  LazyDiffView: () => null,
}));

describe('newestVersions', () => {
  it('keeps the highest v<N>.json of each document, by number, and leaves golden cases out', () => {
    const got = newestVersions([
      '../../policies/food/v1.json',
      '../../policies/food/v2.json',
      '../../policies/food/v2.cases.json',
      '../../policies/sampling/v9.json',
      '../../policies/sampling/v10.json',
      '../../policies/sampling/v3.json',
      '../../policies/alpha/v1.json',
    ]);
    expect(got).toEqual([
      { id: 'alpha', version: 1, path: '../../policies/alpha/v1.json' },
      { id: 'food', version: 2, path: '../../policies/food/v2.json' },
      { id: 'sampling', version: 10, path: '../../policies/sampling/v10.json' },
    ]);
  });
});

describe('PlaygroundPage', () => {
  it('shows the newest version of the food model (v2), and names it in the picker', async () => {
    renderIn(
      <MemoryRouter initialEntries={['/playground?doc=industry-model-food-safety&view=json']}>
        <PlaygroundPage />
      </MemoryRouter>,
    );
    const code = (await screen.findByTestId('code', {}, { timeout: 30_000 })) as HTMLTextAreaElement;
    expect(JSON.parse(code.value)).toMatchObject({ id: 'industry-model-food-safety', version: 2, effectiveFrom: '2026-10-01' });
    await waitFor(() => expect(screen.getByText('industry-model-food-safety（v2）')).toBeTruthy());
  });
});
