import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonSchemas, jsonSchemaText } from './json-schema.ts';
import type { SchemaName } from './json-schema.ts';

describe('JSON Schemas', () => {
  it.each(Object.keys(jsonSchemas) as SchemaName[])('json/%s.schema.json is up to date (run pnpm --filter @policy/schemas gen:json)', (name) => {
    const committed = readFileSync(new URL(`../json/${name}.schema.json`, import.meta.url), 'utf8');
    expect(committed === jsonSchemaText(name), `json/${name}.schema.json is stale`).toBe(true);
  });

  it('each schema is draft 2020-12 with its $id and Chinese titles', () => {
    expect(jsonSchemas.grading).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://policy.local/schemas/grading.schema.json',
    });
    expect(JSON.stringify(jsonSchemas.sampling)).toContain('抽查比例');
    expect(jsonSchemas.enterprise.$id).toBe('https://policy.local/schemas/enterprise.schema.json');
  });
});
