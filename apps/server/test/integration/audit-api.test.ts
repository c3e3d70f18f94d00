import type { AuditItem, AuditPage } from '@gongzhi/contracts';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type Session } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable, testDbKind } from '../support/test-db.js';

const requestId = 'audit-api-test-0001';

// Under the 国密 suite, so the chain the API shows and verifies is SM3 end to end.
describe.skipIf(!testDbAvailable())(`audit API for the audit administrator (${testDbKind()}, GONGZHI_CRYPTO=sm)`, () => {
  let t: TestApp;
  let auditor: Session;
  const others: Record<string, Session> = {};

  const get = (url: string, s?: Session) => t.app.inject({ method: 'GET', url, ...(s ? { headers: s.headers } : {}) });
  const list = async (query: string): Promise<AuditPage> => {
    const res = await get(`/api/audit?${query}`, auditor);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  /** Every page of a search, following the cursor. */
  const all = async (query: string, limit = 200): Promise<AuditItem[]> => {
    const out: AuditItem[] = [];
    let cursor: string | null = null;
    do {
      const page: AuditPage = await list(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  };

  beforeAll(async () => {
    t = await startTestApp({ GONGZHI_CRYPTO: 'sm' });
    const failed = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-request-id': requestId }, payload: { username: 'dispatcher.xinhua', password: 'not-the-password-1' } });
    expect(failed.statusCode).toBe(401);
    for (const u of ['system.admin', 'security.admin', 'dispatcher.xinhua']) others[u] = await loginAs(t.app, u);
    auditor = await loginAs(t.app, 'audit.admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  const urls = ['/api/audit', '/api/audit/export.xlsx', '/api/audit/verify'];

  it('answers 401 without a session', async () => {
    for (const url of urls) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('answers 403 to everyone but the audit administrator (三权分立), and records the denials', async () => {
    for (const [username, s] of Object.entries(others)) {
      for (const url of urls) {
        const res = await get(url, s);
        expect(res.statusCode, `${username} ${url}`).toBe(403);
        expect(res.json().error.code).toBe('FORBIDDEN');
      }
    }
    const denied = await all('outcome=denied&actor=system.admin');
    expect(denied.map((i) => i.action).sort()).toEqual(['audit.export', 'audit.read', 'audit.read']);
    expect(denied[0]!.actor.role).toBe('system_admin');
  });

  it('lists records newest first with who, what, outcome, when, where from, and SM3 hashes', async () => {
    const page = await list('limit=50');
    expect(page.items.length).toBeGreaterThan(5);
    const seqs = page.items.map((i) => i.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    for (const i of page.items) {
      expect(i.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/);
      expect(i.hash).toMatch(/^sm3:[0-9a-f]{64}$/);
    }
    const [failure] = (await list('action=auth.login&outcome=failure')).items;
    expect(failure).toMatchObject({ action: 'auth.login', outcome: 'failure', requestId, actor: { username: 'dispatcher.xinhua' }, resource: { type: 'user' } });
    expect(failure!.ip).toBeTruthy();
    const login = (await list('action=auth.login&outcome=success&actor=audit.admin')).items;
    expect(login).toHaveLength(1);
    expect(login[0]!.actor.id).toBe(auditor.userId);
    // No plain mobile number in any before/after/detail the writers stored.
    const payloads = JSON.stringify(page.items.map((i) => [i.before, i.after, i.detail]));
    expect(payloads).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
  });

  it('pages by cursor without gaps or repeats', async () => {
    const whole = await all('', 200);
    const paged = await all('', 3);
    expect(paged.map((i) => i.seq)).toEqual(whole.map((i) => i.seq));
    expect(new Set(paged.map((i) => i.seq)).size).toBe(paged.length);
    expect(whole.at(-1)!.seq).toBe(1);
  });

  it('filters by person (username or id), action or action prefix, record, outcome and time', async () => {
    const byName = await all('actor=DISPATCHER.XINHUA');
    expect(byName.length).toBeGreaterThanOrEqual(2);
    expect(byName.every((i) => i.actor.username === 'dispatcher.xinhua')).toBe(true);
    const byId = await all(`actor=${others['dispatcher.xinhua']!.userId}`);
    expect(byId.every((i) => i.actor.id === others['dispatcher.xinhua']!.userId)).toBe(true);
    expect(byId.length).toBeGreaterThan(0);

    const auth = await all('action=auth.*');
    expect(auth.length).toBeGreaterThanOrEqual(5);
    expect(auth.every((i) => i.action.startsWith('auth.'))).toBe(true);
    expect(await all('action=auth')).toEqual([]);

    const record = await all(`resourceType=user&resourceId=${auditor.userId}`);
    expect(record.length).toBeGreaterThan(0);
    expect(record.every((i) => i.resource.id === auditor.userId)).toBe(true);

    const total = (await all('')).length;
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(await all(`from=${today}&to=${today}`)).toHaveLength(total);
    expect(await all('to=2020-01-01')).toEqual([]);
    expect(await all(`from=${encodeURIComponent('2999-01-01T00:00:00+08:00')}`)).toEqual([]);
  });

  it('rejects malformed filters with 400', async () => {
    for (const q of ['from=yesterday', 'to=2025-13-45', 'action=DROP%20TABLE', 'outcome=maybe', 'limit=500', 'cursor=not-a-cursor!!', `actor=${'x'.repeat(101)}`]) {
      const res = await get(`/api/audit?${q}`, auditor);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('exports the search as an Excel workbook with Chinese headers, and audits the export', async () => {
    const expected = await all('action=auth.login');
    const res = await get('/api/audit/export.xlsx?action=auth.login', auditor);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-\d{8}-\d{4}\.xlsx"/);
    expect(res.headers['x-export-capped']).toBe('0');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const sheet = wb.getWorksheet('审计日志')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 7)).toEqual(['序号', '时间', '用户', '角色', '操作', '操作说明', '结果']);
    expect(sheet.rowCount).toBe(expected.length + 1);
    expect(sheet.getRow(2).getCell(1).value).toBe(expected[0]!.seq);
    expect(sheet.getRow(2).getCell(5).value).toBe('auth.login');
    const outcomes = new Set(expected.map((_, n) => sheet.getRow(n + 2).getCell(7).value));
    expect([...outcomes].sort()).toEqual(['失败', '成功']);
    expect(wb.getWorksheet('导出说明')!.getRow(1).values).toContain('audit.admin');

    const [record] = (await list('action=audit.export&outcome=success')).items;
    expect(record).toMatchObject({ actor: { username: 'audit.admin', role: 'audit_admin' }, detail: { rows: expected.length, capped: false, filters: { action: 'auth.login' } } });
  });

  it('verifies the SM3 chain, including the export record', async () => {
    const res = await get('/api/audit/verify', auditor);
    expect(res.statusCode).toBe(200);
    const head = (await list('limit=1')).items[0]!.seq;
    expect(res.json()).toMatchObject({ ok: true, records: head, lastSeq: head, broken: null });
  });

  it('is described in the OpenAPI document under the audit tag', async () => {
    const res = await get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    for (const p of urls) expect(doc.paths[p]?.get?.tags, p).toEqual(['audit']);
    expect(doc.tags.map((x: { name: string }) => x.name)).toContain('audit');
  });
});
