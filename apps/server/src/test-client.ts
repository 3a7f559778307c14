/**
 * An HTTP tRPC client with a cookie jar, for the fault, load and responsiveness tests and the
 * benchmarks: signs in as a seeded user, changing the first-run password when asked to.
 */
import { createTRPCClient, httpLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from './router/index.ts';

export type Client = ReturnType<typeof createTRPCClient<AppRouter>>;

/** A session cookie shared by clients (several tabs of one signed-in browser). */
export interface CookieJar {
  cookie: string;
}

/** A client of the server at `base` (one request per call: no batching, as a browser tab polling would). */
export function httpClient(base: string, jar: CookieJar = { cookie: '' }): Client {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${base}/trpc`,
        transformer: superjson,
        fetch: async (input, init) => {
          const headers = new Headers(init?.headers);
          if (jar.cookie) headers.set('cookie', jar.cookie);
          const res = await fetch(input, { ...init, headers });
          for (const c of res.headers.getSetCookie()) jar.cookie = c.split(';')[0]!;
          return res;
        },
      }),
    ],
  });
}

/**
 * Signs in with `password`; when the account must change it first (the seeded first-run password),
 * changes it to `changeTo` and signs in again. Returns the password now valid.
 */
export async function signIn(client: Client, username: string, password: string, changeTo = `${password}-changed`): Promise<string> {
  const r = await client.auth.login.mutate({ username, password });
  if (!r.user.mustChangePassword) return password;
  await client.auth.changePassword.mutate({ oldPassword: password, newPassword: changeTo });
  await client.auth.login.mutate({ username, password: changeTo });
  return changeTo;
}
