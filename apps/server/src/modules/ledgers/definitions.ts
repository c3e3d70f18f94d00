import { type CompoundType, compoundTypeNames, compoundTypes, type LedgerId, type SpecialGroupTag, specialGroupTagNames, specialGroupTags } from '@gongzhi/contracts';
import type { ChildUnit, Figures, Level } from './repository.js';

/**
 * The eight standard ledgers as data: what each counts (which aggregates it needs), its columns
 * at each level and how a row's cells follow from the aggregates. All SQL is in the repository;
 * the service adds the name column, the 合计 row and the neighborhood-level lists.
 */
export type Cell = string | number | null;
export interface Column {
  key: string;
  header: string;
  headerEn: string;
  kind: 'text' | 'count' | 'percent' | 'date';
  /** A rate: numerator and denominator column keys (the 合计 row recomputes it from the sums). */
  rate?: [string, string];
}
/** `householdCount`: households with an active resident (a DISTINCT over residents: asked only where shown). */
export type Need = 'residents' | 'householdCount' | 'households' | 'buildings' | 'compounds' | 'units';
export type ListKind = 'persons80' | 'personsAlone' | 'personsSpecial' | 'groupRentals' | 'elevatorBuildings';

export interface LedgerDef {
  id: LedgerId;
  name: string;
  nameEn: string;
  description: string;
  descriptionEn: string;
  needs: Need[];
  /** At neighborhood level: one row per compound, or the neighborhood itself as its one row. */
  neighborhoodRows: 'compounds' | 'self';
  columns(level: Level): Column[];
  cells(f: Figures, child: ChildUnit, level: Level): Record<string, Cell>;
  /** Lists shown at neighborhood level. */
  lists: ListKind[];
}

const count = (key: string, header: string, headerEn: string): Column => ({ key, header, headerEn, kind: 'count' });
const rate = (key: string, header: string, headerEn: string, of: [string, string]): Column => ({ key, header, headerEn, kind: 'percent', rate: of });
const text = (key: string, header: string, headerEn: string): Column => ({ key, header, headerEn, kind: 'text' });

/** A rate in percent with one decimal; null when the denominator is 0. */
export const percent = (n: number, d: number): number | null => (d > 0 ? Math.round((n / d) * 1000) / 10 : null);

const population: LedgerDef = {
  id: 'population',
  name: '实有人口统计表',
  nameEn: 'Resident population',
  description: '在册居民的户数、人口、性别、年龄段（0–17、18–59、60–79、80 岁及以上）与户籍、常住人数',
  descriptionEn: 'Households and active residents by gender, age band, registered and actual residence',
  needs: ['residents', 'householdCount'],
  neighborhoodRows: 'compounds',
  columns: () => [
    count('households', '户数', 'Households'),
    count('residents', '人口数', 'Residents'),
    count('male', '男', 'Male'),
    count('female', '女', 'Female'),
    count('age0', '0–17 岁', 'Age 0–17'),
    count('age18', '18–59 岁', 'Age 18–59'),
    count('age60', '60–79 岁', 'Age 60–79'),
    count('age80', '80 岁及以上', 'Age 80+'),
    count('hukou', '户籍人口', 'Registered here'),
    count('lives', '常住人口', 'Living here'),
  ],
  cells: ({ r }) => ({
    households: r.households,
    residents: r.residents,
    male: r.male,
    female: r.female,
    age0: r.age0,
    age18: r.age18,
    age60: r.age60,
    age80: r.age80,
    hukou: r.hukou,
    lives: r.lives,
  }),
  lists: [],
};

const hukouResidence: LedgerDef = {
  id: 'hukou-residence',
  name: '户籍与常住对照表',
  nameEn: 'Registered vs actual residence',
  description: '人户一致、户在人不在、人在户不在的人数与人户一致率',
  descriptionEn: 'Registered and living here, registered but away, living here but registered elsewhere',
  needs: ['residents'],
  neighborhoodRows: 'compounds',
  columns: () => [
    count('residents', '在册人口', 'Residents'),
    count('hukou', '户籍人口', 'Registered here'),
    count('lives', '常住人口', 'Living here'),
    count('both', '人户一致', 'Registered and living here'),
    count('hukouOnly', '户在人不在', 'Registered, living elsewhere'),
    count('livesOnly', '人在户不在', 'Living here, registered elsewhere'),
    rate('bothRate', '人户一致率（%）', 'Match rate (%)', ['both', 'residents']),
  ],
  cells: ({ r }) => ({
    residents: r.residents,
    hukou: r.hukou,
    lives: r.lives,
    both: r.both,
    hukouOnly: r.hukouOnly,
    livesOnly: r.livesOnly,
    bothRate: percent(r.both, r.residents),
  }),
  lists: [],
};

const elderly: LedgerDef = {
  id: 'elderly',
  name: '老年人口（60+/80+/独居）台账',
  nameEn: 'Elderly residents (60+, 80+, living alone)',
  description: '60 岁及以上、80 岁及以上老人与独居老人人数；居民区一级附 80 岁及以上老人和独居老人名单（脱敏）',
  descriptionEn: 'Residents aged 60+ and 80+ and elderly living alone; at neighborhood level the lists of persons (masked)',
  needs: ['residents'],
  neighborhoodRows: 'compounds',
  columns: () => [
    count('residents', '在册人口', 'Residents'),
    count('elderly60', '60 岁及以上', 'Aged 60+'),
    rate('elderlyRate', '老龄化率（%）', 'Share 60+ (%)', ['elderly60', 'residents']),
    count('age60', '60–79 岁', 'Aged 60–79'),
    count('age80', '80 岁及以上', 'Aged 80+'),
    count('alone', '独居老人', 'Living alone'),
  ],
  cells: ({ r }) => ({
    residents: r.residents,
    elderly60: r.age60 + r.age80,
    elderlyRate: percent(r.age60 + r.age80, r.residents),
    age60: r.age60,
    age80: r.age80,
    alone: r.tags.living_alone_elderly,
  }),
  lists: ['persons80', 'personsAlone'],
};

const specialGroups: LedgerDef = {
  id: 'special-groups',
  name: '特殊群体台账',
  nameEn: 'Special groups',
  description: '各类特殊群体（独居老人、高龄、残疾、低保、重点关注等）人数；居民区一级附人员名单（脱敏）',
  descriptionEn: 'Residents per special-group tag; at neighborhood level the list of persons (masked)',
  needs: ['residents'],
  neighborhoodRows: 'compounds',
  columns: () => [
    count('special', '特殊群体人数', 'Persons in any group'),
    ...specialGroupTags.map((t) => count(t, specialGroupTagNames[t].zh, specialGroupTagNames[t].en)),
  ],
  cells: ({ r }) => ({ special: r.special, ...Object.fromEntries(specialGroupTags.map((t: SpecialGroupTag) => [t, r.tags[t]])) }),
  lists: ['personsSpecial'],
};

const committee = (c: ChildUnit) => (c.ownersCommittee ? '有' : '无');

const compounds: LedgerDef = {
  id: 'compounds',
  name: '小区基本情况表',
  nameEn: 'Compounds',
  description: '小区类型、建成年代、楼栋、户数、人口、物业公司与业委会；街镇和区一级按类型汇总',
  descriptionEn: 'Compound type, year built, buildings, households, residents, property company, owners’ committee',
  needs: ['residents', 'householdCount', 'buildings', 'compounds'],
  neighborhoodRows: 'compounds',
  columns: (level) =>
    level === 'neighborhood'
      ? [
          text('type', '小区类型', 'Type'),
          text('yearBuilt', '建成年份', 'Year built'),
          count('buildings', '楼栋数', 'Buildings'),
          count('households', '户数', 'Households'),
          count('residents', '人口数', 'Residents'),
          text('propertyCompany', '物业公司', 'Property company'),
          text('committee', '业委会', 'Owners’ committee'),
        ]
      : [
          count('compounds', '小区数', 'Compounds'),
          ...compoundTypes.map((t) => count(`type_${t}`, compoundTypeNames[t].zh, compoundTypeNames[t].en)),
          count('buildings', '楼栋数', 'Buildings'),
          count('households', '户数', 'Households'),
          count('residents', '人口数', 'Residents'),
          count('committees', '成立业委会', 'With owners’ committee'),
        ],
  cells: ({ r, b, c }, child, level): Record<string, Cell> =>
    level === 'neighborhood'
      ? {
          type: child.type ? compoundTypeNames[child.type as CompoundType].zh : null,
          yearBuilt: child.yearBuilt === null || child.yearBuilt === undefined ? null : String(child.yearBuilt),
          buildings: b.buildings,
          households: r.households,
          residents: r.residents,
          propertyCompany: child.propertyCompany ?? null,
          committee: committee(child),
        }
      : ({
          compounds: c.compounds,
          ...Object.fromEntries(compoundTypes.map((t) => [`type_${t}`, c.types[t]])),
          buildings: b.buildings,
          households: r.households,
          residents: r.residents,
          committees: c.committees,
        } as Record<string, Cell>),
  lists: [],
};

const elevators: LedgerDef = {
  id: 'elevators',
  name: '楼栋加装电梯情况表',
  nameEn: 'Elevator retrofits',
  description: '4 层及以上无电梯楼栋数与加装电梯各环节（意向征询、已立项、施工中、已完工）楼栋数',
  descriptionEn: 'Buildings of 4+ floors without a lift and retrofit steps (consulting, approved, building, done)',
  needs: ['buildings'],
  neighborhoodRows: 'compounds',
  columns: () => [
    count('buildings', '楼栋总数', 'Buildings'),
    count('tall', '4 层及以上', '4+ floors'),
    count('tallNoLift', '4 层及以上无电梯', '4+ floors, no lift'),
    count('intent', '意向征询', 'Consulting'),
    count('approved', '已立项', 'Approved'),
    count('building', '施工中', 'Under construction'),
    count('done', '已完工', 'Completed'),
    rate('doneRate', '完工率（%）', 'Completed (%)', ['done', 'tallNoLift']),
  ],
  cells: ({ b }) => ({
    buildings: b.buildings,
    tall: b.tall,
    tallNoLift: b.tallNoLift,
    intent: b.intent,
    approved: b.approved,
    building: b.building,
    done: b.done,
    doneRate: percent(b.done, b.tallNoLift),
  }),
  lists: ['elevatorBuildings'],
};

const groupRentals: LedgerDef = {
  id: 'group-rentals',
  name: '群租整治台账',
  nameEn: 'Group rentals',
  description: '发现的群租户按整治状态（已发现、整治中、已整治）统计；居民区一级附群租户清单与日期',
  descriptionEn: 'Group-rental households by status (found, being rectified, rectified); at neighborhood level the list with dates',
  needs: ['households'],
  neighborhoodRows: 'compounds',
  columns: () => [
    count('total', '群租户总数', 'Group rentals'),
    count('found', '已发现', 'Found'),
    count('rectifying', '整治中', 'Being rectified'),
    count('rectified', '已整治', 'Rectified'),
    rate('rectifiedRate', '整治率（%）', 'Rectified (%)', ['rectified', 'total']),
  ],
  cells: ({ h }) => ({
    total: h.groupRentals,
    found: h.found,
    rectifying: h.rectifying,
    rectified: h.rectified,
    rectifiedRate: percent(h.rectified, h.groupRentals),
  }),
  lists: ['groupRentals'],
};

const neighborhoodSummary: LedgerDef = {
  id: 'neighborhood-summary',
  name: '居民区基本情况汇总表',
  nameEn: 'Neighborhood summary',
  description: '每个居民区的面积、小区、楼栋、户数、人口、党员、老年人、特殊群体与网格数',
  descriptionEn: 'Per neighborhood: area, compounds, buildings, households, residents, party members, elderly, special groups, grids',
  needs: ['residents', 'householdCount', 'buildings', 'compounds', 'units'],
  neighborhoodRows: 'self',
  columns: () => [
    count('neighborhoods', '居民区数', 'Neighborhoods'),
    { key: 'area', header: '面积（平方公里）', headerEn: 'Area (km²)', kind: 'count' },
    count('compounds', '小区数', 'Compounds'),
    count('buildings', '楼栋数', 'Buildings'),
    count('households', '户数', 'Households'),
    count('residents', '人口数', 'Residents'),
    count('party', '党员', 'Party members'),
    count('elderly60', '60 岁及以上', 'Aged 60+'),
    count('special', '特殊群体', 'Special groups'),
    count('grids', '网格数', 'Grids'),
  ],
  cells: ({ r, b, c, u }) => ({
    neighborhoods: u.neighborhoods,
    area: u.areaKm2 === null ? null : Math.round(u.areaKm2 * 100) / 100,
    compounds: c.compounds,
    buildings: b.buildings,
    households: r.households,
    residents: r.residents,
    party: r.party,
    elderly60: r.age60 + r.age80,
    special: r.special,
    grids: u.grids,
  }),
  lists: [],
};

export const ledgerDefs: readonly LedgerDef[] = [population, hukouResidence, elderly, specialGroups, compounds, elevators, groupRentals, neighborhoodSummary];

export const ledgerDef = (id: string): LedgerDef | undefined => ledgerDefs.find((d) => d.id === id);
