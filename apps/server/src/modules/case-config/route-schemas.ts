import { ErrorBodySchema } from '@gongzhi/contracts';

export const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema, 422: ErrorBodySchema };
export const tags = ['case-config'];
