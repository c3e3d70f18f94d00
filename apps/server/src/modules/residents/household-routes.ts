import {
  BirthSchema,
  ErrorBodySchema,
  HouseholdCreateSchema,
  HouseholdDetailSchema,
  HouseholdListQuerySchema,
  HouseholdPageSchema,
  HouseholdUpdateSchema,
  IdParamsSchema,
  MoveInSchema,
  ResidentSchema,
} from '@gongzhi/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { listScope } from '../identity/guard.js';
import { JurisdictionRepository } from '../jurisdiction/repository.js';
import { listChanges } from './history.js';
import { HouseholdRepository, isHouseholdCursor } from './household-repository.js';
import { HouseholdService, presentHousehold } from './household-service.js';
import { presentResident } from './presenter.js';
import { ResidentRepository } from './resident-repository.js';
import { ResidentService } from './resident-service.js';
import { authorizeRecord } from './scope.js';

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema };

/** /api/households: list, one household with members (masked) and history, create, status, and people entering it. */
export const householdRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const repo = new HouseholdRepository(ctx.db);
    const residents = new ResidentRepository(ctx.db);
    const units = new JurisdictionRepository(ctx.db);
    const service = new HouseholdService(ctx);
    const admissions = new ResidentService(ctx);

    const detail = async (id: string) => {
      const h = (await repo.findById(id))!;
      const members = (await residents.byHousehold(id)).map((r) => presentResident(r));
      return { ...presentHousehold(h), members, history: await listChanges(ctx.db, { householdId: id }) };
    };
    const record = (h: { id: string; path: string } | undefined) => h && { id: h.id, path: h.path, type: 'household' };

    app.get(
      '/api/households',
      { schema: { tags: ['community'], summary: '户列表 Households in scope', querystring: HouseholdListQuerySchema, response: { 200: HouseholdPageSchema, ...errors } } },
      async (req) => {
        const scope = await listScope(ctx, req, 'resident.read');
        const { unit, building, compound, housingStatus, groupRental, limit, cursor } = req.query;
        let path: string | undefined;
        if (unit) {
          const u = await units.findByCode(unit);
          if (!u) throw new AppError('UNIT_NOT_FOUND', `找不到代码为 ${unit} 的区划或网格`);
          path = u.path;
        }
        const rows = await repo.list({ scope, path, buildingId: building, compoundId: compound, housingStatus, groupRental, limit, after: decodeCursor(cursor, isHouseholdCursor) });
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        return { items: page.map(presentHousehold), nextCursor: rows.length > limit && last ? encodeCursor([last.addr_key]) : null };
      },
    );

    app.get(
      '/api/households/:id',
      { schema: { tags: ['community'], summary: '户详情 Household, members (masked) and history', params: IdParamsSchema, response: { 200: HouseholdDetailSchema, ...errors } } },
      async (req) => {
        await authorizeRecord(ctx, req, 'resident.read', record(await repo.findById(req.params.id)));
        return detail(req.params.id);
      },
    );

    app.post(
      '/api/households',
      { schema: { tags: ['community'], summary: '登记户 Register a household (building + unit + room unique)', body: HouseholdCreateSchema, response: { 201: HouseholdDetailSchema, ...errors } } },
      async (req, reply) => {
        const b = await repo.building(req.body.buildingId);
        const caller = await authorizeRecord(ctx, req, 'resident.manage', b && { id: b.id, path: b.path, type: 'building' });
        const id = await service.create(req.body, b!, caller);
        return reply.code(201).send(await detail(id));
      },
    );

    app.patch(
      '/api/households/:id',
      { schema: { tags: ['community'], summary: '住房与群租整治状态 Housing and group-rental status', params: IdParamsSchema, body: HouseholdUpdateSchema, response: { 200: HouseholdDetailSchema, ...errors } } },
      async (req) => {
        const h = await repo.findById(req.params.id);
        const caller = await authorizeRecord(ctx, req, 'resident.manage', record(h));
        await service.update(h!, req.body, caller);
        return detail(h!.id);
      },
    );

    app.post(
      '/api/households/:id/move-in',
      { schema: { tags: ['community'], summary: '迁入 A new or returning person moves in', params: IdParamsSchema, body: MoveInSchema, response: { 201: ResidentSchema, ...errors } } },
      async (req, reply) => {
        const h = await repo.findById(req.params.id);
        const caller = await authorizeRecord(ctx, req, 'resident.manage', record(h));
        const id = await admissions.admit(h!, { kind: 'moved_in', ...req.body }, caller);
        return reply.code(201).send(presentResident((await residents.findById(id))!));
      },
    );

    app.post(
      '/api/households/:id/birth',
      { schema: { tags: ['community'], summary: '出生登记 Register a newborn child', params: IdParamsSchema, body: BirthSchema, response: { 201: ResidentSchema, ...errors } } },
      async (req, reply) => {
        const h = await repo.findById(req.params.id);
        const caller = await authorizeRecord(ctx, req, 'resident.manage', record(h));
        const b = req.body;
        const id = await admissions.admit(
          h!,
          { kind: 'born', name: b.name, idNumber: b.idNumber, phone: null, relation: 'child', hukouHere: b.hukouHere, livesHere: b.livesHere, politicalStatus: 'masses', tags: [], reason: b.reason },
          caller,
        );
        return reply.code(201).send(presentResident((await residents.findById(id))!));
      },
    );
  };
