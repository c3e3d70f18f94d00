/**
 * Personal-data rules shared by server and web (zod-free): validation of Chinese ID numbers
 * (GB 11643-1999 check digit) and mainland mobile numbers, and the masks every response,
 * export and log line uses by default.
 */

/** Full-width digits and letters (common in spreadsheets typed with a Chinese IME) to ASCII. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheckChars = '10X98765432';

export type IdNumberCheck =
  | { ok: true; value: string; birthDate: string; gender: 'male' | 'female' }
  | { ok: false; reason: string };

/** GB 11643: 17 digits + check character; lowercase x, spaces and full-width digits are accepted and normalised. */
export function checkIdNumber(input: string): IdNumberCheck {
  const value = toHalfWidth(input).replace(/\s+/g, '').toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, reason: '身份证号应为 18 位（前 17 位为数字，最后一位为数字或 X）' };
  const sum = idWeights.reduce((s, w, i) => s + w * Number(value[i]), 0);
  if (idCheckChars[sum % 11] !== value[17]) return { ok: false, reason: '身份证号校验位不正确，请核对是否录入有误' };
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1880 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || date.getTime() > Date.now()) {
    return { ok: false, reason: '身份证号中的出生日期无效' };
  }
  return {
    ok: true,
    value,
    birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`,
    gender: Number(value[16]) % 2 === 1 ? 'male' : 'female',
  };
}

export type MobileCheck = { ok: true; value: string } | { ok: false; reason: string };

/** Mainland mobile numbers: 11 digits starting 13–19; +86 / 0086 prefixes and separators are dropped. */
export function checkMobile(input: string): MobileCheck {
  const value = toHalfWidth(input)
    .replace(/[\s-]/g, '')
    .replace(/^(\+86|0086)/, '');
  if (!/^1[3-9]\d{9}$/.test(value)) return { ok: false, reason: '手机号应为 11 位中国大陆手机号（以 13–19 开头）' };
  return { ok: true, value };
}

/** 张三 → 张*, 张三明 → 张*明, 欧阳小明 → 欧**明. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.length ? '*' : '';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** 13812345678 → 138****5678. */
export function maskPhone(phone: string): string {
  const p = phone.replace(/\s+/g, '');
  if (p.length < 7) return '*'.repeat(p.length);
  return `${p.slice(0, 3)}${'*'.repeat(p.length - 7)}${p.slice(-4)}`;
}

/** 310105199001011234 → 310105********1234. */
export function maskIdNumber(id: string): string {
  const v = id.replace(/\s+/g, '');
  if (v.length < 10) return '*'.repeat(v.length);
  return `${v.slice(0, 6)}${'*'.repeat(v.length - 10)}${v.slice(-4)}`;
}

/** Address down to the building: 长宁路100弄5号601室 → 长宁路100弄5号****. */
export function maskAddress(address: string): string {
  const a = address.trim();
  const m = /^(.*?(?:\d+\s*(?:号楼|幢|栋|号)))/.exec(a);
  if (m && m[1]!.length < a.length) return `${m[1]}****`;
  if (m) return a;
  return `${[...a].slice(0, Math.ceil([...a].length / 2)).join('')}****`;
}

export const personalFieldKinds = ['name', 'id_number', 'phone', 'address', 'tags'] as const;
export type PersonalFieldKind = (typeof personalFieldKinds)[number];

/** The default mask for a personal field of a kind. */
export function maskPersonal(kind: PersonalFieldKind, value: string): string {
  switch (kind) {
    case 'name':
      return maskName(value);
    case 'id_number':
      return maskIdNumber(value);
    case 'phone':
      return maskPhone(value);
    case 'address':
      return maskAddress(value);
    case 'tags':
      return '***';
  }
}
