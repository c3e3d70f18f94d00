import { type CompoundDetail, CompoundDetailSchema, type CompoundType, CompoundUpdateSchema, ErrorBodySchema, IdParamsSchema } from '@gongzhi/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { PlaceRepository } from './place-repository.js';
import { presentBuilding } from './building-routes.js';
import { auditBase, authorizeRecord } from './scope.js';

type Polygon = NonNullable<CompoundDetail['outline']>;
const isPolygon = (v: unknown): v is Polygon => typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'Polygon' && Array.isArray((v as { coordinates?: unknown }).coordinates);

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };

/** GET/PATCH /api/compounds/{id}: the compound with its buildings and what is recorded in them; 业委会 and property company kept by staff. */
export const compoundDetailRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const places = new PlaceRepository(ctx.db);

    const detail = async (id: string): Promise<CompoundDetail> => {
      const c = (await places.compound(id))!;
      const buildings = (await places.buildings({ compoundId: id })).map(presentBuilding);
      return {
        id: c.id,
        code: c.code,
        name: c.name,
        type: c.type as CompoundType,
        neighborhood: { code: c.n_code, name: c.n_name, level: 'neighborhood' },
        grid: c.g_code && c.g_name ? { code: c.g_code, name: c.g_name, level: 'grid' } : null,
        address: c.address,
        yearBuilt: c.year_built,
        buildingCount: buildings.length,
        householdCount: c.household_count,
        location: [c.lng, c.lat],
        propertyCompany: c.property_company,
        ownersCommittee: c.owners_committee,
        ownersCommitteeTermEnd: c.owners_committee_term_end,
        outline: isPolygon(c.outline) ? c.outline : null,
        buildings,
        counts: { households: buildings.reduce((n, b) => n + b.households, 0), residents: buildings.reduce((n, b) => n + b.residents, 0) },
      };
    };

    app.get(
      '/api/compounds/:id',
      { schema: { tags: ['community'], summary: '小区详情 Compound with buildings and counts', params: IdParamsSchema, response: { 200: CompoundDetailSchema, ...errors } } },
      async (req) => {
        const c = await places.compound(req.params.id);
        await authorizeRecord(ctx, req, 'compound.read', c && { path: c.path, id: c.id, type: 'compound' });
        return detail(req.params.id);
      },
    );

    app.patch(
      '/api/compounds/:id',
      {
        schema: {
          tags: ['community'],
          summary: '维护小区信息 Property company, owners committee, year built',
          params: IdParamsSchema,
          body: CompoundUpdateSchema,
          response: { 200: CompoundDetailSchema, ...errors },
        },
      },
      async (req) => {
        const c = await places.compound(req.params.id);
        const caller = await authorizeRecord(ctx, req, 'resident.manage', c && { path: c.path, id: c.id, type: 'compound' });
        const b = req.body;
        const before = { propertyCompany: c!.property_company, ownersCommittee: c!.owners_committee, ownersCommitteeTermEnd: c!.owners_committee_term_end, yearBuilt: c!.year_built };
        const values: Record<string, unknown> = {};
        if (b.propertyCompany !== undefined) values.property_company = b.propertyCompany || null;
        if (b.ownersCommittee !== undefined) values.owners_committee = b.ownersCommittee || null;
        if (b.ownersCommitteeTermEnd !== undefined) values.owners_committee_term_end = b.ownersCommitteeTermEnd;
        if (b.yearBuilt !== undefined) values.year_built = b.yearBuilt;
        await ctx.db.transaction().execute(async (trx) => {
          await new PlaceRepository(trx).updateCompound(c!.id, values);
          await ctx.audit.append({ ...auditBase(caller), action: 'compound.update', resourceType: 'compound', resourceId: c!.id, unitPath: c!.path, before, after: b }, trx);
        });
        return detail(c!.id);
      },
    );
  };
