/** Process entry: `pnpm start`. Settings from the environment, first-run seed, one printed URL. */
import { configureSqlSlices, setAuditKey } from '@policy/db';
import { adminBuilt, createApp } from './app.ts';
import { createLogger } from './logger.ts';
import { loadSettings } from './settings.ts';

const parsed = loadSettings(process.env);
if (!parsed.success) {
  process.stderr.write(parsed.message + '\n');
  process.exit(2);
}
const settings = parsed.data;
const logger = createLogger({ level: settings.logLevel });
const where = /^postgres(ql)?:\/\//i.test(settings.databaseUrl) ? 'PostgreSQL' : `SQLite ${settings.databaseUrl}`;
logger.info('starting', { database: where, host: settings.host, port: settings.port });

// the audit chain becomes a keyed MAC when AUDIT_KEY_FILE names a key kept outside the database
setAuditKey(settings.auditKey ?? null);
// the slices of the rows a SQL run evaluates at once (POLICY_SQL_SLICES; unset: the cores here)
configureSqlSlices(settings.sqlSlices);

let app: Awaited<ReturnType<typeof createApp>>;
try {
  app = await createApp({
    databaseUrl: settings.databaseUrl,
    host: settings.host,
    port: settings.port,
    logger,
    sampleDatasetSize: settings.sampleDatasetSize,
    cookieSecure: settings.cookieSecure,
    trpcMaxBatch: settings.trpcMaxBatch,
    uploadLimit: settings.uploadLimit,
    pgPoolSize: settings.pgPoolSize,
    sessionPurgeIntervalMs: settings.sessionPurgeIntervalMs,
    generateMax: settings.generateMax,
    sqlEngineMinEnterprises: settings.sqlEngineMinEnterprises,
  });
} catch (e) {
  logger.error('start-up failed', { error: e });
  process.stderr.write(`\n启动失败 / start-up failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}

if (app.seedResult.seeded) {
  // printed once, on the first run only; the logger never sees these
  const lines = [
    '',
    '================================================================',
    ' 首次启动：已创建以下用户（首次登录后须修改密码，此信息只显示一次）',
    ' First run: these users were created (change the password at first login; shown only once)',
    '----------------------------------------------------------------',
    ...app.seedResult.users.map((u) => `  ${u.username.padEnd(22)} ${u.password.padEnd(18)} ${u.role}${u.department ? ` / ${u.department}` : ''}`),
    '================================================================',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
if (!adminBuilt()) {
  process.stdout.write(
    '注意：管理界面尚未构建（apps/admin/dist 不存在），只提供 API；请在仓库根目录运行 pnpm start 或 pnpm --filter @policy/admin build。\n' +
      'Note: the admin UI is not built (apps/admin/dist is missing); only the API is served. Run pnpm start or pnpm --filter @policy/admin build at the repository root.\n',
  );
}

try {
  const url = await app.server.start();
  logger.info('listening', { url });
  process.stdout.write(`\n服务已启动 / serving at: ${url}\n\n`);
} catch (e) {
  const code = (e as NodeJS.ErrnoException).code;
  const msg =
    code === 'EADDRINUSE'
      ? `端口 ${settings.port} 已被占用，请设置其他 PORT / port ${settings.port} is in use, set another PORT`
      : code === 'EACCES'
        ? `没有权限监听端口 ${settings.port} / not allowed to listen on port ${settings.port}`
        : e instanceof Error ? e.message : String(e);
  process.stderr.write(`启动失败 / start-up failed: ${msg}\n`);
  await app.close();
  process.exit(1);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
