import { errorTable } from '@gongzhi/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from '../../http/app-error.js';
import { isDatabaseUnavailable } from '../../http/error-handler.js';
import { langOf } from '../../http/lang.js';
import { formatOf, sendDocument } from './format.js';

/**
 * Open311 answers errors in its own shape, `[{ code, description }]` / `<errors><error>…`, not the
 * platform's `{ error: { code, message } }`: this module installs its own handlers. Status codes
 * follow the spec (403 for a wrong or missing api_key, 404 for what does not exist, 400 for the
 * rest), except where the platform has a more exact one (422 outside the district, 503 …).
 */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly messageEn: string,
  ) {
    super(message);
  }
}

export const badRequest = (zh: string, en: string) => new Open311Error(400, zh, en);
export const notFound = (zh: string, en: string) => new Open311Error(404, zh, en);

// The platform's authentication problems are all "wrong or missing api_key" here.
const forbiddenCodes = new Set(['UNAUTHENTICATED', 'TOKEN_INVALID', 'FORBIDDEN', 'CSRF_FAILED']);

const fastifyErrors: Record<string, [number, string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, '请求体不是合法的 JSON', 'The request body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, '请求体为空', 'The request body is empty'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, '请以 application/x-www-form-urlencoded 或 JSON 提交', 'Send application/x-www-form-urlencoded or JSON'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, '请求体过大', 'The request body is too large'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, '请求体长度不正确', 'Invalid content length'],
};

function describe(err: FastifyError): Open311Error {
  if (err instanceof Open311Error) return err;
  if (err instanceof AppError) {
    const entry = errorTable[err.code];
    const status = forbiddenCodes.has(err.code) ? 403 : entry.status;
    return new Open311Error(status, err.message, err.messageEn ?? entry.en);
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const first = err.validation[0];
    const field = first?.instancePath.replace(/^\//, '').replace(/\//g, '.') || err.validationContext || '';
    return badRequest(`参数 ${field} 不正确：${first?.message ?? ''}`, `Invalid parameter ${field}`);
  }
  const mapped = err.code ? fastifyErrors[err.code] : undefined;
  if (mapped) return new Open311Error(...mapped);
  if (isDatabaseUnavailable(err)) return new Open311Error(503, errorTable.DATABASE_UNAVAILABLE.zh, errorTable.DATABASE_UNAVAILABLE.en);
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    return new Open311Error(err.statusCode === 404 ? 404 : 400, '请求不正确', 'The request is invalid');
  }
  return new Open311Error(500, '服务暂时无法处理该请求，请稍后重试', 'General service error; please retry later');
}

export function sendError(req: FastifyRequest, reply: FastifyReply, e: Open311Error): FastifyReply {
  const description = langOf(req) === 'en' ? e.messageEn : e.message;
  if (e.status === 503) void reply.header('retry-after', '5');
  return sendDocument(reply, formatOf(req), 'errors', [{ code: e.status, description }], e.status);
}

/** Error and not-found handlers for the Open311 scope (encapsulated: the rest of the API keeps its own). */
export function installOpen311Errors(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const e = describe(err);
    if (e.status >= 500) req.log.error({ err, serialization: isResponseSerializationError(err) }, 'open311 request failed');
    return sendError(req, reply, e);
  });
  app.setNotFoundHandler((req, reply) =>
    sendError(req, reply, notFound(`接口不存在：${req.method} ${req.url.split('?')[0]}（格式后缀应为 .json 或 .xml）`, 'No such resource (use the .json or .xml suffix)')),
  );
}
