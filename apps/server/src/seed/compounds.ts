import type { CompoundType } from '@gongzhi/contracts';
import type { Position } from '../modules/geo/types.js';

/** Generated demo compounds: plausible names, types weighted by area of the district, buildings. */
export interface CompoundSeed {
  code: string;
  name: string;
  type: CompoundType;
  address: string;
  yearBuilt: number;
  householdCount: number;
  propertyCompany: string | null;
  location: Position;
  buildings: BuildingSeed[];
}

export interface BuildingSeed {
  code: string;
  name: string;
  floors: number;
  unitCount: number;
  householdCount: number;
  hasElevator: boolean;
  location: Position;
}

const roads = [
  '延安西路', '长宁路', '愚园路', '新华路', '番禺路', '法华镇路', '淮海西路', '虹桥路', '中山西路', '仙霞路',
  '天山路', '娄山关路', '遵义路', '古北路', '水城路', '剑河路', '北新泾路', '哈密路', '协和路', '天山西路',
  '金钟路', '福泉路', '平塘路', '芙蓉江路', '安顺路', '武夷路', '定西路', '江苏路', '镇宁路', '华山路',
  '凯旋路', '安化路', '万航渡路', '泸定路', '北虹路', '临虹路', '威宁路', '茅台路', '黄金城道', '伊犁路',
];
const stems = ['华', '虹', '仙', '天', '新', '长', '安', '锦', '嘉', '怡', '景', '云', '春', '泰', '和', '康', '馨', '荣', '慧', '宁'];
const stems2 = ['山', '桥', '苑', '园', '庭', '林', '晖', '丰', '泽', '汇', '馨', '乐', '雅', '福', '茂', '欣', '源', '都', '城', '湾'];
const suffixes: Record<CompoundType, string[]> = {
  resold_public: ['新村', '小区', '公寓'],
  commercial: ['花园', '苑', '公寓', '大厦'],
  foreign_commercial: ['国际公寓', '花园', '名邸'],
  old_villa: ['别墅', '里', '村'],
  resettlement: ['家园', '新苑', '佳苑'],
  direct_public: ['里', '坊', '公房'],
};
const propertyCompanies = ['长宁物业', '古北物业', '虹桥物业', '仙霞物业', '新长宁物业', '陆家嘴物业', '万科物业', '绿城服务'];

/** Type weights; the east end keeps old villas and lane houses, the west end resettlement estates, 虹桥 (古北) foreign housing. */
function typeWeights(subdistrictCode: string): [CompoundType, number][] {
  const east = ['310105001', '310105002', '310105004'];
  const west = ['310105010', '310105011', '310105102'];
  if (east.includes(subdistrictCode))
    return [['resold_public', 38], ['commercial', 22], ['foreign_commercial', 5], ['old_villa', 18], ['resettlement', 2], ['direct_public', 15]];
  if (west.includes(subdistrictCode))
    return [['resold_public', 40], ['commercial', 30], ['foreign_commercial', 5], ['old_villa', 1], ['resettlement', 22], ['direct_public', 2]];
  if (subdistrictCode === '310105009')
    return [['resold_public', 30], ['commercial', 30], ['foreign_commercial', 30], ['old_villa', 4], ['resettlement', 3], ['direct_public', 3]];
  return [['resold_public', 55], ['commercial', 30], ['foreign_commercial', 5], ['old_villa', 2], ['resettlement', 5], ['direct_public', 3]];
}

function pick<T>(rng: () => number, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

function pickWeighted<T>(rng: () => number, weighted: [T, number][]): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let x = rng() * total;
  for (const [v, w] of weighted) if ((x -= w) < 0) return v;
  return weighted[weighted.length - 1]![0];
}

const int = (rng: () => number, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

function shape(type: CompoundType, rng: () => number): { year: number; floors: () => number; buildings: number } {
  switch (type) {
    case 'old_villa':
      return { year: int(rng, 1910, 1948), floors: () => int(rng, 2, 3), buildings: int(rng, 4, 16) };
    case 'direct_public':
      return { year: int(rng, 1925, 1960), floors: () => int(rng, 2, 4), buildings: int(rng, 3, 12) };
    case 'resold_public':
      return { year: int(rng, 1978, 1998), floors: () => (rng() < 0.85 ? int(rng, 5, 7) : int(rng, 12, 18)), buildings: int(rng, 8, 40) };
    case 'resettlement':
      return { year: int(rng, 1995, 2012), floors: () => int(rng, 6, 18), buildings: int(rng, 6, 25) };
    case 'foreign_commercial':
      return { year: int(rng, 1992, 2015), floors: () => int(rng, 12, 32), buildings: int(rng, 2, 10) };
    default:
      return { year: int(rng, 1996, 2020), floors: () => int(rng, 6, 30), buildings: int(rng, 3, 20) };
  }
}

export function generateCompounds(
  neighborhood: { code: string; subdistrictCode: string },
  points: Position[],
  rng: () => number,
  usedNames: Set<string>,
): CompoundSeed[] {
  return points.map((location, i) => {
    const type = pickWeighted(rng, typeWeights(neighborhood.subdistrictCode));
    let name = '';
    for (let tries = 0; tries < 50 && (!name || usedNames.has(name)); tries++) {
      name = `${pick(rng, stems)}${pick(rng, stems2)}${pick(rng, suffixes[type])}`;
    }
    if (usedNames.has(name)) name = `${name}${i + 1}期`;
    usedNames.add(name);
    const s = shape(type, rng);
    const road = pick(rng, roads);
    const lane = int(rng, 1, 1800);
    const code = `XQ${neighborhood.code}${String(i + 1).padStart(2, '0')}`;
    const buildings: BuildingSeed[] = [];
    for (let b = 1; b <= s.buildings; b++) {
      const floors = s.floors();
      const unitCount = floors <= 3 ? 1 : int(rng, 1, 4);
      // Flats per floor per unit: one or two (walk-ups and towers alike), ~340k flats district-wide.
      const perFloor = int(rng, 1, 2);
      // Lifts are standard from 7 floors up; 加装电梯 reaches some older low-rise blocks.
      const hasElevator = floors >= 7 || (floors >= 5 && rng() < 0.18);
      buildings.push({
        code: `${code}-${String(b).padStart(3, '0')}`,
        name: `${b}号楼`,
        floors,
        unitCount,
        householdCount: floors * unitCount * perFloor,
        hasElevator,
        // Buildings within ~150 m of the compound's point.
        location: [location[0] + (rng() - 0.5) * 0.003, location[1] + (rng() - 0.5) * 0.0026],
      });
    }
    return {
      code,
      name,
      type,
      address: `${road}${lane}弄`,
      yearBuilt: s.year,
      householdCount: buildings.reduce((n, b) => n + b.householdCount, 0),
      propertyCompany: type === 'old_villa' || type === 'direct_public' ? null : pick(rng, propertyCompanies),
      location,
      buildings,
    };
  });
}
