/** Output types of the procedures the review, lookup, dataset and audit pages use (inferred from the server's router). */
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@policy/server/router';

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

export type Preview = RouterOutputs['evaluation']['preview'];
export type DocumentComparison = Preview['comparison']['documents'][number];
export type MovedPage = RouterOutputs['evaluation']['moved'];
export type MovedItem = MovedPage['items'][number];
export type GoldenResult = Preview['golden'][number];
export type PreviewWarning = Preview['warnings'][number];
export type DiffResult = RouterOutputs['documents']['diff'];
export type DiffSentence = DiffResult['sentences'][number];
export type HistoryEntry = RouterOutputs['documents']['history'][number];
export type Explanation = RouterOutputs['evaluation']['explain']['explanation'];
export type DatasetRow = RouterOutputs['datasets']['list'][number];
export type ImportJob = RouterOutputs['datasets']['importStatus'];
export type AuditRow = RouterOutputs['audit']['list']['entries'][number];
export type AuditVerification = RouterOutputs['audit']['verify'];
export type Me = RouterOutputs['auth']['me'];
