import { roleNames } from '@gongzhi/contracts';
import { boot } from './boot.js';
import { demoAccounts } from './seed/users.js';
import { ConfigError, loadConfig } from './config.js';
import { checkDataDir } from './data-dir.js';
import { guardDatabaseErrors } from './db/crash-guard.js';
import { databaseUnreachableMessage } from './db/unreachable.js';
import { buildApp } from './http/app.js';
import { DeadlineScheduler } from './modules/cases/deadline-scheduler.js';
import { startCluster } from './cluster/cluster.js';
import { instanceId } from './cluster/instance.js';

async function main(): Promise<void> {
  const t0 = Date.now();
  const config = loadConfig();
  if (!config.databaseUrl) checkDataDir(config.dataDir);
  const { ctx, database, seed, migrations } = await boot(config);
  // Every log line names the instance: several may share one database (docs/operations.md).
  const app = await buildApp(ctx, { logger: { base: { pid: process.pid, instance: instanceId } } });
  guardDatabaseErrors(app.log);
  const cluster = await startCluster(ctx, app.log);
  const stopWatching = ctx.locator.watch(ctx.db);
  const deadlines = new DeadlineScheduler(ctx, { log: app.log });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Stop taking requests, let in-flight ones finish, then close the database.
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    stopWatching();
    // Let a running deadline scan finish before the database goes.
    await deadlines.stop().catch(() => undefined);
    await app.close().catch(() => undefined);
    await cluster?.stop().catch(() => undefined);
    await database.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  await deadlines.start();
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const db = database.kind === 'embedded' ? `内嵌 PostgreSQL (PGlite) ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
  const lines = [
    '',
    `  共治 Gongzhi 已启动 / is running:  http://localhost:${port}/`,
    `  管理后台 Staff console:           http://localhost:${port}/admin/`,
    `  接口文档 API docs:                http://localhost:${port}/api/docs`,
    `  数据库 Database:                  ${db}`,
    migrations.length ? `  已执行迁移 Migrations applied:    ${migrations.join(', ')}` : '',
    seed && !seed.alreadySeeded
      ? `  已生成长宁区演示数据 Seeded demo: ${seed.units.subdistrict} 街镇, ${seed.units.neighborhood} 居委会, ${seed.units.grid} 网格, ${seed.compounds} 小区 (${seed.ms} ms)`
      : '',
    `  演示账号 Demo logins (密码 password: ${config.demoPassword}):`,
    ...demoAccounts.map((a) => `    ${a.username.padEnd(20)} ${roleNames[a.role].zh} · ${a.displayName}`),
    `  Open311 演示 API key: ${config.demoOpen311Key}`,
    `  实例 Instance:                     ${instanceId}${cluster ? ' (与其他实例共享变化 LISTEN/NOTIFY)' : ''}`,
    `  时限扫描 Deadline scan:            每 ${config.cases.deadlineScanSeconds} 秒 every ${config.cases.deadlineScanSeconds} s (pg-boss)`,
    `  启动用时 Started in ${Date.now() - t0} ms`,
    '',
  ].filter((l) => l !== '');
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

main().catch((err: unknown) => {
  const unreachable = databaseUnreachableMessage(err, process.env.DATABASE_URL);
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else if (unreachable) {
    process.stderr.write(unreachable);
  } else {
    process.stderr.write(`共治 Gongzhi 启动失败 (failed to start): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});
