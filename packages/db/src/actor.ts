import type { Role } from './user.table.ts';

/** Who is acting: built by the server from the session's user (see `toActor`). */
export interface Actor {
  id: number;
  username: string;
  role: Role;
  /** `credit-office`, a department id, or null. */
  department: string | null;
}

/** The actor of seeding and other start-up work: acts as the credit office. */
export const SYSTEM_ACTOR: Actor = { id: 0, username: 'system', role: 'credit-office', department: 'credit-office' };

/** `author_id` / `actor_id` as stored: the system actor has none. */
export const actorId = (actor: Actor): number | null => (actor.id > 0 ? actor.id : null);
