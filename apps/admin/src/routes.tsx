/**
 * Every address of the admin, on hash history so that bookmarks and links of the hand-written router
 * keep working: `#/`, `#/documents`, `#/documents/:id`, `#/documents/:id/versions/:n`, `#/reviews`,
 * `#/review/:documentId?version=&base=`, `#/enterprises` (also `#/lookup`) `?dataset=&uscc=&at=`,
 * `#/datasets`, `#/audit`, `#/runs`, `#/runs/:id`, `#/runs/:id/compare?base=&document=`, `#/inbox?objection=`, `#/objections?status=&id=`, `#/account` (my account, change password), `#/users` and `#/tokens` (credit office), and `#/playground?doc=&view=`, which needs neither the server nor a session.
 */
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { canReadAudit, canReadFirms } from '@policy/schemas';
import { AuthGate } from './features/auth/auth-gate.tsx';
import { AppShell } from './layout/app-shell.tsx';
import { ForbiddenPage, NotFoundPage } from './layout/result-pages.tsx';
import { AuthProvider, useCurrentUser } from './lib/session.tsx';

const PlaygroundPage = lazy(() => import('./features/documents/playground-page.tsx'));
const HomePage = lazy(() => import('./features/home/home-page.tsx'));
const DocumentsPage = lazy(() => import('./features/documents/documents-page.tsx'));
const DocumentPage = lazy(() => import('./features/documents/document-page.tsx'));
const ReviewPage = lazy(() => import('./features/review/review-page.tsx'));
const LookupPage = lazy(() => import('./features/lookup/lookup-page.tsx'));
const DatasetsPage = lazy(() => import('./features/datasets/datasets-page.tsx'));
const AuditPage = lazy(() => import('./features/audit/audit-page.tsx'));
const RunsPage = lazy(() => import('./features/runs/runs-page.tsx'));
const RunDetailPage = lazy(() => import('./features/runs/run-detail-page.tsx'));
const RunComparePage = lazy(() => import('./features/runs/run-compare-page.tsx'));
const InboxPage = lazy(() => import('./features/inbox/inbox-page.tsx'));
const ObjectionsPage = lazy(() => import('./features/objections/objections-page.tsx'));
const AccountPage = lazy(() => import('./features/account/account-page.tsx'));
const UsersPage = lazy(() => import('./features/users/users-page.tsx'));
const DrawsPage = lazy(() => import('./features/draws/draws-page.tsx'));
const DrawDetailPage = lazy(() => import('./features/draws/draw-detail-page.tsx'));
const TokensPage = lazy(() => import('./features/tokens/tokens-page.tsx'));

/** The shell behind the log-in (and the forced password change). */
function SignedIn() {
  return (
    <AuthProvider>
      <AuthGate>
        <AppShell />
      </AuthGate>
    </AuthProvider>
  );
}

function AuditRoute() {
  return canReadAudit(useCurrentUser()) ? <AuditPage /> : <ForbiddenPage />;
}

/** Enterprise lookup reads firm-level results: not for a viewer (aggregates only). */
function LookupRoute() {
  return canReadFirms(useCurrentUser()) ? <LookupPage /> : <ForbiddenPage reason="page.forbiddenFirms" />;
}

/** Objections name enterprises: the credit office, reviewers and department editors (not a viewer). */
function ObjectionsRoute() {
  return canReadFirms(useCurrentUser()) ? <ObjectionsPage /> : <ForbiddenPage reason="page.forbiddenFirms" />;
}

/** Users and roles: the credit office only (the server refuses everyone else too). */
function UsersRoute() {
  return useCurrentUser().role === 'credit-office' ? <UsersPage /> : <ForbiddenPage />;
}

/** Service tokens of the machine API: the credit office only (the server refuses everyone else too). */
function TokensRoute() {
  return useCurrentUser().role === 'credit-office' ? <TokensPage /> : <ForbiddenPage />;
}

export const routes: RouteObject[] = [
  // the editor playground shows the bundled default documents and needs neither the server nor a session
  { path: '/playground', element: <AppShell />, children: [{ index: true, element: <PlaygroundPage /> }] },
  {
    element: <SignedIn />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'documents', element: <DocumentsPage /> },
      { path: 'documents/:id', element: <DocumentPage /> },
      { path: 'documents/:id/versions/:n', element: <DocumentPage /> },
      { path: 'reviews', element: <ReviewPage /> },
      { path: 'review/:documentId', element: <ReviewPage /> },
      { path: 'enterprises', element: <LookupRoute /> },
      { path: 'lookup', element: <LookupRoute /> },
      { path: 'datasets', element: <DatasetsPage /> },
      { path: 'audit', element: <AuditRoute /> },
      { path: 'runs', element: <RunsPage /> },
      { path: 'runs/:id', element: <RunDetailPage /> },
      { path: 'runs/:id/compare', element: <RunComparePage /> },
      { path: 'inbox', element: <InboxPage /> },
      { path: 'objections', element: <ObjectionsRoute /> },
      { path: 'draws', element: <DrawsPage /> },
      { path: 'draws/:id', element: <DrawDetailPage /> },
      { path: 'account', element: <AccountPage /> },
      { path: 'users', element: <UsersRoute /> },
      { path: 'tokens', element: <TokensRoute /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
