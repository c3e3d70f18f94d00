import { type ErrorBody, type ErrorCode, errorTable } from '@gongzhi/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from './app-error.js';
import { langOf } from './lang.js';

// Fastify's own error codes that are the client's fault, mapped to ours.
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
  FST_ERR_BAD_URL: 'VALIDATION_FAILED',
  FST_ERR_RATE_LIMIT: 'RATE_LIMITED',
};

// Connection-level failures mean the database is away, not that the request was bad.
const unavailableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', '57P01', '57P02', '57P03', '08000', '08003', '08006']);

export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (e.code && unavailableCodes.has(e.code)) return true;
  return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/.test(e.message ?? '');
}

export function errorBody(req: FastifyRequest, code: ErrorCode, message?: string, details?: unknown, messageEn?: string): ErrorBody {
  const lang = langOf(req);
  const text = lang === 'en' ? (messageEn ?? errorTable[code].en) : (message ?? errorTable[code].zh);
  return { error: { code, message: text, ...(details === undefined ? {} : { details }) } };
}

function send(reply: FastifyReply, code: ErrorCode, body: ErrorBody) {
  return reply.status(errorTable[code].status).type('application/json; charset=utf-8').send(body);
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      return send(reply, err.code, errorBody(req, err.code, err.message, err.details, err.messageEn));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({
        in: err.validationContext,
        path: v.instancePath.replace(/^\//, '').replace(/\//g, '.'),
        message: v.message,
      }));
      const first = details[0];
      const zh = first ? `请求参数不正确：${first.path || err.validationContext}：${first.message}` : undefined;
      return send(reply, 'VALIDATION_FAILED', errorBody(req, 'VALIDATION_FAILED', zh, details));
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err }, 'response did not match its contract');
      return send(reply, 'INTERNAL', errorBody(req, 'INTERNAL'));
    }
    const mapped = err.code ? fastifyCodes[err.code] : undefined;
    if (mapped) return send(reply, mapped, errorBody(req, mapped));
    if (isDatabaseUnavailable(err)) {
      req.log.warn({ err: { message: err.message, code: err.code } }, 'database unavailable');
      void reply.header('retry-after', '5');
      return send(reply, 'DATABASE_UNAVAILABLE', errorBody(req, 'DATABASE_UNAVAILABLE'));
    }
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      const byStatus: Record<number, ErrorCode> = {
        404: 'NOT_FOUND',
        405: 'METHOD_NOT_ALLOWED',
        413: 'PAYLOAD_TOO_LARGE',
        415: 'UNSUPPORTED_MEDIA_TYPE',
        429: 'RATE_LIMITED',
      };
      const code: ErrorCode = byStatus[err.statusCode] ?? 'VALIDATION_FAILED';
      if (code === 'RATE_LIMITED') void reply.header('retry-after', '60');
      return send(reply, code, errorBody(req, code));
    }
    req.log.error({ err }, 'unhandled error');
    return send(reply, 'INTERNAL', errorBody(req, 'INTERNAL'));
  });
}

/**
 * Errors fastify raises before a route is found (a broken %-escape or an over-long parameter in
 * the path): without this they would answer in fastify's own shape, with no code of ours.
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const long = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const zh = long ? '网址中的参数过长' : '网址格式不正确（含无效的百分号编码）';
  const en = long ? 'A parameter in the URL is too long' : 'The URL is malformed (invalid percent-encoding)';
  return send(reply, 'VALIDATION_FAILED', errorBody(req, 'VALIDATION_FAILED', zh, undefined, en));
}
