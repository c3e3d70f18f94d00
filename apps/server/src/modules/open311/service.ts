import type { Lang } from '../../http/lang.js';
import type { AppContext } from '../../context.js';
import { badRequest, notFound } from './errors.js';
import { presentRequest, presentService } from './presenter.js';
import { Open311Repository, type RequestFilter, type RequestRow } from './repository.js';
import type { RequestListQuery, ServiceRequest } from './schemas.js';
import { serviceAttributes } from './service-definition.js';

const DAY_MS = 86_400_000;
/** The spec's default window and its longest allowed span. */
const WINDOW_MS = 90 * DAY_MS;
const MAX_RESULTS = 1000;

export interface ReadOptions {
  lang: Lang;
  extensions: boolean;
  mediaUrl: (photoId: string) => string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const csv = (v: string | undefined) => [...new Set((v ?? '').split(',').map((s) => s.trim()).filter(Boolean))];

/** The read side of GeoReport v2 over the case tables. */
export class Open311Service {
  private readonly repo: Open311Repository;

  constructor(private readonly ctx: AppContext) {
    this.repo = new Open311Repository(ctx.db);
  }

  async services(lang: Lang) {
    return (await this.repo.services()).map((s) => presentService(s, lang));
  }

  async definition(code: string, lang: Lang) {
    const s = await this.repo.service(code);
    if (!s) throw notFound(`服务代码 ${code} 不存在或已停用`, `Unknown service_code ${code}`);
    return { service_code: s.code, attributes: serviceAttributes(s.default_type, lang) };
  }

  /** The spec's filters: the date window defaults to the last 90 days and may not span more. */
  filterOf(q: RequestListQuery, now = new Date()): RequestFilter {
    const pageSize = q.page_size ?? MAX_RESULTS;
    const paging = { limit: pageSize, offset: ((q.page ?? 1) - 1) * pageSize };
    const ids = csv(q.service_request_id);
    if (ids.length > MAX_RESULTS) throw badRequest(`service_request_id 一次最多 ${MAX_RESULTS} 个`, `At most ${MAX_RESULTS} service_request_id values`);
    if (ids.length) return { numbers: ids, from: now, to: now, ...paging };
    let { start_date: from, end_date: to } = q;
    if (from && to && from > to) throw badRequest('start_date 不能晚于 end_date', 'start_date is after end_date');
    if (from && to && +to - +from > WINDOW_MS) throw badRequest('start_date 与 end_date 相隔不能超过 90 天', 'start_date and end_date may not span more than 90 days');
    if (!from && !to) to = now;
    if (!from) from = new Date(+to! - WINDOW_MS);
    if (!to) to = new Date(Math.min(+from + WINDOW_MS, +now));
    const states = csv(q.status);
    const bad = states.find((s) => s !== 'open' && s !== 'closed');
    if (bad) throw badRequest(`status 只能是 open 或 closed（收到 ${bad}）`, `status must be open or closed, not ${bad}`);
    const codes = csv(q.service_code);
    return {
      from,
      to,
      ...(codes.length ? { serviceCodes: codes } : {}),
      ...(states.length === 1 ? { state: states[0] as 'open' | 'closed' } : {}),
      ...paging,
    };
  }

  async requests(q: RequestListQuery, o: ReadOptions): Promise<ServiceRequest[]> {
    return this.present(await this.repo.requests(this.filterOf(q)), o);
  }

  async request(number: string, o: ReadOptions): Promise<ServiceRequest[]> {
    const row = await this.repo.requestByNumber(number);
    if (!row) throw notFound(`诉求 ${number} 不存在`, `Unknown service_request_id ${number}`);
    return this.present([row], o);
  }

  /** We answer synchronously and issue no tokens; a request's internal id works as one for generic clients. */
  async token(token: string) {
    const row = uuid.test(token) ? await this.repo.numberById(token) : undefined;
    if (!row) throw notFound(`令牌 ${token} 不存在`, `Unknown token ${token}`);
    return [{ service_request_id: row.number, token }];
  }

  private async present(rows: RequestRow[], o: ReadOptions): Promise<ServiceRequest[]> {
    const byCase = new Map<string, Awaited<ReturnType<Open311Repository['timelines']>>>();
    if (o.extensions) {
      for (const e of await this.repo.timelines(rows.map((r) => r.id))) {
        const list = byCase.get(e.case_id) ?? [];
        list.push(e);
        byCase.set(e.case_id, list);
      }
    }
    return rows.map((r) =>
      presentRequest(r, { ...o, reporterName: this.reporterName(r), ...(o.extensions ? { timeline: byCase.get(r.id) ?? [] } : {}) }),
    );
  }

  /** A key rotation in progress or a damaged value must not take the public list down: skip the masking. */
  private reporterName(r: RequestRow): string | null {
    if (!r.reporter_name_enc) return null;
    try {
      return this.ctx.cipher.decrypt(r.reporter_name_enc, 'case_record.reporter_name');
    } catch {
      return null;
    }
  }

  async media(photoId: string) {
    const photo = uuid.test(photoId) ? await this.repo.photo(photoId) : undefined;
    if (!photo) throw notFound('图片不存在', 'No such media');
    return photo;
  }
}
