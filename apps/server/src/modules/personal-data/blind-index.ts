import { checkIdNumber, checkMobile, type PersonalFieldKind, toHalfWidth } from '@gongzhi/contracts';
import type { FieldCipher } from '../../crypto/field-cipher.js';

/**
 * The form a value is indexed in, so 138 0000 0006, +8613800000006 and full-width digits all find
 * the same record. Null when the value is not valid for its kind (nothing can match it).
 */
export function normalizeForIndex(kind: PersonalFieldKind, value: string): string | null {
  switch (kind) {
    case 'phone': {
      const r = checkMobile(value);
      return r.ok ? r.value : null;
    }
    case 'id_number': {
      const r = checkIdNumber(value);
      return r.ok ? r.value : null;
    }
    default: {
      const v = toHalfWidth(value).trim().replace(/\s+/g, ' ');
      return v === '' ? null : v;
    }
  }
}

/** The blind index to store next to a value, or to look a value up by. */
export function blindIndexFor(cipher: FieldCipher, kind: PersonalFieldKind, value: string): string | null {
  const n = normalizeForIndex(kind, value);
  return n === null ? null : cipher.blindIndex(kind, n);
}
