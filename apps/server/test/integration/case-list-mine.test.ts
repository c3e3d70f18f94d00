import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type Session } from '../support/auth.js';
import { createCase, pointIn } from '../support/cases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

// `mine=true` for staff: a grid worker's "my reports" are the cases its account took in (staff
// reports carry no reporter account), not every case of its grid.
describe.skipIf(!testDbAvailable())('case list: mine for staff', () => {
  let t: TestApp;
  let grid: Session;
  let dispatcher: Session;
  const reported = new Set<string>();

  const ids = async (s: Session, qs: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/cases?${qs}`, headers: s.headers });
    expect(res.statusCode, res.body).toBe(200);
    return new Set((res.json() as { items: { id: string }[] }).items.map((c) => c.id));
  };

  beforeAll(async () => {
    t = await startTestApp();
    [grid, dispatcher] = await Promise.all([loginAs(t.app, 'grid.xinhua'), loginAs(t.app, 'dispatcher.xinhua')]);
    const point = await pointIn(t, '310105004001001');
    for (let i = 0; i < 2; i++) {
      const r = await createCase(t.app, grid, { channel: 'grid_patrol', categoryCode: 'B0101', description: `巡查发现第${i}处暴露垃圾`, location: point });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      reported.add(r.body.case.id);
    }
    const other = await createCase(t.app, dispatcher, { channel: 'hotline_12345', categoryCode: 'B0203', description: '热线反映路口违规停车严重', location: point });
    expect(other.status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a grid worker lists the cases it reported; without mine, every case of its grid', async () => {
    expect(await ids(grid, 'mine=true')).toEqual(reported);
    expect((await ids(grid, 'mine=false')).size).toBe(3);
    expect((await ids(grid, '')).size).toBe(3);
    expect((await ids(dispatcher, 'mine=true')).size).toBe(1);
    expect(await ids(grid, 'mine=true&channel=hotline_12345')).toEqual(new Set());
  });
});
