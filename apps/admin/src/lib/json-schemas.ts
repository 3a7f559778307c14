/**
 * JSON Schemas of the document kinds, derived from the zod schemas of @policy/schemas.
 * Monaco gets `jsonSchemas` of @policy/schemas; rjsf gets a draft-07 variant (its ajv8 validator speaks draft-07).
 */
import { documentSchemas, DOCUMENT_KINDS, jsonSchemas, schemaId } from '@policy/schemas';
import type { DocumentKind } from '@policy/schemas';

export type JsonSchema = Record<string, any>;


const cache = new Map<string, JsonSchema>();

/** Draft 2020-12 schema of a kind (Monaco diagnostics and completion). */
export function documentJsonSchema(kind: DocumentKind): JsonSchema {
  return jsonSchemas[kind] as JsonSchema;
}

/**
 * Draft-07 schema with the root `$ref` inlined, for rjsf (its ajv8 validator speaks draft-07 by default).
 */
export function formJsonSchema(kind: DocumentKind): JsonSchema {
  const key = `7:${kind}`;
  let s = cache.get(key);
  if (!s) {
    const raw = documentSchemas[kind].toJSONSchema({ target: 'draft-7', io: 'input' }) as JsonSchema;
    const defs = (raw.definitions ?? {}) as Record<string, JsonSchema>;
    const ref = typeof raw.$ref === 'string' ? raw.$ref.replace('#/definitions/', '') : undefined;
    const root = ref ? defs[ref]! : raw;
    s = { ...root, definitions: defs };
    delete s.$schema;
    cache.set(key, s);
  }
  return s;
}

/** The form schema of the node at `path` (property/array segments), keeping `definitions` so `$ref`s resolve. */
export function formSubSchema(kind: DocumentKind, path: readonly string[]): JsonSchema {
  const root = formJsonSchema(kind);
  let node: JsonSchema | undefined = root;
  for (const seg of path) {
    if (!node) break;
    if (node.$ref) node = root.definitions[String(node.$ref).replace('#/definitions/', '')];
    node = seg === '*' ? node?.items : node?.properties?.[seg];
  }
  if (!node) throw new Error(`No schema at ${path.join('/')} for ${kind}`);
  return { ...node, definitions: root.definitions };
}

export function schemaUri(kind: DocumentKind): string {
  return schemaId(kind);
}

export function documentModelUri(kind: DocumentKind, name = 'draft'): string {
  return `inmemory://policy/${kind}/${name}.json`;
}

export const ALL_KINDS = DOCUMENT_KINDS;
