/**
 * Layout of the overrides table and the sampling grid at 1366×768 (issue 15, item 7): the editor column
 * there is about 720px wide beside the live preview. The overrides' condition printed one character per
 * line because the fixed columns took 824px; the sampling 说明 box was four characters wide as a sixth
 * column. (The widths in the browser are checked by e2e/editors-layout.e2e.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import type { GradeDef, MeasureDef, SamplingRow } from '@policy/schemas';
import { samplingFixture } from '@policy/schemas/fixtures';
import { renderIn } from '../../../../test/render.tsx';
import { RuleTableEditor } from './rule-table-editor.tsx';
import { SamplingGrid } from './sampling-grid.tsx';

const grades: GradeDef[] = ['A', 'B', 'C', 'D'].map((code) => ({ code, label: { zh: `${code}类` } }));
const measures: MeasureDef[] = [{ id: 'serious-count', type: 'recordCount', severity: 'serious', label: { zh: '严重失信记录数' } }];

/** The fixed widths of a table's columns (colgroup), in px. */
const fixedWidths = (table: Element) =>
  [...table.querySelectorAll('colgroup col')].map((c) => parseFloat((c as HTMLElement).style.width || '0'));

describe('overrides table', () => {
  it('leaves the condition at least 300px of a 720px editor: rule id under the grade, 依据 under the condition', () => {
    const { container } = renderIn(
      <RuleTableEditor
        variant="overrides"
        rules={[{ id: 'serious-to-d', grade: 'D', when: { measure: 'serious-count', op: '>=', value: 1 }, note: '000 三(一)' }]}
        grades={grades}
        measures={measures}
        pointer="/content/overrides"
        onChange={() => {}}
      />,
    );
    const table = container.querySelector('table')!;
    const fixed = fixedWidths(table).reduce((a, b) => a + b, 0);
    expect(720 - fixed).toBeGreaterThanOrEqual(300);
    const cell = screen.getByTestId('rule-condition').closest('td')!;
    expect(cell.contains(screen.getByRole('textbox', { name: '依据' }))).toBe(true);
    expect(screen.getByTestId('rule-condition').textContent).toBe('严重失信记录数 ≥ 1');
  });
});

describe('sampling grid', () => {
  it('puts each grade’s 说明 on a full-width line under its row, and the other columns fit 720px', () => {
    const rows = samplingFixture().content.rows as SamplingRow[];
    const { container } = renderIn(<SamplingGrid rows={rows} pointer="/content/rows" onChange={() => {}} />);
    const table = container.querySelector('table')!;
    const columns = table.querySelectorAll('thead th').length;
    expect([...table.querySelectorAll('thead th')].map((th) => th.textContent)).not.toContain('说明');
    const note = screen.getByRole('textbox', { name: '说明 C' });
    const td = note.closest('td')!;
    expect(td.closest('tr')!.className).toContain('sampling-note-row');
    expect(Number(td.getAttribute('colspan'))).toBe(columns);
    expect(fixedWidths(table).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(720 - 196);
  });
});
