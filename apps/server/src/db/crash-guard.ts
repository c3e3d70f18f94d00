import { isDatabaseUnavailable } from '../http/error-handler.js';

export interface GuardLog {
  warn(obj: object, msg: string): void;
  fatal(obj: object, msg: string): void;
}

/**
 * A lost database connection is never a reason for the server to die. Pools and pg-boss have
 * their 'error' listeners, but a connection that breaks while it is checked out between two
 * statements, or a LISTEN client without a listener, emits an 'error' nobody hears; Node turns
 * that into an uncaught exception and ends the process, dropping every request in flight. Those
 * (and rejections nobody awaited that carry the same connection errors) are logged here; requests
 * meanwhile get 503 from the error handler, and the pools reconnect on their own.
 *
 * Anything else keeps Node's default: log and exit 1 (the service manager restarts the server).
 */
export function guardDatabaseErrors(log: GuardLog): void {
  process.on('uncaughtException', (err, origin) => {
    if (isDatabaseUnavailable(err)) {
      log.warn({ err: { message: err.message, code: (err as { code?: string }).code }, origin }, 'database connection lost (process kept alive)');
      return;
    }
    log.fatal({ err, origin }, 'uncaught exception');
    process.stderr.write(`共治 Gongzhi 意外错误，进程退出 (uncaught exception, exiting): ${err.stack ?? err.message}\n`);
    process.exit(1);
  });
}
