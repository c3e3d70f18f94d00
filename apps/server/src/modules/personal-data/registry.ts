import type { PersonalFieldKind } from '@gongzhi/contracts';

/**
 * Every column that holds encrypted data, in one list: reveal finds fields here, `keys rotate`
 * re-encrypts every column listed, the encryption-at-rest tests read them all. A module that
 * stores personal data appends its entries below (one line each), as modules/index.ts lists routes.
 */
export interface EncryptedField {
  table: string;
  /** The primary key column (a uuid). */
  idColumn: string;
  /** The ciphertext column. */
  column: string;
  /** The associated-data name the value is encrypted under (`<table>.<field>`): it binds the value to its column. */
  field: string;
  /** Personal data of a kind (masked, revealable), or a secret the application needs but nobody may read. */
  kind: PersonalFieldKind | 'secret';
  /** The keyed blind index column for exact-match lookup, when the field is searchable. */
  blindIndexColumn?: string;
  /**
   * Where the record sits in the jurisdiction tree, for scope: a path column on the table itself,
   * or a column naming its jurisdiction unit. Without it the field cannot be revealed.
   */
  pathOf?: { column: string } | { unitIdColumn: string };
  /** The record's type as requests and the audit trail name it. */
  resourceType: string;
}

const identityFields: EncryptedField[] = [
  // A user's place is their unit: who may reveal their phone is whoever's scope contains it.
  { table: 'app_user', idColumn: 'id', column: 'phone_enc', field: 'app_user.phone', kind: 'phone', blindIndexColumn: 'phone_bidx', pathOf: { unitIdColumn: 'unit_id' }, resourceType: 'user' },
  { table: 'app_user', idColumn: 'id', column: 'totp_secret_enc', field: 'app_user.totp_secret', kind: 'secret', resourceType: 'user' },
];

// A case's reporter: revealable (for 回访) by whoever's scope holds the case.
const caseFields: EncryptedField[] = [
  { table: 'case_record', idColumn: 'id', column: 'reporter_name_enc', field: 'case_record.reporter_name', kind: 'name', pathOf: { column: 'path' }, resourceType: 'case' },
  {
    table: 'case_record',
    idColumn: 'id',
    column: 'reporter_phone_enc',
    field: 'case_record.reporter_phone',
    kind: 'phone',
    blindIndexColumn: 'reporter_phone_bidx',
    pathOf: { column: 'path' },
    resourceType: 'case',
  },
];

// 社区云 residents: revealable by whoever's scope holds the resident's building.
const residentField = (name: string, kind: PersonalFieldKind, bidx: boolean): EncryptedField => ({
  table: 'resident',
  idColumn: 'id',
  column: `${name}_enc`,
  field: `resident.${name}`,
  kind,
  ...(bidx ? { blindIndexColumn: `${name}_bidx` } : {}),
  pathOf: { column: 'path' },
  resourceType: 'resident',
});
const residentFields: EncryptedField[] = [
  residentField('name', 'name', true),
  residentField('id_number', 'id_number', true),
  residentField('phone', 'phone', true),
  residentField('tags', 'tags', false),
];

export const encryptedFields: readonly EncryptedField[] = [...identityFields, ...caseFields, ...residentFields];

const identifier = /^[a-z_][a-z0-9_]{0,62}$/;

/** Names go into SQL as identifiers: refuse anything that is not a plain one, at load time. */
export function checkRegistry(fields: readonly EncryptedField[]): void {
  const seen = new Set<string>();
  for (const f of fields) {
    const names = [f.table, f.idColumn, f.column, f.blindIndexColumn, f.pathOf && ('column' in f.pathOf ? f.pathOf.column : f.pathOf.unitIdColumn)];
    for (const n of names) if (n !== undefined && !identifier.test(n)) throw new Error(`加密字段登记有误：${f.field} 的标识符 ${n} 不合法`);
    if (!f.field.startsWith(`${f.table}.`)) throw new Error(`加密字段登记有误：${f.field} 应以表名 ${f.table}. 开头`);
    const col = `${f.table}.${f.column}`;
    if (seen.has(f.field) || seen.has(col)) throw new Error(`加密字段登记重复：${f.field}`);
    seen.add(f.field);
    seen.add(col);
  }
}
checkRegistry(encryptedFields);

/** Short name of a field: `app_user.phone` → `phone`. */
export const shortName = (f: EncryptedField) => f.field.slice(f.table.length + 1);

/** The revealable field a request names, by its short or full name; null for unknown fields and secrets. */
export function findRevealable(resourceType: string, field: string, fields: readonly EncryptedField[] = encryptedFields): EncryptedField | null {
  const f = fields.find((e) => e.resourceType === resourceType && (e.field === field || shortName(e) === field));
  return f && f.kind !== 'secret' && f.pathOf ? f : null;
}

/** `app_user.phone_enc`: how the rotation report names a column. */
export const columnName = (f: EncryptedField) => `${f.table}.${f.column}`;
