import { type CaseCreate, CaseCreateSchema, type CaseType, caseTypeNames, caseTypes, checkMobile, type HotlineColumnKey, toHalfWidth } from '@gongzhi/contracts';
import { type ColumnMap, headerOf } from './columns.js';
import type { Cell, SheetRow } from './read-file.js';
import { exampleOrderPrefix } from './template.js';
import { parseReceivedAt } from './time.js';

/** What checking a row needs from outside: the clock, the locator, the caller's scope, the categories. */
export interface RowChecks {
  now: Date;
  /** The located grid's jurisdiction path, or null outside the district. */
  locate(lng: number, lat: number): string | null;
  /** Whether the importer may take in a case at this path. */
  mayImportAt(path: string): boolean;
  /** Active category codes. */
  categories: ReadonlySet<string>;
}

export interface RowProblem {
  field: string;
  message: string;
}

export type CheckedRow =
  | { ok: true; row: number; orderNo: string; input: CaseCreate }
  | { ok: false; row: number; orderNo: string | null; problems: RowProblem[] };

const typeByName = new Map<string, CaseType>();
for (const t of caseTypes) {
  typeByName.set(caseTypeNames[t].zh, t);
  typeByName.set(`${caseTypeNames[t].zh}类`, t);
  typeByName.set(t, t);
}

const yes = new Set(['是', 'y', 'yes', 'true', '1', '紧急', '特急', '加急']);
const no = new Set(['否', 'n', 'no', 'false', '0', '一般', '普通', '非紧急']);

const text = (c: Cell | undefined): string | null => {
  if (c === null || c === undefined) return null;
  const s = (c instanceof Date ? c.toISOString() : String(c)).trim();
  return s === '' ? null : s;
};

/** A number from a cell, tolerating full-width digits and stray spaces. */
const numberOf = (c: Cell | undefined): number | null => {
  if (typeof c === 'number') return Number.isFinite(c) ? c : null;
  const s = text(c);
  if (s === null) return null;
  const n = Number(toHalfWidth(s).replace(/\s+/g, ''));
  return Number.isFinite(n) ? n : null;
};

// The case contract's field names → the column a user sees, for the report's highlighting.
const columnOfField: Record<string, HotlineColumnKey> = {
  sourceRef: 'orderNo',
  receivedAt: 'receivedAt',
  type: 'type',
  description: 'content',
  title: 'content',
  address: 'address',
  location: 'lng',
  reporter: 'callerName',
  'reporter.name': 'callerName',
  'reporter.phone': 'phone',
  categoryCode: 'categoryCode',
  urgent: 'urgent',
};

/** A case field (as in CaseCreate or an intake error's details) → the spreadsheet column's header. */
export const columnHeaderOf = (field: string): string => (columnOfField[field] ? headerOf(columnOfField[field]) : field);

const short = (s: string, n = 12) => ([...s].length > n ? `${[...s].slice(0, n).join('')}…` : s);

/**
 * One data row → a case to take in, or every problem found in it (in Chinese). Messages never
 * repeat the caller's name or phone: the report is kept and shown to other staff.
 */
export function checkRow(r: SheetRow, columns: ColumnMap, checks: RowChecks): CheckedRow {
  const cell = (k: HotlineColumnKey) => (columns[k] === undefined ? null : (r.cells[columns[k]!] ?? null));
  const problems: RowProblem[] = [];
  const bad = (k: HotlineColumnKey, message: string) => problems.push({ field: headerOf(k), message });
  const missing = (k: HotlineColumnKey) => bad(k, `缺少${headerOf(k)}`);

  // 工单编号: Excel shows long numbers in scientific notation and keeps 15 digits; such a number is unusable.
  let orderNo: string | null = null;
  const rawNo = cell('orderNo');
  if (typeof rawNo === 'number' && !Number.isSafeInteger(rawNo)) bad('orderNo', '工单编号被 Excel 当作数字截断，请将该列设为“文本”格式后重新导出');
  else {
    orderNo = text(rawNo) === null ? null : toHalfWidth(text(rawNo)!).trim();
    if (orderNo === null) missing('orderNo');
    else if ([...orderNo].length > 64 || /[\u0000-\u001f\u007f]/.test(orderNo)) {
      bad('orderNo', '工单编号不能超过 64 个字符，且不能含控制字符');
      orderNo = null;
    }
    // The template's example row, left in by mistake, must not become a case.
    else if (orderNo.startsWith(exampleOrderPrefix)) bad('orderNo', '这是导入模板中的示例行，未导入；请删除该行');
  }

  let receivedAt: string | undefined;
  const rawTime = cell('receivedAt');
  if (rawTime === null) missing('receivedAt');
  else {
    const t = parseReceivedAt(rawTime, checks.now);
    if (t.ok) receivedAt = t.iso;
    else bad('receivedAt', t.reason);
  }

  let type: CaseType | undefined;
  const rawType = text(cell('type'));
  if (rawType === null) missing('type');
  else {
    type = typeByName.get(toHalfWidth(rawType).replace(/\s+/g, '').toLowerCase());
    if (!type) bad('type', `诉求类型“${short(rawType)}”无法识别，应为 ${caseTypes.map((t) => caseTypeNames[t].zh).join('/')}`);
  }

  const content = text(cell('content'));
  if (content === null) missing('content');
  else if ([...content].length < 5) bad('content', '诉求内容至少 5 个字');
  else if ([...content].length > 2000) bad('content', '诉求内容不能超过 2000 个字');

  const address = text(cell('address'));
  if (address === null) missing('address');
  else if ([...address].length > 200) bad('address', '问题地址不能超过 200 个字');

  const location = checkLocation(numberOf(cell('lng')), numberOf(cell('lat')), text(cell('lng')), text(cell('lat')), checks, bad);

  const name = text(cell('callerName'));
  if (name !== null && [...name].length > 30) bad('callerName', '来电人姓名不能超过 30 个字');
  const rawPhone = text(cell('phone'));
  let phone: string | undefined;
  if (rawPhone !== null) {
    const m = checkMobile(rawPhone);
    if (m.ok) phone = m.value;
    else bad('phone', '联系电话不是有效的手机号（应为 11 位中国大陆手机号）');
  }

  let categoryCode: string | undefined;
  const rawCategory = text(cell('categoryCode'));
  if (rawCategory !== null) {
    const code = toHalfWidth(rawCategory).replace(/\s+/g, '').toUpperCase();
    if (!/^[A-Z]\d{2}(\d{2})?$/.test(code)) bad('categoryCode', `分类代码“${short(rawCategory)}”格式不正确，应如 A0101`);
    else if (!checks.categories.has(code)) bad('categoryCode', `分类代码 ${code} 不存在或已停用`);
    else categoryCode = code;
  }

  let urgent: boolean | undefined;
  const rawUrgent = text(cell('urgent'));
  if (rawUrgent !== null) {
    const v = toHalfWidth(rawUrgent).replace(/\s+/g, '').toLowerCase();
    if (yes.has(v)) urgent = true;
    else if (no.has(v)) urgent = false;
    else bad('urgent', '是否紧急应填“是”或“否”');
  }

  if (problems.length > 0 || !orderNo || !location) return { ok: false, row: r.number, orderNo, problems };

  const candidate = {
    channel: 'hotline_12345',
    type,
    ...(categoryCode ? { categoryCode } : {}),
    description: content,
    location,
    address,
    ...(urgent === undefined ? {} : { urgent }),
    // A caller who leaves a number with 12345 expects the reply (回访) on it.
    ...(name || phone ? { reporter: { ...(name ? { name } : {}), ...(phone ? { phone } : {}), contactConsent: phone !== undefined } } : {}),
    receivedAt,
    sourceRef: orderNo,
  };
  // The case contract has the last word (lengths, ranges), in its own Chinese messages.
  const parsed = CaseCreateSchema.safeParse(candidate);
  if (!parsed.success) {
    return { ok: false, row: r.number, orderNo, problems: parsed.error.issues.map((i) => ({ field: columnHeaderOf(i.path.join('.')), message: i.message })) };
  }
  return { ok: true, row: r.number, orderNo, input: parsed.data };
}

function checkLocation(
  lng: number | null,
  lat: number | null,
  rawLng: string | null,
  rawLat: string | null,
  checks: RowChecks,
  bad: (k: HotlineColumnKey, m: string) => void,
): [number, number] | null {
  const inRange = (x: number | null, y: number | null): x is number => x !== null && y !== null && Math.abs(x) <= 180 && Math.abs(y) <= 90;
  // The commonest slip in hand-kept sheets: latitude in the longitude column and the other way round.
  if (inRange(lat, lng) && checks.locate(lat, lng!) !== null && (!inRange(lng, lat) || checks.locate(lng, lat!) === null)) {
    bad('lng', '经纬度可能填反了（经度在前、纬度在后，坐标系 WGS84）');
    return null;
  }
  if (rawLng === null) bad('lng', '缺少经度');
  else if (lng === null || Math.abs(lng) > 180) bad('lng', '经度不是 -180 到 180 之间的数字');
  if (rawLat === null) bad('lat', '缺少纬度');
  else if (lat === null || Math.abs(lat) > 90) bad('lat', '纬度不是 -90 到 90 之间的数字');
  if (!inRange(lng, lat)) return null;
  const path = checks.locate(lng, lat!);
  if (path === null) {
    bad('lng', '问题位置不在本辖区范围内');
    return null;
  }
  if (!checks.mayImportAt(path)) {
    bad('lng', '问题位置不在您的辖区范围内，无权导入');
    return null;
  }
  return [lng, lat!];
}
