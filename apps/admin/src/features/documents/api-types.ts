/** Outputs of the procedures the document list and the editor page use (inferred from the server's router). */
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@policy/server/router';

type RouterOutputs = inferRouterOutputs<AppRouter>;

export type DocumentSummary = RouterOutputs['documents']['list'][number];
export type VersionDetail = RouterOutputs['documents']['getByNumber'];
export type HistoryEntry = RouterOutputs['documents']['history'][number];
