import { z } from 'zod';

/**
 * Query and response shapes of the Open311 routes. The responses are described here for the
 * OpenAPI document and checked on the way out (JSON variant); the tests hold them to the Open311
 * organisation's own JSON schemas.
 */

// "Optional" in GeoReport v2: an empty parameter means the same as an absent one.
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

// The w3 subset of ISO 8601 the spec asks for; a time needs its zone. A bare date means Shanghai midnight.
const w3 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
const W3Date = z
  .string()
  .regex(w3, '时间应为带时区的 W3C 格式，如 2025-11-28T09:00:00+08:00')
  .transform((v, c) => {
    const ms = Date.parse(v.length === 10 ? `${v}T00:00:00+08:00` : v);
    if (Number.isNaN(ms)) {
      c.addIssue({ code: 'custom', message: '时间不存在' });
      return z.NEVER;
    }
    return new Date(ms);
  });

const Bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const CommonQuerySchema = z.object({
  /** One jurisdiction per endpoint: accepted and ignored, as the spec allows. */
  jurisdiction_id: optional(z.string().max(200)),
  lang: optional(z.enum(['zh', 'en'])),
});

export const RequestQuerySchema = CommonQuerySchema.extend({ extensions: optional(Bool) });

export const RequestListQuerySchema = RequestQuerySchema.extend({
  service_request_id: optional(z.string().max(20_000)),
  service_code: optional(z.string().max(2_000)),
  start_date: optional(W3Date),
  end_date: optional(W3Date),
  status: optional(z.string().max(50)),
  // The pagination extension most GeoReport servers implement.
  page: optional(z.coerce.number().int().min(1).max(100_000)),
  page_size: optional(z.coerce.number().int().min(1).max(1000)),
});
export type RequestListQuery = z.infer<typeof RequestListQuerySchema>;

export const ServiceCodeParamsSchema = z.object({ service_code: z.string().min(1).max(50) });
export const RequestIdParamsSchema = z.object({ service_request_id: z.string().min(1).max(50) });
export const MediaParamsSchema = z.object({ photo_id: z.string().min(1).max(50) });
export const TokenParamsSchema = z.object({ token: z.string().min(1).max(100) });

const nullableString = z.string().nullable();

export const ServiceSchema = z.object({
  service_code: z.string(),
  service_name: z.string(),
  description: nullableString,
  metadata: z.boolean(),
  type: z.enum(['realtime', 'batch', 'blackbox']),
  keywords: nullableString,
  group: nullableString,
});
export const ServiceListSchema = z.array(ServiceSchema).meta({ id: 'Open311ServiceList' });

export const ServiceAttributeSchema = z.object({
  variable: z.boolean(),
  code: z.string(),
  datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
  required: z.boolean(),
  datatype_description: nullableString,
  order: z.number().int(),
  description: nullableString,
  values: z.array(z.object({ key: z.string(), name: z.string() })).optional(),
});
export type ServiceAttribute = z.infer<typeof ServiceAttributeSchema>;
export const ServiceDefinitionSchema = z
  .object({ service_code: z.string(), attributes: z.array(ServiceAttributeSchema) })
  .meta({ id: 'Open311ServiceDefinition' });

export const NoteSchema = z.object({
  datetime: z.string(),
  /** opened / activity / closed, as other GeoReport servers' notes extension. */
  type: z.enum(['opened', 'activity', 'closed']),
  status: z.string(),
  summary: z.string(),
  description: nullableString,
});

export const ServiceRequestSchema = z.object({
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  status_notes: nullableString,
  service_name: nullableString,
  service_code: z.string(),
  description: nullableString,
  agency_responsible: nullableString,
  service_notice: nullableString,
  requested_datetime: z.string(),
  updated_datetime: nullableString,
  expected_datetime: nullableString,
  address: nullableString,
  lat: z.number().nullable(),
  long: z.number().nullable(),
  media_url: nullableString,
  extended_attributes: z
    .object({
      detailed_status: z.string(),
      detailed_status_name: z.string(),
      case_type: z.string(),
      case_type_name: z.string(),
      channel: z.string(),
      subdistrict: nullableString,
      parent_service_request_id: nullableString,
    })
    .optional(),
  notes: z.array(NoteSchema).optional(),
});
export type ServiceRequest = z.infer<typeof ServiceRequestSchema>;
export type Note = z.infer<typeof NoteSchema>;
export const ServiceRequestListSchema = z.array(ServiceRequestSchema).meta({ id: 'Open311ServiceRequestList' });

export const PostResultSchema = z
  .array(z.object({ service_request_id: z.string(), service_notice: nullableString, account_id: nullableString }))
  .meta({ id: 'Open311PostResult' });
export const TokenResultSchema = z.array(z.object({ service_request_id: z.string(), token: z.string() })).meta({ id: 'Open311TokenResult' });

export const DiscoverySchema = z
  .object({
    changeset: z.string(),
    contact: z.string(),
    key_service: z.string(),
    endpoints: z.array(
      z.object({ specification: z.string(), url: z.string(), changeset: z.string(), type: z.enum(['production', 'test']), formats: z.array(z.string()) }),
    ),
  })
  .meta({ id: 'Open311Discovery' });

export const ErrorListSchema = z.array(z.object({ code: z.number().int(), description: z.string() })).meta({ id: 'Open311Errors' });
