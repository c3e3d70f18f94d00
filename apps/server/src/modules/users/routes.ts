import { MfaResetSchema, PasswordResetSchema, ResetPendingSchema, UserAccountPageSchema, UserCreateSchema, UserDetailSchema, UserListQuerySchema, UserPatchSchema } from '@gongzhi/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { grantRoutes } from './grant-routes.js';
import { errors, IdParams } from './http-shared.js';
import { resetRoutes } from './reset-routes.js';
import { tokenRoutes } from './token-routes.js';
import { UserService } from './user-service.js';

const tags = ['users'];

/** Accounts (security administrator); grants and machine tokens are registered alongside. */
export const userModuleRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app, opts) => {
    const users = new UserService(ctx);

    app.get(
      '/api/users',
      { schema: { tags, summary: '账号列表 List accounts', querystring: UserListQuerySchema, response: { 200: UserAccountPageSchema, ...errors } } },
      async (req) => users.list(req, req.query),
    );

    app.get('/api/users/:id', { schema: { tags, summary: '账号详情 Account', params: IdParams, response: { 200: UserDetailSchema, ...errors } } }, async (req) =>
      users.get(req, req.params.id),
    );

    app.post('/api/users', { schema: { tags, summary: '创建账号 Create an account', body: UserCreateSchema, response: { 201: UserDetailSchema, ...errors } } }, async (req, reply) => {
      const created = await users.create(req, req.body);
      return reply.status(201).send(created);
    });

    app.patch(
      '/api/users/:id',
      { schema: { tags, summary: '修改账号 Change name, phone or status', params: IdParams, body: UserPatchSchema, response: { 200: UserDetailSchema, ...errors } } },
      async (req) => users.update(req, req.params.id, req.body),
    );

    app.post('/api/users/:id/unlock', { schema: { tags, summary: '解除锁定 Unlock', params: IdParams, response: { 200: UserDetailSchema, ...errors } } }, async (req) =>
      users.unlock(req, req.params.id),
    );

    // 200 with the account when the reset is done; 202 with the request when an administrator account's reset awaits approval.

    app.post(
      '/api/users/:id/reset-password',
      {
        schema: {
          tags,
          summary: '重置密码 Set a new initial password (administrator accounts: after a second approval)',
          params: IdParams,
          body: PasswordResetSchema,
          response: { 200: UserDetailSchema, 202: ResetPendingSchema, ...errors },
        },
      },
      async (req, reply) => {
        const r = await users.resetPassword(req, req.params.id, req.body.password, req.body.reason);
        return 'requestId' in r ? reply.status(202).send(r) : reply.status(200).send(r);
      },
    );

    app.post(
      '/api/users/:id/reset-mfa',
      {
        schema: {
          tags,
          summary: '重置动态验证码 Reset the second factor (administrator accounts: after a second approval)',
          params: IdParams,
          body: MfaResetSchema.nullish(),
          response: { 200: UserDetailSchema, 202: ResetPendingSchema, ...errors },
        },
      },
      async (req, reply) => {
        const r = await users.resetMfa(req, req.params.id, req.body?.reason);
        return 'requestId' in r ? reply.status(202).send(r) : reply.status(200).send(r);
      },
    );

    await grantRoutes(ctx)(app, opts);
    await resetRoutes(ctx)(app, opts);
    await tokenRoutes(ctx)(app, opts);
  };
