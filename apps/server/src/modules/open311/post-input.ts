import { type CaseCreate, CaseCreateSchema } from '@gongzhi/contracts';
import { badRequest } from './errors.js';
import type { SubmittedAttributes } from './service-definition.js';

/**
 * POST requests arrive form-encoded (the spec) or as JSON (what many clients send). Both become
 * one flat input; `attribute[code]=v` and `attribute[code][]=v` (multivaluelist) become `attributes`.
 */
export interface PostInput {
  fields: Record<string, string>;
  attributes: Record<string, string | string[]>;
}

const attributeKey = /^attribute\[([^\]]+)\](\[\])?$/;

function addAttribute(attrs: Record<string, string | string[]>, code: string, value: string, multi: boolean): void {
  const prev = attrs[code];
  if (multi || prev !== undefined) attrs[code] = [...(prev === undefined ? [] : Array.isArray(prev) ? prev : [prev]), value];
  else attrs[code] = value;
}

const scalar = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

/** application/x-www-form-urlencoded → the pairs in order (UTF-8, as the spec requires). */
export function parseForm(body: string): [string, string][] {
  return [...new URLSearchParams(body).entries()];
}

export function readPostBody(body: unknown): PostInput {
  const fields: Record<string, string> = {};
  const attributes: Record<string, string | string[]> = {};
  // An array is what parseForm makes (string pairs); a JSON array of anything else is not a request.
  if (Array.isArray(body) && !body.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string')) {
    throw badRequest('请求体应为表单（application/x-www-form-urlencoded）或 JSON 对象', 'The body must be a form or a JSON object');
  }
  const pairs: [string, unknown][] = Array.isArray(body) ? (body as [string, string][]) : body && typeof body === 'object' ? Object.entries(body) : [];
  for (const [key, value] of pairs) {
    const m = attributeKey.exec(key);
    if (m) {
      for (const v of Array.isArray(value) ? value : [value]) {
        const s = scalar(v);
        if (s !== undefined) addAttribute(attributes, m[1]!, s, Boolean(m[2]) || Array.isArray(value));
      }
    } else if (key === 'attribute' && value && typeof value === 'object' && !Array.isArray(value)) {
      // JSON clients: "attribute": { "case_type": "complaint", "tags": ["a", "b"] }
      for (const [code, v] of Object.entries(value)) {
        for (const item of Array.isArray(v) ? v : [v]) {
          const s = scalar(item);
          if (s !== undefined) addAttribute(attributes, code, s, Array.isArray(v));
        }
      }
    } else {
      const s = scalar(value);
      if (s !== undefined && s.trim() !== '') fields[key] = s.trim();
    }
  }
  return { fields, attributes };
}

/** lat/long when given (both or neither), as numbers. */
export function readPoint(f: Record<string, string>): [number, number] | null {
  const { lat, long } = f;
  if (lat === undefined && long === undefined) return null;
  if (lat === undefined || long === undefined) throw badRequest('lat 和 long 须同时提供', 'lat and long must be sent together');
  const y = Number(lat);
  const x = Number(long);
  if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 180 || Math.abs(y) > 90) {
    throw badRequest('lat/long 应为 WGS84 经纬度数值', 'lat/long must be WGS84 decimal degrees');
  }
  return [x, y];
}

// Which Open311 field a contract error is about, so the client is told in its own terms.
const fieldNames: Record<string, string> = {
  description: 'description',
  location: 'lat/long',
  address: 'address_string',
  'reporter.name': 'first_name/last_name',
  'reporter.phone': 'phone',
  title: 'attribute[title]',
  categoryCode: 'service_code',
};

/** The intake request for a checked Open311 POST. E-mail, device and account ids are not kept. */
export function toCaseCreate(f: Record<string, string>, attrs: SubmittedAttributes, point: [number, number]): CaseCreate {
  // Chinese names family name first (张 + 三); Latin ones as written (John Smith).
  const latin = /^[\x20-\x7e]*$/.test(`${f.first_name ?? ''}${f.last_name ?? ''}`);
  const name = latin ? [f.first_name, f.last_name].filter(Boolean).join(' ') : `${f.last_name ?? ''}${f.first_name ?? ''}`;
  const reporter = name || f.phone ? { ...(name ? { name } : {}), ...(f.phone ? { phone: f.phone } : {}), contactConsent: attrs.contactConsent } : undefined;
  const parsed = CaseCreateSchema.safeParse({
    channel: 'open311',
    type: attrs.type,
    categoryCode: f.service_code,
    ...(attrs.title ? { title: attrs.title } : {}),
    description: f.description ?? '',
    location: point,
    address: f.address_string ?? '',
    ...(reporter ? { reporter } : {}),
    ...(f.media_url && f.media_url.length <= 500 && /^https?:\/\/\S+$/.test(f.media_url) ? { attributes: { media_url: f.media_url } } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const parts = issue.path.map(String);
    let field = parts.join('.');
    for (let n = parts.length; n > 0; n--) {
      const known = fieldNames[parts.slice(0, n).join('.')];
      if (known) {
        field = known;
        break;
      }
    }
    throw badRequest(`${field}：${issue.message}`, `Invalid ${field}`);
  }
  return parsed.data;
}
