import { useEffect, useState } from 'react';
import type { AnchorHTMLAttributes, ReactNode } from 'react';

/** Current route path from the hash: `#/documents?x=1` → `/documents`. */
export function currentPath(hash = globalThis.location?.hash ?? ''): string {
  const raw = hash.replace(/^#/, '') || '/';
  const path = raw.split('?')[0] ?? '/';
  return path.startsWith('/') ? path : `/${path}`;
}

/** Query parameters of the hash route. */
export function currentQuery(hash = globalThis.location?.hash ?? ''): URLSearchParams {
  const raw = hash.replace(/^#/, '');
  const i = raw.indexOf('?');
  return new URLSearchParams(i >= 0 ? raw.slice(i + 1) : '');
}

export function navigate(path: string): void {
  globalThis.location.hash = path;
}

/** Re-renders on every hash change and returns the current path. */
export function useRoute(): { path: string; query: URLSearchParams } {
  const [hash, setHash] = useState(() => globalThis.location?.hash ?? '');
  useEffect(() => {
    const onChange = () => setHash(globalThis.location.hash);
    globalThis.addEventListener('hashchange', onChange);
    return () => globalThis.removeEventListener('hashchange', onChange);
  }, []);
  return { path: currentPath(hash), query: currentQuery(hash) };
}

export function Link({ to, children, ...rest }: { to: string; children: ReactNode } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  return (
    <a href={`#${to}`} {...rest}>
      {children}
    </a>
  );
}

/** Matches `path` against a route table; `:param` segments are captured. */
export function matchRoute(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const a = p[i]!;
    const b = s[i]!;
    if (a.startsWith(':')) params[a.slice(1)] = decodeURIComponent(b);
    else if (a !== b) return null;
  }
  return params;
}
