/**
 * Transitional: the server no longer has tables or migrations of its own — `draws` is migrated by
 * `migrateToLatest` of `@policy/db` (which also drops the old `server_migration` bookkeeping).
 * `migrateServer` remains only while `app.ts` still calls it after `migrateToLatest` (a no-op then);
 * delete this file together with that call.
 */
export { migrateToLatest as migrateServer } from '@policy/db';
