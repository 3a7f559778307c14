/**
 * The tRPC client of the admin: one QueryClient, one tRPC client with superjson, cookies sent
 * automatically (same origin). Only the `AppRouter` *type* comes from the server.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { ReactNode } from 'react';
import { useState } from 'react';
import superjson from 'superjson';
import type { AppRouter } from '@policy/server/router';
import type { Issue } from '@policy/schemas';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** tRPC endpoint relative to the page, so the admin works behind any path prefix. */
export function trpcUrl(): string {
  return new URL('trpc', globalThis.location?.href ?? 'http://127.0.0.1/').toString();
}

export function makeTrpcClient() {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: trpcUrl(),
        transformer: superjson,
        // queries that carry whole documents (validate, preview) would make GET URLs too long
        methodOverride: 'POST',
        fetch: (url, init) => fetch(url, { ...(init as RequestInit), credentials: 'same-origin' }),
      }),
    ],
  });
}

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => count < 2 && !(error instanceof TRPCClientError && error.data?.httpStatus < 500),
      },
    },
  });
}

export function ApiProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(makeTrpcClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/** What the server says about a failed call: code, reason, schema issues (with JSON pointers). */
export interface ApiErrorInfo {
  code: string;
  httpStatus?: number;
  reason?: string;
  issues: Issue[];
  message: string;
  currentRevision?: number;
}

export function apiError(error: unknown): ApiErrorInfo {
  if (error instanceof TRPCClientError) {
    const data = (error.data ?? {}) as { code?: string; httpStatus?: number; reason?: string; issues?: Issue[]; currentRevision?: number };
    return {
      code: data.code ?? 'UNKNOWN',
      httpStatus: data.httpStatus,
      reason: data.reason,
      issues: data.issues ?? [],
      message: error.message,
      currentRevision: data.currentRevision,
    };
  }
  return { code: 'NETWORK', issues: [], message: error instanceof Error ? error.message : String(error) };
}
