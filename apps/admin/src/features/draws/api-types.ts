/** Outputs of the procedures the 双随机抽查 screens use (inferred from the server's router). */
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@policy/server/router';

type RouterOutputs = inferRouterOutputs<AppRouter>;

export type Inspector = RouterOutputs['draws']['inspectors']['list'][number];
export type DrawRound = RouterOutputs['draws']['rounds']['list'][number];
export type DrawPreview = RouterOutputs['draws']['preview'];
export type DrawRecord = DrawPreview['record'];
export type DrawInspection = DrawRecord['inspections'][number];
export type SeedInputs = DrawPreview['seedInputs'];
export type DrawCreated = RouterOutputs['draws']['create'];
export type DrawRow = RouterOutputs['draws']['list'][number];
export type DrawView = RouterOutputs['draws']['get'];
export type WholeDraw = Extract<DrawView, { view: 'whole' }>;
export type PublicDraw = Extract<DrawView, { view: 'public' }>;
export type PublicRow = RouterOutputs['draws']['publicList']['rows'][number];
export type DrawOutcome = WholeDraw['outcomes'][number];
export type RedrawRequest = RouterOutputs['draws']['redraws'][number];
export type YearlyPlan = RouterOutputs['draws']['plan'];
export type JointVisits = RouterOutputs['draws']['joint'];
export type DrawVerify = RouterOutputs['draws']['verify'];
export type RunRow = RouterOutputs['runs']['list'][number];
