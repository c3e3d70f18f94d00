import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type Session } from '../support/auth.js';
import { pointIn } from '../support/cases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

describe.skipIf(!testDbAvailable())('IoT alarm webhook', () => {
  let t: TestApp;
  let sys: Session;
  let iotToken: string;
  let where: [number, number];

  const send = (body: object, headers: Record<string, string> = { authorization: `Bearer ${iotToken}` }) =>
    t.app.inject({ method: 'POST', url: '/api/cases/iot-alarms', payload: body, headers });
  const alarm = (alarmId: string, extra: object = {}) => ({
    deviceId: 'JG-CN-0042',
    alarmId,
    kind: 'manhole_cover_tilt',
    reading: 23.5,
    unit: '°',
    location: where,
    address: '番禺路 222 号路口',
    occurredAt: '2025-11-28T08:15:00+08:00',
    ...extra,
  });
  const caseOf = (id: string) => t.ctx.db.selectFrom('case_record').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await startTestApp();
    sys = await loginAs(t.app, 'system.admin');
    const res = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: sys.headers, payload: { name: '井盖传感平台', username: 'iot.sensors', scopes: ['iot'] } });
    iotToken = res.json().token;
    where = await pointIn(t, '310105004001001');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('turns an alarm into an urgent case in the mapped category, on the iot_alarm channel', async () => {
    const res = await send(alarm('A-1001'));
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ number: expect.stringMatching(/^\d{14}$/), duplicate: false, categoryCode: 'A0101', urgent: true });
    const c = await caseOf(body.caseId);
    expect(c).toMatchObject({ channel: 'iot_alarm', source_ref: 'JG-CN-0042:A-1001', category_code: 'A0101', urgent: true, type: 'help', address: '番禺路 222 号路口' });
    expect(c.title).toBe('物联感知告警：井盖倾斜位移');
    expect(c.description).toContain('读数 23.5°');
    expect(new Date(c.received_at).toISOString()).toBe('2025-11-28T00:15:00.000Z');
    expect(c.attributes).toMatchObject({ deviceId: 'JG-CN-0042', alarmId: 'A-1001', kind: 'manhole_cover_tilt', reading: 23.5 });
    expect(c.path.startsWith('310105.310105004')).toBe(true);
  });

  it('a re-sent alarm answers 200 with the same case, also when both copies arrive at once', async () => {
    const first = await send(alarm('A-1002'));
    expect(first.statusCode).toBe(201);
    const again = await send(alarm('A-1002', { reading: 30 }));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ caseId: first.json().caseId, number: first.json().number, duplicate: true });

    const [a, b] = await Promise.all([send(alarm('A-1003')), send(alarm('A-1003'))]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().caseId).toBe(b.json().caseId);
    const n = await t.ctx.db.selectFrom('case_record').select((e) => e.fn.countAll<string>().as('n')).where('source_ref', '=', 'JG-CN-0042:A-1003').executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  it('maps each kind: smoke, elevator trapping, water level', async () => {
    const expected: [string, string, boolean][] = [
      ['smoke', 'A0103', true],
      ['elevator_trapped', 'A0104', true],
      ['water_level', 'B0502', false],
    ];
    for (const [kind, code, urgent] of expected) {
      const res = await send(alarm(`K-${kind}`, { kind }));
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ categoryCode: code, urgent });
    }
  });

  it('a device clock ahead of ours does not lose the alarm: the clock starts now', async () => {
    const future = new Date(Date.now() + 3 * 3600_000).toISOString();
    const res = await send(alarm('A-2001', { occurredAt: future }));
    expect(res.statusCode, res.body).toBe(201);
    const c = await caseOf(res.json().caseId);
    expect(Math.abs(+new Date(c.received_at) - Date.now())).toBeLessThan(60_000);
    expect((c.attributes as { occurredAt: string }).occurredAt).toBe(future);
  });

  it('refuses bad input with codes, and callers without an iot token', async () => {
    const bad = async (body: object, status: number, code: string, headers?: Record<string, string>) => {
      const res = await send(body, headers);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.code).toBe(code);
      return res.json().error.message as string;
    };
    expect(await bad(alarm('X-1', { kind: 'volcano' }), 400, 'VALIDATION_FAILED')).toContain('告警类型');
    expect(await bad(alarm('X:1'), 400, 'VALIDATION_FAILED')).toContain('告警编号');
    expect(await bad(alarm('X-2', { occurredAt: '2025-11-28 08:15' }), 400, 'VALIDATION_FAILED')).toContain('ISO 8601');
    expect(await bad({ deviceId: 'D1' }, 400, 'VALIDATION_FAILED')).toBeTruthy();
    expect(await bad(alarm('X-3', { location: [121.5, 31.23] }), 422, 'OUTSIDE_JURISDICTION')).toContain('不在本区');

    await bad(alarm('X-4'), 401, 'UNAUTHENTICATED', {});
    await bad(alarm('X-5'), 401, 'TOKEN_INVALID', { authorization: 'Bearer gzt_forged' });
    // The Open311 demo key has another scope; a signed-in person is not a device.
    expect(await bad(alarm('X-6'), 403, 'FORBIDDEN', { authorization: 'Bearer gzt_demo_open311_changning_2025' })).toContain('iot');
    const dispatcher = await loginAs(t.app, 'dispatcher.xinhua');
    await bad(alarm('X-7'), 403, 'FORBIDDEN', dispatcher.headers);
    const made = await t.ctx.db.selectFrom('case_record').select('source_ref').where('source_ref', 'like', 'JG-CN-0042:X-%').execute();
    expect(made).toEqual([]);
  });
});
