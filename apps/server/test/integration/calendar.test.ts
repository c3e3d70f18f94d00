import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type Session } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

describe.skipIf(!testDbAvailable())('GET /api/calendar/deadline', () => {
  let t: TestApp;
  let dispatcher: Session;

  beforeAll(async () => {
    t = await startTestApp();
    dispatcher = await loginAs(t.app, 'dispatcher.xinhua');
  });
  afterAll(async () => {
    await t?.close();
  });

  const get = async (query: Record<string, string>, session: Session | null = dispatcher) => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/calendar/deadline',
      query,
      headers: session ? { cookie: session.cookie } : {},
    });
    return { status: res.statusCode, body: res.json() };
  };

  it('answers 401 without a session', async () => {
    const { status, body } = await get({ from: '2025-09-30T10:00:00+08:00', workingDays: '5' }, null);
    expect(status).toBe(401);
    expect(body.error.code).toBe('UNAUTHENTICATED');
  });

  it('answers 403 to a resident: deadlines are a staff tool', async () => {
    const resident = await loginAs(t.app, 'resident.demo');
    const { status, body } = await get({ from: '2025-09-30T10:00:00+08:00', workingDays: '5' }, resident);
    expect(status).toBe(403);
    expect(body.error.code).toBe('FORBIDDEN');
  });

  it('2025-09-30 10:00 + 5 working days is due after National Day, with the holidays named', async () => {
    const { status, body } = await get({ from: '2025-09-30T10:00:00+08:00', workingDays: '5' });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      from: '2025-09-30T10:00:00+08:00',
      due: '2025-10-14T17:30:00+08:00',
      workingDays: 5,
      calendarKnown: true,
      calendar: { workHours: '09:00-17:30', timezone: 'Asia/Shanghai', makeupWorkdays: ['2025-10-11'], unknownYears: [] },
    });
    expect(body.workingHours).toBeUndefined();
    expect(body.warning).toBeUndefined();
    expect(body.calendar.holidaysSkipped).toHaveLength(8);
    expect(body.calendar.holidaysSkipped[0]).toEqual({ date: '2025-10-01', name: '国庆节' });
    expect(body.calendar.holidaysSkipped[5]).toEqual({ date: '2025-10-06', name: '中秋' });
  });

  it('accepts any offset and answers in +08:00, in working hours too', async () => {
    // 09:00Z = 17:00 Shanghai: half an hour on 09-30, then 10-09 from opening.
    const { status, body } = await get({ from: '2025-09-30T09:00:00Z', workingHours: '1.5' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ from: '2025-09-30T17:00:00+08:00', due: '2025-10-09T10:00:00+08:00', workingHours: 1.5, calendarKnown: true });
    expect(body.workingDays).toBeUndefined();
  });

  it('says so when the period runs into a year without holiday data', async () => {
    const { status, body } = await get({ from: '2026-12-28T10:00:00+08:00', workingDays: '10' });
    expect(status).toBe(200);
    expect(body.calendarKnown).toBe(false);
    expect(body.calendar.unknownYears).toEqual([2027]);
    expect(body.warning).toContain('2027 年的法定节假日安排尚未收录');
  });

  it('is documented in OpenAPI under the calendar tag', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = res.json();
    expect(doc.tags.map((x: { name: string }) => x.name)).toContain('calendar');
    const op = doc.paths['/api/calendar/deadline'].get;
    expect(op.tags).toEqual(['calendar']);
    expect(op.parameters.map((x: { name: string }) => x.name).sort()).toEqual(['from', 'workingDays', 'workingHours']);
  });

  it.each([
    [{ from: '2025-09-30T10:00:00+08:00' }, '必须且只能提供其中一个'],
    [{ from: '2025-09-30T10:00:00+08:00', workingDays: '5', workingHours: '3' }, '必须且只能提供其中一个'],
    [{ from: '2025-09-30 10:00', workingDays: '5' }, '带时区的 ISO 8601 时间'],
    [{ from: '2025-09-30T10:00:00', workingDays: '5' }, '带时区的 ISO 8601 时间'],
    [{ workingDays: '5' }, 'from'],
    [{ from: '2025-09-30T10:00:00+08:00', workingDays: '-1' }, 'workingDays 不能为负数'],
    [{ from: '2025-09-30T10:00:00+08:00', workingHours: '-2' }, 'workingHours 不能为负数'],
    [{ from: '2025-09-30T10:00:00+08:00', workingDays: '1.5' }, 'workingDays 应为整数'],
    [{ from: '2025-09-30T10:00:00+08:00', workingDays: '366' }, 'workingDays 不能超过 365'],
    [{ from: '2025-09-30T10:00:00+08:00', workingHours: 'abc' }, 'workingHours 应为数字'],
  ])('answers 400 in Chinese for %o', async (query, text) => {
    const { status, body } = await get(query as Record<string, string>);
    expect(status).toBe(400);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.message).toMatch(/^请求参数不正确/);
    expect(body.error.message).toContain(text);
  });
});
