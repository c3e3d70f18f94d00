import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id (an ambient const enum the compiler cannot inline under verbatimModuleSyntax).
const argon2id = 2;

/** argon2id with the library's defaults (m=19 MiB, t=2): ~25–50 ms per hash here. */
export const hashPassword = (plain: string) => hash(plain, { algorithm: argon2id });

export async function verifyPassword(stored: string | null, plain: string): Promise<boolean> {
  if (!stored) return false;
  try {
    return await verify(stored, plain);
  } catch {
    return false;
  }
}

// Verified against when the username does not exist, so both paths cost the same time.
let dummy: Promise<string> | null = null;
export async function burnVerify(plain: string): Promise<void> {
  dummy ??= hashPassword('gongzhi-dummy-password-for-timing');
  await verifyPassword(await dummy, plain);
}

/**
 * The password policy: ≥ 10 characters, three of four classes, not containing the username,
 * at most 128 characters (argon2 input stays bounded). Returns Chinese reasons; empty = fine.
 */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if (password.length < 10) problems.push('密码至少 10 位');
  if (password.length > 128) problems.push('密码不能超过 128 位');
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes < 3) problems.push('密码需包含大写字母、小写字母、数字、符号中的至少三类');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('密码不能包含用户名');
  return problems;
}

/** How many previous passwords may not be reused. */
export const passwordHistoryDepth = 5;
