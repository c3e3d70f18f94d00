import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type Session } from '../support/auth.js';
import { createCase, pointIn } from '../support/cases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

// The list asks for a 街镇 scope by its path prefix and pages with a row comparison (repository.ts):
// both must give exactly what `path <@ scope` and (received_at, id) order give.
describe.skipIf(!testDbAvailable())('case list: scope, filters and cursor pages', () => {
  let t: TestApp;
  let xinhua: Session;
  let hongqiao: Session;
  let admin: Session;
  const mine = new Set<string>();
  const theirs = new Set<string>();

  const list = async (s: Session, qs: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/cases?${qs}`, headers: s.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: { id: string; receivedAt: string; status: string }[]; nextCursor: string | null };
  };
  const all = async (s: Session, qs: string) => {
    const out = [];
    let cursor: string | null = null;
    do {
      const page = await list(s, `${qs}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  };

  beforeAll(async () => {
    t = await startTestApp();
    [xinhua, hongqiao, admin] = await Promise.all(['dispatcher.xinhua', 'dispatcher.hongqiao', 'district.admin'].map((u) => loginAs(t.app, u)));
    const [px, ph] = [await pointIn(t, '310105004001001'), await pointIn(t, '310105009001001')];
    // Same receipt time for some: the cursor must break ties by id.
    const at = '2025-11-03T10:00:00+08:00';
    for (let i = 0; i < 5; i++) {
      const body = { channel: 'hotline_12345', categoryCode: i % 2 ? 'B0101' : 'B0203', description: `第${i}件：路边堆了很多生活垃圾，请处理`, receivedAt: i < 3 ? at : undefined };
      const a = await createCase(t.app, xinhua, { ...body, location: px });
      const b = await createCase(t.app, hongqiao, { ...body, location: ph });
      expect(a.status, JSON.stringify(a.body)).toBe(201);
      expect(b.status, JSON.stringify(b.body)).toBe(201);
      mine.add(a.body.case.id);
      theirs.add(b.body.case.id);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a dispatcher sees exactly the cases of the 街镇, page by page in order, none twice', async () => {
    const got = await all(xinhua, 'sort=received_desc');
    expect(new Set(got.map((c) => c.id))).toEqual(mine);
    expect(got.length).toBe(mine.size);
    const times = got.map((c) => Date.parse(c.receivedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const asc = await all(xinhua, 'sort=received_asc');
    expect(asc.map((c) => c.id)).toEqual([...got.map((c) => c.id)].reverse());
  });

  it('filters by category, word and unit inside the scope; the district admin sees both 街镇', async () => {
    const cat = await all(xinhua, 'category=B0101');
    expect(cat.length).toBe(2);
    expect(cat.every((c) => mine.has(c.id))).toBe(true);
    expect((await all(xinhua, `q=${encodeURIComponent('垃圾')}`)).length).toBe(5);
    expect((await all(xinhua, 'unit=310105004')).length).toBe(5);
    expect((await all(xinhua, 'unit=310105009')).length).toBe(0);
    const everyone = await all(admin, 'sort=received_desc');
    expect(new Set(everyone.map((c) => c.id))).toEqual(new Set([...mine, ...theirs]));
    expect(new Set((await all(admin, 'unit=310105009')).map((c) => c.id))).toEqual(theirs);
  });
});
