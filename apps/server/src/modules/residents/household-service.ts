import type { Household, HouseholdCreate, HouseholdUpdate } from '@gongzhi/contracts';
import { HouseholdCreateSchema } from '@gongzhi/contracts';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { isGroupRental } from './building-routes.js';
import { diff, recordChange } from './history.js';
import { HouseholdRepository, type HouseholdRow } from './household-repository.js';
import { auditBase, type Caller } from './scope.js';

export function presentHousehold(h: HouseholdRow): Household {
  const unit = h.unit_no > 1 ? `${h.unit_no}单元` : '';
  return {
    id: h.id,
    unitNo: h.unit_no,
    floor: h.floor,
    room: h.room,
    housingStatus: h.housing_status,
    groupRentalStatus: h.group_rental_status,
    groupRental: isGroupRental(h.housing_status, h.group_rental_status),
    people: Number(h.people ?? 0),
    building: { id: h.building_id, code: h.b_code, name: h.b_name },
    compound: { id: h.compound_id, name: h.c_name },
    neighborhood: { code: h.n_code, name: h.n_name, level: 'neighborhood' },
    address: `${h.c_address}${h.b_name}${unit}${h.room}室`,
    groupRentalFoundOn: h.group_rental_found_on,
    groupRentalRectifiedOn: h.group_rental_rectified_on,
    updatedAt: new Date(h.updated_at).toISOString(),
  };
}

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';
const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', message, [{ in: 'body', path: field, message }]);

/** Households: registered once per building + unit + room; housing and 群租整治 status kept with history. */
export class HouseholdService {
  constructor(private readonly ctx: AppContext) {}

  async create(input: HouseholdCreate, building: NonNullable<Awaited<ReturnType<HouseholdRepository['building']>>>, caller: Caller): Promise<string> {
    const v = HouseholdCreateSchema.parse(input);
    if (v.floor > building.floors) throw invalid('floor', `楼层超出该楼栋的层数（共 ${building.floors} 层）`);
    if (v.unitNo > building.unit_count) throw invalid('unitNo', `单元号超出该楼栋的单元数（共 ${building.unit_count} 个单元）`);
    try {
      return await this.ctx.db.transaction().execute(async (trx) => {
        const h = await trx
          .insertInto('household')
          .values({
            building_id: building.id,
            compound_id: building.compound_id,
            neighborhood_id: building.neighborhood_id,
            path: building.path,
            unit_no: v.unitNo,
            floor: v.floor,
            room: v.room,
            housing_status: v.housingStatus,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const changes = { unitNo: { to: v.unitNo }, floor: { to: v.floor }, room: { to: v.room }, housingStatus: { to: v.housingStatus } };
        await recordChange(trx, { residentId: null, householdId: h.id, neighborhoodId: building.neighborhood_id, path: building.path, kind: 'created', changes, actorId: caller.principal.userId });
        await this.ctx.audit.append({ ...auditBase(caller), action: 'household.create', resourceType: 'household', resourceId: h.id, unitPath: building.path, after: v }, trx);
        return h.id;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('HOUSEHOLD_EXISTS', `该楼栋 ${v.unitNo} 单元 ${v.room} 室已登记，请直接打开该户`, { field: 'room' });
      throw e;
    }
  }

  async update(h: HouseholdRow, input: HouseholdUpdate, caller: Caller): Promise<void> {
    const next = {
      housingStatus: input.housingStatus ?? h.housing_status,
      groupRentalStatus: input.groupRentalStatus === undefined ? h.group_rental_status : input.groupRentalStatus,
      groupRentalFoundOn: input.groupRentalFoundOn === undefined ? h.group_rental_found_on : input.groupRentalFoundOn,
      groupRentalRectifiedOn: input.groupRentalRectifiedOn === undefined ? h.group_rental_rectified_on : input.groupRentalRectifiedOn,
    };
    // 群租整治 steps carry their dates: a found one has a found date, a rectified one its completion date.
    if (next.groupRentalStatus && !next.groupRentalFoundOn) throw invalid('groupRentalFoundOn', '请填写发现群租的日期');
    if (next.groupRentalStatus === 'rectified' && !next.groupRentalRectifiedOn) throw invalid('groupRentalRectifiedOn', '请填写整治完成日期');
    if (next.groupRentalStatus !== 'rectified' && input.groupRentalRectifiedOn === undefined) next.groupRentalRectifiedOn = null;
    if (next.groupRentalFoundOn && next.groupRentalRectifiedOn && next.groupRentalRectifiedOn < next.groupRentalFoundOn) {
      throw invalid('groupRentalRectifiedOn', '整治完成日期不能早于发现日期');
    }
    const before = { housingStatus: h.housing_status, groupRentalStatus: h.group_rental_status, groupRentalFoundOn: h.group_rental_found_on, groupRentalRectifiedOn: h.group_rental_rectified_on };
    const changes = diff(before, next);
    if (Object.keys(changes).length === 0) return;
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('household')
        .set({
          housing_status: next.housingStatus,
          group_rental_status: next.groupRentalStatus,
          group_rental_found_on: next.groupRentalFoundOn,
          group_rental_rectified_on: next.groupRentalRectifiedOn,
          updated_at: new Date(),
        })
        .where('id', '=', h.id)
        .execute();
      await recordChange(trx, { residentId: null, householdId: h.id, neighborhoodId: h.neighborhood_id, path: h.path, kind: 'updated', changes, reason: input.reason, actorId: caller.principal.userId });
      await this.ctx.audit.append({ ...auditBase(caller), action: 'household.update', resourceType: 'household', resourceId: h.id, unitPath: h.path, before, after: next, detail: input.reason ? { reason: input.reason } : null }, trx);
    });
  }
}
