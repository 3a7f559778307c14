import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import type { ChartProps } from './echarts-core.tsx';

const EChart = lazy(() => import('./echarts-core.tsx'));

/** An ECharts chart, loaded on first use. */
export function LazyChart(props: ChartProps) {
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: props.height ?? 320 }} />}>
      <EChart {...props} />
    </Suspense>
  );
}
export type { ChartProps };
