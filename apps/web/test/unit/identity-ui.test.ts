import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { passwordProblems } from '../../../server/src/modules/identity/password';
import { passesLocalPolicy, policyStates } from '../../src/admin/auth/passwordPolicy';
import { homePath, loginPath, safeNext, stagePath } from '../../src/admin/auth/paths';
import { en } from '../../src/admin/i18n/en';
import { zhCN } from '../../src/admin/i18n/zh-CN';

describe('password policy hints', () => {
  // The console's live checklist must say what the server will say, or users are misled.
  const samples = ['', 'short', 'abcdefghij', 'abcdefghi1', 'Abcdefghi1', 'abc-defg-h1', 'ABCDEFGHI1!', 'li.na-Strong1', 'Xinhua#Road2025', '密码密码密码密码密码1aA'];
  for (const pw of samples) {
    it(`agrees with the server for ${JSON.stringify(pw)}`, () => {
      const server = passwordProblems(pw, 'li.na');
      expect(passesLocalPolicy(pw, 'li.na')).toBe(pw.length > 0 && server.length === 0);
    });
  }

  it('names the failing rules and leaves the history to the server', () => {
    const states = Object.fromEntries(policyStates('abc', 'abc').map((s) => [s.rule, s.ok]));
    expect(states).toEqual({ length: false, classes: false, username: false, history: null });
    expect(policyStates('', 'abc').every((s) => s.ok === null)).toBe(true);
  });
});

describe('console paths', () => {
  it('follows only in-console targets after sign-in', () => {
    expect(safeNext('/users?q=a')).toBe('/users?q=a');
    for (const bad of ['//evil.example/x', 'https://evil.example', '/login?next=/x', '/mfa', '/password?forced=1', null, '']) expect(safeNext(bad)).toBeNull();
    expect(safeNext('/password')).toBe('/password');
    expect(loginPath('/audit')).toBe('/login?next=%2Faudit');
    expect(loginPath('/')).toBe('/login');
  });

  it('sends unfinished sessions to their stage, keeping the target', () => {
    expect(stagePath('password_change', '/users')).toBe('/password?forced=1&next=%2Fusers');
    expect(stagePath('mfa_enrollment', '/audit')).toBe('/mfa?next=%2Faudit');
    expect(stagePath('mfa_enrollment', null)).toBe('/mfa');
    expect(stagePath('password_change', '/password')).toBe('/password?forced=1');
    expect(stagePath('active', '/users')).toBeNull();
  });

  it('lands each administrator on a page it may open', () => {
    expect(homePath(['audit.read', 'audit.export'])).toBe('/audit');
    expect(homePath(['config.manage', 'api_token.manage', 'jurisdiction.read'])).toBe('/jurisdictions');
    expect(homePath([])).toBeNull();
  });
});

describe('console strings', () => {
  const src = fileURLToPath(new URL('../../src/admin', import.meta.url));
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = path.join(dir, f);
      return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
    });
  const lookup = (table: unknown, key: string) => key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), table);

  it('has every key the code asks for, in Chinese and English', () => {
    const missing: string[] = [];
    for (const file of files(src)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*[`']([a-zA-Z0-9_.]+)(\$\{)?/g)) {
        // `audit.types.${x}`: the prefix must be a table of strings.
        const [key, dynamic] = [m[1]!.replace(/\.$/, ''), Boolean(m[2])];
        for (const [lang, table] of [['zh-CN', zhCN], ['en', en]] as const) {
          const v = lookup(table, key);
          if (dynamic ? typeof v !== 'object' : typeof v !== 'string') missing.push(`${lang}: ${key} (${path.relative(src, file)})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
