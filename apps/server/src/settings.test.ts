import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './app.ts';
import { createLogger } from './logger.ts';
import { loadSettings, SETTING_NAMES } from './settings.ts';

describe('the variables the server reads', () => {
  it("are in turbo.json's globalEnv and in the README's configuration table", () => {
    const turbo = JSON.parse(readFileSync(join(REPO_ROOT, 'turbo.json'), 'utf8')) as { globalEnv: string[] };
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    for (const name of SETTING_NAMES) {
      expect(turbo.globalEnv, name).toContain(name);
      expect(readme, name).toContain(`| \`${name}\` |`);
    }
  });
});

describe('loadSettings', () => {
  it('defaults to 127.0.0.1:3000 on SQLite', () => {
    expect(loadSettings({})).toEqual({
      success: true,
      data: {
        port: 3000,
        host: '127.0.0.1',
        databaseUrl: './data/policy.sqlite',
        logLevel: 'info',
        sampleDatasetSize: 50_000,
        cookieSecure: false,
        trpcMaxBatch: 10,
        uploadLimit: 200 * 1024 * 1024,
        pgPoolSize: 10,
        sessionPurgeIntervalMs: 3600_000,
        generateMax: 1_000_000,
        sqlEngineMinEnterprises: 2_000_000,
      },
    });
  });

  it('reads POLICY_SQL_SLICES (1–64; unset: the default) and refuses anything else', () => {
    const r = loadSettings({ POLICY_SQL_SLICES: '4' });
    expect(r.success && r.data.sqlSlices).toBe(4);
    const unset = loadSettings({});
    expect(unset.success && unset.data.sqlSlices).toBeUndefined();
    for (const v of ['0', '65', 'all']) {
      const bad = loadSettings({ POLICY_SQL_SLICES: v });
      expect(bad.success).toBe(false);
      expect(!bad.success && bad.message).toContain(`POLICY_SQL_SLICES=${JSON.stringify(v)}: 应为 1–64 的整数`);
    }
  });
  it('reads POLICY_SQL_ENGINE_MIN_ENTERPRISES and refuses a non-integer', () => {
    const r = loadSettings({ POLICY_SQL_ENGINE_MIN_ENTERPRISES: '50' });
    expect(r.success && r.data.sqlEngineMinEnterprises).toBe(50);
    const bad = loadSettings({ POLICY_SQL_ENGINE_MIN_ENTERPRISES: 'many' });
    expect(bad.success).toBe(false);
    expect(!bad.success && bad.message).toContain('POLICY_SQL_ENGINE_MIN_ENTERPRISES');
  });

  it('reads PORT, HOST, DATABASE_URL and LOG_LEVEL', () => {
    const r = loadSettings({ PORT: '8080', HOST: '0.0.0.0', DATABASE_URL: 'postgres://u@h/db', LOG_LEVEL: 'debug', SAMPLE_DATASET_SIZE: '' });
    expect(r.success && r.data).toMatchObject({ port: 8080, host: '0.0.0.0', databaseUrl: 'postgres://u@h/db', logLevel: 'debug', sampleDatasetSize: 50_000 });
  });

  it('names every bad variable with its value, in Chinese and English', () => {
    const r = loadSettings({ PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(r.message).toContain('配置无效');
    expect(r.message).toContain('invalid configuration');
    expect(r.message).toContain('PORT="eighty"');
    expect(r.message).toContain('LOG_LEVEL="loud"');
    expect(loadSettings({ PORT: '70000' }).success).toBe(false);
    expect(loadSettings({ TRPC_MAX_BATCH: '0' }).success).toBe(false);
    expect(loadSettings({ COOKIE_SECURE: 'yes' }).success).toBe(false);
  });

  it('reads the hardening settings: COOKIE_SECURE, TRPC_MAX_BATCH, UPLOAD_MAX_MB, PG_POOL_SIZE, SESSION_PURGE_MINUTES', () => {
    const r = loadSettings({ COOKIE_SECURE: '1', TRPC_MAX_BATCH: '25', UPLOAD_MAX_MB: '50', PG_POOL_SIZE: '4', SESSION_PURGE_MINUTES: '5' });
    expect(r.success && r.data).toMatchObject({ cookieSecure: true, trpcMaxBatch: 25, uploadLimit: 50 * 1048576, pgPoolSize: 4, sessionPurgeIntervalMs: 300_000 });
  });
});

describe('logger', () => {
  it('writes JSON lines and never the values of secret fields', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', write: (l) => lines.push(l) });
    log.debug('hidden');
    log.info('login', { username: 'li', password: 'p@ss', nested: { sessionToken: 'abc', cookie: 'x=1' }, error: new Error('boom') });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: 'info', msg: 'login', username: 'li', password: '[redacted]', nested: { sessionToken: '[redacted]', cookie: '[redacted]' }, error: { name: 'Error', message: 'boom' } });
    expect(lines[0]).not.toContain('p@ss');
    expect(lines[0]).not.toContain('abc');
  });
});
