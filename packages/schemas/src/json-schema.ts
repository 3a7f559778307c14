/**
 * JSON Schema (draft 2020-12) of every document kind and of the enterprise record, derived from the
 * zod schemas. The same objects feed the form generator, the code editor and ajv; they are also
 * written to `packages/schemas/json/<kind>.schema.json` by `pnpm --filter @policy/schemas gen:json`.
 */
import { z } from 'zod';
import type { DocumentKind } from './documents.ts';
import { documentSchemas } from './documents.ts';
import { enterpriseRecord } from './enterprise.ts';

export type SchemaName = DocumentKind | 'enterprise';

/** `$id` of a kind's schema, e.g. `https://policy.local/schemas/grading.schema.json`. */
export const schemaId = (name: SchemaName) => `https://policy.local/schemas/${name}.schema.json`;

function build(name: SchemaName, schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  const { $schema, ...rest } = json;
  return { $schema, $id: schemaId(name), ...rest };
}

/**
 * JSON Schemas by document kind, plus `enterprise`.
 *
 * @example
 * jsonSchemas.grading.$id // → 'https://policy.local/schemas/grading.schema.json'
 */
export const jsonSchemas: Record<SchemaName, Record<string, unknown>> = {
  grading: build('grading', documentSchemas.grading),
  'industry-model': build('industry-model', documentSchemas['industry-model']),
  sampling: build('sampling', documentSchemas.sampling),
  'domain-assignment': build('domain-assignment', documentSchemas['domain-assignment']),
  'supervision-items': build('supervision-items', documentSchemas['supervision-items']),
  'early-warning': build('early-warning', documentSchemas['early-warning']),
  enterprise: build('enterprise', enterpriseRecord),
};

/** The file text `gen:json` writes for a schema (stable, two-space indent, trailing newline). */
export const jsonSchemaText = (name: SchemaName) => `${JSON.stringify(jsonSchemas[name], null, 2)}\n`;
