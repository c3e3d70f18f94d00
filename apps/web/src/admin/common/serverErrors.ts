import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';

/**
 * Puts a server refusal where the user will look: a VALIDATION_FAILED issue on its field, policy
 * problems on the password field. Returns the message for an alert when no field took it.
 */
export function applyServerErrors(form: FormInstance, err: unknown, fieldMap: Record<string, string> = {}): string | null {
  if (!(err instanceof ApiError)) return (err as Error).message;
  const fields = new Set(Object.keys(form.getFieldsValue(true) as object));
  if (err.code === 'PASSWORD_POLICY') {
    const problems = (err.details as { problems?: string[] } | undefined)?.problems;
    const name = fieldMap.password ?? 'password';
    if (problems?.length && fields.has(name)) {
      form.setFields([{ name, errors: problems }]);
      return null;
    }
  }
  const details = err.details;
  if (err.code === 'VALIDATION_FAILED') {
    const list = Array.isArray(details) ? (details as { path?: string; message?: string }[]) : details && typeof details === 'object' && 'field' in details ? [{ path: String((details as { field: unknown }).field), message: err.message }] : [];
    const placed = list.filter((d) => d.path && fields.has(fieldMap[d.path] ?? d.path));
    if (placed.length) {
      form.setFields(placed.map((d) => ({ name: fieldMap[d.path!] ?? d.path!, errors: [d.message ?? err.message] })));
      return null;
    }
  }
  return err.message;
}
