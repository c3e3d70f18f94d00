import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

describe.skipIf(!testDbAvailable())('demo case history', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ GONGZHI_DEMO_CASES: '400' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('seeds cases in every stage with a consistent timeline, daily numbers and deadlines', async () => {
    const rows = await t.ctx.db.selectFrom('case_record').select(['id', 'number', 'status', 'received_at', 'handle_due_at', 'lead_department_id', 'resolved_at']).execute();
    expect(rows).toHaveLength(400);
    expect(new Set(rows.map((r) => r.number)).size).toBe(400);
    const statuses = new Set(rows.map((r) => r.status));
    for (const s of ['received', 'in_progress', 'closed', 'cancelled']) expect(statuses).toContain(s);
    for (const r of rows) {
      expect(r.handle_due_at).not.toBeNull();
      if (!['received', 'cancelled'].includes(r.status)) expect(r.lead_department_id).not.toBeNull();
      if (['resolved', 'verified', 'followed_up', 'closed'].includes(r.status)) expect(r.resolved_at).not.toBeNull();
    }
    const events = await t.ctx.db.selectFrom('case_event').select(['case_id', 'to_status', 'at']).orderBy('id').execute();
    const last = new Map<string, string>();
    for (const e of events) last.set(e.case_id, e.to_status);
    for (const r of rows) expect(last.get(r.id)).toBe(r.status);
    // A second boot does not seed again.
    const { seedDemoCases } = await import('../../src/modules/cases/seed-demo.js');
    expect(await seedDemoCases(t.ctx.db, { cipher: t.ctx.cipher, calendar: undefined as never, cfg: undefined as never, count: 10, seed: 1 })).toBe(0);
  });

  it('trains the classification assist on the history, and the dispatcher sees a busy workbench', async () => {
    const r = await t.ctx.classifier.retrain();
    expect(r.trainedOn).toBe(400);
    const s = await loginAs(t.app, 'dispatcher.xinhua');
    const list = (await t.app.inject({ method: 'GET', url: '/api/cases?limit=50', headers: s.headers })).json();
    expect(list.items.length).toBeGreaterThan(20);
    expect(list.items.every((c: { subdistrict: { code: string } }) => c.subdistrict.code === '310105004')).toBe(true);
    const suggestion = (await t.app.inject({ method: 'POST', url: '/api/cases/classify', headers: s.headers, payload: { text: '小区门口窨井盖缺失，晚上路过很危险' } })).json();
    expect(suggestion.categoryCode).toBe('A0101');
    expect(suggestion.modelTrainedOn).toBe(400);
  });
});
