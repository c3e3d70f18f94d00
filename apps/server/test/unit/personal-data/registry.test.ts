import { describe, expect, it } from 'vitest';
import { FieldCipher } from '../../../src/crypto/field-cipher.js';
import { Keyring } from '../../../src/crypto/keyring.js';
import { blindIndexFor, normalizeForIndex } from '../../../src/modules/personal-data/blind-index.js';
import { checkRegistry, columnName, type EncryptedField, encryptedFields, findRevealable } from '../../../src/modules/personal-data/registry.js';

const phone: EncryptedField = { table: 'app_user', idColumn: 'id', column: 'phone_enc', field: 'app_user.phone', kind: 'phone', pathOf: { unitIdColumn: 'unit_id' }, resourceType: 'user' };

describe('registry of encrypted fields', () => {
  it('lists the identity columns: the phone (revealable, searchable) and the TOTP secret (never revealable)', () => {
    expect(encryptedFields.map(columnName)).toEqual(expect.arrayContaining(['app_user.phone_enc', 'app_user.totp_secret_enc']));
    const p = encryptedFields.find((f) => f.field === 'app_user.phone')!;
    expect(p.blindIndexColumn).toBe('phone_bidx');
    expect(p.kind).toBe('phone');
  });

  it('finds a revealable field by short or full name, per resource type', () => {
    expect(findRevealable('user', 'phone')?.field).toBe('app_user.phone');
    expect(findRevealable('user', 'app_user.phone')?.field).toBe('app_user.phone');
    expect(findRevealable('resident', 'phone')?.field).toBe('resident.phone');
    expect(findRevealable('household', 'phone')).toBeNull();
    expect(findRevealable('user', 'nope')).toBeNull();
  });

  it('never offers a secret for reveal, nor a field without a place in the tree', () => {
    expect(findRevealable('user', 'totp_secret')).toBeNull();
    expect(findRevealable('user', 'app_user.totp_secret')).toBeNull();
    const placeless = { ...phone, pathOf: undefined } as EncryptedField;
    expect(findRevealable('user', 'phone', [placeless])).toBeNull();
  });

  it('refuses identifiers that are not plain SQL names, duplicates, and field names outside their table', () => {
    expect(() => checkRegistry([phone])).not.toThrow();
    expect(() => checkRegistry([{ ...phone, column: 'phone_enc; drop table x' }])).toThrow(/标识符/);
    expect(() => checkRegistry([{ ...phone, table: 'App User' }])).toThrow(/标识符/);
    expect(() => checkRegistry([{ ...phone, pathOf: { column: 'path"' } }])).toThrow(/标识符/);
    expect(() => checkRegistry([phone, { ...phone, kind: 'secret' }])).toThrow(/重复/);
    expect(() => checkRegistry([{ ...phone, field: 'resident.phone' }])).toThrow(/表名/);
  });
});

describe('blind index lookups', () => {
  const cipher = new FieldCipher(Keyring.ephemeral(), 'standard');

  it('normalises the ways people write the same phone or ID number', () => {
    for (const v of ['13800000006', '138 0000 0006', '+86 138-0000-0006', '008613800000006', '１３８０００００００６']) {
      expect(normalizeForIndex('phone', v)).toBe('13800000006');
      expect(blindIndexFor(cipher, 'phone', v)).toBe(cipher.blindIndex('phone', '13800000006'));
    }
    expect(normalizeForIndex('id_number', '11010519491231002x')).toBe('11010519491231002X');
  });

  it('gives no index for a value that is not valid for its kind', () => {
    expect(blindIndexFor(cipher, 'phone', '12345')).toBeNull();
    expect(blindIndexFor(cipher, 'id_number', '110105194912310021')).toBeNull();
    expect(blindIndexFor(cipher, 'name', '   ')).toBeNull();
  });

  it('keeps kinds apart: the same digits as a phone and as a name index differently', () => {
    expect(blindIndexFor(cipher, 'phone', '13800000006')).not.toBe(blindIndexFor(cipher, 'name', '13800000006'));
  });
});
