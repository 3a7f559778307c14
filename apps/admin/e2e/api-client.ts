/** tRPC over HTTP with the session cookie kept, like a browser (the e2e suites' set-up calls). */
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '@policy/server/router';

export function apiClient(base: string) {
  let cookie = '';
  const f: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(input, { ...init, headers });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0]!;
      cookie = pair.endsWith('=') ? '' : pair;
    }
    return res;
  };
  return createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${base}/trpc`, transformer: superjson, fetch: f })] });
}
