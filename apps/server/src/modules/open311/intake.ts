import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import type { Lang } from '../../http/lang.js';
import { CaseIntakeService } from '../cases/intake-service.js';
import { open311Caller } from './api-key.js';
import { badRequest, notFound } from './errors.js';
import { readPoint, readPostBody, toCaseCreate } from './post-input.js';
import { serviceNotice } from './presenter.js';
import { Open311Repository } from './repository.js';
import { readAttributes } from './service-definition.js';

/**
 * POST requests: key → service → attributes → location → the case engine's intake (channel
 * `open311`), which locates, classifies, dispatches by the 权责清单 and sets the deadlines.
 * We answer synchronously with the case number, so no tokens are issued.
 */
export class Open311Intake {
  private readonly repo: Open311Repository;

  private readonly intake: CaseIntakeService;

  constructor(private readonly ctx: AppContext) {
    this.repo = new Open311Repository(ctx.db);
    this.intake = new CaseIntakeService(ctx);
  }

  async create(req: FastifyRequest, lang: Lang) {
    const { fields, attributes } = readPostBody(req.body);
    const query = (req.query ?? {}) as Record<string, unknown>;
    const apiKey = fields.api_key ?? (typeof query.api_key === 'string' && query.api_key ? query.api_key : undefined);
    const principal = await open311Caller(this.ctx, req, apiKey);

    const code = fields.service_code;
    if (!code) throw badRequest('缺少 service_code', 'service_code was not provided');
    if (!(await this.repo.service(code))) throw notFound(`服务代码 ${code} 不存在或已停用`, `service_code ${code} not found`);
    const attrs = readAttributes(attributes);
    const point = readPoint(fields) ?? (await this.locate(fields));
    const input = toCaseCreate(fields, attrs, point);

    const key = req.headers['idempotency-key'];
    if (key !== undefined && (typeof key !== 'string' || key.length < 8 || key.length > 100)) {
      throw badRequest('Idempotency-Key 应为 8–100 个字符', 'Idempotency-Key must be 8-100 characters');
    }
    const r = await this.intake.intake(input, { principal, ip: req.ip, requestId: req.id }, key);
    const row = await this.repo.requestByNumber(r.number);
    return [{ service_request_id: r.number, service_notice: row ? serviceNotice(row, lang) : null, account_id: null }];
  }

  /** No lat/long: a compound code as address_id, or a compound named in address_string. */
  private async locate(f: Record<string, string>): Promise<[number, number]> {
    const found = f.address_id ? await this.repo.compoundByCode(f.address_id) : f.address_string ? await this.repo.locateAddress(f.address_string) : undefined;
    if (found) return [found.lng, found.lat];
    if (f.address_id || f.address_string) {
      throw badRequest('无法根据 address_string / address_id 确定位置，请提供 lat 和 long', 'Cannot place address_string / address_id; send lat and long');
    }
    throw badRequest('缺少位置：请提供 lat 和 long，或 address_string / address_id', 'A location is required: lat & long, address_string or address_id');
  }
}
