import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import type { Band, GradeDef } from '@policy/schemas';
import { renderIn } from '../../../../test/render.tsx';
import { BandEditor } from './band-editor.tsx';
import { analyseBands } from './band-analysis.ts';

const grades: GradeDef[] = [
  { code: 'excellent', label: { zh: '优', en: 'Excellent' } },
  { code: 'good', label: { zh: '良', en: 'Good' } },
  { code: 'poor', label: { zh: '差', en: 'Poor' } },
];
const seedBands: Band[] = [
  { id: 'excellent', grade: 'excellent', min: { value: 85, inclusive: false } },
  { id: 'good', grade: 'good', min: { value: 70, inclusive: false }, max: { value: 85, inclusive: true } },
  { id: 'poor', grade: 'poor', max: { value: 70, inclusive: true } },
];

describe('BandEditor', () => {
  it('says the seed bands cover 0–100 without gap or overlap', () => {
    renderIn(
      <BandEditor
        bands={seedBands}
        range={{ min: 0, max: 100 }}
        grades={grades}
        pointer="/b"
        onChange={() => {}}
      />,
    );
    expect(screen.getByText('区间完整覆盖 0–100，没有缺口或重叠')).toBeTruthy();
    expect(document.querySelector('.ant-alert-error')).toBeNull();
  });

  it('shows a gap between two bands as an error naming the values', () => {
    const withGap: Band[] = [
      seedBands[0]!,
      { ...seedBands[1]!, max: { value: 80, inclusive: true } },
      seedBands[2]!,
    ];
    renderIn(
      <BandEditor
        bands={withGap}
        range={{ min: 0, max: 100 }}
        grades={grades}
        pointer="/b"
        onChange={() => {}}
      />,
    );
    const alert = screen.getByRole('alert');
    expect(within(alert).getByText('80 与 85 之间没有任何区间覆盖')).toBeTruthy();
  });

  it('flags a single value that both neighbours exclude', () => {
    const hole: Band[] = [
      seedBands[0]!,
      { ...seedBands[1]!, max: { value: 85, inclusive: false } },
      seedBands[2]!,
    ];
    renderIn(
      <BandEditor
        bands={hole}
        range={{ min: 0, max: 100 }}
        grades={grades}
        pointer="/b"
        onChange={() => {}}
      />,
    );
    expect(within(screen.getByRole('alert')).getByText('分值 85 不属于任何区间')).toBeTruthy();
  });

  it('toggling a bound’s inclusivity changes the document', () => {
    const onChange = vi.fn();
    renderIn(
      <BandEditor
        bands={seedBands}
        range={{ min: 0, max: 100 }}
        grades={grades}
        pointer="/b"
        onChange={onChange}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: /切换是否含该值 良 上限$/ }));
    expect(onChange).toHaveBeenCalledTimes(1);
    const next = onChange.mock.calls[0]![0] as Band[];
    expect(next[1]!.max).toEqual({ value: 85, inclusive: false });
    expect(next[0]).toBe(seedBands[0]); // other bands untouched
    // and the new bands leave 85 uncovered, which the analysis reports
    expect(analyseBands(next, { min: 0, max: 100 })).toEqual([
      { kind: 'gap', from: 85, to: 85, point: true, bands: [] },
    ]);
  });

  it('reports an overlap naming both bands by their grade labels, not their ids', () => {
    const overlap: Band[] = [
      { ...seedBands[0]!, min: { value: 80, inclusive: true } },
      seedBands[1]!,
      seedBands[2]!,
    ];
    renderIn(
      <BandEditor
        bands={overlap}
        range={{ min: 0, max: 100 }}
        grades={grades}
        pointer="/b"
        onChange={() => {}}
      />,
    );
    expect(within(screen.getByRole('alert')).getByText('区间“优”与“良”在 80–85 重叠')).toBeTruthy();
  });

  it('hides band ids; an id quoting the old threshold follows an edited bound (issue 15, item 6)', () => {
    const onChange = vi.fn();
    const seeded: Band[] = [
      {
        id: 'excellent-above-85',
        grade: 'excellent',
        min: { value: 85, inclusive: false },
        max: { value: 100, inclusive: true },
      },
      {
        id: 'good-above-70-to-85',
        grade: 'good',
        min: { value: 70, inclusive: false },
        max: { value: 85, inclusive: true },
      },
      {
        id: 'poor-70-or-below',
        grade: 'poor',
        min: { value: 0, inclusive: true },
        max: { value: 70, inclusive: true },
      },
    ];
    renderIn(
      <BandEditor
        bands={seeded}
        range={{ min: 0, max: 100 }}
        grades={grades}
        pointer="/b"
        onChange={onChange}
      />,
    );
    expect(screen.queryByText('区间标识')).toBeNull();
    expect(screen.queryByDisplayValue('excellent-above-85')).toBeNull();
    expect(document.body.textContent).not.toMatch(/excellent|（good）/);
    const lower = screen.getByRole('spinbutton', { name: '优 下限' });
    fireEvent.change(lower, { target: { value: '80' } });
    const next = onChange.mock.calls.at(-1)![0] as Band[];
    expect(next[0]).toMatchObject({ id: 'excellent-above-80', min: { value: 80, inclusive: false } });
    expect(next[1]!.id).toBe('good-above-70-to-85');
  });
});
