import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { loginAs } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

const idNumber = '310105199001011234';
const phone = '13800000006';
const plain = [idNumber, phone, '13800000007'];

describe.skipIf(!testDbAvailable())('log lines never carry personal data', () => {
  let t: TestApp;
  let app: FastifyInstance;
  const lines: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    // A second app over the same context, logging at info level into memory.
    app = await buildApp(t.ctx, { logger: { level: 'info', stream: { write: (s: string) => lines.push(s) } }, serveWeb: false });
    // A careless route of the kind a later module might add: logs the body and a message with it,
    // then fails with the value in the error message (so it lands in the error log with a stack).
    app.post('/api/test/careless', async (req) => {
      const body = req.body as { phone: string; idNumber: string };
      req.log.info({ body, phone: body.phone, nested: { idNumber: body.idNumber } }, `received ${body.phone} / ${body.idNumber}`);
      throw new Error(`无法处理身份证号 ${body.idNumber}，手机 ${body.phone}`);
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('masks ID numbers and phones in URLs, bodies, messages and error stacks', async () => {
    const requests = [
      { method: 'GET' as const, url: `/api/nope?phone=${phone}&id=${idNumber}` },
      { method: 'GET' as const, url: `/api/jurisdiction/units/${idNumber}` },
      { method: 'GET' as const, url: `/api/nope?q=%E6%89%8B%E6%9C%BA${phone}` },
      { method: 'POST' as const, url: '/api/auth/login', payload: { username: phone, password: idNumber } },
      { method: 'POST' as const, url: '/api/personal-data/reveal', payload: { resourceType: 'user', id: idNumber, field: 'phone', reason: `电话 ${phone}` } },
      { method: 'POST' as const, url: '/api/test/careless', payload: { phone, idNumber } },
    ];
    for (const r of requests) {
      const res = await app.inject(r);
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
    }
    // A signed-in reveal: the plain value goes to the caller, never to the log.
    const s = await loginAs(app, 'staff.xinhua');
    const resident = await t.ctx.db.selectFrom('app_user').select('id').where('username', '=', 'resident.demo').executeTakeFirstOrThrow();
    const ok = await app.inject({ method: 'POST', url: `/api/personal-data/reveal?for=${phone}`, headers: s.headers, payload: { resourceType: 'user', id: resident.id, field: 'phone', reason: '回访核实联系方式' } });
    expect(ok.json()).toEqual({ value: '13800000007' });

    expect(lines.length).toBeGreaterThan(10);
    const all = lines.join('');
    for (const p of plain) expect(all).not.toContain(p);
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, any>);
    // The values were there, and were masked rather than silently dropped.
    expect(parsed.some((l) => l.req?.url === '/api/nope?phone=138****0006&id=310105********1234')).toBe(true);
    expect(parsed.some((l) => l.msg === 'received 138****0006 / 310105********1234')).toBe(true);
    const failed = parsed.find((l) => l.err && String(l.err.message).includes('无法处理身份证号'));
    expect(failed?.err.message).toBe('无法处理身份证号 310105********1234，手机 138****0006');
    expect(failed?.err.stack).toContain('310105********1234');
  });

  it('request log entries carry method, URL and address only: no bodies, headers or cookies', async () => {
    const withReq = lines.map((l) => JSON.parse(l) as Record<string, any>).filter((l) => l.req);
    expect(withReq.length).toBeGreaterThan(0);
    for (const l of withReq) expect(Object.keys(l.req).sort()).toEqual(['method', 'remoteAddress', 'url']);
    const logged = lines.find((l) => l.includes('"msg":"received'))!;
    expect(JSON.parse(logged).body).toBe('[已隐藏]');
    expect(lines.join('')).not.toContain('gz_session=');
    expect(lines.join('')).not.toContain('Changning@2025');
  });
});
