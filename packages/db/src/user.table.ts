import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

import type { Role } from '@policy/schemas';
// roles live once, in @policy/schemas (lifecycle.ts): credit-office 信用办 / department-editor 部门编辑 / reviewer 审核人 / viewer 只读
export { ROLES, type Role } from '@policy/schemas';

export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: Role;
  /** `credit-office` or a department id such as `market-regulation`; null for users outside both. */
  department: string | null;
  /** `scrypt$N$r$p$salt$hash` (base64). */
  password_hash: string;
  /** 0 or 1 (booleans stored as integers on both dialects). */
  must_change_password: number;
  created_at: string;
}
export type UserRow = Selectable<UserTable>;
export type NewUserRow = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;

export interface SessionTable {
  /** SHA-256 of the bearer token; the token itself is never stored. */
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
}
export type SessionRow = Selectable<SessionTable>;
