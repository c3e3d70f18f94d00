import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassifierRepository } from '../../src/modules/cases/classify/repository.js';
import { createClassifier } from '../../src/modules/cases/classify/service.js';
import { generateCaseTexts } from '../../src/modules/cases/synthetic.js';
import { seedTaxonomy } from '../../src/modules/cases/taxonomy.js';
import { searchDocument } from '../../src/modules/cases/text/segment.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

const pets = ['小区里养狗不拴绳，吓到小孩', '邻居家的狗天天乱叫', '楼下有人遛狗不清理粪便', '大型犬在小区里没有牵绳', '流浪狗在小区咬人了'];
// Background retrain errors fail the run instead of going to stderr.
const failLoudly = { onError: (err: unknown) => { throw err; } };

describe.skipIf(!testDbAvailable())('classification assist learns from the case history', () => {
  let t: TestApp;
  let seq = 0;
  const base = Date.parse('2025-06-01T09:00:00+08:00');

  /** Case rows as intake would leave them (only what the classifier and the constraints need). */
  async function insertCases(cases: { title: string; description: string; type: string; categoryCode: string | null }[]) {
    const rows = cases.map((c) => {
      seq++;
      return {
        number: `20250601${String(seq).padStart(6, '0')}`,
        channel: 'resident_app',
        type: c.type,
        category_code: c.categoryCode,
        title: c.title,
        description: c.description,
        lng: 121.42,
        lat: 31.22,
        path: '310105',
        status: 'received',
        // a minute apart, newest last, so "most recent" has a meaning
        received_at: new Date(base + seq * 60_000),
        search_vector: sql<string>`to_tsvector('simple', ${searchDocument(`${c.title} ${c.description}`)})`,
      };
    });
    for (let i = 0; i < rows.length; i += 500) await t.ctx.db.insertInto('case_record').values(rows.slice(i, i + 500)).execute();
  }

  beforeAll(async () => {
    t = await startTestApp({ GONGZHI_SEED_SCALE: 'none' });
    // The taxonomy, unless the seed step already put it there.
    const categories = seedTaxonomy.flatMap((g, gi) => [
      { code: g.code, parent_code: null, name: g.name, kind: g.kind, sort_order: gi },
      ...g.children.map((c, ci) => ({ code: c.code, parent_code: g.code, name: c.name, kind: g.kind, sort_order: ci })),
    ]);
    await t.ctx.db.insertInto('case_category').values(categories).onConflict((oc) => oc.column('code').doNothing()).execute();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('on a fresh database learns from the synthetic corpus and suggests from the taxonomy', async () => {
    const c = await createClassifier(t.ctx.db, failLoudly);
    const s = c.suggest('长宁路1158弄门口窨井盖缺失，晚上路过很危险，请尽快处理');
    expect(s.categoryCode).toBe('A0101');
    expect(s.alternatives[0]!.name).toBe('窨井盖缺失破损');
    expect(s.modelTrainedOn).toBe(3000);
    // The server's own instance, built at boot, answers too.
    expect(t.ctx.classifier.suggest('电梯坏了，老人被困').typeConfidence).toBeGreaterThan(0);
  });

  it('learns the history once there is enough of it, including a category the district added', async () => {
    await t.ctx.db.insertInto('case_category').values({ code: 'B0903', parent_code: 'B09', name: '宠物管理', kind: 'event' }).execute();
    await insertCases(generateCaseTexts(400, 99));
    await insertCases(Array.from({ length: 60 }, (_, i) => ({ title: pets[i % pets.length]!, description: `${pets[(i + 2) % pets.length]!}，反映第${i}次。`, type: 'complaint', categoryCode: 'B0903' })));
    // Uncategorised cases are not learnt from.
    await insertCases([{ title: '无分类', description: '没有分类的案件不参与训练', type: 'consult', categoryCode: null }]);

    const c = await createClassifier(t.ctx.db, failLoudly);
    const s = c.suggest('小区里有人遛狗不牵绳，狗还乱叫');
    expect(s.modelTrainedOn).toBe(460); // the history only: no synthetic cases any more
    expect(s.categoryCode).toBe('B0903');
    expect(s.alternatives[0]).toMatchObject({ categoryCode: 'B0903', name: '宠物管理' });
    expect(c.suggest('3号楼电梯故障，老人被困在里面').categoryCode).toBe('A0104');
  });

  it('stops suggesting a category the district retires, after a retrain', async () => {
    const c = await createClassifier(t.ctx.db, failLoudly);
    const text = '楼下有人遛狗不清理粪便';
    expect(c.suggest(text).categoryCode).toBe('B0903');
    await t.ctx.db.updateTable('case_category').set({ active: false }).where('code', '=', 'B0903').execute();
    try {
      expect(await c.retrain()).toEqual({ trainedOn: 460 });
      expect(c.suggest(text).alternatives.map((a) => a.categoryCode)).not.toContain('B0903');
    } finally {
      await t.ctx.db.updateTable('case_category').set({ active: true }).where('code', '=', 'B0903').execute();
    }
  });

  it('retrains in the background after enough new cases, answering from the old model meanwhile', async () => {
    const c = await createClassifier(t.ctx.db, { ...failLoudly, retrainAfter: 50, minRetrainIntervalMs: 0 });
    const before = c.suggest('路灯不亮').modelTrainedOn;
    await insertCases(generateCaseTexts(50, 1234));
    for (let i = 0; i < 49; i++) c.observe();
    expect(c.suggest('路灯不亮').modelTrainedOn).toBe(before);
    c.observe(); // the 50th starts a retrain; suggest keeps answering from the current model
    expect(c.suggest('路灯不亮').modelTrainedOn).toBe(before);
    await expect.poll(() => c.suggest('路灯不亮').modelTrainedOn, { timeout: 30_000, interval: 50 }).toBe(before + 50);
  });

  it('a retrain asked for during another one still sees the newest cases; callers meanwhile share one follow-up', async () => {
    const c = await createClassifier(t.ctx.db, failLoudly);
    const n = c.suggest('x').modelTrainedOn;
    const first = c.retrain();
    await insertCases(generateCaseTexts(20, 4321));
    // Whether or not the first run is still going, this one must read the 20 new cases.
    const second = c.retrain();
    expect((await second).trainedOn).toBe(n + 20);
    expect((await first).trainedOn).toBeGreaterThanOrEqual(n);
    expect(c.suggest('x').modelTrainedOn).toBe(n + 20);

    const a = c.retrain();
    const b = c.retrain();
    const d = c.retrain();
    expect(b).not.toBe(a);
    expect(b).toBe(d);
    expect(await Promise.all([a, b])).toEqual([{ trainedOn: n + 20 }, { trainedOn: n + 20 }]);
  });

  it('learns from the most recent cases only, read page by page', async () => {
    const all = await t.ctx.db.selectFrom('case_record').select(['title', 'received_at']).where('category_code', 'is not', null).orderBy('received_at', 'desc').execute();
    const recent = await new ClassifierRepository(t.ctx.db).recentCases(250, 40);
    expect(recent.map((r) => r.text.split('。')[0])).toEqual(all.slice(0, 250).map((r) => r.title));
    const c = await createClassifier(t.ctx.db, { ...failLoudly, maxHistory: 100, minHistory: 50 });
    expect(c.suggest('x').modelTrainedOn).toBe(100);
  });
});
