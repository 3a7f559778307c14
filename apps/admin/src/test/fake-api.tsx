/**
 * Component tests only: the real tRPC React providers over an in-memory link that answers each
 * procedure from a handler map, a fixed session and a hash router. No network, no server.
 */
import type { ReactNode } from 'react';
import { useState } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, TRPCClientError } from '@trpc/client';
import type { TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { AppRouter } from '@policy/server/router';
import { App as AntApp } from 'antd';
import { createHashRouter, RouterProvider } from 'react-router';
import { LanguageProvider } from '../i18n/index.tsx';
import { TRPCProvider } from '../lib/trpc.tsx';
import { StaticAuthProvider } from '../lib/session.tsx';
import type { AuthValue } from '../lib/session.tsx';
import type { SessionUser } from '../lib/session.tsx';

export type Handlers = Record<string, (input: unknown) => unknown>;

/** A TRPCClientError as the server would send it (code and optional reason). */
export function trpcError(
  code: string,
  message = code,
  extra: Record<string, unknown> = {},
): TRPCClientError<AppRouter> {
  return new TRPCClientError(message, {
    result: { error: { message, code: -1, data: { code, issues: [], ...extra } } },
  } as never);
}

function fakeLink(handlers: Handlers, calls: { path: string; input: unknown }[]): TRPCLink<AppRouter> {
  return () =>
    ({ op }) =>
      observable((observer) => {
        calls.push({ path: op.path, input: op.input });
        const h = handlers[op.path];
        Promise.resolve()
          .then(() => {
            if (!h) throw trpcError('NOT_FOUND', `no fake for ${op.path}`);
            return h(op.input);
          })
          .then(
            (data) => {
              observer.next({ result: { type: 'data', data } });
              observer.complete();
            },
            (e: unknown) =>
              observer.error(
                e instanceof TRPCClientError ? e : trpcError('INTERNAL_SERVER_ERROR', String(e)),
              ),
          );
      });
}

export function sessionOf(user: SessionUser | null, over: Partial<AuthValue> = {}): AuthValue {
  return {
    status: user ? (user.mustChangePassword ? 'must-change-password' : 'ready') : 'signed-out',
    user,
    error: null,
    login: async () => user!,
    logout: async () => {},
    changePassword: async () => {},
    refresh: () => {},
    ...over,
  };
}

export function makeUser(
  role: SessionUser['role'],
  department: string | null,
  over: Partial<SessionUser> = {},
): SessionUser {
  return {
    id: 10,
    username: role,
    displayName: `${role} user`,
    role,
    department,
    mustChangePassword: false,
    createdAt: '2026-01-01T00:00:00Z',
    ...over,
  } as SessionUser;
}

interface FakeApiProps {
  handlers: Handlers;
  auth: AuthValue;
  calls?: { path: string; input: unknown }[];
  /** Route patterns the component under test is mounted at, on hash history (any address by default). */
  routes?: readonly string[];
  /** The UI language (Chinese unless a test switches to English). */
  lang?: 'zh' | 'en';
  children: ReactNode;
}

/** Providers of the app (language, antd App, tRPC over the fake link, session, router) for a component under test. */
export function FakeApi({ handlers, auth, calls = [], routes = ['*'], lang = 'zh', children }: FakeApiProps) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: false } } }));
  const [client] = useState(() => createTRPCClient<AppRouter>({ links: [fakeLink(handlers, calls)] }));
  const [router] = useState(() => createHashRouter(routes.map((path) => ({ path, element: children }))));
  return (
    <LanguageProvider initial={lang}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <TRPCProvider trpcClient={client} queryClient={queryClient}>
            <StaticAuthProvider value={auth}>
              <RouterProvider router={router} />
            </StaticAuthProvider>
          </TRPCProvider>
        </QueryClientProvider>
      </AntApp>
    </LanguageProvider>
  );
}
