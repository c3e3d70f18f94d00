import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/modules/audit/verify.js';
import { intakeBatcherOf } from '../../src/modules/cases/intake-batch.js';
import { type PrepareItem, prepareStatement } from '../../src/modules/cases/intake-prepare.js';
import { sql } from 'kysely';
import { loginAs, type Session } from '../support/auth.js';
import { createCase, getCase, pointIn } from '../support/cases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

// The intake write is one statement (intake-repository.ts) with the audit append inside it
// (migration 0007); under the 国密 suite the append runs in Node in the same transaction.
for (const suite of ['standard', 'sm'] as const) {
  describe.skipIf(!testDbAvailable())(`intake write (${suite} suite): idempotency, sources, photos, numbers, audit`, () => {
    let t: TestApp;
    let dispatcher: Session;
    let where: [number, number];
    const body = (extra: Record<string, unknown> = {}) => ({ channel: 'hotline_12345', categoryCode: 'B0203', description: '小区门口车辆乱停堵住出入口，请尽快处理', location: where, ...extra });
    const count = async (table: 'case_record' | 'audit_log') => Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    beforeAll(async () => {
      t = await startTestApp(suite === 'sm' ? { GONGZHI_CRYPTO: 'sm' } : {});
      dispatcher = await loginAs(t.app, 'dispatcher.xinhua');
      where = await pointIn(t, '310105004001001');
    });
    afterAll(async () => {
      await t?.close();
    });

    it('answers with the case as a read shows it, numbers consecutively within the day, one audit record each', async () => {
      const before = await count('audit_log');
      const made = [];
      for (let i = 0; i < 3; i++) made.push(await createCase(t.app, dispatcher, body({ description: `第 ${i} 个：小区门口车辆乱停堵住出入口` })));
      for (const m of made) expect(m.status, JSON.stringify(m.body)).toBe(201);
      const nums = made.map((m) => Number(m.body.case.number.slice(8)));
      expect(nums[1]).toBe(nums[0]! + 1);
      expect(nums[2]).toBe(nums[1]! + 1);
      const read = await getCase(t.app, dispatcher, made[0]!.body.case.id);
      expect(made[0]!.body.case).toEqual(read.body);
      expect((await count('audit_log')) - before).toBe(3);
      const rec = await t.ctx.db.selectFrom('audit_log').select(['after', 'hash']).where('resource_id', '=', made[2]!.body.case.id).executeTakeFirstOrThrow();
      expect((rec.after as { number: string }).number).toBe(made[2]!.body.case.number);
      expect(rec.hash.startsWith(suite === 'sm' ? 'sm3:' : 'sha256:')).toBe(true);
    });

    it('replays the first result for the same Idempotency-Key, also when the retries race', async () => {
      const key = randomUUID();
      const first = await createCase(t.app, dispatcher, body(), { 'idempotency-key': key });
      expect(first.status).toBe(201);
      const again = await createCase(t.app, dispatcher, body(), { 'idempotency-key': key });
      expect(again.status).toBe(200);
      expect(again.body.replayed).toBe(true);
      expect(again.body.case.id).toBe(first.body.case.id);
      const other = await createCase(t.app, dispatcher, body({ description: '另一件事：楼道里电动车违规充电' }), { 'idempotency-key': key });
      expect(other.body.error.code).toBe('IDEMPOTENCY_MISMATCH');

      const cases = await count('case_record');
      const key2 = randomUUID();
      const racing = await Promise.all(Array.from({ length: 5 }, () => createCase(t.app, dispatcher, body(), { 'idempotency-key': key2 })));
      expect(racing.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
      expect(new Set(racing.map((r) => r.body.case.id)).size).toBe(1);
      expect(await count('case_record')).toBe(cases + 1);
    });

    it('refuses a source number already taken in that channel, but replays a retry of the same request', async () => {
      const key = randomUUID();
      const src = `BH${Date.now()}`;
      const first = await createCase(t.app, dispatcher, body({ sourceRef: src }), { 'idempotency-key': key });
      expect(first.status).toBe(201);
      const dup = await createCase(t.app, dispatcher, body({ sourceRef: src }), { 'idempotency-key': randomUUID() });
      expect(dup.status).toBe(409);
      expect(dup.body.error.code).toBe('DUPLICATE_SOURCE');
      const retry = await createCase(t.app, dispatcher, body({ sourceRef: src }), { 'idempotency-key': key });
      expect(retry.status).toBe(200);
      expect(retry.body.case.id).toBe(first.body.case.id);
    });

    it('attaches unused photos with the case, and writes nothing when one is gone', async () => {
      const photo = async () =>
        (
          await t.ctx.db
            .insertInto('case_photo')
            .values({ content_type: 'image/jpeg', size_bytes: 3, sha256: 'x', data: Buffer.from([1, 2, 3]), uploaded_by: dispatcher.userId })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      const [a, b] = [await photo(), await photo()];
      const ok = await createCase(t.app, dispatcher, body({ photoIds: [a] }));
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
      expect(ok.body.case.photos.map((x: { id: string }) => x.id)).toEqual([a]);
      const cases = await count('case_record');
      const audits = await count('audit_log');
      const bad = await createCase(t.app, dispatcher, body({ photoIds: [b, a] }));
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.field).toBe('photoIds');
      expect(await count('case_record')).toBe(cases);
      expect(await count('audit_log')).toBe(audits);
      const unattached = await t.ctx.db.selectFrom('case_photo').select('case_id').where('id', '=', b).executeTakeFirstOrThrow();
      expect(unattached.case_id).toBeNull();
      // The refused intake took no number: the next one continues the sequence.
      const next = await createCase(t.app, dispatcher, body());
      expect(Number(next.body.case.number.slice(8))).toBe(Number(ok.body.case.number.slice(8)) + 1);
    });

    it('writes concurrent intakes together (group commit): each case once, its own audit record, its own error', async () => {
      const photo = (
        await t.ctx.db
          .insertInto('case_photo')
          .values({ content_type: 'image/jpeg', size_bytes: 3, sha256: 'y', data: Buffer.from([4, 5, 6]), uploaded_by: dispatcher.userId })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      const stats = { ...intakeBatcherOf(t.ctx).stats };
      const [cases, audits] = [await count('case_record'), await count('audit_log')];
      const key = randomUUID();
      const requests = [
        ...Array.from({ length: 24 }, (_, i) => createCase(t.app, dispatcher, body({ description: `并发登记第 ${i} 件：路灯不亮` }), { 'idempotency-key': randomUUID() })),
        // Two retries of one request and two intakes wanting the same photo, among them.
        createCase(t.app, dispatcher, body({ description: '同一请求重试' }), { 'idempotency-key': key }),
        createCase(t.app, dispatcher, body({ description: '同一请求重试' }), { 'idempotency-key': key }),
        createCase(t.app, dispatcher, body({ description: '抢同一张照片 甲', photoIds: [photo] })),
        createCase(t.app, dispatcher, body({ description: '抢同一张照片 乙', photoIds: [photo] })),
      ];
      const res = await Promise.all(requests);
      const plain = res.slice(0, 24);
      for (const r of plain) expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(res.slice(24, 26).map((r) => r.status).sort()).toEqual([200, 201]);
      expect(res[24]!.body.case.id).toBe(res[25]!.body.case.id);
      const photoOutcomes = res.slice(26).map((r) => r.status).sort();
      expect(photoOutcomes).toEqual([201, 400]);
      expect(res.slice(26).find((r) => r.status === 400)!.body.error.details.field).toBe('photoIds');

      // 24 + 1 + 1 cases, each with exactly one case.create record, numbers unique.
      expect(await count('case_record')).toBe(cases + 26);
      expect(await count('audit_log')).toBe(audits + 26);
      const ids = [...plain, res[24]!, ...res.slice(26).filter((r) => r.status === 201)].map((r) => r.body.case.id as string);
      const recs = await t.ctx.db.selectFrom('audit_log').select('resource_id').where('action', '=', 'case.create').where('resource_id', 'in', ids).execute();
      expect(recs.map((r) => r.resource_id).sort()).toEqual([...ids].sort());
      expect(new Set(res.filter((r) => r.status === 201).map((r) => r.body.case.number)).size).toBe(26);
      const now = intakeBatcherOf(t.ctx).stats;
      expect(now.items - stats.items).toBeGreaterThanOrEqual(26);
      // Fewer statements (or transactions) than intakes: some were written together.
      expect(now.batches - stats.batches).toBeLessThan(now.items - stats.items);
      expect((await verifyChain(t.ctx.db)).ok).toBe(true);
    });

    it.runIf(suite === 'standard')('looks up used keys and known sources by index, however many there are', async () => {
      // Regression: as EXISTS in the select list, the key check was planned as a hash of the whole
      // idempotency table, built again for every batch (10 ms at 15k keys, growing with the table).
      await sql`INSERT INTO idempotency_record (caller, key, request_hash, resource_id)
        SELECT 'u:bench', 'k' || g, 'h', gen_random_uuid() FROM generate_series(1, 30000) g`.execute(t.ctx.db);
      await sql`ANALYZE idempotency_record`.execute(t.ctx.db);
      const item = (i: number): PrepareItem => ({
        day: '2026-11-28',
        idempotency: { caller: 'u:bench', key: `probe-${i}` },
        source: { channel: 'hotline_12345', ref: `SR-${i}` },
        photos: { ids: [], uploader: null },
        duplicate: { lng: where[0], lat: where[1], radiusM: 100, since: new Date(Date.now() - 72 * 3600_000), text: '井盖松动', minSimilarity: 0.3 },
      });
      for (const n of [1, 64]) {
        const plan = await sql<{ 'QUERY PLAN': unknown }>`EXPLAIN (FORMAT JSON) ${prepareStatement(Array.from({ length: n }, (_, i) => item(i)))}`.execute(t.ctx.db);
        const reads = planNodes((plan.rows[0]!['QUERY PLAN'] as { Plan: PlanNode }[])[0]!.Plan)
          .filter((p) => p['Relation Name'] === 'idempotency_record' || p['Relation Name'] === 'case_record')
          .map((p) => `${p['Node Type']} ${p['Relation Name']} ${p['Index Name'] ?? ''}`.trim());
        expect(reads).toContain('Index Only Scan idempotency_record idempotency_record_pkey');
        expect(reads.filter((r) => r.startsWith('Seq Scan')), reads.join('; ')).toEqual([]);
      }
    });

    it('leaves an audit chain that verifies', async () => {
      const v = await verifyChain(t.ctx.db);
      expect(v.broken).toBeNull();
      expect(v.ok).toBe(true);
    });
  });
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}
const planNodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(planNodes)];
