/**
 * ECharts, tree-shaken and loaded lazily: only the chart types the admin uses are registered.
 * Import `LazyChart` from `./lazy-chart.tsx`; never import this module eagerly (it is ~600 kB).
 */
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, PieChart, LineChart } from 'echarts/charts';
import {
  GridComponent,
  TooltipComponent,
  LegendComponent,
  VisualMapComponent,
  TitleComponent,
  DatasetComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
// The ESM path: 'echarts-for-react/lib/core' yields the module object under Vite 8 (STACK.md §6.6).
import ReactEChartsCore from 'echarts-for-react/esm/core';
import type { EChartsOption } from 'echarts';

echarts.use([
  BarChart,
  HeatmapChart,
  PieChart,
  LineChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  VisualMapComponent,
  TitleComponent,
  DatasetComponent,
  CanvasRenderer,
]);

export interface ChartProps {
  option: EChartsOption;
  height?: number | string;
  /** Accessible description of what the chart shows. */
  ariaLabel?: string;
}

export default function EChart({ option, height = 320, ariaLabel }: ChartProps) {
  return (
    <div role="img" aria-label={ariaLabel}>
      <ReactEChartsCore echarts={echarts} option={option} notMerge lazyUpdate style={{ height, width: '100%' }} />
    </div>
  );
}
