import { lazy } from 'react';

/** Monaco is 4 MB: these load on first use, never with the first screen. */
export const LazyJsonCodeEditor = lazy(() => import('./json-code-editor.tsx'));
export const LazyDiffView = lazy(() => import('./diff-view.tsx'));
