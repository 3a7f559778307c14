/**
 * Cross-site request refusal for state-changing requests, by the Fetch Metadata and Origin headers
 * browsers send (the approach of Go's `http.CrossOriginProtection`):
 * - GET, HEAD and OPTIONS always pass (queries never change anything);
 * - `Sec-Fetch-Site: same-origin` (or `none`, a user's own navigation) passes, any other value is refused;
 * - without it, an `Origin` header must name this host;
 * - a request with neither header does not come from a browser (curl, scripts, the CLI) and cannot
 *   carry a victim's cookies across sites, so it passes.
 */
import type { IncomingHttpHeaders } from 'node:http';

export const CROSS_ORIGIN_MESSAGE =
  '拒绝跨站请求：修改操作只接受本站页面发出的请求 / cross-origin request refused: changes are accepted only from pages of this site';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * True when a request may change state as far as its origin goes.
 *
 * @example
 * sameOriginAllowed('POST', { host: 'a.gov', origin: 'https://evil.example' }) // → false
 * sameOriginAllowed('POST', { host: 'a.gov', 'sec-fetch-site': 'same-origin' }) // → true
 */
export function sameOriginAllowed(method: string, headers: IncomingHttpHeaders): boolean {
  if (SAFE.has(method.toUpperCase())) return true;
  const site = headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== '') return site === 'same-origin' || site === 'none';
  const origin = headers.origin;
  if (origin === undefined) return true;
  const host = headers.host;
  if (!host || origin === 'null') return false;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}
