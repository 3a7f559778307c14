/** Settings from the environment, validated once at start; a bad value stops start-up with a clear message. */
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
});

export interface Settings {
  port: number;
  host: string;
  databaseUrl: string;
  logLevel: LogLevel;
  /** Enterprises in the sample dataset generated on first start (0 = none). */
  sampleDatasetSize: number;
}

/** The variables the server reads (turbo's `globalEnv` should list them). */
export const SETTING_NAMES = ['PORT', 'HOST', 'DATABASE_URL', 'LOG_LEVEL', 'SAMPLE_DATASET_SIZE'] as const;

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
  return {
    success: true,
    data: { port: d.PORT, host: d.HOST, databaseUrl: d.DATABASE_URL, logLevel: d.LOG_LEVEL, sampleDatasetSize: d.SAMPLE_DATASET_SIZE },
  };
}
