import { userInfo } from 'node:os';

/** Who ran a command, for the audit trail (`cli:<os user>`). */
export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
