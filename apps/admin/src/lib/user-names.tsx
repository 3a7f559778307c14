/** A person's display name by login name (`users.names`); the login name while unknown (the system: 系统). */
import { useCallback } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useT } from '../i18n/index.tsx';
import { useTRPC } from './trpc.tsx';

export function useUserName(): (username: string | null | undefined) => string {
  const trpc = useTRPC();
  const t = useT();
  const names = useQuery({ ...trpc.users.names.queryOptions(), staleTime: 5 * 60_000 });
  return useCallback(
    (username) => {
      if (!username) return '';
      if (username === 'system') return t('users.system');
      return names.data?.[username] ?? username;
    },
    [names.data, t],
  );
}
