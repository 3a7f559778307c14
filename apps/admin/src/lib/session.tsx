/**
 * The session: `auth.me` on start, log in / out, the forced password change. Any call that comes back
 * UNAUTHORIZED (session expired) or FORBIDDEN with reason `must-change-password` re-checks `auth.me`,
 * so the gate shows the right screen without each page handling it.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef } from 'react';
import type { ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@policy/server/router';
import { apiError, useTRPC, useTRPCClient } from './trpc.tsx';

/** The signed-in user as `auth.me` returns it. */
export type SessionUser = NonNullable<inferRouterOutputs<AppRouter>['auth']['me']>;
export type Role = SessionUser['role'];

export type AuthStatus = 'loading' | 'signed-out' | 'must-change-password' | 'ready' | 'unreachable';

export interface AuthValue {
  status: AuthStatus;
  user: SessionUser | null;
  /** Message of the failed `auth.me` call when the server cannot be reached. */
  error: string | null;
  login(username: string, password: string): Promise<SessionUser>;
  logout(): Promise<void>;
  /** Changes the password, then signs in again with the new one (the server ends every session). */
  changePassword(oldPassword: string, newPassword: string): Promise<void>;
  refresh(): void;
}

const AuthContext = createContext<AuthValue | null>(null);

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}

/** The session when there is an auth provider (the playground runs without one). */
export function useOptionalAuth(): AuthValue | null {
  return useContext(AuthContext);
}

/** The signed-in user (only inside the gate, where there always is one): the one current-user hook. */
export function useCurrentUser(): SessionUser {
  const { user } = useAuth();
  if (!user) throw new Error('useCurrentUser outside the auth gate');
  return user;
}

/** Supplies a fixed session (component tests). */
export function StaticAuthProvider({ value, children }: { value: AuthValue; children: ReactNode }) {
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const meKey = useMemo(() => trpc.auth.me.queryKey(), [trpc]);
  const isMe = useCallback((key: readonly unknown[]) => JSON.stringify(key) === JSON.stringify(meKey), [meKey]);
  const me = useQuery({ ...trpc.auth.me.queryOptions(), retry: false, staleTime: Infinity });

  // a call refused because the session ended or the password must change: ask again who we are
  // (only while signed in: a refused log-in must not reset the log-in form)
  const signedIn = useRef(false);
  signedIn.current = Boolean(me.data);
  useEffect(() => {
    const recheck = (error: unknown) => {
      if (!signedIn.current) return;
      const e = apiError(error);
      if (e.code === 'UNAUTHORIZED' || (e.code === 'FORBIDDEN' && e.reason === 'must-change-password')) {
        void queryClient.invalidateQueries({ queryKey: meKey });
      }
    };
    const unQ = queryClient.getQueryCache().subscribe((ev) => {
      if (ev.type === 'updated' && ev.action.type === 'error' && !isMe(ev.query.queryKey)) recheck(ev.action.error);
    });
    const unM = queryClient.getMutationCache().subscribe((ev) => {
      if (ev.type === 'updated' && ev.action.type === 'error') recheck(ev.action.error);
    });
    return () => {
      unQ();
      unM();
    };
  }, [queryClient, meKey, isMe]);

  const loginM = useMutation(trpc.auth.login.mutationOptions());
  const logoutM = useMutation(trpc.auth.logout.mutationOptions());

  const login = useCallback(
    async (username: string, password: string) => {
      const r = await loginM.mutateAsync({ username, password });
      queryClient.removeQueries({ predicate: (q) => !isMe(q.queryKey) });
      queryClient.setQueryData(meKey, r.user);
      return r.user as SessionUser;
    },
    [loginM, queryClient, meKey, isMe],
  );

  const logout = useCallback(async () => {
    try {
      await logoutM.mutateAsync();
    } finally {
      queryClient.clear();
      queryClient.setQueryData(meKey, null as never); // signed out: no user until the next log-in
    }
  }, [logoutM, queryClient, meKey]);

  const changePassword = useCallback(
    async (oldPassword: string, newPassword: string) => {
      const user = me.data;
      await client.auth.changePassword.mutate({ oldPassword, newPassword });
      if (user) await login(user.username, newPassword);
    },
    [client, login, me.data],
  );

  const value = useMemo<AuthValue>(() => {
    const err = me.error ? apiError(me.error) : null;
    let status: AuthStatus;
    let user: SessionUser | null = null;
    if (err?.code === 'UNAUTHORIZED') status = 'signed-out';
    else if (me.data) {
      user = me.data as SessionUser;
      status = user.mustChangePassword ? 'must-change-password' : 'ready';
    } else if (me.isPending) status = 'loading';
    else if (!err) status = 'signed-out';
    else status = 'unreachable';
    return {
      status,
      user,
      error: status === 'unreachable' ? (err?.message ?? null) : null,
      login,
      logout,
      changePassword,
      refresh: () => void me.refetch(),
    };
  }, [me.data, me.error, me.isPending, login, logout, changePassword, me]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
