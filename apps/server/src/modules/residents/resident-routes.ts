import {
  DeathSchema,
  ErrorBodySchema,
  IdParamsSchema,
  MoveHouseholdSchema,
  MoveOutSchema,
  ResidentChangeListSchema,
  ResidentCreateSchema,
  ResidentListQuerySchema,
  ResidentPageSchema,
  ResidentSchema,
  ResidentTagsSchema,
  ResidentUpdateSchema,
} from '@gongzhi/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { encodeCursor } from '../../lib/cursor.js';
import { listScope } from '../identity/guard.js';
import { listChanges } from './history.js';
import { HouseholdRepository } from './household-repository.js';
import { presentResident } from './presenter.js';
import { ResidentActions } from './resident-actions.js';
import { residentFilter } from './resident-query.js';
import { ResidentRepository } from './resident-repository.js';
import { ResidentService } from './resident-service.js';
import { authorizeRecord } from './scope.js';

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema };
const tags = ['community'];

/** /api/residents: search and list (masked), one resident, registration, edits and 基础要素动态管理 actions, history. */
export const residentRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const repo = new ResidentRepository(ctx.db);
    const households = new HouseholdRepository(ctx.db);
    const service = new ResidentService(ctx);
    const actions = new ResidentActions(ctx);
    const record = (r: { id: string; path: string } | undefined) => r && { id: r.id, path: r.path, type: 'resident' };
    const one = async (id: string) => presentResident((await repo.findById(id))!);

    app.get(
      '/api/residents',
      { schema: { tags, summary: '居民查询 Residents in scope (masked)', querystring: ResidentListQuerySchema, response: { 200: ResidentPageSchema, ...errors } } },
      async (req) => {
        const scope = await listScope(ctx, req, 'resident.read');
        const rows = await repo.list(await residentFilter(ctx, scope, req.query));
        const page = rows.slice(0, req.query.limit);
        const last = page[page.length - 1];
        return { items: page.map((r) => presentResident(r)), nextCursor: rows.length > req.query.limit && last ? encodeCursor([last.addr_key, last.id]) : null };
      },
    );

    app.get('/api/residents/:id', { schema: { tags, summary: '居民详情 One resident (masked)', params: IdParamsSchema, response: { 200: ResidentSchema, ...errors } } }, async (req) => {
      await authorizeRecord(ctx, req, 'resident.read', record(await repo.findById(req.params.id)));
      return one(req.params.id);
    });

    app.get(
      '/api/residents/:id/history',
      { schema: { tags, summary: '变更记录 Who changed what when (masked)', params: IdParamsSchema, response: { 200: ResidentChangeListSchema, ...errors } } },
      async (req) => {
        await authorizeRecord(ctx, req, 'resident.read', record(await repo.findById(req.params.id)));
        return { items: await listChanges(ctx.db, { residentId: req.params.id }) };
      },
    );

    app.post('/api/residents', { schema: { tags, summary: '登记居民 Register a resident in a household', body: ResidentCreateSchema, response: { 201: ResidentSchema, ...errors } } }, async (req, reply) => {
      const h = await households.findById(req.body.householdId);
      const caller = await authorizeRecord(ctx, req, 'resident.manage', h && { id: h.id, path: h.path, type: 'household' });
      const { householdId: _, ...person } = req.body;
      const id = await service.admit(h!, { kind: 'created', ...person }, caller);
      return reply.code(201).send(await one(id));
    });

    app.patch(
      '/api/residents/:id',
      { schema: { tags, summary: '修改居民信息 Edit (optimistic version)', params: IdParamsSchema, body: ResidentUpdateSchema, response: { 200: ResidentSchema, ...errors } } },
      async (req) => {
        const r = await repo.findById(req.params.id);
        const caller = await authorizeRecord(ctx, req, 'resident.manage', record(r));
        await actions.update(r!, req.body, caller);
        return one(r!.id);
      },
    );

    app.put(
      '/api/residents/:id/tags',
      { schema: { tags, summary: '特殊群体标签 Set special-group tags', params: IdParamsSchema, body: ResidentTagsSchema, response: { 200: ResidentSchema, ...errors } } },
      async (req) => {
        const r = await repo.findById(req.params.id);
        const caller = await authorizeRecord(ctx, req, 'resident.manage', record(r));
        await actions.setTags(r!, req.body.tags, req.body.version, req.body.reason, caller);
        return one(r!.id);
      },
    );

    app.post(
      '/api/residents/:id/move-out',
      { schema: { tags, summary: '迁出 Move out', params: IdParamsSchema, body: MoveOutSchema, response: { 200: ResidentSchema, ...errors } } },
      async (req) => {
        const r = await repo.findById(req.params.id);
        const caller = await authorizeRecord(ctx, req, 'resident.manage', record(r));
        await actions.moveOut(r!, req.body, caller);
        return one(r!.id);
      },
    );

    app.post('/api/residents/:id/death', { schema: { tags, summary: '死亡登记 Record a death', params: IdParamsSchema, body: DeathSchema, response: { 200: ResidentSchema, ...errors } } }, async (req) => {
      const r = await repo.findById(req.params.id);
      const caller = await authorizeRecord(ctx, req, 'resident.manage', record(r));
      await actions.death(r!, req.body, caller);
      return one(r!.id);
    });

    app.post(
      '/api/residents/:id/move',
      { schema: { tags, summary: '户间迁移 Move to another household in scope', params: IdParamsSchema, body: MoveHouseholdSchema, response: { 200: ResidentSchema, ...errors } } },
      async (req) => {
        const r = await repo.findById(req.params.id);
        const caller = await authorizeRecord(ctx, req, 'resident.manage', record(r));
        const from = (await households.findById(r!.household_id))!;
        const to = await households.findById(req.body.householdId);
        await authorizeRecord(ctx, req, 'resident.manage', to && { id: to.id, path: to.path, type: 'household' });
        await actions.move(r!, from, to!, req.body, caller);
        return one(r!.id);
      },
    );
  };
