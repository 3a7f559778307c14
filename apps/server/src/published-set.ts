/** The published set in force at a date (shared by the routers and the firm-level read guard). */
import { inForceAt } from '@policy/db';
import type { Database } from '@policy/db';
import type { Kysely } from 'kysely';
import { documentSchemas } from '@policy/schemas';
import type { PolicyDocument } from '@policy/schemas';
import { versionSet } from './services.ts';
import type { Services, SetMember, VersionSet } from './services.ts';

/** The published set in force at `at` (contents parsed once per hash when `services` is given). */
export async function publishedSet(db: Kysely<Database>, at: string, services?: Services): Promise<VersionSet> {
  const members: SetMember[] = [];
  for (const v of await inForceAt(db, at)) {
    const doc = services ? services.parsedDocument(v, v.content) : parseAs(v.kind, v.content);
    if (doc) members.push({ documentId: v.documentId, kind: v.kind, versionNumber: v.versionNumber, status: v.status, contentHash: v.contentHash, document: doc });
  }
  return versionSet(members);
}

function parseAs(kind: PolicyDocument['kind'], content: unknown): PolicyDocument | null {
  const p = documentSchemas[kind].safeParse(content);
  return p.success ? (p.data as PolicyDocument) : null;
}
