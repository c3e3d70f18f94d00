import {
  elevatorRetrofitNames,
  type ElevatorRetrofitStep,
  groupRentalStatusNames,
  type GroupRentalStatus,
  type LedgerColumn,
  type LedgerResult,
  type LedgerRow,
  type LedgerSummary,
  type LedgerTable,
  type SpecialGroupTag,
  specialGroupTagNames,
  specialGroupTags,
} from '@gongzhi/contracts';
import type { Kysely } from 'kysely';
import type { FieldCipher } from '../../crypto/field-cipher.js';
import type { DB } from '../../db/schema.js';
import { toShanghaiIso } from '../calendar/working-calendar.js';
import { ageOn, tagToken } from '../residents/resident-fields.js';
import { type Cell, type Column, type LedgerDef, type ListKind, percent } from './definitions.js';
import { LedgerListRepository, type PersonFilter, type PersonRow } from './list-repository.js';
import { type AgeLimits, ageLimits, type ChildUnit, type Figures, type Grouping, LedgerRepository, type LedgerUnit } from './repository.js';

export interface GenerateOptions {
  /** Plain names and ID numbers in the lists (the caller has checked the permission and audits). */
  plain: boolean;
  /** The day ages are counted on (YYYY-MM-DD); today in Shanghai by default. */
  asOf?: string;
}

export interface Generated {
  result: LedgerResult;
  /** Persons listed (what a plain request revealed). */
  persons: number;
}

export const summaryOf = (d: LedgerDef): LedgerSummary => ({ id: d.id, name: d.name, nameEn: d.nameEn, description: d.description, descriptionEn: d.descriptionEn });

const zero: Figures = {
  r: { residents: 0, households: 0, male: 0, female: 0, age0: 0, age18: 0, age60: 0, age80: 0, hukou: 0, lives: 0, both: 0, hukouOnly: 0, livesOnly: 0, party: 0, special: 0, tags: Object.fromEntries(specialGroupTags.map((t) => [t, 0])) as Record<SpecialGroupTag, number> },
  b: { buildings: 0, tall: 0, tallNoLift: 0, intent: 0, approved: 0, building: 0, done: 0 },
  h: { groupRentals: 0, found: 0, rectifying: 0, rectified: 0 },
  c: { compounds: 0, committees: 0, types: { resold_public: 0, commercial: 0, foreign_commercial: 0, old_villa: 0, resettlement: 0, direct_public: 0 } },
  u: { neighborhoods: 0, areaKm2: null, grids: 0 },
};

const col = (c: Column): LedgerColumn => ({ key: c.key, header: c.header, headerEn: c.headerEn, kind: c.kind });

/** The 合计 row: count columns summed, rates recomputed from the sums, text left empty. */
export function totalsOf(columns: readonly Column[], rows: readonly LedgerRow[]): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  for (const c of columns) {
    if (c.kind !== 'count') continue;
    const vals = rows.map((r) => r.cells[c.key]).filter((v): v is number => typeof v === 'number');
    out[c.key] = vals.length === 0 ? null : Math.round(vals.reduce((s, v) => s + v, 0) * 100) / 100;
  }
  for (const c of columns) {
    if (c.kind === 'text' || c.kind === 'date') out[c.key] = null;
    if (c.kind === 'percent' && c.rate) out[c.key] = percent(Number(out[c.rate[0]] ?? 0), Number(out[c.rate[1]] ?? 0));
  }
  return out;
}

/**
 * Generates one ledger for one unit: the aggregates its definition needs (in SQL), one row per
 * child, the totals, and at neighborhood level its lists. Shared by the API and the CLI.
 */
export class LedgerService {
  private readonly repo: LedgerRepository;
  private readonly lists: LedgerListRepository;
  private readonly tokens: Record<SpecialGroupTag, string>;
  private readonly tagOfToken: Map<string, SpecialGroupTag>;

  constructor(db: Kysely<DB>, private readonly cipher: FieldCipher) {
    this.repo = new LedgerRepository(db);
    this.lists = new LedgerListRepository(db);
    this.tokens = Object.fromEntries(specialGroupTags.map((t) => [t, tagToken(cipher, t)])) as Record<SpecialGroupTag, string>;
    this.tagOfToken = new Map(specialGroupTags.map((t) => [this.tokens[t], t]));
  }

  async generate(def: LedgerDef, unit: LedgerUnit, opts: GenerateOptions): Promise<Generated> {
    const asOf = opts.asOf ?? toShanghaiIso(new Date()).slice(0, 10);
    const ages = ageLimits(asOf);
    const g: Grouping = { unit, byCompound: unit.level === 'neighborhood' && def.neighborhoodRows === 'compounds' };
    const needs = new Set(def.needs);
    const empty = new Map();
    const [children, r, b, h, c, u] = await Promise.all([
      this.repo.children(g),
      needs.has('residents') ? this.repo.residents(g, ages, this.tokens, needs.has('householdCount')) : empty,
      needs.has('buildings') ? this.repo.buildings(g) : empty,
      needs.has('households') ? this.repo.households(g) : empty,
      needs.has('compounds') ? this.repo.compounds(g) : empty,
      needs.has('units') && !g.byCompound ? this.repo.units(g) : empty,
    ]);
    const figuresOf = (child: ChildUnit): Figures => ({
      r: r.get(child.id) ?? zero.r,
      b: b.get(child.id) ?? zero.b,
      h: h.get(child.id) ?? zero.h,
      c: c.get(child.id) ?? zero.c,
      u: u.get(child.id) ?? zero.u,
    });
    const nameHeader = g.byCompound ? ['小区', 'Compound'] : unit.level === 'district' ? ['街镇', 'Subdistrict'] : ['居民区', 'Neighborhood'];
    const columns: Column[] = [{ key: 'name', header: nameHeader[0]!, headerEn: nameHeader[1]!, kind: 'text' }, ...def.columns(unit.level)];
    const rows: LedgerRow[] = children.map((child) => ({
      // A row of a child unit drills down to it; compounds and the neighborhood's own row do not.
      unit: child.kind === 'unit' && child.id !== unit.id ? { code: child.code, name: child.name, level: child.level! } : null,
      cells: { name: child.name, ...def.cells(figuresOf(child), child, unit.level) },
    }));
    const totals = { ...totalsOf(columns, rows), name: '合计' };
    const main: LedgerTable = { key: 'main', title: def.name, titleEn: def.nameEn, columns: columns.map(col), rows, totals };

    const lists: LedgerTable[] = [];
    let persons = 0;
    if (unit.level === 'neighborhood') {
      for (const kind of def.lists) {
        const t = await this.list(kind, unit.id, ages, asOf, opts.plain);
        if (kind.startsWith('persons')) persons += t.rows.length;
        lists.push(t);
      }
    }
    const notes = [
      `统计日期 ${asOf}；年龄按统计日计算的周岁。`,
      '人口只统计在册居民（不含已迁出、已死亡）；户数为有在册居民的户。',
      ...(lists.some((l) => l.key.startsWith('persons')) ? [opts.plain ? '名单中的姓名与身份证号为明文：本次查看已记入审计日志，请妥善保管。' : '名单中的姓名与身份证号已脱敏。'] : []),
    ];
    return {
      persons,
      result: {
        ledger: summaryOf(def),
        unit: { code: unit.code, name: unit.name, level: unit.level },
        ancestors: [],
        asOf,
        generatedAt: toShanghaiIso(new Date()),
        plain: opts.plain,
        main,
        lists,
        notes,
      },
    };
  }

  private async list(kind: ListKind, neighborhoodId: string, ages: AgeLimits, asOf: string, plain: boolean): Promise<LedgerTable> {
    if (kind === 'groupRentals') {
      const rows = await this.lists.groupRentals(neighborhoodId);
      return {
        key: kind,
        title: '群租户清单',
        titleEn: 'Group-rental households',
        columns: [
          { key: 'index', header: '序号', headerEn: 'No.', kind: 'count' },
          { key: 'compound', header: '小区', headerEn: 'Compound', kind: 'text' },
          { key: 'building', header: '楼栋', headerEn: 'Building', kind: 'text' },
          { key: 'room', header: '单元/室', headerEn: 'Unit/room', kind: 'text' },
          { key: 'status', header: '整治状态', headerEn: 'Status', kind: 'text' },
          { key: 'foundOn', header: '发现日期', headerEn: 'Found on', kind: 'date' },
          { key: 'rectifiedOn', header: '整治完成日期', headerEn: 'Rectified on', kind: 'date' },
        ],
        rows: rows.map((x, i) => ({
          unit: null,
          cells: {
            index: i + 1,
            compound: x.compound,
            building: x.building,
            room: `${x.unitNo}单元 ${x.room}室`,
            status: groupRentalStatusNames[x.status as GroupRentalStatus]?.zh ?? x.status,
            foundOn: x.foundOn,
            rectifiedOn: x.rectifiedOn,
          },
        })),
        totals: null,
      };
    }
    if (kind === 'elevatorBuildings') {
      const rows = await this.lists.retrofitBuildings(neighborhoodId);
      return {
        key: kind,
        title: '楼栋明细（4 层及以上无电梯或已启动加装）',
        titleEn: 'Buildings (4+ floors without a lift, or retrofit started)',
        columns: [
          { key: 'index', header: '序号', headerEn: 'No.', kind: 'count' },
          { key: 'compound', header: '小区', headerEn: 'Compound', kind: 'text' },
          { key: 'building', header: '楼栋', headerEn: 'Building', kind: 'text' },
          { key: 'floors', header: '层数', headerEn: 'Floors', kind: 'count' },
          { key: 'lift', header: '原有电梯', headerEn: 'Lift', kind: 'text' },
          { key: 'step', header: '加装进度', headerEn: 'Retrofit step', kind: 'text' },
          { key: 'stepOn', header: '进度日期', headerEn: 'Step date', kind: 'date' },
        ],
        rows: rows.map((x, i) => ({
          unit: null,
          cells: {
            index: i + 1,
            compound: x.compound,
            building: x.building,
            floors: x.floors,
            lift: x.hasElevator ? '有' : '无',
            step: elevatorRetrofitNames[x.step as ElevatorRetrofitStep]?.zh ?? x.step,
            stepOn: x.stepOn,
          },
        })),
        totals: null,
      };
    }
    const spec: Record<Exclude<ListKind, 'groupRentals' | 'elevatorBuildings'>, { title: string; titleEn: string; filter: PersonFilter }> = {
      persons80: { title: '80 岁及以上老人名单', titleEn: 'Residents aged 80+', filter: { kind: 'age80' } },
      personsAlone: { title: '独居老人名单', titleEn: 'Elderly living alone', filter: { kind: 'tag', token: this.tokens.living_alone_elderly } },
      personsSpecial: { title: '特殊群体人员名单', titleEn: 'Persons in special groups', filter: { kind: 'anyTag' } },
    };
    const s = spec[kind];
    const rows = await this.lists.persons(neighborhoodId, s.filter, ages, plain);
    return {
      key: kind,
      title: s.title,
      titleEn: s.titleEn,
      columns: [
        { key: 'index', header: '序号', headerEn: 'No.', kind: 'count' },
        { key: 'name', header: plain ? '姓名' : '姓名（脱敏）', headerEn: plain ? 'Name' : 'Name (masked)', kind: 'text' },
        { key: 'idNumber', header: plain ? '身份证号' : '身份证号（脱敏）', headerEn: plain ? 'ID number' : 'ID number (masked)', kind: 'text' },
        { key: 'gender', header: '性别', headerEn: 'Gender', kind: 'text' },
        { key: 'age', header: '年龄', headerEn: 'Age', kind: 'count' },
        { key: 'compound', header: '小区', headerEn: 'Compound', kind: 'text' },
        { key: 'building', header: '楼栋', headerEn: 'Building', kind: 'text' },
        ...(kind === 'personsSpecial' ? [{ key: 'tags', header: '特殊群体类别', headerEn: 'Groups', kind: 'text' as const }] : []),
      ],
      rows: rows.map((x, i) => this.personRow(x, i, asOf, plain)),
      totals: null,
    };
  }

  private personRow(x: PersonRow, i: number, asOf: string, plain: boolean): LedgerRow {
    const tags = x.tagTokens.map((t) => this.tagOfToken.get(t)).filter((t): t is SpecialGroupTag => !!t);
    return {
      unit: null,
      cells: {
        index: i + 1,
        name: plain && x.nameEnc ? this.cipher.decrypt(x.nameEnc, 'resident.name') : x.nameMask,
        idNumber: plain && x.idNumberEnc ? this.cipher.decrypt(x.idNumberEnc, 'resident.id_number') : x.idNumberMask,
        gender: x.gender === 'male' ? '男' : '女',
        age: ageOn(x.birthDate, asOf),
        compound: x.compound,
        building: x.building,
        tags: specialGroupTags.filter((t) => tags.includes(t)).map((t) => specialGroupTagNames[t].zh).join('、'),
      },
    };
  }
}
