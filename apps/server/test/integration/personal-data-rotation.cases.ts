// Key rotation with an on-disk key file, run by personal-data-rotation*.test.ts for each suite.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/crypto/field-cipher.js';
import { Keyring } from '../../src/crypto/keyring.js';
import { keyFileOf } from '../../src/crypto/load.js';
import { openDatabase } from '../../src/db/database.js';
import { blindIndexFor } from '../../src/modules/personal-data/blind-index.js';
import { columnName, encryptedFields } from '../../src/modules/personal-data/registry.js';
import { rotateKeys } from '../../src/modules/personal-data/rotation.js';
import { demoAccounts } from '../../src/seed/users.js';
import { loginAs } from '../support/auth.js';
import { createCase, pointIn } from '../support/cases.js';
import { lastJson, runCli } from '../support/spawn.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

const totpSecret = 'JBSWY3DPEHPK3PXP';

export function rotationCases(suite: 'standard' | 'sm'): void {
  const tag = suite === 'sm' ? 'sm' : 'aes';

  describe.skipIf(!testDbAvailable())(`keys rotate (${suite})`, () => {
    let t: TestApp;
    let dir: string;
    let keyFile: string;
    let firstKey: string;
    let bidxBefore: { id: string; phone_bidx: string | null }[];
    let closed = false;
    let caseId: string;
    const caseColumns = { 'case_record.reporter_name_enc': 1, 'case_record.reporter_phone_enc': 1 };
    // 社区云 residents of one demo building: their columns are rotated too (counted once seeded).
    const residentColumns: Record<string, number> = {};

    /** The key id of every stored ciphertext, per column. */
    const keyIds = async (db = t.ctx.db) => {
      const out: Record<string, string[]> = {};
      for (const f of encryptedFields) {
        const r = await sql<{ v: string }>`select ${sql.ref(f.column)} as v from ${sql.table(f.table)} where ${sql.ref(f.column)} is not null`.execute(db);
        out[columnName(f)] = r.rows.map((x) => FieldCipher.keyIdOf(x.v)!);
      }
      return out;
    };
    const fileKeys = () => JSON.parse(readFileSync(keyFile, 'utf8')) as { active: string; keys: Record<string, string> };
    const cliRing = () => {
      const ring = Keyring.fromFile(keyFile);
      return { keyring: ring, cipher: new FieldCipher(ring, suite) };
    };
    /** The running app (whose cipher was made before any rotation) still shows the masked phone and reveals it. */
    const appStillReads = async () => {
      const s = await loginAs(t.app, 'staff.xinhua');
      const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: s.headers });
      expect(me.json().user.phone).toBe('138****0006');
      const resident = await t.ctx.db.selectFrom('app_user').select('id').where('username', '=', 'resident.demo').executeTakeFirstOrThrow();
      const r = await t.app.inject({ method: 'POST', url: '/api/personal-data/reveal', headers: s.headers, payload: { resourceType: 'user', id: resident.id, field: 'phone', reason: '轮换期间核实读取' } });
      expect(r.json()).toEqual({ value: '13800000007' });
    };

    beforeAll(async () => {
      // Embedded: the database and the key file in one temp data folder. PostgreSQL: the test
      // database, with the key file in the temp folder.
      dir = mkdtempSync(path.join(tmpdir(), `gz-rotate-${suite}-`));
      keyFile = keyFileOf(dir);
      t = await startTestApp({ GONGZHI_DATA_DIR: dir, GONGZHI_CRYPTO: suite, GONGZHI_DEMO_RESIDENTS: '20' });
      for (const f of encryptedFields.filter((e) => e.table === 'resident')) {
        const r = await sql<{ n: number }>`select count(*)::int as n from resident where ${sql.ref(f.column)} is not null`.execute(t.ctx.db);
        residentColumns[columnName(f)] = r.rows[0]!.n;
      }
      expect(residentColumns['resident.id_number_enc']).toBeGreaterThan(0);
      const staff = await t.ctx.db.selectFrom('app_user').select('id').where('username', '=', 'staff.xinhua').executeTakeFirstOrThrow();
      // A second encrypted column with data: a TOTP secret, as enrolment stores it.
      await t.ctx.db.updateTable('app_user').set({ totp_secret_enc: t.ctx.cipher.encrypt(totpSecret, 'app_user.totp_secret') }).where('id', '=', staff.id).execute();
      bidxBefore = await t.ctx.db.selectFrom('app_user').select(['id', 'phone_bidx']).orderBy('id').execute();
      // A case reporter's name and phone: the case engine's encrypted columns rotate too.
      const dispatcher = await loginAs(t.app, 'dispatcher.xinhua');
      const where = await pointIn(t, '310105004001001');
      const c = await createCase(t.app, dispatcher, { description: '楼道里堆放杂物堵塞消防通道', location: where, channel: 'reception', reporter: { name: '李四', phone: '13711112222', contactConsent: true } });
      expect(c.status).toBe(201);
      caseId = c.body.case.id;
    });
    afterAll(async () => {
      if (!closed) {
        await t?.app.close();
        await t?.database.close();
      }
      await t?.testDb.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('starts from a key file created with mode 0600, every value under its one key and suite', async () => {
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      firstKey = fileKeys().active;
      const ids = await keyIds();
      expect(ids['app_user.phone_enc']).toHaveLength(demoAccounts.length);
      expect(ids['app_user.totp_secret_enc']).toHaveLength(1);
      for (const list of Object.values(ids)) for (const k of list) expect(k).toBe(firstKey);
      const one = await t.ctx.db.selectFrom('app_user').select('phone_enc').where('phone_enc', 'is not', null).executeTakeFirstOrThrow();
      expect(one.phone_enc!.split('.')[1]).toBe(tag);
    });

    it('an interrupted rotation leaves every row readable and the old key in place', async () => {
      const { keyring, cipher } = cliRing();
      let batches = 0;
      const run = rotateKeys({
        db: t.ctx.db, keyring, cipher, audit: t.ctx.audit, batchSize: 3,
        onBatch: () => {
          if (++batches === 2) throw new Error('interrupted');
        },
      });
      await expect(run).rejects.toThrow('interrupted');
      const keys = fileKeys();
      expect(keys.active).not.toBe(firstKey);
      expect(Object.keys(keys.keys).sort()).toEqual([firstKey, keys.active].sort());
      const ids = await keyIds();
      const phones = ids['app_user.phone_enc']!;
      expect(phones.filter((k) => k === keys.active)).toHaveLength(6);
      expect(phones.filter((k) => k === firstKey)).toHaveLength(demoAccounts.length - 6);
      await appStillReads();
      // New writes of the running app already use the new key (it noticed the key file change).
      expect(FieldCipher.keyIdOf(t.ctx.cipher.encrypt('x', 'app_user.phone'))).toBe(keys.active);
    });

    it('the rerun continues with the same new key, re-encrypts the rest, then retires the old key', async () => {
      const target = fileKeys().active;
      const { keyring, cipher } = cliRing();
      const r = await rotateKeys({ db: t.ctx.db, keyring, cipher, audit: t.ctx.audit, batchSize: 3 });
      expect(r.resumed).toBe(true);
      expect(r.activeKey).toBe(target);
      expect(r.reencrypted).toEqual({ 'app_user.phone_enc': demoAccounts.length - 6, 'app_user.totp_secret_enc': 1, ...caseColumns, ...residentColumns });
      expect(r.retired).toEqual([firstKey]);
      expect(Object.keys(fileKeys().keys)).toEqual([target]);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      for (const list of Object.values(await keyIds())) for (const k of list) expect(k).toBe(target);
      const marker = await t.ctx.db.selectFrom('app_meta').select('key').where('key', '=', 'key_rotation').executeTakeFirst();
      expect(marker).toBeUndefined();
      const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'detail']).where('action', 'like', 'keys.rotate%').orderBy('seq').execute();
      expect(audit.map((a) => a.action)).toEqual(['keys.rotate.start', 'keys.rotate']);
      expect(JSON.stringify(audit)).not.toContain(readFileSync(keyFile, 'utf8').match(/"([A-Za-z0-9+/]{43}=)"/)![1]);
    });

    it('after rotation: the running app and a freshly started one read everything; blind indexes are unchanged and still find users', async () => {
      await appStillReads();
      const fresh = new FieldCipher(Keyring.fromFile(keyFile), suite);
      const rows = await t.ctx.db.selectFrom('app_user').select(['username', 'phone_enc', 'totp_secret_enc']).where('phone_enc', 'is not', null).execute();
      for (const r of rows) {
        expect(fresh.decrypt(r.phone_enc!, 'app_user.phone')).toBe(demoAccounts.find((a) => a.username === r.username)!.phone);
        if (r.totp_secret_enc) expect(fresh.decrypt(r.totp_secret_enc, 'app_user.totp_secret')).toBe(totpSecret);
      }
      expect(await t.ctx.db.selectFrom('app_user').select(['id', 'phone_bidx']).orderBy('id').execute()).toEqual(bidxBefore);
      const reporter = await t.ctx.db.selectFrom('case_record').select(['reporter_name_enc', 'reporter_phone_enc']).where('id', '=', caseId).executeTakeFirstOrThrow();
      expect(fresh.decrypt(reporter.reporter_phone_enc!, 'case_record.reporter_phone')).toBe('13711112222');
      expect(fresh.decrypt(reporter.reporter_name_enc!, 'case_record.reporter_name')).toBe('李四');
      const found = await t.ctx.db.selectFrom('app_user').select('username').where('phone_bidx', '=', blindIndexFor(fresh, 'phone', '138-0000-0005')).execute();
      expect(found.map((f) => f.username)).toEqual(['grid.xinhua']);
    });

    it('`npx gongzhi keys rotate` does it all in one run and prints its report', async () => {
      const before = fileKeys().active;
      // The embedded database belongs to one process: the command runs with the server stopped.
      if (t.testDb.kind === 'embedded') {
        await t.app.close();
        await t.database.close();
        closed = true;
      }
      const env: Record<string, string> = { GONGZHI_DATA_DIR: dir, GONGZHI_CRYPTO: suite, ...(t.testDb.databaseUrl ? { DATABASE_URL: t.testDb.databaseUrl } : {}) };
      const res = await runCli(['keys', 'rotate'], env);
      expect(res.code, res.stderr).toBe(0);
      const out = lastJson<{ activeKey: string; reencrypted: Record<string, number>; retired: string[]; ms: number }>(res.stdout);
      expect(out.activeKey).not.toBe(before);
      expect(out.activeKey).toBe(fileKeys().active);
      expect(out.reencrypted).toEqual({ 'app_user.phone_enc': demoAccounts.length, 'app_user.totp_secret_enc': 1, ...caseColumns, ...residentColumns });
      expect(out.retired).toEqual([before]);
      expect(typeof out.ms).toBe('number');
      expect(res.stderr).toContain(out.activeKey);

      const database = closed ? await openDatabase({ dataDir: dir }) : null;
      const db = database?.db ?? t.ctx.db;
      try {
        for (const list of Object.values(await keyIds(db))) for (const k of list) expect(k).toBe(out.activeKey);
        const fresh = new FieldCipher(Keyring.fromFile(keyFile), suite);
        const staff = await db.selectFrom('app_user').select('phone_enc').where('username', '=', 'staff.xinhua').executeTakeFirstOrThrow();
        expect(fresh.decrypt(staff.phone_enc!, 'app_user.phone')).toBe('13800000006');
        if (!closed) await appStillReads();
      } finally {
        await database?.close();
      }
    });
  });
}
