import {
  type BuildingDetail,
  BuildingDetailSchema,
  type BuildingSummary,
  BuildingUpdateSchema,
  type CompoundType,
  ErrorBodySchema,
  type GridHousehold,
  IdParamsSchema,
} from '@gongzhi/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { PlaceRepository } from './place-repository.js';
import { auditBase, authorizeRecord } from './scope.js';

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };

type BuildingRow = Awaited<ReturnType<PlaceRepository['buildings']>>[number];

export function presentBuilding(b: BuildingRow): BuildingSummary {
  return {
    id: b.id,
    code: b.code,
    name: b.name,
    floors: b.floors,
    unitCount: b.unit_count,
    hasElevator: b.has_elevator,
    elevatorRetrofit: b.elevator_retrofit as BuildingSummary['elevatorRetrofit'],
    elevatorRetrofitOn: b.elevator_retrofit_on,
    households: Number(b.households ?? 0),
    residents: Number(b.residents ?? 0),
    location: [b.lng, b.lat],
  };
}

/** A household is a group rental now when marked so, or while a found one is not yet rectified. */
export const isGroupRental = (housing: string, status: string | null) => housing === 'group_rental' || status === 'found' || status === 'rectifying';

/** GET/PATCH /api/buildings/{id}: the floor × unit grid of households; the 加装电梯 step. */
export const buildingRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const places = new PlaceRepository(ctx.db);

    const detail = async (id: string): Promise<BuildingDetail> => {
      const [b] = await places.buildings({ buildingId: id });
      const p = (await places.buildingPlace(id))!;
      const grid: GridHousehold[] = (await places.gridOf(id)).map((h) => ({
        id: h.id,
        unitNo: h.unit_no,
        floor: h.floor,
        room: h.room,
        housingStatus: h.housing_status,
        groupRentalStatus: h.group_rental_status,
        groupRental: isGroupRental(h.housing_status, h.group_rental_status),
        people: Number(h.people ?? 0),
      }));
      return {
        ...presentBuilding(b!),
        compound: { id: p.c_id, code: p.c_code, name: p.c_name, type: p.c_type as CompoundType },
        neighborhood: { code: p.n_code, name: p.n_name, level: 'neighborhood' },
        grid,
      };
    };

    app.get(
      '/api/buildings/:id',
      { schema: { tags: ['community'], summary: '楼栋详情 Building with its floor × unit grid of households', params: IdParamsSchema, response: { 200: BuildingDetailSchema, ...errors } } },
      async (req) => {
        const p = await places.buildingPlace(req.params.id);
        await authorizeRecord(ctx, req, 'resident.read', p && { path: p.path, id: p.id, type: 'building' });
        return detail(req.params.id);
      },
    );

    app.patch(
      '/api/buildings/:id',
      {
        schema: {
          tags: ['community'],
          summary: '加装电梯进度 Elevator retrofit step and date',
          params: IdParamsSchema,
          body: BuildingUpdateSchema,
          response: { 200: BuildingDetailSchema, ...errors },
        },
      },
      async (req) => {
        const p = await places.buildingPlace(req.params.id);
        const caller = await authorizeRecord(ctx, req, 'resident.manage', p && { path: p.path, id: p.id, type: 'building' });
        const [before] = await places.buildings({ buildingId: p!.id });
        const values = { elevator_retrofit: req.body.elevatorRetrofit, elevator_retrofit_on: req.body.elevatorRetrofitOn ?? null };
        await ctx.db.transaction().execute(async (trx) => {
          await new PlaceRepository(trx).updateBuilding(p!.id, values);
          await ctx.audit.append(
            {
              ...auditBase(caller),
              action: 'building.update',
              resourceType: 'building',
              resourceId: p!.id,
              unitPath: p!.path,
              before: { elevatorRetrofit: before!.elevator_retrofit, elevatorRetrofitOn: before!.elevator_retrofit_on },
              after: req.body,
            },
            trx,
          );
        });
        return detail(p!.id);
      },
    );
  };
