/** Outputs and inputs of the procedures the review page uses (inferred from the server's router). */
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@policy/server/router';

type RouterOutputs = inferRouterOutputs<AppRouter>;
type RouterInputs = inferRouterInputs<AppRouter>;

export type Preview = RouterOutputs['evaluation']['preview'];
export type PreviewInput = RouterInputs['evaluation']['preview'];
export type DocumentComparison = Preview['comparison']['documents'][number];
export type MovedItem = RouterOutputs['evaluation']['moved']['items'][number];
export type GoldenResult = Preview['golden'][number];
export type PreviewWarning = Preview['warnings'][number];
export type HistoryEntry = RouterOutputs['documents']['history'][number];
export type ReviewVersion = RouterOutputs['documents']['get'];
export type EffectiveDateReview = ReviewVersion['effectiveDate'];
export type DiffResult = RouterOutputs['documents']['diff'];
