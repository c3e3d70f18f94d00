import { AppError } from '../http/app-error.js';

/** Opaque cursors: the sort key of the last item, base64url-encoded JSON. */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, check: (v: unknown) => v is T): T | undefined {
  if (cursor === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (check(v)) return v;
  } catch {
    // fall through to the error below
  }
  throw new AppError('VALIDATION_FAILED', '分页游标无效，请从第一页重新查询', { field: 'cursor' }, 'Invalid cursor; start again from the first page');
}

export const isString = (v: unknown): v is string => typeof v === 'string';
