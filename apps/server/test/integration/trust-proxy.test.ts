import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

// Behind nginx (docs/operations.md, "Deployment"): the client's address and https come from the
// forwarded headers of a configured proxy, and from nobody else.
describe.skipIf(!testDbAvailable())('GONGZHI_TRUST_PROXY', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ GONGZHI_TRUST_PROXY: '127.0.0.1' });
  }, 240_000); // a seeded app: generous on a busy machine, no timing asserted
  afterAll(async () => {
    await t?.close();
  });

  const signIn = async (remoteAddress: string, forwardedFor: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'district.admin', password: demoPassword },
      remoteAddress,
      headers: { 'x-forwarded-for': forwardedFor, 'x-forwarded-proto': 'https' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const audit = await sql<{ ip: string }>`select ip from audit_log where action = 'auth.login' order by seq desc limit 1`.execute(t.ctx.db);
    return { secure: res.cookies.find((c) => c.name === 'gz_session')!.secure === true, ip: audit.rows[0]!.ip };
  };

  it('through the trusted proxy: the forwarded client address is audited and cookies are Secure', async () => {
    expect(await signIn('127.0.0.1', '203.0.113.7')).toEqual({ secure: true, ip: '203.0.113.7' });
  });

  it('from anyone else the forwarded headers are ignored', async () => {
    expect(await signIn('198.51.100.9', '203.0.113.8')).toEqual({ secure: false, ip: '198.51.100.9' });
  });
});
