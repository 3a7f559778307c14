/**
 * Log-in throttling settings and the 429 answer. The counters live in the database
 * (`@policy/db` security.repository.ts: `login_attempts`), so every server process on the same
 * database shares them and concurrent attempts cannot slip past the limit.
 */
import { TRPCError } from '@trpc/server';
import type { ThrottleRule } from '@policy/db';

export interface LoginThrottleSettings {
  /** Per account (whether or not it exists, so that refusals reveal nothing). */
  account: ThrottleRule;
  /** Per client address, across accounts (password spraying). */
  address: ThrottleRule;
}

const MINUTE = 60_000;

/** 5 failures per account / 20 per address in 15 minutes lock for 15 minutes, doubling up to 24 hours. */
export const DEFAULT_LOGIN_THROTTLE: LoginThrottleSettings = {
  account: { maxFailures: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE, maxLockMs: 24 * 60 * MINUTE },
  address: { maxFailures: 20, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE, maxLockMs: 24 * 60 * MINUTE },
};

/** The parameters of `loginThrottle`; anything left out keeps its default. */
export interface LoginThrottleParams {
  maxFailures?: number;
  addressMaxFailures?: number;
  windowSeconds?: number;
  lockSeconds?: number;
  maxLockSeconds?: number;
}

/**
 * Settings from parameters (e.g. the server's settings), checked: every value a positive integer.
 *
 * @example
 * loginThrottle({ maxFailures: 3, lockSeconds: 600 })
 */
export function loginThrottle(params: LoginThrottleParams = {}): LoginThrottleSettings {
  for (const [name, v] of Object.entries(params)) {
    if (v !== undefined && (!Number.isSafeInteger(v) || v < 1)) throw new RangeError(`登录限流参数 ${name} 应为正整数 / ${name} must be a positive integer`);
  }
  const d = DEFAULT_LOGIN_THROTTLE;
  const common = {
    windowMs: params.windowSeconds !== undefined ? params.windowSeconds * 1000 : d.account.windowMs,
    lockMs: params.lockSeconds !== undefined ? params.lockSeconds * 1000 : d.account.lockMs,
    maxLockMs: params.maxLockSeconds !== undefined ? params.maxLockSeconds * 1000 : d.account.maxLockMs,
  };
  if (common.maxLockMs < common.lockMs) common.maxLockMs = common.lockMs;
  return {
    account: { ...common, maxFailures: params.maxFailures ?? d.account.maxFailures },
    address: { ...common, maxFailures: params.addressMaxFailures ?? d.address.maxFailures },
  };
}

/** Seconds for `Retry-After` (at least 1). */
export const retryAfterSeconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

function waitText(seconds: number): { zh: string; en: string } {
  if (seconds < 120) return { zh: `${seconds} 秒`, en: `${seconds} seconds` };
  const minutes = Math.ceil(seconds / 60);
  return { zh: `${minutes} 分钟`, en: `${minutes} minutes` };
}

/**
 * The refusal of a throttled log-in: HTTP 429 (TOO_MANY_REQUESTS), Chinese first, then English.
 * The caller sets `Retry-After`.
 */
export function tooManyLoginAttempts(retryAfterMs: number): TRPCError {
  const w = waitText(retryAfterSeconds(retryAfterMs));
  return new TRPCError({
    code: 'TOO_MANY_REQUESTS',
    message: `登录失败次数过多，请 ${w.zh}后再试 / too many failed log-ins, try again in ${w.en}`,
  });
}
