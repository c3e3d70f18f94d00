import { isDatabaseUnavailable } from '../http/error-handler.js';

// Name look-up failures, on top of the connection errors that mean "away" at run time.
const networkCodes = new Set(['ENOTFOUND', 'EAI_AGAIN']);

function unreachable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  if (isDatabaseUnavailable(err) || networkCodes.has((err as { code?: string }).code ?? '')) return true;
  // Node's happy-eyeballs connect fails with an AggregateError of one error per address.
  const inner = (err as { errors?: unknown[] }).errors;
  return Array.isArray(inner) && inner.some(unreachable);
}

/**
 * The start-up message when PostgreSQL cannot be reached: where we tried (never the password) and
 * what to check. The server then exits non-zero rather than waiting in a loop: a wrong URL shows at
 * once, and the service manager's restart policy (docs/operations.md) retries a database that is
 * still starting. Null when the error is something else.
 */
export function databaseUnreachableMessage(err: unknown, databaseUrl: string | undefined): string | null {
  if (!databaseUrl || !unreachable(err)) return null;
  let where = '(DATABASE_URL)';
  try {
    const u = new URL(databaseUrl);
    where = `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    // An unparsable URL is shown as the setting's name only: it may hold a password.
  }
  const code = (err as { code?: string }).code ?? '';
  const detail = (err as Error).message?.replaceAll(databaseUrl, '(DATABASE_URL)') ?? '';
  return (
    `共治 Gongzhi 启动失败：无法连接数据库 PostgreSQL ${where}${code ? ` (${code})` : ''}\n` +
    `  Failed to start: cannot reach the database at ${where}. ${detail}\n` +
    `  请检查数据库服务是否已启动、DATABASE_URL 的主机和端口是否正确、防火墙是否放行。\n` +
    `  Check that PostgreSQL is running and that DATABASE_URL's host and port are right.\n`
  );
}
