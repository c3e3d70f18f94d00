import type { Case, CaseSummary, UnitDetail } from '@gongzhi/contracts';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, apiSend, signIn, type ApiSession } from './support/auth';
import { launchBrowser, newPage, screenshot } from './support/browser';
import { settle, unexpected } from './support/page';
import { apiGet, startServer, type RunningServer } from './support/server';

// The case loop across the dispatcher's workbench and the department handler's inbox, at the
// staff console's size (1366×768): live queue, keyboard dispatch, sign and resolve with a note and
// a photo, what a role may not do (neither offered nor accepted), merge, list, export.

const XINHUA = '310105004';
let server: RunningServer;
let browser: Browser;
let dispatcher: ApiSession;
let handler: ApiSession;
let hongqiao: ApiSession;
let cgzf: string;
const points: [number, number][] = [];
/** The case that goes round the loop. */
let target: Case;

type Page_ = Page & { errors: string[] };

const create = (s: ApiSession, body: Record<string, unknown>) =>
  apiSend<{ case: Case }>(server, s, 'POST', '/api/cases', { channel: 'hotline_12345', ...body }).then((r) => r.case);
const act = (s: ApiSession, id: string, action: string, body: Record<string, unknown> = {}) => apiSend<Case>(server, s, 'POST', `/api/cases/${id}/actions/${action}`, body);
/** A raw request, for the answers the API refuses with. */
const rawAct = (s: ApiSession, id: string, action: string, body: Record<string, unknown> = {}) =>
  fetch(`${server.baseUrl}/api/cases/${id}/actions/${action}`, { method: 'POST', headers: { ...s.headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Before a picture: no toast over the page, scrolled panes back at their top. */
async function picture(page: Page, name: string, opts: { drawerAtEnd?: boolean } = {}): Promise<void> {
  await settle(page);
  await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
  await page.evaluate((end) => document.querySelectorAll('.ant-drawer-body').forEach((el) => el.scrollTo(0, end ? el.scrollHeight : 0)), !!opts.drawerAtEnd);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.mouse.move(1, 760);
  await page.waitForTimeout(200);
  await screenshot(page, name);
}

async function openConsole(username: string, path = '/admin/'): Promise<Page_> {
  const page = await newPage(browser, server.baseUrl);
  await page.goto(path);
  await signIn(page, username);
  return page;
}

/** A photo as a phone would take it (a real JPEG; the server strips its metadata). */
const photo = () =>
  sharp({ create: { width: 480, height: 360, channels: 3, background: { r: 120, g: 150, b: 110 } } })
    .composite([{ input: Buffer.from('<svg width="480" height="360"><rect x="140" y="90" width="200" height="180" fill="#d9d0c1"/><rect x="180" y="130" width="120" height="60" fill="#fff"/></svg>'), top: 0, left: 0 }])
    .jpeg()
    .toBuffer();

beforeAll(async () => {
  // Intake only suggests (no auto-dispatch), so new cases wait in the dispatcher's queue.
  server = await startServer({ timeoutMs: 120_000, env: { GONGZHI_AUTO_DISPATCH: '0', GONGZHI_DEMO_CASES: '0' } });
  browser = await launchBrowser();
  const admin = await apiLogin(server, 'district.admin');
  [dispatcher, handler, hongqiao] = await Promise.all([apiLogin(server, 'dispatcher.xinhua'), apiLogin(server, 'handler.chengguan'), apiLogin(server, 'dispatcher.hongqiao')]);
  cgzf = handler.me.grants[0]!.department!.id;
  // In 新华路, posters and graffiti go to the district's 城管执法局 (the handler's department).
  await apiSend(server, admin, 'PUT', `/api/responsibility-rules/B0102/subdistricts/${XINHUA}`, { lead: { kind: 'urban_management', level: 'district' }, assistKinds: [], autoDispatch: false });
  const { items: neighborhoods } = await apiGet<{ items: { code: string }[] }>(server, `/api/jurisdictions/${XINHUA}/children`, dispatcher.headers);
  for (const n of neighborhoods.slice(0, 8)) points.push((await apiGet<UnitDetail>(server, `/api/jurisdictions/${n.code}`, dispatcher.headers)).center!);

  // A working queue around the case under test: new, overdue, returned, an extension request, supervised.
  const day = 86_400_000;
  const old = (days: number) => new Date(Date.now() - days * day).toISOString().replace('Z', '+00:00');
  await create(dispatcher, { categoryCode: 'B0101', description: '小区门口垃圾堆放三天无人清运，气味很大', location: points[1], address: '新华路 211 弄', receivedAt: old(9) });
  await create(dispatcher, { categoryCode: 'B0401', description: '楼上装修噪声很大，晚上十点以后还在施工', location: points[2], address: '番禺路 380 号', urgent: true });
  await create(dispatcher, { categoryCode: 'A0102', description: '弄堂里的路灯坏了好几天，晚上很黑', location: points[3], address: '法华镇路 535 弄' });
  const returned = await create(dispatcher, { categoryCode: 'B0102', description: '电线杆上贴满了办证小广告', location: points[4], address: '定西路 1100 号' });
  await act(dispatcher, returned.id, 'dispatch', { leadDepartmentId: cgzf });
  await act(handler, returned.id, 'return', { reason: '广告贴在小区内部，应由物业处理，不属于城管职责' });
  const extension = await create(dispatcher, { categoryCode: 'B0102', description: '外墙被人喷涂大面积涂鸦，需要专业清洗', location: points[5], address: '延安西路 1448 号' });
  await act(dispatcher, extension.id, 'dispatch', { leadDepartmentId: cgzf });
  await act(handler, extension.id, 'sign');
  await act(handler, extension.id, 'request_extension', { reason: '需协调专业清洗单位，墙面面积较大', extensionWorkingDays: 3 });
  const supervised = await create(dispatcher, { categoryCode: 'B0102', description: '沿街商铺门口乱贴促销海报，多次劝说无效', location: points[6], address: '新华路 365 弄' });
  await act(dispatcher, supervised.id, 'dispatch', { leadDepartmentId: cgzf });
  await act(dispatcher, supervised.id, 'supervise');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('dispatcher workbench and handler inbox', () => {
  it('shows a case taken in through the API live in the queue, and the dispatcher dispatches it with the keyboard', async () => {
    const page = await openConsole('dispatcher.xinhua');
    await page.waitForURL('**/admin/workbench');
    await expect.poll(() => page.getByTestId('stream-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('open');
    await expect.poll(() => page.getByTestId('queue-item').count()).toBeGreaterThanOrEqual(5);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

    target = await create(dispatcher, {
      categoryCode: 'B0102',
      description: '番禺路口公交站的广告牌上被人贴满了小广告，还有喷涂的电话号码',
      location: points[0],
      address: '番禺路 222 号公交站',
      reporter: { name: '李建华', phone: '13916881234', contactConsent: true },
    });
    const item = page.locator(`[data-testid="queue-item"][data-case="${target.id}"]`);
    await expect.poll(() => item.count(), { timeout: 15_000 }).toBe(1);
    // Live, not reloaded: the page's own state survived.
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    expect(await item.locator('[data-reason="new"]').count()).toBe(1);

    // Walk to it with the keyboard.
    await page.keyboard.press('g');
    const ids = await page.getByTestId('queue-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-case')));
    for (let i = 0; i < ids.indexOf(target.id); i++) await page.keyboard.press('j');
    await expect.poll(() => page.getByTestId('triage').getAttribute('data-case')).toBe(target.id);
    expect(await item.getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.getByTestId('suggested-lead').textContent()).toBe('区城管执法局');
    await picture(page, 'workbench-queue.png');

    // D opens the dispatch with the 权责清单's department filled in; Enter sends it.
    await page.keyboard.press('d');
    const dialog = page.getByTestId('action-dialog');
    await dialog.locator('.ant-modal').waitFor();
    await expect.poll(() => dialog.getByTestId('dispatch-lead').textContent()).toContain('区城管执法局');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('action-submit');
    await page.keyboard.press('Enter');
    await dialog.locator('.ant-modal').waitFor({ state: 'hidden' });
    await expect.poll(() => item.count()).toBe(0);
    const now = await apiGet<Case>(server, `/api/cases/${target.id}`, dispatcher.headers);
    expect(now.status).toBe('dispatched');
    expect(now.leadDepartment?.name).toBe('区城管执法局');
    target = now;
    expect(unexpected(page)).toEqual([]);
    await page.context().close();
  });

  it('lets the handler sign for it, add a note with a photo and resolve it; never offers a dispatcher’s action, which the API refuses', async () => {
    const page = await openConsole('handler.chengguan');
    await page.waitForURL('**/admin/inbox');
    const row = page.locator(`[data-testid="inbox-table"] tr[data-case="${target.id}"]`);
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    await picture(page, 'handler-inbox.png');

    await row.click();
    const drawer = page.getByTestId('case-drawer');
    const detail = drawer.getByTestId('case-detail');
    await expect.poll(() => detail.getAttribute('data-status')).toBe('dispatched');
    // A handler never dispatches: the button is not there, and the API says no.
    expect(await detail.locator('button[data-action="dispatch"], button[data-action="redispatch"], button[data-action="merge"], button[data-action="supervise"]').count()).toBe(0);
    const actions = async () => (await detail.getByTestId('case-actions').locator('button[data-action]').evaluateAll((b) => b.map((x) => x.getAttribute('data-action')))).sort();
    expect(await actions()).toEqual(['add_note', 'return', 'sign']);
    const refused = await rawAct(handler, target.id, 'redispatch', { leadDepartmentId: cgzf });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');

    const dialog = page.getByTestId('action-dialog');
    const run = async (action: string, fill?: () => Promise<void>) => {
      await detail.locator(`button[data-action="${action}"]`).click();
      await dialog.locator('.ant-modal').waitFor();
      await fill?.();
      await dialog.getByTestId('action-submit').click();
      await dialog.locator('.ant-modal').waitFor({ state: 'hidden' });
    };
    await run('sign');
    await expect.poll(() => detail.getAttribute('data-status')).toBe('signed');
    expect(await actions()).toEqual(['add_note', 'request_extension', 'resolve', 'return', 'start']);

    const attach = async () => {
      await dialog.locator('input[type="file"]').setInputFiles({ name: 'site.jpg', mimeType: 'image/jpeg', buffer: await photo() });
      await expect.poll(() => dialog.locator('.ant-upload-list-item-done, .ant-upload-list-item-container .ant-upload-list-item:not(.ant-upload-list-item-uploading)').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await expect.poll(() => dialog.getByTestId('action-submit').isEnabled()).toBe(true);
    };
    await run('add_note', async () => {
      // An empty note is refused in Chinese before anything is sent.
      await dialog.getByTestId('action-submit').click();
      await expect.poll(() => dialog.locator('.ant-form-item-explain-error').first().textContent()).toBe('请填写进展说明');
      await dialog.getByTestId('action-reason').fill('已到现场核实，公交站广告牌上约有 20 张小广告，明早安排清理');
      await attach();
    });
    await run('resolve', async () => {
      await dialog.getByTestId('action-public-note').fill('小广告已全部清除，喷涂的电话号码已覆盖');
      await attach();
    });
    await expect.poll(() => detail.getAttribute('data-status')).toBe('resolved');

    const events = (await apiGet<{ items: { action: string; data: { photoIds?: string[] } | null; note: string | null }[] }>(server, `/api/cases/${target.id}/events`, handler.headers)).items;
    expect(events.map((e) => e.action)).toEqual(['intake', 'dispatch', 'sign', 'add_note', 'resolve']);
    expect(events.find((e) => e.action === 'add_note')!.data!.photoIds).toHaveLength(1);
    expect(events.find((e) => e.action === 'resolve')!.note).toBe('小广告已全部清除，喷涂的电话号码已覆盖');
    // The timeline names every step and shows the photos, which load.
    await expect.poll(() => detail.getByTestId('timeline-item').count()).toBe(5);
    const img = detail.getByTestId('case-timeline').locator('img').first();
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    // Resolved: what is left to a handler is a note (verification belongs to the grid worker).
    expect(await actions()).toEqual(['add_note']);
    await picture(page, 'handler-case.png', { drawerAtEnd: true });
    expect(unexpected(page)).toEqual([]);
    await page.context().close();
  });

  it('hides the case from the dispatcher of another 街镇, in the console and in the API', async () => {
    const page = await openConsole('dispatcher.hongqiao', `/admin/cases/${target.id}`);
    await page.waitForURL(`**/admin/cases/${target.id}`);
    await page.getByTestId('case-not-found').waitFor();
    expect(await page.getByTestId('case-detail').count()).toBe(0);
    const get = await fetch(`${server.baseUrl}/api/cases/${target.id}`, { headers: hongqiao.headers });
    expect(get.status).toBe(404);
    expect((await rawAct(hongqiao, target.id, 'reopen', { reason: '测试越权' })).status).toBe(404);
    const list = await apiGet<{ items: CaseSummary[] }>(server, `/api/cases?q=${encodeURIComponent('小广告')}`, hongqiao.headers);
    expect(list.items.map((c) => c.id)).not.toContain(target.id);
    expect(unexpected(page, /404 .*\/api\/cases\//)).toEqual([]);
    await page.context().close();
  });

  it('shows the case detail with its whole timeline to the dispatcher, reporter phone masked until revealed', async () => {
    const page = await openConsole('dispatcher.xinhua', `/admin/cases/${target.id}`);
    const detail = page.getByTestId('case-detail');
    await expect.poll(() => detail.getAttribute('data-status')).toBe('resolved');
    expect(await page.getByTestId('reporter-phone').textContent()).toBe('139****1234');
    await expect.poll(() => detail.getByTestId('timeline-item').count()).toBe(5);
    const who = await detail.getByTestId('timeline-actor').allTextContents();
    expect(who[1]).toContain('dispatcher.xinhua');
    expect(who[2]).toContain('handler.chengguan');
    expect(who[2]).toContain('区城管执法局');
    // Resolved: the dispatcher may reopen or add a note, never resolve or sign.
    const offered = await detail.getByTestId('case-actions').locator('button[data-action]').evaluateAll((b) => b.map((x) => x.getAttribute('data-action')));
    expect(offered.sort()).toEqual(['add_note', 'reopen']);
    await picture(page, 'workbench-detail.png');

    await page.getByTestId('reporter-phone-reveal').click();
    await page.getByTestId('reveal-reason').fill('回访核实处置结果');
    await page.getByTestId('reveal-confirm').click();
    await expect.poll(() => page.getByTestId('reporter-phone').textContent()).toBe('13916881234');
    expect(unexpected(page)).toEqual([]);
    await page.context().close();
  });

  it('lets the dispatcher correct a misfiled case’s type and category before dispatching it', async () => {
    const misfiled = await create(dispatcher, { categoryCode: 'B0101', type: 'consult', description: '淮海西路 55 弄门口的路灯一直不亮，晚上很危险', location: points[7], address: '淮海西路 55 弄' });
    const page = await openConsole('dispatcher.xinhua', `/admin/cases/${misfiled.id}`);
    const detail = page.getByTestId('case-detail');
    await detail.locator('button[data-action="classify"]').click();
    const dialog = page.getByTestId('action-dialog');
    await dialog.getByTestId('classify-type').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '求助' }).click();
    await dialog.getByTestId('classify-category').click();
    await page.keyboard.type('A0102');
    await page.locator('.ant-select-item-option').filter({ hasText: 'A0102' }).click();
    await dialog.getByTestId('action-submit').click();
    await expect.poll(async () => {
      const c = await apiGet<Case>(server, `/api/cases/${misfiled.id}`, dispatcher.headers);
      return [c.status, c.type, c.category?.code];
    }).toEqual(['received', 'help', 'A0102']);
    // Once a department has it, classifying is no longer offered.
    await act(dispatcher, misfiled.id, 'dispatch', { leadDepartmentId: cgzf });
    await page.reload();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('dispatched');
    expect(await detail.locator('button[data-action="classify"]').count()).toBe(0);
    expect(unexpected(page)).toEqual([]);
    await page.context().close();
  });

  it('merges a duplicate shown side by side with both points on the map', async () => {
    const first = await create(dispatcher, { categoryCode: 'B0101', description: '延安西路菜场门口的垃圾桶满了溢出来，垃圾散落一地', location: points[7], address: '延安西路 900 号菜场' });
    const dup = await create(dispatcher, { categoryCode: 'B0101', description: '延安西路菜场门口垃圾桶满溢，垃圾散落一地没人管', location: [points[7]![0] + 0.0002, points[7]![1] + 0.0001], address: '延安西路 902 号' });
    expect(dup.duplicateOf?.id).toBe(first.id);

    const page = await openConsole('dispatcher.xinhua');
    await page.waitForURL('**/admin/workbench');
    const item = page.locator(`[data-testid="queue-item"][data-case="${dup.id}"]`);
    await expect.poll(() => item.locator('[data-reason="duplicate"]').count()).toBe(1);
    await item.click();
    await expect.poll(() => page.getByTestId('triage').getAttribute('data-case')).toBe(dup.id);
    await page.getByTestId('triage-duplicates').waitFor();
    await page.keyboard.press('m');
    const dialog = page.getByTestId('merge-dialog');
    await dialog.getByTestId('merge-other').waitFor();
    expect(await dialog.getByTestId('merge-this').textContent()).toContain(dup.number);
    expect(await dialog.getByTestId('merge-other').textContent()).toContain(first.number);
    expect(await dialog.getByTestId('merge-metrics').textContent()).toMatch(/相距 \d+ 米/);
    await expect.poll(() => dialog.locator('path.gz-case-point').count()).toBe(2);
    await picture(page, 'workbench-merge.png');

    await dialog.getByTestId('merge-this-into-other').click();
    await dialog.locator('.ant-modal').waitFor({ state: 'hidden' });
    const merged = await apiGet<Case>(server, `/api/cases/${dup.id}`, dispatcher.headers);
    expect(merged.status).toBe('merged');
    expect(merged.mergedInto?.id).toBe(first.id);
    await expect.poll(() => item.count()).toBe(0);
    expect(unexpected(page)).toEqual([]);
    await page.context().close();
  });

  it('filters the case list, saves the view, bulk-dispatches with a 409 reported, and exports the list to Excel', async () => {
    const page = await openConsole('dispatcher.xinhua', '/admin/cases');
    await page.waitForURL('**/admin/cases');
    const rowsOf = () => page.getByTestId('case-table').locator('tbody tr[data-case]');
    await expect.poll(() => rowsOf().count()).toBeGreaterThan(5);

    // Chinese search plus a category filter, applied from the form; the URL carries them.
    await page.getByTestId('filter-q').locator('input').fill('广告');
    await page.getByTestId('filter-category').click();
    await page.keyboard.type('乱张贴');
    await page.locator('.ant-select-tree-node-content-wrapper', { hasText: '乱张贴乱涂写' }).click();
    await page.getByTestId('filter-apply').click();
    await page.waitForURL(/q=%E5%B9%BF%E5%91%8A.*category=B0102/);
    const expected = await apiGet<{ items: CaseSummary[] }>(server, `/api/cases?q=${encodeURIComponent('广告')}&category=B0102`, dispatcher.headers);
    expect(expected.items.length).toBeGreaterThanOrEqual(2);
    await expect.poll(async () => (await rowsOf().evaluateAll((r) => r.map((x) => x.getAttribute('data-case')))).join()).toBe(expected.items.map((c) => c.id).join());

    // A saved view survives a reload and brings the filters back.
    await page.getByTestId('views-save').click();
    await page.getByTestId('views-name').fill('乱张贴广告');
    await page.keyboard.press('Enter');
    await page.goto('/admin/cases');
    await page.getByTestId('views-select').click();
    await page.locator('.ant-select-item-option', { hasText: '乱张贴广告' }).click();
    await page.waitForURL(/category=B0102/);
    await expect.poll(() => rowsOf().count()).toBe(expected.items.length);

    // Export of the filtered list: the same cases, in the same order, as spreadsheet rows.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('case-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^案件-\d{8}-\d{4}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(await download.path()) as unknown as ExcelJS.Buffer);
    const sheet = wb.getWorksheet('案件')!;
    const numbers: string[] = [];
    for (let r = 2; r <= sheet.rowCount; r++) numbers.push(String(sheet.getRow(r).getCell(1).value));
    expect(numbers).toEqual(expected.items.map((c) => c.number));
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const phones = numbers.map((_, i) => String(sheet.getRow(i + 2).getCell(header.indexOf('联系电话（脱敏）') + 1).value ?? ''));
    expect(phones).toContain('139****1234');
    expect(phones.join()).not.toContain('13916881234');

    // The picture: every open case, nearest deadline first.
    await page.goto('/admin/cases?status=received,dispatched,signed,in_progress,returned&sort=due_asc');
    await expect.poll(() => rowsOf().count()).toBeGreaterThanOrEqual(6);
    await picture(page, 'workbench-list.png');

    // Bulk dispatch of two new cases; one is dispatched by someone else first: its 409 is listed.
    const a = await create(dispatcher, { categoryCode: 'B0102', description: '天山路小区围墙上被人张贴大量小广告', location: points[2], address: '天山路 100 弄' });
    const b = await create(dispatcher, { categoryCode: 'B0102', description: '凯旋路地铁站出口墙面乱贴小广告', location: points[3], address: '凯旋路 1000 号' });
    await page.goto('/admin/cases?status=received&category=B0102');
    for (const c of [a, b]) await page.locator(`tr[data-case="${c.id}"] .ant-checkbox-input`).check();
    await act(dispatcher, b.id, 'dispatch', { leadDepartmentId: cgzf });
    await page.getByTestId('bulk-dispatch').click();
    const bulk = page.getByTestId('bulk-dialog');
    await bulk.getByTestId('bulk-lead').click();
    await page.keyboard.type('区城管');
    await page.keyboard.press('Enter');
    await bulk.getByTestId('bulk-submit').click();
    await bulk.getByTestId('bulk-summary').waitFor();
    expect(await bulk.getByTestId('bulk-summary').textContent()).toContain('成功 1 件，未成功 1 件');
    const outcomes = await bulk.getByTestId('bulk-results').locator('tbody tr[data-outcome]').evaluateAll((r) => r.map((x) => x.getAttribute('data-outcome')));
    expect(outcomes.sort()).toEqual(['409', 'ok']);
    expect(await bulk.getByTestId('bulk-results').textContent()).toContain('INVALID_TRANSITION');
    expect((await apiGet<Case>(server, `/api/cases/${a.id}`, dispatcher.headers)).leadDepartment?.id).toBe(cgzf);
    expect(unexpected(page, /409 .*\/actions\/dispatch$/)).toEqual([]);
    await page.context().close();
  });
});
