/**
 * The OpenAPI 3.1 document of the machine API, generated from the zod schemas the routes validate
 * with and answer with (`z.toJSONSchema`, JSON Schema 2020-12 — the dialect of OpenAPI 3.1): there is
 * no hand-kept copy. Served at `GET /api/v1/openapi.json`.
 */
import { z } from 'zod';
import type { ApiRoute } from './route-types.ts';
import { API_PREFIX, errorResponse } from './schemas.ts';

type Json = Record<string, unknown>;

/** JSON Schema of a zod schema; named parts (`.meta({ id })`) go to `components.schemas`. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output', components: Json): Json {
  const raw = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
  const out = JSON.parse(JSON.stringify(raw).replaceAll('"#/$defs/', '"#/components/schemas/')) as Json;
  const { $schema: _s, $defs, ...rest } = out as Json & { $defs?: Json };
  if ($defs) Object.assign(components, $defs);
  // a schema that is itself named comes back whole with its id: keep it inline
  delete rest.id;
  return rest;
}

const COMMON_ERRORS: Record<string, { description: string; codes: string[] }> = {
  '400': { description: 'Invalid input', codes: ['INVALID_INPUT', 'INVALID_ENTERPRISE', 'BAD_REQUEST'] },
  '401': { description: 'No valid service token', codes: ['TOKEN_MISSING', 'TOKEN_INVALID', 'TOKEN_REVOKED', 'TOKEN_EXPIRED'] },
  '429': { description: 'Rate limited (see Retry-After)', codes: ['RATE_LIMITED'] },
};

/** `/runs/:id/results` → `/runs/{id}/results`. */
export const openApiPath = (url: string) => API_PREFIX + url.replace(/:([A-Za-z_]+)/g, '{$1}');

export function openApiDocument(routes: readonly ApiRoute[]): Json {
  const components: Json = {};
  const errorRef = { $ref: '#/components/schemas/Error' };
  schemaOf(errorResponse, 'output', components); // registers components.schemas.Error (its meta id)
  const paths: Record<string, Json> = {};
  for (const r of routes) {
    const parameters: Json[] = [];
    for (const [where, obj] of [
      ['path', r.params],
      ['query', r.query],
    ] as const) {
      if (!obj) continue;
      const js = schemaOf(obj, 'input', components) as { properties?: Record<string, Json>; required?: string[] };
      for (const [name, s] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: s });
      }
    }
    const responses: Json = {
      '200': { description: 'OK', content: { 'application/json': { schema: schemaOf(r.response, 'output', components) } } },
    };
    const errors: Record<string, { description: string; codes: string[] }> = { ...COMMON_ERRORS };
    for (const e of r.errors ?? []) errors[String(e.status)] = { description: errors[String(e.status)]?.description ?? 'Refused', codes: [...(errors[String(e.status)]?.codes ?? []), ...e.codes] };
    for (const [status, e] of Object.entries(errors)) {
      responses[status] = { description: `${e.description}: ${e.codes.join(', ')}`, content: { 'application/json': { schema: errorRef } } };
    }
    if (errors['429']) (responses['429'] as Json).headers = { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } };
    const op: Json = {
      operationId: `${r.method.toLowerCase()}${r.url.replace(/[/:]+(\w)/g, (_m, c: string) => c.toUpperCase())}`,
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      security: [{ serviceToken: [] }],
      ...(parameters.length ? { parameters } : {}),
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(r.documentedBody ?? r.body, 'input', components) } } } } : {}),
      responses,
    };
    (paths[openApiPath(r.url)] ??= {})[r.method.toLowerCase()] = op;
  }
  paths[`${API_PREFIX}/openapi.json`] = {
    get: { operationId: 'getOpenapiJson', summary: '本文档 / this document', security: [], responses: { '200': { description: 'The OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } } } },
  };
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: '信用监管策略平台 机器接口 / policy platform machine API',
      version: '1',
      description: 'REST/JSON for systems. Authenticate with a service token created by the credit office: `Authorization: Bearer pcs_…`. Errors: `{ error: { code, message: { zh, en } } }`.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: components,
      securitySchemes: { serviceToken: { type: 'http', scheme: 'bearer', description: 'A service token (pcs_…), shown once when the credit office creates it.' } },
    },
  };
}
