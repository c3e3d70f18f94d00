import { type DepartmentKind, DepartmentListQuerySchema, DepartmentListSchema, ErrorBodySchema } from '@gongzhi/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { authorize } from '../identity/guard.js';
import { JurisdictionRepository } from '../jurisdiction/repository.js';
import { DepartmentRepository } from './repository.js';

export const departmentRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const repo = new DepartmentRepository(ctx.db);
    const units = new JurisdictionRepository(ctx.db);
    app.get(
      '/api/departments',
      {
        schema: {
          tags: ['departments'],
          summary: '职能部门 List departments serving a unit',
          querystring: DepartmentListQuerySchema,
          response: { 200: DepartmentListSchema, 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema },
        },
      },
      async (req) => {
        // Every department is a possible dispatch target: the list is reference data for staff.
        await authorize(ctx, req, 'department.read');
        let path: string | undefined;
        if (req.query.unit) {
          const u = await units.findByCode(req.query.unit);
          if (!u) throw new AppError('UNIT_NOT_FOUND', `找不到代码为 ${req.query.unit} 的区划或网格`);
          path = u.path;
        }
        const rows = await repo.list({ path, kind: req.query.kind });
        return {
          items: rows.map((r) => ({
            id: r.id,
            code: r.code,
            name: r.name,
            kind: r.kind as DepartmentKind,
            level: r.level,
            unit: { code: r.u_code, name: r.u_name, level: r.u_level },
          })),
        };
      },
    );
  };
