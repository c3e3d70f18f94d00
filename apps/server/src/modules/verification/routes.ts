import {
  ErrorBodySchema,
  VerificationAssignedSchema,
  VerificationAssigneesQuerySchema,
  VerificationAssigneesSchema,
  VerificationAssignSchema,
  VerificationCompleteSchema,
  VerificationDismissSchema,
  VerificationGeneratedSchema,
  VerificationGenerateSchema,
  VerificationListQuerySchema,
  VerificationProgressQuerySchema,
  VerificationProgressSchema,
  VerificationTaskPageSchema,
  VerificationTaskParamsSchema,
} from '@gongzhi/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { authorize, listScope, requirePrincipal } from '../identity/guard.js';
import { scopePaths, withinPath } from '../identity/policy.js';
import { presentTask, VerificationService, workerRoles } from './service.js';

const tags = ['verification'];
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema, 422: ErrorBodySchema };
const isKey = (v: unknown): v is { at: string; id: string } => !!v && typeof (v as { at?: unknown }).at === 'string' && typeof (v as { id?: unknown }).id === 'string';
const ok = z.object({ ok: z.literal(true) });

/**
 * 核查 tasks under /api/verification/…: those who work them (verification.work) see and complete
 * the tasks in their scope; those who manage them (verification.manage) also generate, assign and
 * dismiss. Every change is audited; residents appear masked.
 */
export const verificationRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const svc = new VerificationService(ctx);

    /** Where the caller works or manages tasks (403, audited, when neither). */
    const readScope = async (req: FastifyRequest): Promise<string[]> => {
      const p = requirePrincipal(req);
      const paths = [...scopePaths(p, 'verification.work'), ...scopePaths(p, 'verification.manage')].sort((a, b) => a.length - b.length);
      const outer = paths.filter((path, i) => !paths.slice(0, i).some((o) => withinPath(path, o)));
      if (outer.length === 0) await authorize(ctx, req, 'verification.work');
      return outer;
    };

    app.get(
      '/api/verification/tasks',
      { schema: { tags, summary: '核查任务 Verification tasks in scope', querystring: VerificationListQuerySchema, response: { 200: VerificationTaskPageSchema, ...errors } } },
      async (req) => {
        const scope = await readScope(req);
        const { unit, kind, status, assignee, mine, limit, cursor } = req.query;
        const path = unit ? (await svc.unitIn(unit, scope)).path : undefined;
        const rows = await svc.repo.list({ scope, path, kind, status, assignee: mine ? req.principal!.userId : assignee, after: decodeCursor(cursor, isKey), limit });
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        return { items: page.map(presentTask), nextCursor: rows.length > limit && last ? encodeCursor({ at: new Date(last.created_at).toISOString(), id: last.id }) : null };
      },
    );

    app.post(
      '/api/verification/generate',
      {
        schema: {
          tags,
          summary: '生成核查任务 Open stale and missing-field tasks for a unit (idempotent)',
          body: VerificationGenerateSchema,
          response: { 200: VerificationGeneratedSchema, ...errors },
        },
      },
      async (req) => {
        const scope = await listScope(ctx, req, 'verification.manage');
        return svc.generate(scope, req.body.unit, req.body.kinds, req.principal!, req);
      },
    );

    app.get(
      '/api/verification/assignees',
      {
        schema: {
          tags,
          summary: '可分派的处理人 Grid workers and staff who may take tasks in a unit',
          querystring: VerificationAssigneesQuerySchema,
          response: { 200: VerificationAssigneesSchema, ...errors },
        },
      },
      async (req) => {
        const scope = await listScope(ctx, req, 'verification.manage');
        const unit = req.query.unit ? await svc.unitIn(req.query.unit, scope) : null;
        const rows = await svc.repo.assignees(scope, workerRoles, unit?.path ?? null);
        const seen = new Set<string>();
        const items = rows
          .filter((r) => !seen.has(r.id) && seen.add(r.id))
          .map((r) => ({ id: r.id, name: r.display_name, username: r.username, role: r.role, unit: { code: r.code, name: r.name } }));
        return { items };
      },
    );

    app.post(
      '/api/verification/tasks/assign',
      {
        schema: {
          tags,
          summary: '分派核查任务 Assign (or take back) tasks; the assignee’s scope must hold each task',
          body: VerificationAssignSchema,
          response: { 200: VerificationAssignedSchema, ...errors },
        },
      },
      async (req) => {
        const scope = await listScope(ctx, req, 'verification.manage');
        return { assigned: await svc.assign(scope, req.body.taskIds, req.body.assigneeId, req.principal!, req) };
      },
    );

    app.post(
      '/api/verification/tasks/:id/complete',
      {
        schema: {
          tags,
          summary: '完成核查 Mark the record verified now, record the note, close the task',
          params: VerificationTaskParamsSchema,
          body: VerificationCompleteSchema,
          response: { 200: ok, ...errors },
        },
      },
      async (req) => {
        await svc.complete(req, req.params.id, req.body.note);
        return { ok: true as const };
      },
    );

    app.post(
      '/api/verification/tasks/:id/dismiss',
      { schema: { tags, summary: '撤销核查任务 Dismiss a task with a reason', params: VerificationTaskParamsSchema, body: VerificationDismissSchema, response: { 200: ok, ...errors } } },
      async (req) => {
        await svc.dismiss(req, req.params.id, req.body.reason);
        return { ok: true as const };
      },
    );

    app.get(
      '/api/verification/progress',
      {
        schema: {
          tags,
          summary: '核查进度 Open and handled tasks per child of a unit',
          querystring: VerificationProgressQuerySchema,
          response: { 200: VerificationProgressSchema, ...errors },
        },
      },
      async (req) => svc.progress(await readScope(req), req.query.unit),
    );
  };
