/**
 * Cases reported from this device without an account: their numbers, kept in localStorage so the
 * visitor can follow them (the public, masked view by number: Open311's request lookup).
 */
export type LocalCase = { number: string; title: string; reportedAt: string };

const KEY = 'gongzhi.portal.cases';
const MAX = 50;

export function localCases(): LocalCase[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((c): c is LocalCase => !!c && typeof (c as LocalCase).number === 'string') : [];
  } catch {
    return [];
  }
}

function save(list: LocalCase[]): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(list.slice(0, MAX)));
  } catch {
    // Storage blocked: the number is still on the screen.
  }
}

export function rememberCase(c: LocalCase): void {
  save([c, ...localCases().filter((x) => x.number !== c.number)]);
}

export function forgetCase(number: string): void {
  save(localCases().filter((x) => x.number !== number));
}

export const isCaseNumber = (s: string) => /^\d{14}$/.test(s);
