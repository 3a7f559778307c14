/** The shape of a machine-API route and of what its handler gets (shared by routes.ts and openapi.ts). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ServiceToken } from '@policy/db';
import type { AppDeps } from '../context.ts';

/** What a handler gets: the token, the validated inputs, and a counter of records for the call record. */
export interface ApiCall<Q = unknown, P = unknown, B = unknown> {
  deps: AppDeps;
  token: ServiceToken;
  query: Q;
  params: P;
  body: B;
  req: FastifyRequest;
  reply: FastifyReply;
  /** Records sent or returned, for `api_calls`. */
  count(n: number): void;
  /** Extra words for `api_calls.detail`. */
  note(detail: string): void;
}

export interface ApiRoute {
  method: 'GET' | 'POST';
  /** Under /api/v1, fastify style (`/runs/:id/results`). */
  url: string;
  summary: string;
  description?: string;
  query?: z.ZodObject;
  params?: z.ZodObject;
  /** What the route validates the body with (before any per-item checks). */
  body?: z.ZodType;
  /** The body as documented (default `body`). */
  documentedBody?: z.ZodType;
  response: z.ZodType;
  /** Error codes the route may answer with, beyond the common ones. */
  errors?: { status: number; codes: string[] }[];
  bodyLimit?: number;
  handler(call: ApiCall<any, any, any>): Promise<unknown>;
}
