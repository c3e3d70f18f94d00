/**
 * The password policy as the server applies it (apps/server/src/modules/identity/password.ts),
 * checked live while typing so the user sees what is missing before submitting. The server stays
 * the judge: reuse of the last five passwords can only be checked there.
 */
export type PolicyRule = 'length' | 'classes' | 'username' | 'history';
export type PolicyState = { rule: PolicyRule; ok: boolean | null };

export const minPasswordLength = 10;

export function characterClasses(password: string): number {
  return [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
}

export function policyStates(password: string, username: string): PolicyState[] {
  const typed = password.length > 0;
  return [
    { rule: 'length', ok: typed ? password.length >= minPasswordLength && password.length <= 128 : null },
    { rule: 'classes', ok: typed ? characterClasses(password) >= 3 : null },
    { rule: 'username', ok: typed && username ? !password.toLowerCase().includes(username.toLowerCase()) : null },
    // Unknown until the server compares it with the stored history.
    { rule: 'history', ok: null },
  ];
}

/** True when every rule the browser can check passes. */
export function passesLocalPolicy(password: string, username: string): boolean {
  return policyStates(password, username).every((s) => s.ok !== false) && password.length > 0;
}
