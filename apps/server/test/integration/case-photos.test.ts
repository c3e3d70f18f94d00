import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows } from '../support/accounts.js';
import { loginAs, type Session } from '../support/auth.js';
import { act, createCase, getCase, pointIn } from '../support/cases.js';
import { carriesTestMetadata, exifHasGps, jpegMarkers, makeJpeg, makePng } from '../support/images.js';
import { PhotoRepository } from '../../src/modules/cases/photos/repository.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

describe.skipIf(!testDbAvailable())('case photos: upload checked by content, metadata stripped, read in scope', () => {
  let t: TestApp;
  let resident: Session;
  let dispatcher: Session;
  let otherDispatcher: Session;
  let jpeg: Buffer;
  let ip = 0;
  const nextIp = () => `192.0.2.${++ip}`;

  // Anonymous uploads come from a fresh address each, except where the limit itself is tested.
  const upload = (body: Buffer, type: string, opts: { session?: Session; headers?: Record<string, string>; ip?: string } = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/cases/photos',
      payload: body,
      remoteAddress: opts.ip ?? nextIp(),
      headers: { 'content-type': type, ...(opts.session?.headers ?? {}), ...(opts.headers ?? {}) },
    });
  const read = (id: string, session?: Session) => t.app.inject({ method: 'GET', url: `/api/cases/photos/${id}`, headers: session ? { cookie: session.cookie } : {} });
  const stored = (id: string) => t.ctx.db.selectFrom('case_photo').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    // Small limits, so "too big" and "too many" are cheap to reach.
    t = await startTestApp({ GONGZHI_PHOTO_MAX_BYTES: String(64 * 1024), GONGZHI_ANON_PHOTOS_PER_HOUR: '3' });
    [resident, dispatcher, otherDispatcher] = await Promise.all(['resident.demo', 'dispatcher.xinhua', 'dispatcher.hongqiao'].map((u) => loginAs(t.app, u)));
    jpeg = await makeJpeg(320, 240);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('an anonymous visitor uploads a phone JPEG; what is stored has no EXIF, GPS or XMP left', async () => {
    expect(exifHasGps((await sharp(jpeg).metadata()).exif)).toBe(true);
    const res = await upload(jpeg, 'image/jpeg');
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ contentType: 'image/jpeg', width: 320, height: 240 });
    const row = await stored(body.id);
    const data = Buffer.from(row.data);
    expect(row).toMatchObject({ case_id: null, uploaded_by: null, content_type: 'image/jpeg', size_bytes: data.length, width: 320, height: 240 });
    expect(body.sizeBytes).toBe(data.length);
    expect(row.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    const meta = await sharp(data).metadata();
    expect([meta.format, meta.exif, meta.xmp]).toEqual(['jpeg', undefined, undefined]);
    expect(jpegMarkers(data)).not.toContain(0xe1);
    expect(carriesTestMetadata(data)).toBe(false);
  });

  it('a signed-in resident uploads a PNG and reads it back; others and anonymous visitors cannot', async () => {
    const res = await upload(await makePng(50, 40), 'image/png', { session: resident });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json();
    expect((await stored(id)).uploaded_by).toBe(resident.userId);

    const mine = await read(id, resident);
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['content-type']).toBe('image/png');
    expect(mine.headers['cache-control']).toContain('private');
    expect(mine.headers['x-content-type-options']).toBe('nosniff');
    expect(carriesTestMetadata(mine.rawPayload)).toBe(false);
    expect((await sharp(mine.rawPayload).metadata()).width).toBe(50);
    const again = await t.app.inject({ method: 'GET', url: `/api/cases/photos/${id}`, headers: { cookie: resident.cookie, 'if-none-match': mine.headers.etag as string } });
    expect(again.statusCode).toBe(304);

    // Not attached to a case yet: only the uploader sees it.
    expect((await read(id, dispatcher)).statusCode).toBe(404);
    const anon = await read(id);
    expect(anon.statusCode).toBe(401);
    expect((await read('00000000-0000-4000-8000-000000000000', resident)).statusCode).toBe(404);
    expect((await read('not-a-uuid', resident)).statusCode).toBe(400);
  });

  it('once attached to a case, staff whose scope holds the case read it; others get 404 (audited)', async () => {
    const { id } = (await upload(jpeg, 'image/jpeg', { session: resident })).json();
    const created = await createCase(t.app, resident, {
      type: 'complaint',
      categoryCode: 'B0101',
      description: '楼下垃圾堆放多日无人清理，气味很大',
      location: await pointIn(t, '310105004001001'),
      address: '番禺路 1 号',
      photoIds: [id],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.case.photos).toEqual([{ id, url: `/api/cases/photos/${id}` }]);
    expect((await stored(id)).case_id).toBe(created.body.case.id);

    expect((await read(id, resident)).statusCode).toBe(200);
    const staff = await read(id, dispatcher);
    expect(staff.statusCode).toBe(200);
    expect(staff.headers['content-type']).toBe('image/jpeg');
    const outsider = await read(id, otherDispatcher);
    expect(outsider.statusCode).toBe(404);
    expect(outsider.json().error.code).toBe('NOT_FOUND');
    const denied = await auditRows(t, 'case.read', id);
    expect(denied.at(-1)).toMatchObject({ outcome: 'denied', actor_name: 'dispatcher.hongqiao', resource_type: 'case_photo' });
  });

  it('an action carries on-site photos: attached to the case and named on its timeline; a used photo is refused and nothing is written', async () => {
    const created = await createCase(t.app, dispatcher, { type: 'complaint', categoryCode: 'B0101', description: '人行道上有一堆建筑垃圾', location: await pointIn(t, '310105004001001') });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const caseId = created.body.case.id as string;
    const { id } = (await upload(jpeg, 'image/jpeg', { session: dispatcher })).json();
    const noted = await act(t.app, dispatcher, caseId, 'add_note', { reason: '现场照片', photoIds: [id, id] });
    expect(noted.status, JSON.stringify(noted.body)).toBe(200);
    expect(noted.body.photos).toEqual([{ id, url: `/api/cases/photos/${id}` }]);
    const events = (await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}/events`, headers: dispatcher.headers })).json().items;
    expect(events.at(-1)).toMatchObject({ action: 'add_note', data: { photoIds: [id] } });

    // Already attached (or someone else's upload): 422 and no timeline entry.
    const before = (await getCase(t.app, dispatcher, caseId)).body.version;
    const again = await act(t.app, dispatcher, caseId, 'add_note', { reason: '再传一次', photoIds: [id] });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('INVALID_PHOTO');
    const residentPhoto = (await upload(jpeg, 'image/jpeg', { session: resident })).json().id;
    expect((await act(t.app, dispatcher, caseId, 'add_note', { reason: '别人的照片', photoIds: [residentPhoto] })).status).toBe(422);
    expect((await getCase(t.app, dispatcher, caseId)).body.version).toBe(before);
    expect((await stored(residentPhoto)).case_id).toBeNull();
  });

  it('deletes uploads abandoned for longer than GONGZHI_PHOTO_UNATTACHED_HOURS; attached and recent ones stay', async () => {
    const old = (await upload(jpeg, 'image/jpeg', { session: dispatcher })).json().id as string;
    const recent = (await upload(jpeg, 'image/jpeg', { session: dispatcher })).json().id as string;
    const attached = (await upload(jpeg, 'image/jpeg', { session: dispatcher })).json().id as string;
    const created = await createCase(t.app, dispatcher, { type: 'complaint', categoryCode: 'B0101', description: '路边垃圾桶满了没人清运', location: await pointIn(t, '310105004001001'), photoIds: [attached] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const longAgo = new Date(Date.now() - (t.ctx.config.caseIntake.photoUnattachedHours + 1) * 3600_000);
    await t.ctx.db.updateTable('case_photo').set({ created_at: longAgo }).where('id', 'in', [old, attached]).execute();

    const cutoff = new Date(Date.now() - t.ctx.config.caseIntake.photoUnattachedHours * 3600_000);
    expect(await new PhotoRepository(t.ctx.db).purgeUnattached(cutoff, 1000)).toBeGreaterThanOrEqual(1);
    const left = (await t.ctx.db.selectFrom('case_photo').select('id').where('id', 'in', [old, recent, attached]).execute()).map((r) => r.id);
    expect(left.sort()).toEqual([recent, attached].sort());
    expect((await read(old, dispatcher)).statusCode).toBe(404);
  });

  it('refuses by content: a mismatched declared type, a GIF, a non-image, a truncated JPEG; nothing is stored', async () => {
    const before = await t.ctx.db.selectFrom('case_photo').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const png = await makePng();
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
    const cases: [Buffer, string, string][] = [
      [png, 'image/jpeg', '不符'],
      [gif, 'image/gif', '不是 JPEG'],
      [Buffer.from('<html><script>alert(1)</script></html>'), 'image/png', '不是 JPEG'],
      [jpeg.subarray(0, 600), 'image/jpeg', '损坏'],
    ];
    for (const [body, type, message] of cases) {
      const res = await upload(body, type);
      expect(res.statusCode, `${type}: ${res.body}`).toBe(422);
      expect(res.json().error).toMatchObject({ code: 'INVALID_PHOTO', message: expect.stringContaining(message) });
    }
    const json = await t.app.inject({ method: 'POST', url: '/api/cases/photos', payload: { photo: 'x' }, remoteAddress: nextIp() });
    expect(json.statusCode).toBe(422);
    expect(json.json().error.code).toBe('INVALID_PHOTO');
    const pdf = await upload(Buffer.from('%PDF-1.4'), 'application/pdf');
    expect([pdf.statusCode, pdf.json().error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const after = await t.ctx.db.selectFrom('case_photo').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('answers 413 with the limit for a photo over GONGZHI_PHOTO_MAX_BYTES', async () => {
    const noisy = await sharp(Buffer.from(Array.from({ length: 300 * 300 * 3 }, (_, i) => (i * 7919) % 251)), { raw: { width: 300, height: 300, channels: 3 } }).jpeg({ quality: 100 }).toBuffer();
    expect(noisy.length).toBeGreaterThan(64 * 1024);
    const res = await upload(noisy, 'image/jpeg');
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: '照片不能超过 0.1 MB' });
  });

  it('who may upload: signed-in callers need case.create or case.act; machines may not; a failed credential is 401', async () => {
    const sys = await loginAs(t.app, 'system.admin');
    expect((await upload(jpeg, 'image/jpeg', { session: sys })).statusCode).toBe(403);
    const token = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: sys.headers, payload: { name: '物联网关', username: 'iot.photos', scopes: ['iot'] } });
    const machine = await upload(jpeg, 'image/jpeg', { headers: { authorization: `Bearer ${token.json().token}` } });
    expect(machine.statusCode).toBe(403);
    const forged = await upload(jpeg, 'image/jpeg', { headers: { authorization: 'Bearer gzt_not_a_real_token' } });
    expect([forged.statusCode, forged.json().error.code]).toEqual([401, 'TOKEN_INVALID']);
    // A session write without its CSRF token is refused before anything is read.
    const noCsrf = await upload(jpeg, 'image/jpeg', { headers: { cookie: resident.cookie } });
    expect(noCsrf.statusCode).toBe(403);
    expect((await upload(jpeg, 'image/jpeg', { session: dispatcher })).statusCode).toBe(201);
    // A department handler takes no cases in, but its notes and resolutions carry on-site photos.
    const handler = await loginAs(t.app, 'handler.chengguan');
    expect((await upload(jpeg, 'image/jpeg', { session: handler })).statusCode).toBe(201);
  });

  it('limits anonymous uploads per address (GONGZHI_ANON_PHOTOS_PER_HOUR), not signed-in ones', async () => {
    const addr = '198.51.100.7';
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await upload(jpeg, 'image/jpeg', { ip: addr })).statusCode);
    expect(codes).toEqual([201, 201, 201, 429]);
    const limited = await upload(jpeg, 'image/jpeg', { ip: addr });
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect((await upload(jpeg, 'image/jpeg', { ip: '198.51.100.8' })).statusCode).toBe(201);
    for (let i = 0; i < 4; i++) expect((await upload(jpeg, 'image/jpeg', { ip: addr, session: resident })).statusCode).toBe(201);
  });
});
