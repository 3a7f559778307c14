/** The migration matrix of a preview as an ECharts heat map: rows = grade before, columns = grade after. */
import type { EChartsOption } from 'echarts';

export interface MatrixInput {
  /** Grade codes, the last one '' = no grade. */
  grades: readonly string[];
  gradeLabels: readonly { zh: string; en?: string | undefined }[];
  /** matrix[before][after] = number of enterprises. */
  matrix: readonly (readonly number[])[];
}

export interface HeatmapModel {
  /** Axis labels in display order (best grade first); the same for rows and columns. */
  labels: string[];
  /** `[column (after), row (before), count]` for every cell, zeros included so empty cells show 0. */
  cells: [number, number, number][];
  /** Largest off-diagonal count (the moves), for the colour scale; at least 1. */
  maxMoved: number;
  /** Largest count of all cells. */
  max: number;
  /** Enterprises off the diagonal. */
  moved: number;
}

/**
 * Axis label of a grade in the current language: the label alone (`优`), with the code first when the
 * code is a class letter (`A 守信`); ids such as `excellent` stay out of the Chinese UI.
 */
export function gradeAxisLabel(
  code: string,
  label: { zh: string; en?: string | undefined } | undefined,
  lang: 'zh' | 'en',
): string {
  const text = label ? (lang === 'en' ? (label.en ?? label.zh) : label.zh) : code;
  if (code === '' || text === code || !/^[A-Z]$/.test(code)) return text;
  return `${code} ${text}`;
}

/**
 * Turns a migration matrix into heat-map cells. The "no grade" row/column is dropped when it is empty
 * on both sides, so a grading that grades everybody shows only its own grades.
 *
 * @example
 * migrationHeatmap({ grades: ['A', 'B', ''], gradeLabels: [...], matrix: [[5, 1, 0], [0, 7, 0], [0, 0, 0]] }, 'zh')
 * // → labels ['A 守信', 'B 一般失信'], cells [[0,0,5],[1,0,1],[0,1,0],[1,1,7]], moved 1
 */
export function migrationHeatmap(input: MatrixInput, lang: 'zh' | 'en'): HeatmapModel {
  const n = input.grades.length;
  const keep: number[] = [];
  for (let k = 0; k < n; k++) {
    if (input.grades[k] !== '') {
      keep.push(k);
      continue;
    }
    let any = 0;
    for (let j = 0; j < n; j++) any += (input.matrix[k]?.[j] ?? 0) + (input.matrix[j]?.[k] ?? 0);
    if (any > 0) keep.push(k);
  }
  const labels = keep.map((k) => gradeAxisLabel(input.grades[k]!, input.gradeLabels[k], lang));
  const cells: [number, number, number][] = [];
  let max = 0;
  let maxMoved = 0;
  let moved = 0;
  keep.forEach((r, y) => {
    keep.forEach((c, x) => {
      const v = input.matrix[r]?.[c] ?? 0;
      cells.push([x, y, v]);
      max = Math.max(max, v);
      if (r !== c) {
        maxMoved = Math.max(maxMoved, v);
        moved += v;
      }
    });
  });
  return { labels, cells, max, maxMoved: Math.max(1, maxMoved), moved };
}

/** ECharts option of the heat map; the diagonal (unchanged) is shown grey so the moves stand out. */
export function heatmapOption(
  model: HeatmapModel,
  text: { before: string; after: string; count: string },
): EChartsOption {
  const diagonal = model.cells.filter(([x, y]) => x === y);
  const off = model.cells.filter(([x, y]) => x !== y);
  const label = {
    show: true,
    formatter: (p: unknown) => (p as { value: number[] }).value[2]!.toLocaleString('en'),
  };
  return {
    tooltip: {
      formatter: (p: unknown) => {
        const v = (p as { value: [number, number, number] }).value;
        return `${text.before}：${model.labels[v[1]]}<br/>${text.after}：${model.labels[v[0]]}<br/>${text.count}：${v[2].toLocaleString('en')}`;
      },
    },
    grid: { left: 90, right: 24, top: 36, bottom: 64 },
    xAxis: {
      type: 'category',
      data: model.labels,
      name: text.after,
      nameLocation: 'middle',
      nameGap: 30,
      position: 'top',
      splitArea: { show: true },
    },
    yAxis: {
      type: 'category',
      data: model.labels,
      name: text.before,
      nameLocation: 'middle',
      nameGap: 70,
      inverse: true,
      splitArea: { show: true },
    },
    // a heat map needs a visual map per series: the moves on a colour scale, the diagonal in flat grey
    visualMap: [
      {
        type: 'continuous',
        min: 0,
        max: model.maxMoved,
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: 120,
        seriesIndex: 0,
        inRange: { color: ['#fff7e6', '#ffc069', '#d4380d'] },
      },
      {
        type: 'continuous',
        show: false,
        min: 0,
        max: Math.max(1, model.max),
        seriesIndex: 1,
        inRange: { color: ['#eef1f5', '#eef1f5'] },
      },
    ],
    series: [
      { type: 'heatmap', data: off, label, emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } } },
      { type: 'heatmap', data: diagonal, label: { ...label, color: '#555' } },
    ],
  };
}
