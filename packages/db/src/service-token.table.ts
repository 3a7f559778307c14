/** Tables of the machine API's service accounts (migration 2026_11_26_11_00_00_service_tokens). */
import type { Generated, Selectable } from 'kysely';

export const TOKEN_SCOPES = ['read', 'import'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export interface ServiceTokenTable {
  id: Generated<number>;
  name: string;
  /** A department id; null = the credit office's scope (every department). */
  department: string | null;
  scope: TokenScope;
  /** YYYY-MM-DD: the last day the token is accepted. */
  expires_on: string;
  /** Lower-case hex SHA-256 of the token; the token itself is never stored. */
  token_hash: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  last_used_at: string | null;
}
export type ServiceTokenRow = Selectable<ServiceTokenTable>;

/** Append-only record of machine calls. */
export interface ApiCallTable {
  id: Generated<number>;
  at: string;
  token_id: number | null;
  /** The token's name ('' when the bearer named no known token). */
  token_name: string;
  method: string;
  /** The route pattern and its query, e.g. `GET /api/v1/runs/:id/results?department=transport`. */
  route: string;
  status: number;
  /** Records sent or returned (enterprises evaluated, results read, documents). */
  records: number;
  detail: string | null;
  client_address: string | null;
}
