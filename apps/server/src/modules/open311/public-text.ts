import { maskName } from '@gongzhi/contracts';
import { maskText } from '../../http/log-redact.js';

/**
 * Open311 output is public. Reporter contact details are never selected, but people type their
 * phone number, e-mail or name into the description too: those are masked on the way out.
 */
const email = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// Mobiles written with spaces or dashes (138 0000 0006), and landlines with their area code.
const spacedMobile = /(?<![0-9])(1[3-9][0-9])[\s-]?[0-9]{4}[\s-]?([0-9]{4})(?![0-9])/g;
const landline = /(?<![0-9])(0[0-9]{2,3})[\s-]?[0-9]{3,4}([0-9]{4})(?![0-9])/g;

export function publicText(text: string, reporterName?: string | null): string {
  let out = maskText(text)
    .replace(email, (m) => `${m[0]}***@${m.split('@')[1]}`)
    .replace(spacedMobile, '$1****$2')
    .replace(landline, '$1****$2');
  const name = reporterName?.trim();
  if (name && [...name].length >= 2) out = out.split(name).join(maskName(name));
  return out;
}

// A room inside a building (…号601室, …号3楼302) identifies a household, not a place to fix:
// public output stops at the building.
const building = /^(.*?\d+\s*(?:号楼|幢|栋|号))(.*\d.*)$/;

export function publicAddress(address: string, reporterName?: string | null): string {
  const a = publicText(address.trim(), reporterName);
  const m = building.exec(a);
  return m && /室|户|层|楼|单元|房/.test(m[2]!) ? m[1]! : a;
}
