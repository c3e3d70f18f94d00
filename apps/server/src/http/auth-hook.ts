import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { authenticate } from '../modules/identity/authenticate.js';
import { csrfHeader, sessionCookie } from '../modules/identity/session-tokens.js';
import { AppError } from './app-error.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
// Sign-in creates the session; it cannot already carry its CSRF token.
const csrfExempt = new Set(['/api/auth/login']);

/**
 * Resolves the caller on every API request (session cookie or bearer token) and enforces the
 * CSRF token on cookie-authenticated writes. Authorisation itself happens per action in routes.
 */
export async function installAuth(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('principal', null);
  app.decorateRequest('authProblem', null);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/') && !req.url.startsWith('/open311/')) return;
    // The health probe serves no caller: looking one up would hit the database before the probe
    // does, and its failure would answer with an error body instead of the health document.
    if (req.url === '/api/health') return;
    const auth = req.headers.authorization;
    const bearer = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
    const result = await authenticate(ctx, req.cookies[sessionCookie], bearer);
    req.principal = result.principal;
    req.authProblem = result.principal ? null : result.problem;
    const p = result.principal;
    const path = req.url.split('?')[0]!;
    if (p && p.via.type === 'session' && !safeMethods.has(req.method) && !csrfExempt.has(path)) {
      if (req.headers[csrfHeader] !== p.via.csrfToken) {
        await ctx.audit.append({ actorId: p.userId, actorName: p.username, action: 'auth.csrf', outcome: 'denied', detail: { method: req.method, path }, ip: req.ip, requestId: req.id });
        throw new AppError('CSRF_FAILED');
      }
    }
  });
}
