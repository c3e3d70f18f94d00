import { checkIdNumber, maskPersonal, type SpecialGroupTag } from '@gongzhi/contracts';
import type { FieldCipher } from '../../crypto/field-cipher.js';
import { blindIndexFor, normalizeForIndex } from '../personal-data/blind-index.js';

/**
 * The one place a resident's personal values become columns (ciphertext, blind index, mask) and
 * back. The manual editor, the import, the seed and the benchmarks all write through `sealResident`,
 * so a value is never stored in clear nor indexed two ways.
 */
export interface ResidentPlain {
  name: string;
  idNumber: string;
  phone: string | null;
  tags: readonly SpecialGroupTag[];
}

export interface SealedResident {
  name_enc: string;
  name_bidx: string;
  name_mask: string;
  id_number_enc: string;
  id_number_bidx: string;
  id_number_mask: string;
  phone_enc: string | null;
  phone_bidx: string | null;
  phone_mask: string | null;
  tags_enc: string | null;
  tag_tokens: string[];
  gender: 'male' | 'female';
  birth_date: string;
}

/** Throws on an invalid ID number or phone: callers validate first and report per row. */
export function sealResident(cipher: FieldCipher, v: ResidentPlain): SealedResident {
  const id = checkIdNumber(v.idNumber);
  if (!id.ok) throw new Error(id.reason);
  const name = normalizeForIndex('name', v.name);
  if (name === null) throw new Error('姓名不能为空');
  const phone = v.phone === null ? null : normalizeForIndex('phone', v.phone);
  if (v.phone !== null && phone === null) throw new Error('手机号不正确');
  const tags = [...new Set(v.tags)].sort();
  return {
    name_enc: cipher.encrypt(name, 'resident.name'),
    name_bidx: cipher.blindIndex('name', name),
    name_mask: maskPersonal('name', name),
    id_number_enc: cipher.encrypt(id.value, 'resident.id_number'),
    id_number_bidx: cipher.blindIndex('id_number', id.value),
    id_number_mask: maskPersonal('id_number', id.value),
    phone_enc: phone === null ? null : cipher.encrypt(phone, 'resident.phone'),
    phone_bidx: phone === null ? null : cipher.blindIndex('phone', phone),
    phone_mask: phone === null ? null : maskPersonal('phone', phone),
    tags_enc: tags.length ? cipher.encrypt(JSON.stringify(tags), 'resident.tags') : null,
    tag_tokens: tags.map((t) => tagToken(cipher, t)),
    gender: id.gender,
    birth_date: id.birthDate,
  };
}

/**
 * The keyed token a special-group tag is stored and searched as. Deterministic by design (ledgers
 * count by it in SQL); without the blind key it does not say which tag it stands for.
 */
export function tagToken(cipher: FieldCipher, tag: SpecialGroupTag): string {
  return cipher.blindIndex('tag', tag);
}

/** Blind index to look a resident up by ID number, phone or full name; null when the input cannot match. */
export function residentLookupIndex(cipher: FieldCipher, kind: 'id_number' | 'phone' | 'name', value: string): string | null {
  return blindIndexFor(cipher, kind, value);
}

/** Decrypt the special-group tags (only for someone who may see them; the caller audits). */
export function openTags(cipher: FieldCipher, tagsEnc: string | null): SpecialGroupTag[] {
  return tagsEnc ? (JSON.parse(cipher.decrypt(tagsEnc, 'resident.tags')) as SpecialGroupTag[]) : [];
}

/** Age in whole years on a day ('YYYY-MM-DD'). */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * Re-seal only the fields an edit changes (name, phone, tags), for records whose ID number is not
 * decrypted to call `sealResident` again. Same normalisation, ciphertext, index and mask.
 */
export function sealResidentPart(
  cipher: FieldCipher,
  v: { name?: string; phone?: string | null; tags?: readonly SpecialGroupTag[] },
): Partial<Omit<SealedResident, 'id_number_enc' | 'id_number_bidx' | 'id_number_mask' | 'gender' | 'birth_date'>> {
  const out: ReturnType<typeof sealResidentPart> = {};
  if (v.name !== undefined) {
    const name = normalizeForIndex('name', v.name);
    if (name === null) throw new Error('姓名不能为空');
    Object.assign(out, { name_enc: cipher.encrypt(name, 'resident.name'), name_bidx: cipher.blindIndex('name', name), name_mask: maskPersonal('name', name) });
  }
  if (v.phone !== undefined) {
    const phone = v.phone === null ? null : normalizeForIndex('phone', v.phone);
    if (v.phone !== null && phone === null) throw new Error('手机号不正确');
    Object.assign(out, {
      phone_enc: phone === null ? null : cipher.encrypt(phone, 'resident.phone'),
      phone_bidx: phone === null ? null : cipher.blindIndex('phone', phone),
      phone_mask: phone === null ? null : maskPersonal('phone', phone),
    });
  }
  if (v.tags !== undefined) {
    const tags = [...new Set(v.tags)].sort();
    Object.assign(out, { tags_enc: tags.length ? cipher.encrypt(JSON.stringify(tags), 'resident.tags') : null, tag_tokens: tags.map((t) => tagToken(cipher, t)) });
  }
  return out;
}
