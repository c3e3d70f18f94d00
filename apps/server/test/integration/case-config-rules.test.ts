import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseConfigCache } from '../../src/modules/cases/config-cache.js';
import { auditRows } from '../support/accounts.js';
import { loginAs, type Session } from '../support/auth.js';
import { createCase, departmentId, pointIn } from '../support/cases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable, testDbKind } from '../support/test-db.js';

interface Rule {
  id: string;
  category: { code: string; name: string };
  subdistrict: { code: string; name: string } | null;
  lead: { kind: string | null; level: string | null; department: { id: string; name: string } | null };
  resolved: { subdistrict: { code: string; name: string }; lead: { name: string; level: string } | null; fallback: boolean }[];
  overriddenIn: { code: string }[];
}

describe.skipIf(!testDbAvailable())(`权责清单 and deadline rules: configuration API (${testDbKind()})`, () => {
  let t: TestApp;
  let admin: Session;
  let dispatcher: Session;
  let xinhua: [number, number];
  let hongqiao: [number, number];
  let cgzf: string;
  let n = 0;

  const req = (method: 'GET' | 'PUT' | 'DELETE', url: string, s?: Session, payload?: Record<string, unknown>) =>
    t.app.inject({ method, url, ...(s ? { headers: s.headers } : {}), ...(payload ? { payload } : {}) });
  /** A case in B0201 (无证摊贩) at a place. */
  const stall = async (where: [number, number], s: Session = dispatcher) => {
    n += 1;
    const r = await createCase(t.app, s, {
      categoryCode: 'B0201',
      type: 'complaint',
      description: `第${n}次反映：${['早市', '夜市', '学校门口', '公交站旁', '菜场外', '地铁口', '医院门口', '桥下'][n % 8]}有人摆摊占道第${n * 7}号`,
      location: where,
      channel: 'grid_patrol',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { autoDispatched: boolean; case: { status: string; leadDepartment: { id: string; name: string } | null; deadlines: { handleDueAt: string } } };
  };
  const rulesFor = async (query: string, s: Session = admin): Promise<Rule[]> => {
    const res = await req('GET', `/api/responsibility-rules${query}`, s);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };

  beforeAll(async () => {
    // Many cases at one point with similar text: only identical text counts as a duplicate here, so
    // each intake reaches the 权责清单 instead of waiting for a merge.
    t = await startTestApp({ GONGZHI_DUPLICATE_MIN_SIMILARITY: '1' });
    [admin, dispatcher] = await Promise.all(['district.admin', 'dispatcher.xinhua'].map((u) => loginAs(t.app, u)));
    xinhua = await pointIn(t, '310105004001001');
    hongqiao = await pointIn(t, '310105009');
    cgzf = await departmentId(t, '310105-CGZF');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows the list with names and the department each rule lands on in a 街镇', async () => {
    expect((await req('GET', '/api/responsibility-rules')).statusCode).toBe(401);
    const items = await rulesFor('?subdistrict=310105004', dispatcher);
    const b0201 = items.find((r) => r.category.code === 'B0201')!;
    expect(b0201.category.name).toBe('无证摊贩');
    expect(b0201.subdistrict).toBeNull();
    expect(b0201.lead).toMatchObject({ kind: 'urban_management', level: 'subdistrict', department: null });
    expect(b0201.resolved).toHaveLength(1);
    expect(b0201.resolved[0]!.subdistrict.name).toBe('新华路街道');
    expect(b0201.resolved[0]!.lead!.name).toBe('新华路城管执法中队');

    // Without a 街镇: resolved for every 街镇 of the district.
    const all = await rulesFor('?category=B02');
    expect(all.map((r) => r.category.code)).toEqual(['B0201', 'B0202', 'B0203']);
    expect(all[0]!.resolved.length).toBe(10);
    expect((await req('GET', '/api/responsibility-rules?subdistrict=310105999', admin)).json().error.code).toBe('UNIT_NOT_FOUND');
  });

  it('an edited district rule is what the next intake dispatches by', async () => {
    expect((await stall(xinhua)).case.leadDepartment!.name).toBe('新华路城管执法中队');
    // Another instance's cache (no local invalidate) reloads through the version stamp.
    const other = new CaseConfigCache(t.ctx.db, 0);
    expect((await other.get()).rules.find((r) => r.categoryCode === 'B0201' && !r.subdistrictId)!.leadKind).toBe('urban_management');
    const res = await req('PUT', '/api/responsibility-rules/B0201', admin, { lead: { kind: 'market_regulation', level: 'subdistrict' }, assistKinds: ['public_security'], note: '试点调整' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: false, warnings: [] });
    expect(res.json().rule.resolved.find((x: Rule['resolved'][number]) => x.subdistrict.code === '310105009').lead.name).toBe('虹桥市场监管所');

    expect((await other.get()).rules.find((r) => r.categoryCode === 'B0201' && !r.subdistrictId)!.leadKind).toBe('market_regulation');
    const next = await stall(xinhua);
    expect(next.autoDispatched).toBe(true);
    expect(next.case.leadDepartment!.name).toBe('新华路市场监管所');

    const [row] = await auditRows(t, 'responsibility_rule.update', res.json().rule.id);
    expect(row!.actor_name).toBe('district.admin');
    expect(row!.before).toMatchObject({ leadKind: 'urban_management', leadLevel: 'subdistrict', assistKinds: [] });
    expect(row!.after).toMatchObject({ leadKind: 'market_regulation', leadLevel: 'subdistrict', assistKinds: ['public_security'], note: '试点调整' });
  });

  it('a 街镇 rule beats the district rule there only, and removing it restores the district rule', async () => {
    let res = await req('PUT', '/api/responsibility-rules/B0201/subdistricts/310105004', admin, { lead: { departmentId: cgzf } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().rule.subdistrict.name).toBe('新华路街道');
    expect(res.json().rule.lead.department.name).toBe('区城管执法局');

    expect((await stall(xinhua)).case.leadDepartment!.id).toBe(cgzf);
    expect((await stall(hongqiao, admin)).case.leadDepartment!.name).toBe('虹桥市场监管所');

    const listed = await rulesFor('?subdistrict=310105004&category=B0201');
    expect(listed.map((r) => r.subdistrict?.code ?? null)).toEqual([null, '310105004']);
    expect(listed[0]!.overriddenIn.map((u) => u.code)).toEqual(['310105004']);
    expect(listed[0]!.resolved).toEqual([]);
    expect(listed[1]!.resolved[0]!.lead!.name).toBe('区城管执法局');

    res = await req('DELETE', '/api/responsibility-rules/B0201/subdistricts/310105004', admin);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().districtRule.resolved[0].lead.name).toBe('新华路市场监管所');
    expect((await stall(xinhua)).case.leadDepartment!.name).toBe('新华路市场监管所');
    expect((await req('DELETE', '/api/responsibility-rules/B0201/subdistricts/310105004', admin)).statusCode).toBe(404);
    const rows = await auditRows(t, 'responsibility_rule.delete');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.before).toMatchObject({ leadDepartmentId: cgzf });
    expect(rows[0]!.unit_path).toMatch(/\./);
  });

  it('turning auto-dispatch off leaves new cases for the dispatcher', async () => {
    await req('PUT', '/api/responsibility-rules/B0201', admin, { lead: { kind: 'market_regulation', level: 'subdistrict' }, autoDispatch: false });
    const c = await stall(xinhua);
    expect(c.autoDispatched).toBe(false);
    expect(c.case.status).toBe('received');
    await req('PUT', '/api/responsibility-rules/B0201', admin, { lead: { kind: 'urban_management', level: 'subdistrict' } });
  });

  it('warns which 街镇 fall back to the district bureau', async () => {
    const res = await req('PUT', '/api/responsibility-rules/B0601/subdistricts/310105009', admin, { lead: { kind: 'civil_affairs', level: 'subdistrict' } });
    expect(res.statusCode, res.body).toBe(201);
    const [w] = res.json().warnings;
    expect(w.code).toBe('LEAD_FALLBACK');
    expect(w.message).toMatch(/虹桥街道没有“民政”派驻机构.*区民政局主办/);
    expect(res.json().rule.resolved[0]).toMatchObject({ fallback: true, lead: { name: '区民政局', level: 'district' } });
  });

  it('refuses bad rules with clear messages, and non-admins', async () => {
    const bad: [string, Record<string, unknown>, number, string, RegExp][] = [
      ['B0201', { lead: { kind: 'transport', level: 'subdistrict' } }, 422, 'INVALID_RULE', /没有可承接的“交通”部门/],
      ['B0201', { lead: { kind: 'water', level: 'district' } }, 422, 'INVALID_RULE', /没有“水务”类的区级部门/],
      ['B0201', { lead: { departmentId: '00000000-0000-4000-8000-000000000000' } }, 422, 'INVALID_RULE', /主办部门不存在/],
      ['B0201', { lead: { kind: 'housing', level: 'subdistrict' }, assistKinds: ['transport'] }, 422, 'INVALID_RULE', /协办部门类别“交通”在本区没有对应部门/],
      ['Z0101', { lead: { kind: 'housing', level: 'subdistrict' } }, 422, 'UNKNOWN_CATEGORY', /Z0101 不存在/],
      ['B0201', { lead: { kind: 'police', level: 'subdistrict' } }, 400, 'VALIDATION_FAILED', /部门类别应为/],
      ['B0201', { lead: { kind: 'housing' } }, 400, 'VALIDATION_FAILED', /须同时填写 kind 和 level/],
      ['B0201', { lead: { kind: 'housing', level: 'district', departmentId: cgzf } }, 400, 'VALIDATION_FAILED', /二选一/],
      ['B0201', { lead: { kind: 'housing', level: 'district' }, assistKinds: ['health', 'health'] }, 400, 'VALIDATION_FAILED', /不能重复/],
    ];
    for (const [code, body, status, err, message] of bad) {
      const res = await req('PUT', `/api/responsibility-rules/${code}`, admin, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json().error.code).toBe(err);
      expect(res.json().error.message).toMatch(message);
    }
    expect((await req('PUT', '/api/responsibility-rules/B0201/subdistricts/310105999', admin, { lead: { kind: 'housing', level: 'district' } })).statusCode).toBe(404);
    for (const [method, url] of [
      ['PUT', '/api/responsibility-rules/B0201'],
      ['PUT', '/api/responsibility-rules/B0201/subdistricts/310105004'],
      ['DELETE', '/api/responsibility-rules/B0201/subdistricts/310105004'],
    ] as const) {
      const res = await req(method, url, dispatcher, method === 'PUT' ? { lead: { kind: 'housing', level: 'district' } } : undefined);
      expect(res.statusCode, url).toBe(403);
    }
    // The list as it was: nothing above changed it.
    expect((await rulesFor('?category=B0201'))[0]!.lead.kind).toBe('urban_management');
  });

  it('deadline rules: list, upsert, preview (across National Day), intake uses them, delete', async () => {
    let res = await req('GET', '/api/deadline-rules', dispatcher);
    expect(res.statusCode).toBe(200);
    const defaults = res.json().items.filter((r: { isDefault: boolean }) => r.isDefault);
    expect(defaults).toHaveLength(1);
    expect(defaults[0].handleWorkingDays).toBe(5);

    const rule = { caseType: 'complaint', categoryCode: 'B0201', signWorkingHours: 0.5, urgentSignHours: 1, handleWorkingDays: 3, complexWorkingDays: 10, followUpWorkingDays: 2, warnRatio: 0.6 };
    res = await req('PUT', '/api/deadline-rules', admin, rule);
    expect(res.statusCode, res.body).toBe(201);
    const saved = res.json().rule;
    const { categoryCode: _code, ...numbers } = rule;
    expect(saved).toMatchObject({ ...numbers, caseType: 'complaint', caseTypeName: '投诉', category: { code: 'B0201', name: '无证摊贩' }, isDefault: false });
    res = await req('PUT', '/api/deadline-rules', admin, { ...rule, handleWorkingDays: 2 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: false, rule: { id: saved.id, handleWorkingDays: 2 } });
    const audit = await auditRows(t, 'deadline_rule.update', saved.id);
    expect(audit[0]!.before).toMatchObject({ handleWorkingDays: 3 });
    expect(audit[0]!.after).toMatchObject({ handleWorkingDays: 2 });
    expect(await auditRows(t, 'deadline_rule.create', saved.id)).toHaveLength(1);

    const from = '2025-09-30T10:00:00+08:00';
    res = await req('GET', `/api/deadline-rules/preview?type=complaint&category=B0201&from=${encodeURIComponent(from)}`, admin);
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p).toMatchObject({ matchedBy: 'category_type', rule: { id: saved.id }, urgent: false, calendarKnown: true });
    // 2 working days from the eve of the National Day holiday: the close of 10-10 (10-01…08 off), not 10-02.
    expect(p.handleDueAt).toBe('2025-10-10T17:30:00+08:00');
    expect(p.complexHandleDueAt > p.handleDueAt).toBe(true);
    expect(p.followUpDueAt > p.handleDueAt).toBe(true);
    expect(p.signDueAt).toBe('2025-09-30T10:30:00+08:00');

    // The same rule in a real intake with the same start.
    const made = await createCase(t.app, dispatcher, { categoryCode: 'B0201', type: 'complaint', description: '国庆前夕小区门口出现无证烧烤摊', location: xinhua, receivedAt: from, channel: 'reception' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.case.deadlines.handleDueAt).toBe(p.handleDueAt);

    // Parent fallback and the default.
    res = await req('GET', '/api/deadline-rules/preview?type=help&category=B0202', admin);
    expect(res.json()).toMatchObject({ matchedBy: 'type', rule: { caseType: 'help', category: null } });
    expect((await req('GET', '/api/deadline-rules/preview?category=Z0101', admin)).json().error.code).toBe('UNKNOWN_CATEGORY');

    // Bad rules.
    for (const [body, status, code] of [
      [{ ...rule, complexWorkingDays: 1 }, 422, 'INVALID_RULE'],
      [{ ...rule, categoryCode: 'Z0101' }, 422, 'UNKNOWN_CATEGORY'],
      [{ ...rule, warnRatio: 1.5 }, 400, 'VALIDATION_FAILED'],
      [{ ...rule, handleWorkingDays: 61 }, 400, 'VALIDATION_FAILED'],
      [{ ...rule, caseType: 'gossip' }, 400, 'VALIDATION_FAILED'],
    ] as const) {
      const r = await req('PUT', '/api/deadline-rules', admin, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(status);
      expect(r.json().error.code).toBe(code);
    }
    expect((await req('PUT', '/api/deadline-rules', dispatcher, rule)).statusCode).toBe(403);

    // The default cannot go; the specific one can.
    res = await req('DELETE', `/api/deadline-rules/${defaults[0].id}`, admin);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toMatch(/默认时限规则.*不能删除/);
    expect((await req('DELETE', `/api/deadline-rules/${saved.id}`, dispatcher)).statusCode).toBe(403);
    expect((await req('DELETE', `/api/deadline-rules/${saved.id}`, admin)).statusCode).toBe(200);
    expect((await req('DELETE', `/api/deadline-rules/${saved.id}`, admin)).statusCode).toBe(404);
    expect(await auditRows(t, 'deadline_rule.delete', saved.id)).toHaveLength(1);
    res = await req('GET', `/api/deadline-rules/preview?type=complaint&category=B0201&from=${encodeURIComponent(from)}`, admin);
    expect(res.json()).toMatchObject({ matchedBy: 'type', rule: { caseType: 'complaint', handleWorkingDays: 5 } });
  });

  it('exports the whole list as xlsx, audited', async () => {
    expect((await req('GET', '/api/responsibility-rules/export.xlsx')).statusCode).toBe(401);
    const res = await req('GET', '/api/responsibility-rules/export.xlsx', admin);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toMatch(/responsibility-list-\d{8}-\d{4}\.xlsx/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rules = wb.getWorksheet('权责清单')!;
    const count = (await rulesFor('')).length;
    expect(rules.rowCount).toBe(count + 1);
    expect(rules.getRow(1).getCell(1).value).toBe('一级分类代码');
    const matrix = wb.getWorksheet('各街镇主办部门')!;
    const header = matrix.getRow(1).values as unknown[];
    expect(header).toContain('新华路街道');
    const b0201 = matrix.getRows(2, matrix.rowCount - 1)!.find((r) => r.getCell(1).value === 'B0201')!;
    const col = header.indexOf('新华路街道');
    expect(String(b0201.getCell(col).value)).toContain('新华路城管执法中队');
    const [row] = await auditRows(t, 'responsibility_rule.export');
    expect(row!.actor_name).toBe('district.admin');
    expect(row!.detail).toMatchObject({ rules: count, subdistricts: 10, format: 'xlsx' });
  });
});
