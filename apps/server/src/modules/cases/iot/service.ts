import { type CaseCreate, type IotAlarm, type IotAlarmAccepted, type IotAlarmKind, iotAlarmKindNames } from '@gongzhi/contracts';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../../context.js';
import { AppError } from '../../../http/app-error.js';
import { toShanghaiIso } from '../../calendar/working-calendar.js';
import { requirePrincipal } from '../../identity/guard.js';
import { caseConfigOf } from '../config-cache.js';
import type { CaseIntakeService } from '../intake-service.js';
import { CaseRepository } from '../repository.js';

/** Which category an alarm kind becomes, and whether it is urgent whatever the category says. */
export const iotAlarmCategories: Record<IotAlarmKind, { categoryCode: string; urgent: boolean }> = {
  manhole_cover_tilt: { categoryCode: 'A0101', urgent: true },
  elevator_trapped: { categoryCode: 'A0104', urgent: true },
  smoke: { categoryCode: 'A0103', urgent: true },
  water_level: { categoryCode: 'B0502', urgent: false },
  gas_leak: { categoryCode: 'B0702', urgent: true },
  ebike_charging: { categoryCode: 'B0701', urgent: true },
};

const channel = 'iot_alarm';

/** An alarm as a case to take in (the source ref makes a re-sent alarm the same case). */
export function alarmToCase(a: IotAlarm, now: Date, activeCategories: ReadonlySet<string>): CaseCreate {
  const map = iotAlarmCategories[a.kind];
  const name = iotAlarmKindNames[a.kind].zh;
  const reading = a.reading === undefined ? '' : `，读数 ${a.reading}${a.unit ?? ''}`;
  // A device clock running ahead must not lose the alarm: the clock starts now at the latest.
  const occurred = new Date(a.occurredAt);
  const receivedAt = +occurred > +now ? toShanghaiIso(now) : a.occurredAt;
  return {
    channel,
    type: 'help',
    // A category switched off by the district falls back to the classifier rather than losing the alarm.
    ...(activeCategories.has(map.categoryCode) ? { categoryCode: map.categoryCode } : {}),
    title: `物联感知告警：${name}`,
    description: `设备 ${a.deviceId} 报警：${name}${reading}（告警编号 ${a.alarmId}）`,
    location: a.location,
    address: a.address ?? '',
    urgent: map.urgent,
    photoIds: [],
    receivedAt,
    sourceRef: `${a.deviceId}:${a.alarmId}`,
    attributes: {
      deviceId: a.deviceId,
      alarmId: a.alarmId,
      kind: a.kind,
      occurredAt: a.occurredAt,
      ...(a.reading === undefined ? {} : { reading: a.reading }),
      ...(a.unit ? { unit: a.unit } : {}),
    },
  };
}

/** IoT alarms → cases, for machine tokens with the 'iot' scope. A re-sent alarm answers its existing case. */
export class IotAlarmService {
  constructor(
    private readonly ctx: AppContext,
    private readonly intake: CaseIntakeService,
  ) {}

  async receive(req: FastifyRequest, alarm: IotAlarm): Promise<{ status: 200 | 201; body: IotAlarmAccepted }> {
    const p = requirePrincipal(req);
    if (p.via.type !== 'token' || !p.via.scopes.includes('iot')) {
      throw new AppError('FORBIDDEN', '物联告警只接受带“物联感知”（iot）用途的接口令牌', undefined, 'IoT alarms need an API token with the iot scope');
    }
    const repo = new CaseRepository(this.ctx.db);
    const sourceRef = `${alarm.deviceId}:${alarm.alarmId}`;
    const prior = await repo.findBySource(channel, sourceRef);
    if (prior) return { status: 200, body: await this.accepted(prior.id, true, false) };

    const cfg = await caseConfigOf(this.ctx).get();
    const active = new Set([...cfg.categories.values()].filter((c) => c.active && c.parentCode).map((c) => c.code));
    const input = alarmToCase(alarm, new Date(), active);
    try {
      const r = await this.intake.intake(input, { principal: p, ip: req.ip, requestId: req.id });
      return { status: 201, body: await this.accepted(r.caseId, false, r.autoDispatched) };
    } catch (err) {
      // The same alarm arriving twice at once: the loser answers the winner's case.
      const d = err instanceof AppError && err.code === 'DUPLICATE_SOURCE' ? (err.details as { caseId?: string }) : null;
      if (d?.caseId) return { status: 200, body: await this.accepted(d.caseId, true, false) };
      throw err;
    }
  }

  private async accepted(caseId: string, duplicate: boolean, autoDispatched: boolean): Promise<IotAlarmAccepted> {
    const row = await new CaseRepository(this.ctx.db).findById(caseId);
    if (!row) throw new AppError('NOT_FOUND');
    return { caseId: row.id, number: row.number, duplicate, categoryCode: row.category_code ?? '', urgent: row.urgent, autoDispatched };
  }
}
