/**
 * The application router. The admin imports only `type AppRouter` from here (`@policy/server/router`);
 * a type-only import brings no server code into the browser build.
 */
import { router } from '../trpc.ts';
import { adminSupportRouter } from './admin-support.ts';
import { auditRouter } from './audit.ts';
import { authRouter } from './auth.ts';
import { casesRouter } from './cases.ts';
import { datasetsRouter } from './datasets.ts';
import { documentsRouter } from './documents.ts';
import { drawsRouter } from './draws.ts';
import { evaluationRouter } from './evaluation.ts';
import { notesRouter } from './notes.ts';
import { objectionsRouter } from './objections.ts';
import { runsRouter } from './runs.ts';
import { tokensRouter } from './tokens.ts';
import { usersRouter } from './users.ts';
import { worklistRouter } from './worklist.ts';
import { departmentImpactRouter } from './department-impact.ts';

export const appRouter = router({
  auth: authRouter,
  documents: documentsRouter,
  notes: notesRouter,
  cases: casesRouter,
  datasets: datasetsRouter,
  evaluation: evaluationRouter,
  departmentImpact: departmentImpactRouter,
  draws: drawsRouter,
  runs: runsRouter,
  objections: objectionsRouter,
  audit: auditRouter,
  adminSupport: adminSupportRouter,
  worklist: worklistRouter,
  users: usersRouter,
  tokens: tokensRouter,
});

export type AppRouter = typeof appRouter;
