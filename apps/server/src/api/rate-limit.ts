/**
 * Per-token rate limiting of the machine API with `@fastify/rate-limit` (a kept library: its
 * window store, headers and Retry-After), keyed by the service token's id after authentication.
 * The store is in memory, so per process: a restart starts every window afresh, and several server
 * processes would each allow the rate.
 */
import type { RateLimitPluginOptions } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';

export interface RateLimitSettings {
  /** Requests a token may make per window. */
  max: number;
  /** The window, in milliseconds. */
  windowMs: number;
}

/** 60 requests per 30 seconds per token (2 per second on average, 60 at once). */
export const DEFAULT_API_RATE: RateLimitSettings = { max: 60, windowMs: 30_000 };

/**
 * The plugin's options: run after authentication (`preHandler`), one window per key, the refusal
 * built by `refuse` (seconds to wait) so it goes through the API's own error answer.
 *
 * @example
 * await app.register(rateLimit, rateLimitOptions(DEFAULT_API_RATE, (req) => tokenOf(req).id, (s) => new ApiError(429, …)));
 */
export function rateLimitOptions(settings: RateLimitSettings, keyOf: (req: FastifyRequest) => string | number, refuse: (waitSeconds: number) => Error): RateLimitPluginOptions {
  return {
    global: true,
    hook: 'preHandler',
    max: settings.max,
    timeWindow: settings.windowMs,
    keyGenerator: keyOf,
    errorResponseBuilder: (_req, context) => refuse(Math.max(1, Math.ceil(context.ttl / 1000))),
  };
}
