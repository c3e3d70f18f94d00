import { DeadlineQuerySchema, DeadlineSchema, ErrorBodySchema } from '@gongzhi/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { requirePrincipal } from '../identity/guard.js';
import { TIMEZONE, toShanghaiIso, WorkingCalendar } from './working-calendar.js';

export const calendarRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    // Lenient about years without data so a dispatcher still gets an estimate, but the answer
    // says so (calendarKnown: false) instead of passing a weekday guess off as exact.
    const calendar = new WorkingCalendar({ workHours: ctx.config.workHours, unknownYears: 'weekends' });
    app.get(
      '/api/calendar/deadline',
      {
        schema: {
          tags: ['calendar'],
          summary: '办理时限 Due time in working days or working hours',
          querystring: DeadlineQuerySchema,
          response: { 200: DeadlineSchema, 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema },
        },
      },
      async (req) => {
        // Reference arithmetic, no personal or scoped data: any signed-in staff member (dispatchers
        // above all) may ask; residents and machines have no use for it.
        const p = requirePrincipal(req);
        if (p.kind !== 'staff') throw new AppError('FORBIDDEN');
        const { workingDays, workingHours } = req.query;
        const from = new Date(req.query.from);
        const due = workingDays !== undefined ? calendar.addWorkingDays(from, workingDays) : calendar.addWorkingHours(from, workingHours!);
        const span = calendar.describe(from, due);
        const known = span.unknownYears.length === 0;
        return {
          from: toShanghaiIso(from),
          due: toShanghaiIso(due),
          ...(workingDays !== undefined ? { workingDays } : { workingHours }),
          calendarKnown: known,
          ...(known
            ? {}
            : { warning: `${span.unknownYears.join('、')} 年的法定节假日安排尚未收录，已按周一至周五估算，请人工核对` }),
          calendar: {
            workHours: calendar.workHours.text,
            timezone: TIMEZONE,
            holidaysSkipped: span.holidaysSkipped,
            makeupWorkdays: span.makeupWorkdays,
            unknownYears: span.unknownYears,
          },
        };
      },
    );
  };
