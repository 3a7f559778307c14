/**
 * Small parts of the service-token screens: a token's state (active / expired / revoked, from its
 * expiry day and revocation), its scope in Chinese, its department by name, and the result of a
 * machine call in words.
 */
import { Tag } from 'antd';
import { useT } from '../../i18n/index.tsx';
import type { MessageKey } from '../../i18n/index.tsx';
import { useDepartmentName } from '../../lib/department-directory.tsx';
import type { TokenRow, TokenScope } from './api-types.ts';

export type TokenState = 'active' | 'expired' | 'revoked';

/** The state of a token on `today` (YYYY-MM-DD): it is accepted through its expiry day. */
export function tokenState(token: Pick<TokenRow, 'revokedAt' | 'expiresOn'>, today: string): TokenState {
  if (token.revokedAt) return 'revoked';
  return token.expiresOn < today ? 'expired' : 'active';
}

const STATE_COLOR: Record<TokenState, string> = { active: 'green', expired: 'default', revoked: 'red' };

export function TokenStateTag({ state }: { state: TokenState }) {
  const t = useT();
  return <Tag color={STATE_COLOR[state]}>{t(`tokens.status.${state}`)}</Tag>;
}

export const SCOPE_LABEL: Record<TokenScope, MessageKey> = {
  read: 'tokens.scope.read',
  import: 'tokens.scope.import',
};

export function ScopeTag({ scope }: { scope: TokenScope }) {
  const t = useT();
  return <Tag color={scope === 'import' ? 'purple' : 'blue'}>{t(SCOPE_LABEL[scope])}</Tag>;
}

/** A token's department by its name; null is every department (the credit office's scope). */
export function useTokenDepartment(): (department: string | null) => string {
  const t = useT();
  const name = useDepartmentName();
  return (department) => (department === null ? t('tokens.allDepartments') : name(department));
}

/** The result of a machine call in words, by its HTTP status. */
export function callResultKey(status: number): MessageKey {
  if (status >= 200 && status < 300) return 'tokens.call.ok';
  if (status === 401) return 'tokens.call.unauthorized';
  if (status === 403) return 'tokens.call.forbidden';
  if (status === 429) return 'tokens.call.rateLimited';
  if (status >= 500) return 'tokens.call.serverError';
  return 'tokens.call.badRequest';
}

export function CallResultTag({ status }: { status: number }) {
  const t = useT();
  const color = status < 300 ? 'green' : status >= 500 ? 'red' : 'orange';
  return (
    <Tag color={color}>
      {status} {t(callResultKey(status))}
    </Tag>
  );
}

const ROUTE_PURPOSE: [RegExp, MessageKey][] = [
  [/\/documents$/, 'tokens.route.documents'],
  [/\/bundle$/, 'tokens.route.bundle'],
  [/\/evaluate$/, 'tokens.route.evaluate'],
  [/\/runs$/, 'tokens.route.runs'],
  [/\/runs\/[^/]+\/results$/, 'tokens.route.results'],
  [/\/draws$/, 'tokens.route.draws'],
  [/\/datasets\/[^/]+$/, 'tokens.route.dataset'],
  [/\/datasets\/[^/]+\/delta$/, 'tokens.route.delta'],
];

/**
 * What a recorded call asked for, in words, from its route as the server records it
 * (`GET /api/v1/runs/:id/results?at=…`): the method and the query are ignored.
 */
export function routePurpose(route: string): MessageKey {
  const path = route.replace(/^[A-Z]+\s+/, '').split('?')[0]!;
  return ROUTE_PURPOSE.find(([re]) => re.test(path))?.[1] ?? 'tokens.route.other';
}
