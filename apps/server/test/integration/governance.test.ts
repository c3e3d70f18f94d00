import { compoundTypes } from '@gongzhi/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedGovernance } from '../../src/modules/governance/seed.js';
import { auditRows } from '../support/accounts.js';
import { loginAs, type Session } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable, testDbKind } from '../support/test-db.js';

interface Item { id: string; listKind: string; title: string; detail: string; sortOrder: number }
interface Indicator { id: string; name: string; weight: number; active: boolean; description: string }
interface TypeView { lists: Record<'problems' | 'resources' | 'services', Item[]>; guide: { html: string; version: number }; indicators: Indicator[]; editable: boolean }

describe.skipIf(!testDbAvailable())(`分类治理: lists, guide, indicators, evaluation (${testDbKind()})`, () => {
  let t: TestApp;
  let admin: Session;
  let staff: Session;
  let grid: Session;
  /** A compound in staff.xinhua's 居委会 (番禺, 310105004001) and one in 虹桥街道. */
  let own: { id: string; type: string };
  let foreign: { id: string; type: string };

  const req = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, s?: Session, payload?: unknown) =>
    t.app.inject({ method, url, ...(s ? { headers: s.headers } : {}), ...(payload !== undefined ? { payload: payload as object } : {}) });
  const view = async (type: string, s: Session = admin): Promise<TypeView> => {
    const res = await req('GET', `/api/governance/types/${type}`, s);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const compoundIn = async (path: string) =>
    t.ctx.db
      .selectFrom('compound')
      .select(['id', 'type'])
      .where(sql<boolean>`path <@ ${path}::ltree`)
      .orderBy('code')
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await startTestApp();
    [admin, staff, grid] = await Promise.all(['district.admin', 'staff.xinhua', 'grid.xinhua'].map((u) => loginAs(t.app, u)));
    const unitPath = async (code: string) => (await t.ctx.db.selectFrom('jurisdiction_unit').select('path').where('code', '=', code).executeTakeFirstOrThrow()).path;
    own = await compoundIn(await unitPath('310105004001'));
    foreign = await compoundIn(await unitPath('310105009'));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('seeds every type with three lists, a guide and indicators adding up to 100, once', async () => {
    for (const type of compoundTypes) {
      const v = await view(type, staff);
      expect(v.editable).toBe(false);
      for (const kind of ['problems', 'resources', 'services'] as const) expect(v.lists[kind].length).toBeGreaterThanOrEqual(3);
      expect(v.guide.html).toContain('<h3>');
      expect(v.indicators.length).toBeGreaterThanOrEqual(4);
      expect(v.indicators.reduce((s, i) => s + i.weight, 0)).toBe(100);
    }
    expect((await view('resold_public')).lists.problems.map((i) => i.title)).toEqual(expect.arrayContaining(['老旧设施更新', '加装电梯', '停车难']));
    expect((await view('old_villa')).lists.problems.map((i) => i.title)).toEqual(expect.arrayContaining(['风貌保护', '违法搭建']));
    const before = await t.ctx.db.selectFrom('governance_item').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(await seedGovernance(t.ctx.db)).toBe(false);
    const after = await t.ctx.db.selectFrom('governance_item').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const overview = (await req('GET', '/api/governance/types', grid)).json() as { items: { type: string; problems: number; compounds: number }[] };
    expect(overview.items).toHaveLength(6);
    expect(overview.items.find((i) => i.type === 'old_villa')!.problems).toBe(4);
  });

  it('district admin adds, edits, reorders and deletes items; staff may not (403)', async () => {
    expect((await req('POST', '/api/governance/types/old_villa/items', staff, { listKind: 'problems', title: '屋顶漏水' })).statusCode).toBe(403);
    expect((await auditRows(t, 'governance.configure')).some((r) => r.outcome === 'denied')).toBe(true);
    const add = await req('POST', '/api/governance/types/old_villa/items', admin, { listKind: 'problems', title: '  屋顶漏水 ', detail: '木结构屋面年久失修' });
    expect(add.statusCode, add.body).toBe(201);
    const item = add.json() as Item;
    expect(item).toMatchObject({ title: '屋顶漏水', listKind: 'problems', sortOrder: 4 });
    expect((await req('POST', '/api/governance/types/old_villa/items', admin, { listKind: 'problems', title: '' })).json().error.code).toBe('VALIDATION_FAILED');

    const edit = await req('PATCH', `/api/governance/types/old_villa/items/${item.id}`, admin, { title: '屋面渗漏' });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json()).toMatchObject({ title: '屋面渗漏', detail: '木结构屋面年久失修' });
    // The same id under another type is not found.
    expect((await req('PATCH', `/api/governance/types/commercial/items/${item.id}`, admin, { title: 'x' })).statusCode).toBe(404);
    expect((await req('PATCH', `/api/governance/types/old_villa/items/${item.id}`, staff, { title: 'x' })).statusCode).toBe(403);

    const ids = (await view('old_villa')).lists.problems.map((i) => i.id);
    const reversed = [...ids].reverse();
    const order = await req('PUT', '/api/governance/types/old_villa/lists/problems/order', admin, { ids: reversed });
    expect(order.statusCode, order.body).toBe(200);
    expect((await view('old_villa')).lists.problems.map((i) => i.id)).toEqual(reversed);
    const partial = await req('PUT', '/api/governance/types/old_villa/lists/problems/order', admin, { ids: reversed.slice(1) });
    expect(partial.statusCode).toBe(400);

    expect((await req('DELETE', `/api/governance/types/old_villa/items/${item.id}`, staff)).statusCode).toBe(403);
    expect((await req('DELETE', `/api/governance/types/old_villa/items/${item.id}`, admin)).statusCode).toBe(200);
    expect((await view('old_villa')).lists.problems.map((i) => i.title)).not.toContain('屋面渗漏');
    expect((await req('DELETE', `/api/governance/types/old_villa/items/${item.id}`, admin)).statusCode).toBe(404);
    const audit = await auditRows(t, 'governance.item_update', item.id);
    expect(audit[0]!.before).toMatchObject({ title: '屋顶漏水' });
    expect(audit[0]!.after).toMatchObject({ title: '屋面渗漏' });
  });

  it('the guide is sanitised on write and a stale version answers 409', async () => {
    const { guide } = await view('commercial');
    const html =
      '<h2>攻略</h2><p onclick="steal()">业委会<strong>规范</strong>运作<script>alert(1)</script></p><img src=x onerror="alert(2)"><a href="javascript:alert(3)">链接</a><a href="https://example.org/x">参考</a><iframe src="https://evil"></iframe><ul><li style="color:red">一</li></ul>';
    const res = await req('PUT', '/api/governance/types/commercial/guide', admin, { html, version: guide.version });
    expect(res.statusCode, res.body).toBe(200);
    const saved = res.json() as { html: string; version: number };
    expect(saved.version).toBe(guide.version + 1);
    for (const bad of ['<script', 'alert', 'onclick', 'onerror', '<img', 'javascript:', '<iframe', 'style=']) expect(saved.html).not.toContain(bad);
    expect(saved.html).toContain('<strong>规范</strong>');
    expect(saved.html).toContain('<a href="https://example.org/x" rel="noopener noreferrer" target="_blank">参考</a>');
    expect(saved.html).toContain('<li>一</li>');
    expect((await view('commercial')).guide.html).toBe(saved.html);
    // Someone else saved since: the old version is refused.
    const stale = await req('PUT', '/api/governance/types/commercial/guide', admin, { html: '<p>旧稿</p>', version: guide.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('CONFLICT');
    expect((await req('PUT', '/api/governance/types/commercial/guide', staff, { html: '<p>x</p>', version: saved.version })).statusCode).toBe(403);
  });

  it('active weights must add up to 100 (Chinese 400 otherwise)', async () => {
    const { indicators } = await view('resettlement');
    const set = indicators.map((i) => ({ id: i.id, name: i.name, description: i.description, weight: i.weight, active: i.active }));
    const bad = await req('PUT', '/api/governance/types/resettlement/indicators', admin, { indicators: set.map((i, k) => (k === 0 ? { ...i, weight: i.weight - 10 } : i)) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'INVALID_WEIGHTS', message: '启用指标的权重合计须为 100，当前为 90' });
    // An inactive indicator's weight does not count; thirds with two decimals add up exactly.
    const next = [
      { id: set[0]!.id, name: set[0]!.name, weight: 33.33, active: true },
      { id: set[1]!.id, name: set[1]!.name, weight: 33.33, active: true },
      { name: '社区安全', description: '治安与消防', weight: 33.34, active: true },
      { id: set[2]!.id, name: set[2]!.name, weight: 50, active: false },
    ];
    const ok = await req('PUT', '/api/governance/types/resettlement/indicators', admin, { indicators: next });
    expect(ok.statusCode, ok.body).toBe(200);
    const saved = ok.json().items as Indicator[];
    expect(saved.map((i) => [i.name, i.weight, i.active])).toEqual([
      [set[0]!.name, 33.33, true],
      [set[1]!.name, 33.33, true],
      ['社区安全', 33.34, true],
      [set[2]!.name, 50, false],
    ]);
    expect((await req('PUT', '/api/governance/types/resettlement/indicators', staff, { indicators: next })).statusCode).toBe(403);
  });

  it('staff evaluate a compound of their scope: weighted total, replaced on re-evaluation, history and comparison', async () => {
    const { indicators } = await view(own.type, staff);
    const active = indicators.filter((i) => i.active);
    const scores = active.map((i, k) => ({ indicatorId: i.id, score: 60 + k * 10 }));
    const expected = Math.round(active.reduce((s, i, k) => s + (i.weight * (60 + k * 10)) / 100, 0) * 100) / 100;
    const res = await req('POST', `/api/compounds/${own.id}/evaluations`, staff, { year: 2025, scores, note: '年度评估' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ year: 2025, total: expected, replaced: false });
    expect(res.json().scores.map((s: { name: string }) => s.name)).toEqual(active.map((i) => i.name));

    const missing = await req('POST', `/api/compounds/${own.id}/evaluations`, staff, { year: 2025, scores: scores.slice(1) });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('INVALID_EVALUATION');
    expect(missing.json().error.message).toContain(active[0]!.name);
    expect((await req('POST', `/api/compounds/${own.id}/evaluations`, staff, { year: 2025, scores: scores.map((s) => ({ ...s, score: 101 })) })).statusCode).toBe(400);

    const again = await req('POST', `/api/compounds/${own.id}/evaluations`, staff, { year: 2025, scores: scores.map((s) => ({ ...s, score: 100 })) });
    expect(again.json()).toMatchObject({ total: 100, replaced: true });
    await req('POST', `/api/compounds/${own.id}/evaluations`, staff, { year: 2024, scores: scores.map((s) => ({ ...s, score: 50 })) });
    const history = (await req('GET', `/api/compounds/${own.id}/evaluations`, staff)).json().items as { year: number; total: number }[];
    expect(history.map((h) => [h.year, h.total])).toEqual([
      [2025, 100],
      [2024, 50],
    ]);
    const audit = await auditRows(t, 'compound.evaluation_replace', own.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toMatchObject({ year: 2025, total: expected });

    // Another 街镇's compound: not found for the staff of 番禺, evaluable by the district admin.
    expect((await req('POST', `/api/compounds/${foreign.id}/evaluations`, staff, { year: 2025, scores })).statusCode).toBe(404);
    expect((await req('GET', `/api/compounds/${foreign.id}/evaluations`, staff)).statusCode).toBe(404);

    const cmp = (await req('GET', `/api/governance/types/${own.type}/comparison?year=2025`, staff)).json();
    expect(cmp.rows).toHaveLength(1);
    expect(cmp.rows[0]).toMatchObject({ rank: 1, total: 100, compound: { id: own.id } });
    expect(cmp.averages.total).toBe(100);
    expect(cmp.indicators.map((i: { name: string }) => i.name)).toEqual(active.map((i) => i.name));
  });

  it('comparison ranks the compounds of a type in scope with averages', async () => {
    const type = own.type;
    const paths = await t.ctx.db.selectFrom('compound').select(['id', 'path']).where('type', '=', type).where(sql<boolean>`path <@ '310105'::ltree`).orderBy('code').limit(3).execute();
    const { indicators } = await view(type);
    const active = indicators.filter((i) => i.active);
    const totals: number[] = [];
    for (const [k, c] of paths.entries()) {
      const res = await req('POST', `/api/compounds/${c.id}/evaluations`, admin, { year: 2026, scores: active.map((i) => ({ indicatorId: i.id, score: 70 + k * 10 })) });
      expect(res.statusCode, res.body).toBe(200);
      totals.push(res.json().total);
    }
    const cmp = (await req('GET', `/api/governance/types/${type}/comparison?year=2026`, admin)).json();
    expect(cmp.rows.map((r: { total: number }) => r.total)).toEqual([...totals].sort((a, b) => b - a));
    expect(cmp.rows.map((r: { rank: number }) => r.rank)).toEqual(paths.map((_, i) => i + 1));
    expect(cmp.averages.scores[active[0]!.id]).toBe(80);
    expect(cmp.averages.total).toBe(Math.round((totals.reduce((a, b) => a + b, 0) / totals.length) * 100) / 100);
    expect(cmp.notEvaluated).toBeGreaterThanOrEqual(0);
    expect((await req('GET', `/api/governance/types/${type}/comparison?year=1999`, admin)).statusCode).toBe(400);
  });
});
