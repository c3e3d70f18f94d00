import {
  checkIdNumber,
  checkMobile,
  type HouseholdRelation,
  type HousingStatus,
  householdRelationNames,
  housingStatusNames,
  type PoliticalStatus,
  politicalStatusNames,
  type SpecialGroupTag,
  specialGroupTagNames,
} from '@gongzhi/contracts';
import type { ColumnMap } from './columns.js';
import type { Cell, SheetRow } from './parse.js';
import { buildingKey, compoundKey, dateOf, roomOf, splitList, text, unitNo, yesNo } from './values.js';

export interface BuildingInfo {
  id: string;
  compoundId: string;
  compoundName: string;
  name: string;
  path: string;
  floors: number;
  unitCount: number;
}

/** A row that passed every check on its own: plain values, only in memory, sealed before writing. */
export interface RowValue {
  idNumber: string;
  birthDate: string;
  name: string;
  /** null: not given (an existing phone is kept). */
  phone: string | null;
  relation: HouseholdRelation;
  building: BuildingInfo;
  unitNo: number;
  room: string;
  floor: number;
  hukouHere: boolean;
  livesHere: boolean;
  /** null: not given (new residents: 群众; existing: kept). */
  politicalStatus: PoliticalStatus | null;
  housingStatus: HousingStatus | null;
  /** null: the file has no 特殊群体 column (existing tags kept); [] clears them. */
  tags: SpecialGroupTag[] | null;
  movedInOn: string | null;
}

export type CheckedRow = { row: number; ok: true; value: RowValue } | { row: number; ok: false; reasons: string[] };

/** Buildings of the neighborhood by compound name, then by building number. */
export type BuildingIndex = Map<string, { name: string; buildings: Map<string, BuildingInfo> }>;

function reverse<K extends string>(names: Record<K, { zh: string; en: string }>, extra: Record<string, K> = {}): Map<string, K> {
  const m = new Map<string, K>();
  for (const [k, n] of Object.entries(names) as [K, { zh: string; en: string }][]) {
    m.set(n.zh, k);
    m.set(k, k);
  }
  for (const [alias, k] of Object.entries(extra)) m.set(alias, k);
  return m;
}

const relations = reverse<HouseholdRelation>(householdRelationNames, { 本人: 'head', 妻子: 'spouse', 丈夫: 'spouse', 妻: 'spouse', 夫: 'spouse', 儿子: 'child', 女儿: 'child', 子: 'child', 女: 'child', 父亲: 'parent', 母亲: 'parent', 孙子: 'grandchild', 孙女: 'grandchild', 外孙: 'grandchild', 外孙女: 'grandchild', 祖父: 'grandparent', 祖母: 'grandparent', 兄弟: 'sibling', 姐妹: 'sibling', 亲属: 'relative', 租户: 'tenant' });
const politicals = reverse<PoliticalStatus>(politicalStatusNames, { 党员: 'party_member', 预备党员: 'probationary_member', 团员: 'league_member', 无: 'masses' });
const housings = reverse<HousingStatus>(housingStatusNames, { 自有: 'owner', 产权房: 'owner', 租赁: 'tenant', 出租: 'tenant', 承租: 'tenant' });
const tagNames = reverse<SpecialGroupTag>(specialGroupTagNames, { 独居: 'living_alone_elderly', 高龄老人: 'very_old', 残疾人: 'disabled', 低保户: 'low_income' });

const list = (m: Map<string, string>, of: Record<string, { zh: string }>) => [...new Set([...m.values()])].map((k) => of[k]!.zh).join('、');
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * One row's checks, every problem collected (a row is fixed once, not once per problem). Reasons
 * name the column and what is wrong, never the value typed: the report is kept and shown again.
 */
export function checkRow(r: SheetRow, columns: ColumnMap, buildings: BuildingIndex): CheckedRow {
  const cell = (k: keyof ColumnMap): Cell => {
    const i = columns[k];
    return i === undefined ? null : (r.cells[i] ?? null);
  };
  const reasons: string[] = [];

  const name = text(cell('name')).replace(/\s+/g, ' ');
  if (!name) reasons.push('缺少姓名');
  else if ([...name].length > 50) reasons.push('姓名过长（最多 50 个字）');

  const idText = text(cell('idNumber'));
  // Excel keeps 15 significant digits: an ID typed into a number cell has lost its last ones,
  // even when what is left happens to pass the check digit.
  const asNumber = typeof cell('idNumber') === 'number';
  const id = idText && !asNumber ? checkIdNumber(idText) : null;
  if (asNumber) reasons.push('身份证号被 Excel 存成了数字，末几位已丢失；请把该列设为“文本”格式后重新录入');
  else if (!id) reasons.push('缺少身份证号');
  else if (!id.ok) reasons.push(id.reason);

  const phoneText = text(cell('phone'));
  const phone = phoneText ? checkMobile(phoneText) : null;
  if (phone && !phone.ok) reasons.push(`联系电话：${phone.reason}`);

  const relText = text(cell('relation'));
  const relation = relations.get(relText);
  if (!relText) reasons.push('缺少与户主关系');
  else if (!relation) reasons.push(`与户主关系应为：${list(relations, householdRelationNames)}`);

  const hukouHere = yesNo(cell('hukouHere'));
  if (hukouHere === null) reasons.push('户籍在本址应填“是”或“否”');
  const livesHere = yesNo(cell('livesHere'));
  if (livesHere === null) reasons.push('实际居住应填“是”或“否”');

  const polText = text(cell('politicalStatus'));
  const politicalStatus = polText ? politicals.get(polText) : null;
  if (politicalStatus === undefined) reasons.push(`政治面貌应为：${list(politicals, politicalStatusNames)}`);

  const houseText = text(cell('housingStatus'));
  const housingStatus = houseText ? housings.get(houseText) : null;
  if (housingStatus === undefined) reasons.push(`住房性质应为：${list(housings, housingStatusNames)}`);

  let tags: SpecialGroupTag[] | null = null;
  if (columns.tags !== undefined) {
    const given = splitList(cell('tags'));
    const unknown = given.filter((t) => !tagNames.has(t));
    if (unknown.length > 0) reasons.push(`特殊群体无法识别：${unknown.join('、')}（可填：${list(tagNames, specialGroupTagNames)}，多个用“、”分隔）`);
    tags = [...new Set(given.map((t) => tagNames.get(t)).filter((t): t is SpecialGroupTag => !!t))].sort();
  }

  let movedInOn: string | null = null;
  if (cell('movedInOn') !== null) {
    movedInOn = dateOf(cell('movedInOn'));
    if (!movedInOn) reasons.push('迁入日期无法识别（可填 2024-03-05、2024/3/5、2024年3月5日 或 Excel 日期）');
    else if (movedInOn > today()) reasons.push('迁入日期晚于今天');
    else if (id?.ok && movedInOn < id.birthDate) reasons.push('迁入日期早于出生日期');
  }

  const building = locate(cell, buildings, reasons);
  const unit = unitNo(cell('unit'));
  if (unit === null) reasons.push('单元应为 1–50 的数字（如 1 或 1单元）');
  else if (building && unit > building.unitCount) reasons.push(`单元超出范围：${building.compoundName}${building.name}共 ${building.unitCount} 个单元`);
  const room = roomOf(cell('room'));
  if (!text(cell('room'))) reasons.push('缺少室号');
  else if (!room) reasons.push('室号无法识别（如 601 或 601室）');
  else if (building && room.floor > building.floors) reasons.push(`室号对应第 ${room.floor} 层，超出${building.compoundName}${building.name}的 ${building.floors} 层`);

  if (reasons.length > 0 || !id?.ok || !building || !room || unit === null || !relation || hukouHere === null || livesHere === null) {
    return { row: r.number, ok: false, reasons };
  }
  return {
    row: r.number,
    ok: true,
    value: {
      idNumber: id.value,
      birthDate: id.birthDate,
      name,
      phone: phone?.ok ? phone.value : null,
      relation,
      building,
      unitNo: unit,
      room: room.room,
      floor: room.floor,
      hukouHere,
      livesHere,
      politicalStatus: politicalStatus ?? null,
      housingStatus: housingStatus ?? null,
      tags,
      movedInOn,
    },
  };
}

/** 小区 + 楼号 → a building of this neighborhood, or the reason it is not one. */
function locate(cell: (k: keyof ColumnMap) => Cell, buildings: BuildingIndex, reasons: string[]): BuildingInfo | null {
  const compoundName = text(cell('compound'));
  const no = buildingKey(cell('building'));
  if (!compoundName) reasons.push('缺少小区');
  if (!no) reasons.push('缺少楼号');
  if (!compoundName || !no) return null;
  const compound = buildings.get(compoundKey(compoundName));
  if (!compound) {
    reasons.push(`小区“${compoundName}”不在本居民区（请核对小区名称）`);
    return null;
  }
  const b = compound.buildings.get(no);
  if (!b) reasons.push(`${compound.name}没有“${text(cell('building'))}”这栋楼`);
  return b ?? null;
}
