// Resident import fixtures: valid ID numbers, the demo buildings of a neighborhood, good rows.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { buildResidentCsv, buildResidentXlsx, type ResidentSampleRow } from '../../src/modules/resident-import/template.js';

export { buildResidentCsv, buildResidentXlsx, type ResidentSampleRow };

export const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A valid 18-digit ID number (GB 11643 check character) for a birth date and a sequence 0–999. */
export function idNumber(birth: string, seq: number, region = '310105'): string {
  const body = `${region}${birth.replace(/-/g, '')}${String(seq % 1000).padStart(3, '0')}`;
  const sum = [...body].reduce((s, ch, i) => s + Number(ch) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11]!;
}

/** An ID number whose check character is X (for the lowercase-x case). */
export function idNumberEndingX(birth: string): string {
  for (let seq = 0; seq < 1000; seq++) {
    const id = idNumber(birth, seq);
    if (id.endsWith('X')) return id;
  }
  throw new Error('no X');
}

export interface DemoBuilding {
  compound: string;
  building: string;
  floors: number;
  unitCount: number;
}

/** The demo buildings of a neighborhood (compounds of the seed with buildings named N号楼). */
export async function buildingsOf(db: Kysely<DB>, neighborhoodCode: string): Promise<DemoBuilding[]> {
  const r = await sql<{ compound: string; building: string; floors: number; unit_count: number }>`
    SELECT c.name AS compound, b.name AS building, b.floors, b.unit_count
    FROM building b JOIN compound c ON c.id = b.compound_id JOIN jurisdiction_unit n ON n.id = c.neighborhood_id
    WHERE n.code = ${neighborhoodCode} ORDER BY c.code, b.code`.execute(db);
  return r.rows.map((b) => ({ compound: b.compound, building: b.building, floors: b.floors, unitCount: b.unit_count }));
}

/** A row every check accepts: person n, in building b, a room on a floor the building has. */
export function goodRow(n: number, b: DemoBuilding, over: ResidentSampleRow = {}): ResidentSampleRow {
  const floor = 1 + (n % Math.min(b.floors, 6));
  return {
    序号: n,
    姓名: `居民${n}号`,
    身份证号: idNumber(`19${50 + (n % 45)}-0${1 + (n % 9)}-1${n % 9}`, n),
    联系电话: `139${String(10_000_000 + n).slice(-8)}`,
    与户主关系: n % 3 === 0 ? '户主' : n % 3 === 1 ? '配偶' : '子女',
    小区: b.compound,
    楼号: b.building,
    单元: '1',
    室号: `${floor}0${1 + (n % 4)}`,
    户籍在本址: n % 4 === 0 ? '否' : '是',
    实际居住: '是',
    政治面貌: n % 5 === 0 ? '中共党员' : '群众',
    住房性质: '自住',
    特殊群体: n % 7 === 0 ? '独居老人、高龄' : '',
    迁入日期: '2015-06-01',
    ...over,
  };
}

let gbTable: Map<string, number[]> | undefined;

/** Text in GB18030, as Excel on Chinese Windows saves "CSV" (Node decodes GB18030 but has no encoder). */
export function gb18030(text: string): Buffer {
  if (!gbTable) {
    // The two-byte GBK range covers every CJK character and full-width form the fixtures use.
    gbTable = new Map();
    const decoder = new TextDecoder('gb18030');
    for (let hi = 0x81; hi <= 0xfe; hi++) {
      for (let lo = 0x40; lo <= 0xfe; lo++) {
        if (lo === 0x7f) continue;
        const ch = decoder.decode(Uint8Array.from([hi, lo]));
        if (!gbTable.has(ch)) gbTable.set(ch, [hi, lo]);
      }
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else {
      const enc = gbTable.get(ch);
      if (!enc) throw new Error(`not in GBK: ${ch}`);
      bytes.push(...enc);
    }
  }
  return Buffer.from(bytes);
}
