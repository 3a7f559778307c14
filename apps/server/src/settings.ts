/**
 * Settings from the environment, validated once at start; a bad value stops start-up with a clear
 * message. The only place the server reads `process.env` (through index.ts); everything else gets
 * its values as parameters.
 */
import { readAuditKeyFile } from '@policy/db';
import { z } from 'zod';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const schema = z.object({
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, '应为 0–65535 的整数 / must be an integer 0–65535')
    .transform(Number)
    .refine((n) => n <= 65535, '应为 0–65535 的整数 / must be an integer 0–65535')
    .default(3000),
  HOST: z.string().min(1, '不能为空 / must not be empty').default('127.0.0.1'),
  DATABASE_URL: z.string().min(1, '不能为空 / must not be empty').default('./data/policy.sqlite'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `应为 ${LOG_LEVELS.join(' | ')} 之一 / must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  SAMPLE_DATASET_SIZE: z
    .string()
    .regex(/^\d+$/, '应为非负整数 / must be a non-negative integer')
    .transform(Number)
    .default(50_000),
  COOKIE_SECURE: z
    .enum(['0', '1', 'true', 'false'], { message: '应为 1 或 0 / must be 1 or 0' })
    .transform((v) => v === '1' || v === 'true')
    .default(false),
  TRPC_MAX_BATCH: positiveInt(1000).default(10),
  UPLOAD_MAX_MB: positiveInt(10_000).default(200),
  PG_POOL_SIZE: positiveInt(1000).default(10),
  SESSION_PURGE_MINUTES: positiveInt(10_080).default(60),
  GENERATE_MAX: positiveInt(10_000_000).default(1_000_000),
  AUDIT_KEY_FILE: z.string().optional(),
  POLICY_SQL_ENGINE_MIN_ENTERPRISES: z
    .string()
    .regex(/^\d+$/, '应为非负整数 / must be a non-negative integer')
    .transform(Number)
    .default(2_000_000),
  POLICY_SQL_SLICES: positiveInt(64).optional(),
});

function positiveInt(max: number) {
  const message = `应为 1–${max} 的整数 / must be an integer 1–${max}`;
  return z
    .string()
    .regex(/^\d+$/, message)
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, message);
}

export interface Settings {
  port: number;
  host: string;
  databaseUrl: string;
  logLevel: LogLevel;
  /** Enterprises in the sample dataset generated on first start (0 = none). */
  sampleDatasetSize: number;
  /** Mark the session cookie `Secure` (behind TLS). */
  cookieSecure: boolean;
  /** Calls allowed in one tRPC batch request. */
  trpcMaxBatch: number;
  /** Upload size limit in bytes. */
  uploadLimit: number;
  /** PostgreSQL connections in the pool. */
  pgPoolSize: number;
  /** How often expired sessions are deleted (also once at start). */
  sessionPurgeIntervalMs: number;
  /** Most enterprises one `datasets.generate` makes (a background job in the worker thread). */
  generateMax: number;
  /**
   * The audit key read from `AUDIT_KEY_FILE` (kept outside the database); unset: audit entries are
   * hash-chained without a MAC. Start-up passes it to `setAuditKey` of @policy/db.
   */
  auditKey?: Buffer;
  /**
   * On PostgreSQL, runs of a dataset with at least this many enterprises are evaluated inside the
   * database (the SQL engine, issue 16) instead of loading the population into the process.
   */
  sqlEngineMinEnterprises: number;
  /**
   * Slices of the rows a SQL run evaluates at once, each in its own PostgreSQL backend (and page
   * statements of its lines built at once); unset: the cores of this machine, at most 8.
   */
  sqlSlices?: number;
}

/** The variables the server reads (turbo's `globalEnv` should list them). */
export const SETTING_NAMES = [
  'PORT',
  'HOST',
  'DATABASE_URL',
  'LOG_LEVEL',
  'SAMPLE_DATASET_SIZE',
  'COOKIE_SECURE',
  'TRPC_MAX_BATCH',
  'UPLOAD_MAX_MB',
  'PG_POOL_SIZE',
  'SESSION_PURGE_MINUTES',
  'GENERATE_MAX',
  'AUDIT_KEY_FILE',
  'POLICY_SQL_ENGINE_MIN_ENTERPRISES',
  'POLICY_SQL_SLICES',
] as const;

/**
 * Reads and validates the settings; an empty variable counts as unset.
 *
 * @example
 * const r = loadSettings(process.env);
 * if (!r.success) { console.error(r.message); process.exit(2); }
 */
export function loadSettings(
  env: Record<string, string | undefined>,
): { success: true; data: Settings } | { success: false; message: string } {
  const picked: Record<string, string> = {};
  for (const name of SETTING_NAMES) {
    const v = env[name];
    if (v !== undefined && v.trim() !== '') picked[name] = v.trim();
  }
  const r = schema.safeParse(picked);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${String(i.path[0])}=${JSON.stringify(picked[String(i.path[0])] ?? '')}: ${i.message}`);
    return { success: false, message: ['配置无效，服务未启动 / invalid configuration, the server did not start:', ...lines].join('\n') };
  }
  const d = r.data;
  let auditKey: Buffer | undefined;
  try {
    auditKey = d.AUDIT_KEY_FILE ? readAuditKeyFile(d.AUDIT_KEY_FILE) : undefined;
  } catch (e) {
    return { success: false, message: `配置无效，服务未启动 / invalid configuration, the server did not start:\n  AUDIT_KEY_FILE: ${(e as Error).message}` };
  }
  return {
    success: true,
    data: {
      port: d.PORT,
      host: d.HOST,
      databaseUrl: d.DATABASE_URL,
      logLevel: d.LOG_LEVEL,
      sampleDatasetSize: d.SAMPLE_DATASET_SIZE,
      cookieSecure: d.COOKIE_SECURE,
      trpcMaxBatch: d.TRPC_MAX_BATCH,
      uploadLimit: d.UPLOAD_MAX_MB * 1024 * 1024,
      pgPoolSize: d.PG_POOL_SIZE,
      sessionPurgeIntervalMs: d.SESSION_PURGE_MINUTES * 60_000,
      generateMax: d.GENERATE_MAX,
      auditKey,
      sqlEngineMinEnterprises: d.POLICY_SQL_ENGINE_MIN_ENTERPRISES,
      sqlSlices: d.POLICY_SQL_SLICES,
    },
  };
}
