import { ErrorBodySchema, IotAlarmAcceptedSchema, IotAlarmSchema } from '@gongzhi/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../context.js';
import type { CaseIntakeService } from '../intake-service.js';
import { IotAlarmService } from './service.js';

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 422: ErrorBodySchema };

/** POST /api/cases/iot-alarms: the sensor platform's webhook (bearer token with the iot scope). */
export const iotRoutes =
  (ctx: AppContext, intake: CaseIntakeService): FastifyPluginAsyncZod =>
  async (app) => {
    const alarms = new IotAlarmService(ctx, intake);
    app.post(
      '/api/cases/iot-alarms',
      {
        schema: {
          tags: ['cases'],
          summary: '物联感知告警 Receive an IoT alarm (a re-sent alarm answers 200 with its existing case)',
          body: IotAlarmSchema,
          response: { 200: IotAlarmAcceptedSchema, 201: IotAlarmAcceptedSchema, ...errors },
        },
      },
      async (req, reply) => {
        const r = await alarms.receive(req, req.body);
        return reply.status(r.status).send(r.body);
      },
    );
  };
