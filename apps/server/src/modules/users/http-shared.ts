import { ErrorBodySchema } from '@gongzhi/contracts';
import { z } from 'zod';

/** Error answers and the `:id` parameter the account, grant and token routes share. */
export const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema };
export const IdParams = z.object({ id: z.string().uuid('编号格式不正确') });
