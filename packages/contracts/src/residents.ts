import { z } from 'zod';
import { PageQuerySchema, pageOf } from './common.js';
import {
  elevatorRetrofitSteps,
  groupRentalStatuses,
  householdRelations,
  housingStatuses,
  politicalStatuses,
  residentStatuses,
  specialGroupTags,
} from './community-labels.js';
import { CompoundSchema } from './compounds.js';
import { UnitRefSchema } from './jurisdiction.js';
import { checkIdNumber, checkMobile } from './personal-data.js';

/**
 * 社区云 core data API: compound and building detail, households, residents and their dynamic
 * management (基础要素动态管理). Personal values only ever leave the server masked; the plain value
 * goes through /api/personal-data/reveal.
 */

const isDay = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(+d) && d.toISOString().slice(0, 10) === s;
};
export const DaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD').refine(isDay, '日期不存在');
const notFuture = (s: string) => s <= new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const PastDaySchema = DaySchema.refine(notFuture, '日期不能晚于今天');

const Uuid = (what: string) => z.string().uuid(`${what}编号不正确`);
export const IdParamsSchema = z.object({ id: z.string().uuid('编号格式不正确') });

export const HousingStatusSchema = z.enum(housingStatuses, '住房状态不正确');
export const GroupRentalStatusSchema = z.enum(groupRentalStatuses, '群租整治状态不正确');
export const RelationSchema = z.enum(householdRelations, '与户主关系不正确');
export const PoliticalStatusSchema = z.enum(politicalStatuses, '政治面貌不正确');
export const ResidentStatusSchema = z.enum(residentStatuses, '居民状态不正确');
export const SpecialGroupTagSchema = z.enum(specialGroupTags, '特殊群体标签不正确');
export const ElevatorRetrofitSchema = z.enum(elevatorRetrofitSteps, '加装电梯进度不正确');

/** ID number as typed: lowercase x, spaces and full-width digits pass; the check digit must hold. */
export const IdNumberInputSchema = z
  .string('请填写身份证号')
  .max(40, '身份证号过长')
  .superRefine((v, ctx) => {
    const r = checkIdNumber(v);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.reason });
  });
export const MobileInputSchema = z
  .string()
  .max(30, '手机号过长')
  .superRefine((v, ctx) => {
    const r = checkMobile(v);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.reason });
  });
const NameSchema = z.string('请填写姓名').trim().min(1, '请填写姓名').max(50, '姓名不能超过 50 个字符');
const ReasonSchema = z.string().trim().max(200, '原因不能超过 200 个字符');
// Versions are PostgreSQL integers: a larger number is refused here, not by the database.
const VersionSchema = z.number('请提供记录版本号').int().min(1).max(2_147_483_647);

// ---- compounds and buildings ----

export const BuildingSummarySchema = z
  .object({
    id: z.string().uuid(),
    code: z.string(),
    name: z.string(),
    floors: z.number().int(),
    unitCount: z.number().int(),
    hasElevator: z.boolean(),
    elevatorRetrofit: ElevatorRetrofitSchema,
    elevatorRetrofitOn: z.string().nullable(),
    /** Households recorded in the building (rows), and active residents in them. */
    households: z.number().int(),
    residents: z.number().int(),
    /** [lng, lat], WGS84. */
    location: z.tuple([z.number(), z.number()]),
  })
  .meta({ id: 'BuildingSummary' });
export type BuildingSummary = z.infer<typeof BuildingSummarySchema>;

export const CompoundDetailSchema = CompoundSchema.extend({
  propertyCompany: z.string().nullable(),
  ownersCommittee: z.string().nullable(),
  ownersCommitteeTermEnd: z.string().nullable(),
  /** The compound's outline (GeoJSON Polygon, WGS84), when recorded. */
  outline: z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.tuple([z.number(), z.number()]))) }).nullable(),
  buildings: z.array(BuildingSummarySchema),
  /** Households and active residents recorded (householdCount is the nominal size of the compound). */
  counts: z.object({ households: z.number().int(), residents: z.number().int() }),
}).meta({ id: 'CompoundDetail' });
export type CompoundDetail = z.infer<typeof CompoundDetailSchema>;

const optText = (max: number, what: string) => z.string().trim().max(max, `${what}不能超过 ${max} 个字符`).nullable().optional();
export const CompoundUpdateSchema = z
  .object({
    propertyCompany: optText(100, '物业公司'),
    ownersCommittee: optText(100, '业委会名称'),
    ownersCommitteeTermEnd: DaySchema.nullable().optional(),
    yearBuilt: z.number().int().min(1840, '建成年份不早于 1840 年').max(2100, '建成年份不正确').nullable().optional(),
  })
  .meta({ id: 'CompoundUpdate' });
export type CompoundUpdate = z.infer<typeof CompoundUpdateSchema>;

/** One household in a building's floor × unit grid. */
export const GridHouseholdSchema = z
  .object({
    id: z.string().uuid(),
    unitNo: z.number().int(),
    floor: z.number().int(),
    room: z.string(),
    housingStatus: HousingStatusSchema,
    groupRentalStatus: GroupRentalStatusSchema.nullable(),
    /** A group rental now (status group_rental, or found / being rectified). */
    groupRental: z.boolean(),
    people: z.number().int(),
  })
  .meta({ id: 'GridHousehold' });
export type GridHousehold = z.infer<typeof GridHouseholdSchema>;

export const BuildingDetailSchema = BuildingSummarySchema.extend({
  compound: z.object({ id: z.string().uuid(), code: z.string(), name: z.string(), type: CompoundSchema.shape.type }),
  neighborhood: UnitRefSchema,
  grid: z.array(GridHouseholdSchema),
}).meta({ id: 'BuildingDetail' });
export type BuildingDetail = z.infer<typeof BuildingDetailSchema>;

export const BuildingUpdateSchema = z
  .object({ elevatorRetrofit: ElevatorRetrofitSchema, elevatorRetrofitOn: DaySchema.nullable().optional() })
  .meta({ id: 'BuildingUpdate' });
export type BuildingUpdate = z.infer<typeof BuildingUpdateSchema>;

// ---- households ----

const PlaceSchema = z.object({
  building: z.object({ id: z.string().uuid(), code: z.string(), name: z.string() }),
  compound: z.object({ id: z.string().uuid(), name: z.string() }),
});

export const HouseholdSchema = GridHouseholdSchema.extend({
  ...PlaceSchema.shape,
  neighborhood: UnitRefSchema,
  /** 小区地址 + 楼栋 + 单元 + 室: down to the room (a household is an address, not a person). */
  address: z.string(),
  groupRentalFoundOn: z.string().nullable(),
  groupRentalRectifiedOn: z.string().nullable(),
  updatedAt: z.string(),
}).meta({ id: 'Household' });
export type Household = z.infer<typeof HouseholdSchema>;

const boolQuery = z.enum(['true', 'false'], '应为 true 或 false').transform((v) => v === 'true');

export const HouseholdListQuerySchema = PageQuerySchema.extend({
  building: Uuid('楼栋').optional(),
  compound: Uuid('小区').optional(),
  unit: z.string().regex(/^\d{6}(\d{3}){0,3}$/, '区划代码应为 6、9、12 或 15 位数字').optional(),
  housingStatus: HousingStatusSchema.optional(),
  groupRental: boolQuery.optional(),
});
export const HouseholdPageSchema = pageOf(HouseholdSchema).meta({ id: 'HouseholdPage' });

export const HouseholdCreateSchema = z
  .object({
    buildingId: Uuid('楼栋'),
    unitNo: z.number().int().min(1, '单元号应在 1–50 之间').max(50, '单元号应在 1–50 之间').default(1),
    floor: z.number('请填写楼层').int('楼层应为整数').min(-5, '楼层应在 -5 到 200 之间').max(200, '楼层应在 -5 到 200 之间'),
    room: z.string('请填写室号').trim().min(1, '请填写室号').max(20, '室号不能超过 20 个字符'),
    housingStatus: HousingStatusSchema.default('owner'),
  })
  .meta({ id: 'HouseholdCreate' });
export type HouseholdCreate = z.input<typeof HouseholdCreateSchema>;

export const HouseholdUpdateSchema = z
  .object({
    housingStatus: HousingStatusSchema.optional(),
    groupRentalStatus: GroupRentalStatusSchema.nullable().optional(),
    groupRentalFoundOn: PastDaySchema.nullable().optional(),
    groupRentalRectifiedOn: PastDaySchema.nullable().optional(),
    reason: ReasonSchema.optional(),
  })
  .refine((v) => !(v.groupRentalFoundOn && v.groupRentalRectifiedOn && v.groupRentalRectifiedOn < v.groupRentalFoundOn), {
    message: '整治完成日期不能早于发现日期',
    path: ['groupRentalRectifiedOn'],
  })
  .meta({ id: 'HouseholdUpdate' });
export type HouseholdUpdate = z.infer<typeof HouseholdUpdateSchema>;

// ---- residents ----

export const ResidentSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string().describe('masked'),
    idNumber: z.string().describe('masked'),
    phone: z.string().nullable().describe('masked'),
    gender: z.enum(['male', 'female']),
    birthYear: z.number().int(),
    age: z.number().int(),
    relation: RelationSchema,
    hukouHere: z.boolean(),
    livesHere: z.boolean(),
    politicalStatus: PoliticalStatusSchema,
    status: ResidentStatusSchema,
    /** How many special-group tags the resident has; the tags themselves only through reveal. */
    tagCount: z.number().int(),
    movedInOn: z.string().nullable(),
    leftOn: z.string().nullable(),
    household: z.object({ id: z.string().uuid(), unitNo: z.number().int(), floor: z.number().int(), room: z.string() }),
    ...PlaceSchema.shape,
    neighborhood: UnitRefSchema,
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Resident' });
export type Resident = z.infer<typeof ResidentSchema>;
export const ResidentPageSchema = pageOf(ResidentSchema).meta({ id: 'ResidentPage' });

export const ResidentListQuerySchema = PageQuerySchema.extend({
  unit: z.string().regex(/^\d{6}(\d{3}){0,3}$/, '区划代码应为 6、9、12 或 15 位数字').optional(),
  compound: Uuid('小区').optional(),
  building: Uuid('楼栋').optional(),
  household: Uuid('户').optional(),
  status: ResidentStatusSchema.optional(),
  relation: RelationSchema.optional(),
  hukouHere: boolQuery.optional(),
  livesHere: boolQuery.optional(),
  tag: SpecialGroupTagSchema.optional(),
  ageMin: z.coerce.number().int().min(0, '年龄不能为负').max(150, '年龄不正确').optional(),
  ageMax: z.coerce.number().int().min(0, '年龄不能为负').max(150, '年龄不正确').optional(),
  /** Exact ID number or mobile number (blind index), or a full name. */
  q: z.string().trim().max(50, '搜索词不能超过 50 个字符').optional(),
});
export type ResidentListQuery = z.infer<typeof ResidentListQuerySchema>;

/** A person as entered on a form (create, move in, birth). */
const PersonInput = {
  name: NameSchema,
  idNumber: IdNumberInputSchema,
  phone: MobileInputSchema.nullable().optional(),
  hukouHere: z.boolean().default(true),
  livesHere: z.boolean().default(true),
  politicalStatus: PoliticalStatusSchema.default('masses'),
  tags: z.array(SpecialGroupTagSchema).max(specialGroupTags.length).default([]),
};

export const ResidentCreateSchema = z
  .object({ householdId: Uuid('户'), ...PersonInput, relation: RelationSchema.default('head'), movedInOn: PastDaySchema.nullable().optional(), reason: ReasonSchema.optional() })
  .meta({ id: 'ResidentCreate' });
export type ResidentCreate = z.input<typeof ResidentCreateSchema>;

/** 迁入: a new or returning person moves into a household. */
export const MoveInSchema = z
  .object({ ...PersonInput, relation: RelationSchema.default('other'), movedInOn: PastDaySchema, reason: ReasonSchema.optional() })
  .meta({ id: 'MoveIn' });
export type MoveIn = z.input<typeof MoveInSchema>;

/** 出生: a child registered in a household; birth date and gender come from the ID number. */
export const BirthSchema = z
  .object({
    name: NameSchema,
    idNumber: IdNumberInputSchema,
    hukouHere: z.boolean().default(true),
    livesHere: z.boolean().default(true),
    reason: ReasonSchema.optional(),
  })
  .meta({ id: 'Birth' });
export type Birth = z.input<typeof BirthSchema>;

export const ResidentUpdateSchema = z
  .object({
    version: VersionSchema,
    name: NameSchema.optional(),
    phone: MobileInputSchema.nullable().optional(),
    relation: RelationSchema.optional(),
    hukouHere: z.boolean().optional(),
    livesHere: z.boolean().optional(),
    politicalStatus: PoliticalStatusSchema.optional(),
    reason: ReasonSchema.optional(),
  })
  .meta({ id: 'ResidentUpdate' });
export type ResidentUpdate = z.infer<typeof ResidentUpdateSchema>;

export const ResidentTagsSchema = z
  .object({ version: VersionSchema, tags: z.array(SpecialGroupTagSchema).max(specialGroupTags.length), reason: ReasonSchema.optional() })
  .meta({ id: 'ResidentTags' });

export const MoveOutSchema = z
  .object({ version: VersionSchema.optional(), leftOn: PastDaySchema, reason: z.string('请填写迁出原因').trim().min(1, '请填写迁出原因').max(200, '原因不能超过 200 个字符') })
  .meta({ id: 'MoveOut' });
export const DeathSchema = z.object({ version: VersionSchema.optional(), diedOn: PastDaySchema, reason: ReasonSchema.optional() }).meta({ id: 'Death' });
export const MoveHouseholdSchema = z
  .object({ version: VersionSchema.optional(), householdId: Uuid('户'), movedOn: PastDaySchema, relation: RelationSchema.optional(), reason: ReasonSchema.optional() })
  .meta({ id: 'MoveHousehold' });

// ---- history ----

export const residentChangeKinds = ['created', 'updated', 'moved_in', 'moved_out', 'deceased', 'born', 'verified', 'imported'] as const;
export const ResidentChangeSchema = z
  .object({
    id: z.string(),
    kind: z.enum(residentChangeKinds),
    residentId: z.string().uuid().nullable(),
    householdId: z.string().uuid().nullable(),
    /** The resident's masked name, for a household's timeline. */
    residentName: z.string().nullable(),
    /** field → { from?, to? }, personal values masked. */
    changes: z.record(z.string(), z.unknown()),
    reason: z.string().nullable(),
    actor: z.string().nullable(),
    at: z.string(),
  })
  .meta({ id: 'ResidentChange' });
export type ResidentChange = z.infer<typeof ResidentChangeSchema>;
export const ResidentChangeListSchema = z.object({ items: z.array(ResidentChangeSchema) }).meta({ id: 'ResidentChangeList' });

export const HouseholdDetailSchema = HouseholdSchema.extend({
  members: z.array(ResidentSchema),
  history: z.array(ResidentChangeSchema),
}).meta({ id: 'HouseholdDetail' });
export type HouseholdDetail = z.infer<typeof HouseholdDetailSchema>;
