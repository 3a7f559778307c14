import { lazy } from 'react';

/** Monaco is 4 MB: these load on first use, never with the first screen. */
export const LazyJsonCodeEditor = lazy(() => import('./JsonCodeEditor.tsx'));
export const LazyDiffView = lazy(() => import('./DiffView.tsx'));
