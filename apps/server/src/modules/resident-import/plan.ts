import { maskName, type ResidentImportRow, type SpecialGroupTag } from '@gongzhi/contracts';
import type { FieldCipher } from '../../crypto/field-cipher.js';
import { residentLookupIndex, tagToken } from '../residents/resident-fields.js';
import type { ExistingResident } from './repository.js';
import type { CheckedRow, RowValue } from './rows.js';

/** Where a household is: building, unit and room. */
export const householdKey = (v: Pick<RowValue, 'building' | 'unitNo' | 'room'>): string => `${v.building.id}|${v.unitNo}|${v.room}`;

export interface ExistingHousehold {
  id: string;
  housing_status: string;
}

export interface PlannedInsert {
  row: number;
  value: RowValue;
}
export interface PlannedUpdate {
  row: number;
  value: RowValue;
  existing: ExistingResident;
  /** Changed fields, by column header. */
  fields: string[];
}
export interface PlannedConflict {
  row: number;
  value: RowValue;
  existing: ExistingResident;
}

/** What a run will do, decided before anything is written. */
export interface ImportPlan {
  report: ResidentImportRow[];
  inserts: PlannedInsert[];
  updates: PlannedUpdate[];
  conflicts: PlannedConflict[];
  /** Households to create, by key, with their housing status. */
  newHouseholds: Map<string, { value: RowValue; housingStatus: string }>;
  /** Existing households whose housing status the file changes. */
  housingUpdates: Map<string, string>;
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Each checked row → its outcome. In-file duplicates (same ID number) keep the first row; an ID
 * number living in another household is a conflict (reported, never overwritten); the same person
 * in the same household is compared field by field through blind indexes (no decryption).
 */
export function planImport(
  cipher: FieldCipher,
  checked: CheckedRow[],
  idIndex: (string | null)[],
  existing: ExistingResident[],
  households: Map<string, ExistingHousehold>,
): ImportPlan {
  const active = new Map<string, ExistingResident>();
  const deceased = new Set<string>();
  for (const e of existing) {
    if (e.status === 'active') active.set(e.id_number_bidx, e);
    else if (e.status === 'deceased') deceased.add(e.id_number_bidx);
  }
  const tokens = new Map<SpecialGroupTag, string>();
  const tokensOf = (tags: SpecialGroupTag[]) =>
    tags.map((t) => tokens.get(t) ?? (tokens.set(t, tagToken(cipher, t)), tokens.get(t)!)).sort();

  const plan: ImportPlan = { report: [], inserts: [], updates: [], conflicts: [], newHouseholds: new Map(), housingUpdates: new Map() };
  const firstRowOf = new Map<string, number>();
  const housingOf = new Map<string, { status: string; row: number }>();
  const reject = (row: number, reasons: string[]) => plan.report.push({ row, status: 'rejected', reasons });

  checked.forEach((c, i) => {
    if (!c.ok) return reject(c.row, c.reasons);
    const v = c.value;
    const first = firstRowOf.get(v.idNumber);
    if (first !== undefined) return reject(c.row, [`身份证号与第 ${first} 行重复，本行未导入（同一人只保留第一行）`]);
    firstRowOf.set(v.idNumber, c.row);

    const bidx = idIndex[i]!;
    const key = householdKey(v);
    const hh = households.get(key);
    const ex = active.get(bidx);
    if (ex && ex.household_id !== hh?.id) {
      plan.conflicts.push({ row: c.row, value: v, existing: ex });
      return reject(c.row, ['身份证号冲突：此人已作为在册居民登记在其他房屋，未覆盖原记录；已生成“信息冲突”核查任务，请核实后处理']);
    }
    if (!ex && deceased.has(bidx)) return reject(c.row, ['该身份证号已登记为死亡人员，未导入；请核实后处理']);

    if (v.housingStatus) {
      const declared = housingOf.get(key);
      if (declared && declared.status !== v.housingStatus) return reject(c.row, [`住房性质与第 ${declared.row} 行（同一房屋）不一致`]);
      if (!declared) housingOf.set(key, { status: v.housingStatus, row: c.row });
    }
    if (!hh) {
      if (!plan.newHouseholds.has(key)) plan.newHouseholds.set(key, { value: v, housingStatus: 'owner' });
    } else if (v.housingStatus && v.housingStatus !== hh.housing_status) {
      plan.housingUpdates.set(hh.id, v.housingStatus);
    }

    if (!ex) {
      plan.inserts.push({ row: c.row, value: v });
      return plan.report.push({ row: c.row, status: 'accepted', reasons: [] });
    }
    const fields: string[] = [];
    if (residentLookupIndex(cipher, 'name', v.name) !== ex.name_bidx) fields.push('姓名');
    if (v.phone !== null && residentLookupIndex(cipher, 'phone', v.phone) !== ex.phone_bidx) fields.push('联系电话');
    if (v.relation !== ex.relation) fields.push('与户主关系');
    if (v.hukouHere !== ex.hukou_here) fields.push('户籍在本址');
    if (v.livesHere !== ex.lives_here) fields.push('实际居住');
    if (v.politicalStatus !== null && v.politicalStatus !== ex.political_status) fields.push('政治面貌');
    if (v.tags !== null && !same(tokensOf(v.tags), [...ex.tag_tokens].sort())) fields.push('特殊群体');
    if (v.movedInOn !== null && v.movedInOn !== ex.moved_in_on) fields.push('迁入日期');
    if (v.housingStatus && hh && v.housingStatus !== hh.housing_status) fields.push('住房性质');
    if (fields.length === 0) return plan.report.push({ row: c.row, status: 'unchanged', reasons: [] });
    plan.updates.push({ row: c.row, value: v, existing: ex, fields });
    plan.report.push({ row: c.row, status: 'updated', reasons: [`已更新：${fields.join('、')}`] });
  });

  for (const [key, h] of plan.newHouseholds) h.housingStatus = housingOf.get(key)?.status ?? 'owner';
  return plan;
}

/** What a conflict task says: masked values only. */
export function conflictDetail(c: PlannedConflict, importId: string, fileName: string): Record<string, unknown> {
  return {
    source: 'resident_import',
    importId,
    fileName,
    row: c.row,
    idNumber: c.existing.id_number_mask,
    nameInFile: maskName(c.value.name),
    nameOnRecord: c.existing.name_mask,
    addressInFile: `${c.value.building.compoundName}${c.value.building.name}`,
  };
}
