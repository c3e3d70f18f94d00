import {
  ErrorBodySchema,
  LoginRequestSchema,
  MeSchema,
  MfaConfirmSchema,
  MfaEnrollmentSchema,
  PasswordChangeSchema,
  RecoveryCodesSchema,
  SessionListSchema,
} from '@gongzhi/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { AuthService } from './auth-service.js';
import { authenticate } from './authenticate.js';
import { requirePrincipal } from './guard.js';
import { MfaService } from './mfa-service.js';
import { presentMe } from './presenter.js';
import type { Principal } from './principal.js';
import { IdentityRepository } from './repository.js';
import { csrfCookie, sessionCookie } from './session-tokens.js';

const tags = ['auth'];
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 423: ErrorBodySchema, 429: ErrorBodySchema };
const Ok = z.object({ ok: z.literal(true) });

export const identityRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const auth = new AuthService(ctx);
    const mfa = new MfaService(ctx);
    const repo = new IdentityRepository(ctx.db);

    const setCookies = (req: FastifyRequest, reply: FastifyReply, token: string, csrf: string, expires: Date) => {
      const secure = ctx.config.cookieSecure === 'auto' ? req.protocol === 'https' : ctx.config.cookieSecure;
      void reply.setCookie(sessionCookie, token, { httpOnly: true, sameSite: 'strict', secure, path: '/', expires });
      // Readable by the page so it can echo it in the X-CSRF-Token header.
      void reply.setCookie(csrfCookie, csrf, { httpOnly: false, sameSite: 'strict', secure, path: '/', expires });
    };
    const clearCookies = (reply: FastifyReply) => {
      void reply.clearCookie(sessionCookie, { path: '/' });
      void reply.clearCookie(csrfCookie, { path: '/' });
    };
    const me = async (p: Principal) => {
      const user = (await repo.userById(p.userId))!;
      const session = p.via.type === 'session' ? await repo.sessionById(p.via.sessionId) : null;
      return presentMe(p, user, ctx.cipher, session ? { id: session.id, expiresAt: new Date(session.expires_at) } : null, ctx.config.sessionIdleMinutes);
    };

    app.post(
      '/api/auth/login',
      {
        schema: { tags, summary: '登录 Sign in', body: LoginRequestSchema, response: { 200: MeSchema, ...errors } },
        config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      },
      async (req, reply) => {
        const r = await auth.login({ ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] ?? null, requestId: req.id });
        const a = await authenticate(ctx, r.token, undefined);
        if (!a.principal || a.principal.via.type !== 'session') throw new AppError('INTERNAL');
        setCookies(req, reply, r.token, a.principal.via.csrfToken, r.expiresAt);
        return me(a.principal);
      },
    );

    app.post('/api/auth/logout', { schema: { tags, summary: '退出登录 Sign out', response: { 200: Ok, ...errors } } }, async (req, reply) => {
      const p = req.principal;
      if (p?.via.type === 'session') {
        await repo.revokeSession(p.via.sessionId);
        await ctx.audit.append({ actorId: p.userId, actorName: p.username, action: 'auth.logout', resourceType: 'session', resourceId: p.via.sessionId, ip: req.ip, requestId: req.id });
      }
      clearCookies(reply);
      return { ok: true as const };
    });

    app.post('/api/auth/logout-all', { schema: { tags, summary: '退出所有设备 Sign out everywhere', response: { 200: z.object({ revoked: z.number() }), ...errors } } }, async (req, reply) => {
      const p = requirePrincipal(req, { allowUnfinished: true });
      const revoked = await repo.revokeAllSessions(p.userId);
      await ctx.audit.append({ actorId: p.userId, actorName: p.username, action: 'auth.logout_all', resourceType: 'user', resourceId: p.userId, detail: { revoked }, ip: req.ip, requestId: req.id });
      clearCookies(reply);
      return { revoked };
    });

    app.get('/api/me', { schema: { tags, summary: '当前用户 Who am I', response: { 200: MeSchema, ...errors } } }, async (req) =>
      me(requirePrincipal(req, { allowUnfinished: true })),
    );

    app.post('/api/auth/password', { schema: { tags, summary: '修改密码 Change password', body: PasswordChangeSchema, response: { 200: MeSchema, ...errors } } }, async (req) => {
      const p = requirePrincipal(req, { allowUnfinished: true });
      if (p.via.type !== 'session') throw new AppError('FORBIDDEN');
      const stage = await auth.changePassword(p.userId, p.via.sessionId, req.body.currentPassword, req.body.newPassword, req.id, req.ip);
      return me({ ...p, via: { ...p.via, stage } });
    });

    app.post('/api/auth/mfa/enroll', { schema: { tags, summary: '开始绑定动态验证码 Start TOTP enrolment', response: { 200: MfaEnrollmentSchema, ...errors } } }, async (req) => {
      const p = requirePrincipal(req, { allowUnfinished: true });
      if (p.via.type !== 'session' || p.via.stage === 'password_change') throw new AppError('PASSWORD_CHANGE_REQUIRED');
      return mfa.start(p, req.id, req.ip);
    });

    app.post('/api/auth/mfa/confirm', { schema: { tags, summary: '确认绑定 Confirm TOTP enrolment', body: MfaConfirmSchema, response: { 200: RecoveryCodesSchema, ...errors } } }, async (req) => {
      const p = requirePrincipal(req, { allowUnfinished: true });
      if (p.via.type !== 'session' || p.via.stage === 'password_change') throw new AppError('PASSWORD_CHANGE_REQUIRED');
      const codes = await mfa.confirm(p, req.body.code, req.id, req.ip);
      await auth.advanceStage(p.userId, p.via.sessionId);
      return { recoveryCodes: codes };
    });

    app.get('/api/me/sessions', { schema: { tags, summary: '我的登录会话 My sessions', response: { 200: SessionListSchema, ...errors } } }, async (req) => {
      const p = requirePrincipal(req, { allowUnfinished: true });
      const rows = await repo.liveSessions(p.userId);
      const current = p.via.type === 'session' ? p.via.sessionId : null;
      return {
        items: rows.map((s) => ({
          id: s.id,
          current: s.id === current,
          ip: s.ip,
          userAgent: s.user_agent,
          createdAt: new Date(s.created_at).toISOString(),
          lastSeenAt: new Date(s.last_seen_at).toISOString(),
          expiresAt: new Date(s.expires_at).toISOString(),
        })),
      };
    });

    app.delete(
      '/api/me/sessions/:id',
      { schema: { tags, summary: '结束一个会话 End a session', params: z.object({ id: z.string().uuid('会话编号格式不正确') }), response: { 200: Ok, 404: ErrorBodySchema, ...errors } } },
      async (req) => {
        const p = requirePrincipal(req, { allowUnfinished: true });
        if (!(await repo.revokeSession(req.params.id, p.userId))) throw new AppError('NOT_FOUND');
        await ctx.audit.append({ actorId: p.userId, actorName: p.username, action: 'auth.session_revoke', resourceType: 'session', resourceId: req.params.id, ip: req.ip, requestId: req.id });
        return { ok: true as const };
      },
    );
  };
