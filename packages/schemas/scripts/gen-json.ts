/** Writes `json/<kind>.schema.json` from the zod schemas; run with `pnpm --filter @policy/schemas gen:json`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { jsonSchemaText, jsonSchemas } from '../src/json-schema.ts';
import type { SchemaName } from '../src/json-schema.ts';

const dir = fileURLToPath(new URL('../json/', import.meta.url));
mkdirSync(dir, { recursive: true });
for (const name of Object.keys(jsonSchemas) as SchemaName[]) {
  writeFileSync(`${dir}${name}.schema.json`, jsonSchemaText(name));
  process.stdout.write(`json/${name}.schema.json\n`);
}
