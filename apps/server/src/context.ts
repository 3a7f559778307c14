/** The per-request context: the shared dependencies plus the session's user. */
import type { IncomingHttpHeaders } from 'node:http';
import type { Kysely } from 'kysely';
import type { Actor, Database, Dialect, User } from '@policy/db';
import { getSessionUser, toActor } from '@policy/db';
import { faultAsTRPCError } from './errors.ts';
import type { LoginThrottleSettings } from './login-throttle.ts';
import type { Logger } from './logger.ts';
import type { Services } from './services.ts';

/** Long-lived dependencies shared by every request. */
export interface AppDeps {
  db: Kysely<Database>;
  dialect: Dialect;
  logger: Logger;
  services: Services;
  /** The policies/ folder: the seed and the case files imported at start (`importMissingCaseFiles`). */
  policiesDir: string;
  /** Log-in throttling; `DEFAULT_LOGIN_THROTTLE` of login-throttle.ts when absent. */
  loginThrottle?: LoginThrottleSettings;
}

export interface Context extends AppDeps {
  user: User | null;
  /** The actor the repositories act as (null without a session). */
  actor: Actor | null;
  /** The raw session token of this request (to log out); never logged. */
  sessionToken: string | null;
  /** Adds a `Set-Cookie` header to the response. */
  setCookie(cookie: string): void;
  /** The client's address (log-in throttling); absent in tests and scripts. */
  clientAddress?: string | null;
  /** Sets a response header (e.g. `Retry-After`); absent in tests and scripts. */
  setHeader?(name: string, value: string): void;
}

export const SESSION_COOKIE = 'policy_session';
export const SESSION_TTL_MS = 8 * 3600_000;

/** Cookie header → map (first occurrence wins). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const k = part.slice(0, eq).trim();
    if (!k || out.has(k)) continue;
    try {
      out.set(k, decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      // a malformed cookie value is ignored, as browsers do
    }
  }
  return out;
}

/** The session cookie: HttpOnly, SameSite=Strict, Path=/; `maxAgeSeconds` 0 clears it. */
export function sessionCookie(token: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSeconds}`;
}

/** The user of the session cookie of a request (anything with `headers`: node's or fastify's request), with the token. */
export async function sessionOf(db: Kysely<Database>, req: { headers: IncomingHttpHeaders }): Promise<{ user: User | null; token: string | null }> {
  const token = parseCookies(req.headers.cookie).get(SESSION_COOKIE) ?? null;
  if (!token) return { user: null, token: null };
  const user = (await getSessionUser(db, token)) ?? null;
  return { user, token: user ? token : null };
}

/** Where the context builder writes cookies: fastify's reply (`header` appends `set-cookie` values). */
interface CookieSink {
  header(name: string, value: string): unknown;
}

/**
 * A context builder for the HTTP adapter. With `cookieSecure` (a TLS deployment) every cookie is
 * also marked `Secure`. A database fault while reading the session is a 503 in plain words.
 */
export function createContextFactory(deps: AppDeps, opts: { cookieSecure?: boolean } = {}) {
  return async ({ req, res }: { req: { headers: IncomingHttpHeaders; ip?: string }; res: CookieSink }): Promise<Context> => {
    let session: { user: User | null; token: string | null };
    try {
      session = await sessionOf(deps.db, req);
    } catch (e) {
      throw faultAsTRPCError(e) ?? e;
    }
    const { user, token } = session;
    return {
      ...deps,
      user,
      actor: user ? toActor(user) : null,
      sessionToken: token,
      setCookie(cookie) {
        res.header('set-cookie', opts.cookieSecure ? `${cookie}; Secure` : cookie);
      },
      // fastify's request.ip: the socket's peer (no proxy header is trusted)
      clientAddress: req.ip ?? null,
      setHeader: (name, value) => void res.header(name, value),
    };
  };
}

/**
 * A context for `createCaller` in tests and scripts: acts as `user` (or anonymous).
 *
 * @example
 * const caller = createCaller(contextFor(deps, editor));
 */
export function contextFor(deps: AppDeps, user: User | null, cookies: string[] = []): Context {
  return {
    ...deps,
    user,
    actor: user ? toActor(user) : null,
    sessionToken: null,
    setCookie: (c) => cookies.push(c),
  };
}
