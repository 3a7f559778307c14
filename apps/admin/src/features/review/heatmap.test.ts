import { describe, expect, it } from 'vitest';
import { heatmapOption, migrationHeatmap } from './heatmap.ts';

const labels = [
  { zh: '优', en: 'Excellent' },
  { zh: '良', en: 'Good' },
  { zh: '差', en: 'Poor' },
  { zh: '无等级', en: 'no grade' },
];

describe('migrationHeatmap', () => {
  it('puts before on the rows and after on the columns, every cell with its count, and drops an empty no-grade row/column', () => {
    // 10 stay excellent, 4 excellent → good, 2 good → excellent, 7 stay good, 1 good → poor, 3 stay poor
    const matrix = [
      [10, 4, 0, 0],
      [2, 7, 1, 0],
      [0, 0, 3, 0],
      [0, 0, 0, 0],
    ];
    const m = migrationHeatmap(
      { grades: ['excellent', 'good', 'poor', ''], gradeLabels: labels, matrix },
      'zh',
    );
    expect(m.labels).toEqual(['优', '良', '差']);
    expect(m.cells).toHaveLength(9);
    // [column = after, row = before, count]
    expect(m.cells).toContainEqual([1, 0, 4]);
    expect(m.cells).toContainEqual([0, 1, 2]);
    expect(m.cells).toContainEqual([2, 1, 1]);
    expect(m.cells).toContainEqual([0, 0, 10]);
    expect(m.cells).toContainEqual([2, 0, 0]);
    expect(m.moved).toBe(7);
    expect(m.maxMoved).toBe(4);
    expect(m.max).toBe(10);
  });

  it('keeps the no-grade row and column when enterprises enter or leave it', () => {
    const matrix = [
      [5, 0, 0, 2],
      [0, 5, 0, 0],
      [0, 0, 5, 0],
      [1, 0, 0, 0],
    ];
    const m = migrationHeatmap(
      { grades: ['excellent', 'good', 'poor', ''], gradeLabels: labels, matrix },
      'en',
    );
    expect(m.labels).toEqual(['Excellent', 'Good', 'Poor', 'no grade']);
    expect(m.cells).toContainEqual([3, 0, 2]);
    expect(m.cells).toContainEqual([0, 3, 1]);
    expect(m.moved).toBe(3);
  });

  it('puts a class letter before its label, labels a grade whose label is its code once, and nothing moved gives a colour scale of at least 1', () => {
    const m = migrationHeatmap(
      {
        grades: ['A', 'B', ''],
        gradeLabels: [{ zh: '守信' }, { zh: 'B' }, { zh: '无等级' }],
        matrix: [
          [3, 0, 0],
          [0, 2, 0],
          [0, 0, 0],
        ],
      },
      'zh',
    );
    expect(m.labels).toEqual(['A 守信', 'B']);
    expect(m.moved).toBe(0);
    expect(m.maxMoved).toBe(1);
  });

  it('feeds ECharts the moves in the coloured series and the diagonal in the grey one', () => {
    const m = migrationHeatmap(
      {
        grades: ['A', 'B', ''],
        gradeLabels: [{ zh: 'A' }, { zh: 'B' }, { zh: '无' }],
        matrix: [
          [3, 1, 0],
          [0, 2, 0],
          [0, 0, 0],
        ],
      },
      'zh',
    );
    const o = heatmapOption(m, { before: '调整前等级', after: '调整后等级', count: '户数' });
    const series = o.series as { data: unknown[] }[];
    expect(series[0]!.data).toEqual([
      [1, 0, 1],
      [0, 1, 0],
    ]);
    expect(series[1]!.data).toEqual([
      [0, 0, 3],
      [1, 1, 2],
    ]);
    // ECharts refuses a heat map without a visual map: one per series
    expect((o.visualMap as { seriesIndex: number }[]).map((v) => v.seriesIndex)).toEqual([0, 1]);
    expect((o.yAxis as { inverse: boolean; data: string[] }).data).toEqual(['A', 'B']);
  });
});
