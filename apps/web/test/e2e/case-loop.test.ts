import type { Case, CaseEventView, CaseStatsOverview, CaseSummary } from '@gongzhi/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCount, formatRate } from '../../src/stats/format';
import { apiLogin, signIn, type ApiSession } from './support/auth';
import { launchBrowser, screenshot } from './support/browser';
import { settle, unexpected } from './support/page';
import { cameraJpeg, pointsInGrid } from './support/phone';
import { apiGet, startServer, type RunningServer } from './support/server';

// The whole case loop, each person in a browser of their own, all open at once: the resident
// reports on the portal (phone), the case shows up live in the dispatcher's workbench and on the
// big screen, the dispatcher sends it to 区城管执法局, the department handler signs, starts and
// resolves it in the inbox, the grid worker verifies it on the phone, the dispatcher follows up and
// closes it from the case detail, and the resident rates it 满意. Every step is checked in the API
// too, and the big screen's figures are watched changing without a reload.

type P = Page & { errors: string[] };

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

// API sessions of the test itself, only for reading what the pages did.
let dispatcherApi: ApiSession;
let handlerApi: ApiSession;
let gridApi: ApiSession;
let adminApi: ApiSession;

/** grid.xinhua's grid (a grid of 番禺居委会, 新华路街道), from its grant. */
let gridCode: string;
let gridCentre: [number, number];
let reportAt: [number, number];

const WAIT = { timeout: 20_000 };
const DESCRIPTION = '番禺路口的小吃店把桌椅摆到人行道上经营，晚上人很多，行人只能走到非机动车道上，很危险';
const CATEGORY = 'B0202'; // 跨门营业: 权责清单 lead is the 街道's 城管执法中队; the dispatcher picks 区城管执法局 instead.
const RESOLVE_NOTE = '已责令店家收回占道桌椅，并约谈店主，城管将每晚巡查';
const FOLLOW_UP_NOTE = '已电话回访，居民确认人行道已恢复通行';

/** A context of its own (cookies, storage), collecting page errors and failed requests like newPage() does. */
async function open(opts: { width: number; height: number; phone?: boolean; at?: [number, number] }): Promise<P> {
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    viewport: { width: opts.width, height: opts.height },
    locale: 'zh-CN',
    // Where the people are: the console shows times in the browser's zone, the portal and the screen in Shanghai's.
    timezoneId: 'Asia/Shanghai',
    ...(opts.phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 1 } : {}),
    ...(opts.at ? { geolocation: { longitude: opts.at[0], latitude: opts.at[1], accuracy: 12 }, permissions: ['geolocation'] } : {}),
  });
  contexts.push(context);
  const page = (await context.newPage()) as P;
  page.errors = [];
  page.on('pageerror', (err) => page.errors.push(err.message));
  page.on('response', (res) => res.status() >= 400 && page.errors.push(`${res.status()} ${res.url()}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) page.errors.push(msg.text());
  });
  return page;
}

/** Before a picture: no spinner, no toast, nothing hovered or focused. */
async function picture(page: Page, name: string): Promise<void> {
  await settle(page);
  await expect.poll(() => page.locator('.ant-message-notice').count(), WAIT).toBe(0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  // The pointer out of the way, over nothing that reacts to it (a phone has none).
  const { width, height } = page.viewportSize()!;
  await page.mouse.move(width - 2, Math.round(height / 2));
  await page.waitForTimeout(200);
  await screenshot(page, name);
}

const caseOf = (id: string) => apiGet<Case>(server, `/api/cases/${id}`, dispatcherApi.headers);
const overview = () => apiGet<CaseStatsOverview>(server, '/api/case-stats/overview?top=8', adminApi.headers);
const kpi = (page: Page, id: string) => page.getByTestId(`kpi-${id}`).textContent();
const rate = (num: number, den: number) => formatRate(den > 0 ? Math.round((num / den) * 10_000) / 10_000 : null);

beforeAll(async () => {
  // No demo history, and intake only suggests a department: the new case waits for the dispatcher.
  server = await startServer({ timeoutMs: 120_000, env: { GONGZHI_AUTO_DISPATCH: '0', GONGZHI_DEMO_CASES: '0' } });
  browser = await launchBrowser();
  const sessions = await Promise.all(['dispatcher.xinhua', 'handler.chengguan', 'grid.xinhua', 'district.admin'].map((u) => apiLogin(server, u)));
  [dispatcherApi, handlerApi, gridApi, adminApi] = sessions as [ApiSession, ApiSession, ApiSession, ApiSession];
  const grant = gridApi.me.grants.find((g) => g.role === 'grid_worker')!;
  gridCode = grant.unit.code;
  const inGrid = await pointsInGrid(server, gridApi, gridCode, 2);
  gridCentre = inGrid.center;
  reportAt = inGrid.points[0]!;
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

describe('the case loop, five people at once', () => {
  it('resident → dispatcher → handler → grid worker → dispatcher → resident, with the big screen following live', async () => {
    const t0 = Date.now();
    const lap = (what: string) => console.log(`[case-loop] ${((Date.now() - t0) / 1000).toFixed(1)} s ${what}`);

    // The place and the people: the grid is 番禺居委会's, the handler's department is 区城管执法局.
    const located = await apiGet<{ subdistrict: { name: string }; neighborhood: { name: string }; grid?: { code: string } }>(server, `/api/geo/locate?lng=${reportAt[0]}&lat=${reportAt[1]}`, dispatcherApi.headers);
    expect(located).toMatchObject({ subdistrict: { name: '新华路街道' }, neighborhood: { name: '番禺居委会' }, grid: { code: gridCode } });
    const department = handlerApi.me.grants.find((g) => g.role === 'department_handler')!.department!;
    expect(department.name).toBe('区城管执法局');

    // ── Everyone opens their screen before anything happens ──────────────────────────────────
    const resident = await open({ width: 375, height: 667, phone: true, at: reportAt });
    const dispatcher = await open({ width: 1366, height: 768 });
    const handler = await open({ width: 1366, height: 768 });
    const worker = await open({ width: 375, height: 667, phone: true, at: gridCentre });
    const screen = await open({ width: 1920, height: 1080 });

    // Big screen: a staff session (district.admin) through the console's sign-in page and back.
    await screen.goto('/screen/');
    await screen.waitForURL('**/admin/login?next=%2Fscreen%2F');
    await signIn(screen, 'district.admin');
    await screen.waitForURL('**/screen/');
    await expect.poll(() => screen.getByTestId('screen-link').getAttribute('data-state'), WAIT).toBe('live');
    const start = await overview();
    const startText = { today: await kpi(screen, 'today'), open: await kpi(screen, 'open'), closure: await kpi(screen, 'closure'), satisfaction: await kpi(screen, 'satisfaction') };
    expect(startText).toEqual({
      today: formatCount(start.todayIntake),
      open: formatCount(start.figures.open),
      closure: formatRate(start.figures.closureRate.rate),
      satisfaction: formatRate(start.figures.satisfactionRate.rate),
    });
    const mapPoints = () => screen.getByTestId('screen-map').getAttribute('data-points');
    await expect.poll(mapPoints, WAIT).toBe(String(start.figures.open));
    // The screen is never reloaded: this mark would be gone with a reload.
    await screen.evaluate(() => ((window as unknown as { loopMark: number }).loopMark = 7));
    console.log(`[case-loop] screen at start: ${JSON.stringify(startText)}`);

    // Dispatcher: the workbench with its live stream open.
    await dispatcher.goto('/admin/');
    await signIn(dispatcher, 'dispatcher.xinhua');
    await dispatcher.waitForURL('**/admin/workbench');
    await expect.poll(() => dispatcher.getByTestId('stream-state').getAttribute('data-state'), WAIT).toBe('open');
    await dispatcher.evaluate(() => ((window as unknown as { loopMark: number }).loopMark = 7));

    // Handler: the inbox, live too.
    await handler.goto('/admin/');
    await signIn(handler, 'handler.chengguan');
    await handler.waitForURL('**/admin/inbox');
    await expect.poll(() => handler.getByTestId('stream-state').getAttribute('data-state'), WAIT).toBe('open');
    await handler.evaluate(() => ((window as unknown as { loopMark: number }).loopMark = 7));

    // Grid worker: the patrol page on the phone, in its grid.
    await worker.goto('/admin/');
    await signIn(worker, 'grid.xinhua');
    await worker.waitForURL('**/admin/grid/patrol');
    await expect.poll(() => worker.locator('[data-testid="patrol-map"] path.gz-grid-own').count(), WAIT).toBe(1);

    // Resident: signs in on the portal.
    await resident.goto('/portal/');
    await resident.getByTestId('portal-login-link').click();
    await resident.getByTestId('portal-username').fill('resident.demo');
    await resident.getByTestId('portal-password').fill('Changning@2025');
    await resident.getByTestId('portal-login-submit').click();
    await resident.waitForURL('**/portal/cases');
    lap('five screens open');

    // ── 1. The resident reports through the portal ────────────────────────────────────────────
    await resident.getByTestId('nav-report').click();
    await resident.getByTestId('report-form').waitFor();
    expect(await resident.getByTestId('report-form').textContent()).toContain('将以');
    await resident.getByTestId('report-description').fill(DESCRIPTION);
    await resident.getByTestId('report-category').selectOption(CATEGORY);
    await resident.getByTestId('use-location').click();
    await expect.poll(() => resident.getByTestId('report-place').textContent(), WAIT).toBe('已选位置：新华路街道 · 番禺居委会');
    await resident.getByTestId('report-address').fill('番禺路 168 号门口');
    const created = resident.waitForResponse((r) => new URL(r.url()).pathname === '/api/cases' && r.request().method() === 'POST');
    await resident.getByTestId('report-submit').click();
    const createdRes = await created;
    expect(createdRes.status()).toBe(201);
    const { case: reported } = (await createdRes.json()) as { case: Case };
    await resident.getByTestId('report-done').waitFor();
    expect(await resident.getByTestId('done-number').textContent()).toBe(reported.number);
    const id = reported.id;
    lap(`reported ${reported.number}`);

    let c = await caseOf(id);
    expect(c).toMatchObject({ status: 'received', channel: 'resident_app', leadDepartment: null, category: { code: CATEGORY }, grid: { code: gridCode }, neighborhood: { name: '番禺居委会' } });
    expect(c.reporter).toMatchObject({ isAccount: true });
    await picture(resident, 'loop-resident-report.png');

    // ── 2. The dispatcher sees it arrive live and dispatches it to 区城管执法局 ──────────────────
    const item = dispatcher.locator(`[data-testid="queue-item"][data-case="${id}"]`);
    await expect.poll(() => item.count(), WAIT).toBe(1);
    expect(await item.locator('[data-reason="new"]').count()).toBe(1);
    expect(await dispatcher.evaluate(() => (window as unknown as { loopMark?: number }).loopMark)).toBe(7);

    // The big screen: today's intake and the open count went up, without a reload.
    await expect.poll(() => kpi(screen, 'today'), WAIT).toBe(formatCount(start.todayIntake + 1));
    await expect.poll(() => kpi(screen, 'open'), WAIT).toBe(formatCount(start.figures.open + 1));
    await expect.poll(mapPoints, WAIT).toBe(String(start.figures.open + 1));
    expect(await kpi(screen, 'closure')).toBe(rate(start.figures.closureRate.numerator, start.figures.closureRate.denominator + 1));
    lap('live in the workbench and on the screen');

    await item.click();
    await expect.poll(() => dispatcher.getByTestId('triage').getAttribute('data-case'), WAIT).toBe(id);
    await dispatcher.getByTestId('suggested-lead').waitFor(WAIT);
    await picture(dispatcher, 'loop-dispatcher-queue.png');
    await dispatcher.getByTestId('triage-dispatch').click();
    const dispatchDialog = dispatcher.getByTestId('action-dialog');
    await dispatchDialog.locator('.ant-modal').waitFor();
    // The 权责清单 suggests the 街道's own office; this one goes to the district bureau instead.
    await dispatchDialog.getByTestId('dispatch-suggestion').waitFor(WAIT);
    const lead = dispatchDialog.getByTestId('dispatch-lead');
    await lead.click();
    await dispatcher.keyboard.type('区城管');
    await dispatcher.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: department.name }).click();
    await expect.poll(() => lead.textContent()).toBe(department.name);
    await picture(dispatcher, 'loop-dispatcher.png');
    await dispatchDialog.getByTestId('action-submit').click();
    await dispatchDialog.locator('.ant-modal').waitFor({ state: 'hidden', ...WAIT });
    await expect.poll(() => item.count(), WAIT).toBe(0);
    c = await caseOf(id);
    expect(c.status).toBe('dispatched');
    expect(c.leadDepartment).toMatchObject({ id: department.id, name: department.name });
    lap('dispatched');

    // ── 3. The handler: it appears in the inbox; sign, start, resolve with a public note ────────
    const row = handler.locator(`[data-testid="inbox-table"] tr[data-case="${id}"]`);
    await expect.poll(() => row.count(), WAIT).toBe(1);
    expect(await handler.evaluate(() => (window as unknown as { loopMark?: number }).loopMark)).toBe(7);
    await row.click();
    const drawer = handler.getByTestId('case-drawer');
    const detail = drawer.getByTestId('case-detail');
    await expect.poll(() => detail.getAttribute('data-status'), WAIT).toBe('dispatched');
    const actionDialog = handler.getByTestId('action-dialog');
    const act = async (action: string, fill?: () => Promise<void>) => {
      await detail.locator(`button[data-action="${action}"]`).click();
      await actionDialog.locator('.ant-modal').waitFor();
      await fill?.();
      await actionDialog.getByTestId('action-submit').click();
      await actionDialog.locator('.ant-modal').waitFor({ state: 'hidden', ...WAIT });
    };
    await act('sign');
    await expect.poll(() => detail.getAttribute('data-status'), WAIT).toBe('signed');
    expect((await caseOf(id)).status).toBe('signed');
    await act('start');
    await expect.poll(() => detail.getAttribute('data-status'), WAIT).toBe('in_progress');
    expect((await caseOf(id)).status).toBe('in_progress');
    await act('resolve', () => actionDialog.getByTestId('action-public-note').fill(RESOLVE_NOTE));
    await expect.poll(() => detail.getAttribute('data-status'), WAIT).toBe('resolved');
    c = await caseOf(id);
    expect(c).toMatchObject({ status: 'resolved', publicNote: RESOLVE_NOTE, leadDepartment: { id: department.id } });
    await picture(handler, 'loop-handler.png');
    lap('resolved');

    // The big screen: the case is no longer open, and it counts as 办结.
    await expect.poll(() => kpi(screen, 'open'), WAIT).toBe(formatCount(start.figures.open));
    await expect.poll(() => kpi(screen, 'closure'), WAIT).toBe(rate(start.figures.closureRate.numerator + 1, start.figures.closureRate.denominator + 1));
    await expect.poll(mapPoints, WAIT).toBe(String(start.figures.open));

    // ── 4. The grid worker: 待核查, finds it, verifies it on the spot ───────────────────────────
    await worker.getByTestId('grid-tab-verify').click();
    await worker.waitForURL('**/admin/grid/verify');
    const verifyItem = worker.locator(`[data-testid="verify-item"][data-id="${id}"]`);
    await expect.poll(() => verifyItem.count(), WAIT).toBe(1);
    await verifyItem.click();
    await worker.getByTestId('case-detail').waitFor();
    expect(await worker.getByTestId('detail-description').textContent()).toBe(DESCRIPTION);
    expect(await worker.getByTestId('detail-public-note').textContent()).toBe(RESOLVE_NOTE);
    await worker.getByTestId('choose-verify_pass').click();
    await worker.getByTestId('verify-text').fill('现场核实：人行道已无桌椅，通行正常');
    await worker.getByTestId('verify-photos-input').setInputFiles({ name: 'after.jpg', mimeType: 'image/jpeg', buffer: await cameraJpeg(worker, 1600, 1200, 50) });
    await expect.poll(() => worker.locator('[data-testid="verify-photos"] [data-testid="photo-thumb"]').count(), WAIT).toBe(1);
    await worker.evaluate(() => document.querySelector('.gz-content')?.scrollTo(0, document.querySelector('.gz-content')!.scrollHeight));
    await picture(worker, 'loop-grid.png');
    await worker.getByTestId('verify-submit').click();
    await worker.locator('.ant-message').getByText('已核查通过').waitFor(WAIT);
    await worker.waitForURL('**/admin/grid/verify');
    await expect.poll(() => verifyItem.count(), WAIT).toBe(0);
    c = await caseOf(id);
    expect(c.status).toBe('verified');
    expect(c.photos).toHaveLength(1);
    lap('verified');

    // ── 5. The dispatcher: follow-up and close from the case detail ────────────────────────────
    // Verified cases are not in the triage queue: the dispatcher finds it in the case list.
    await dispatcher.goto('/admin/cases?status=verified');
    const listRow = dispatcher.locator(`[data-testid="case-table"] tr[data-case="${id}"]`);
    await expect.poll(() => listRow.count(), WAIT).toBe(1);
    await listRow.click();
    await dispatcher.waitForURL(`**/admin/cases/${id}`);
    const caseDetail = dispatcher.getByTestId('case-detail');
    await expect.poll(() => caseDetail.getAttribute('data-status'), WAIT).toBe('verified');
    const dialog = dispatcher.getByTestId('action-dialog');
    await caseDetail.locator('button[data-action="follow_up"]').click();
    await dialog.locator('.ant-modal').waitFor();
    // The rating is the resident's to give: the dispatcher leaves the follow-up's satisfaction empty.
    await dialog.getByTestId('action-public-note').fill(FOLLOW_UP_NOTE);
    await dialog.getByTestId('action-submit').click();
    await dialog.locator('.ant-modal').waitFor({ state: 'hidden', ...WAIT });
    await expect.poll(() => caseDetail.getAttribute('data-status'), WAIT).toBe('followed_up');
    expect((await caseOf(id)).status).toBe('followed_up');
    await caseDetail.locator('button[data-action="close"]').click();
    await dialog.locator('.ant-modal').waitFor();
    await dialog.getByTestId('action-submit').click();
    await dialog.locator('.ant-modal').waitFor({ state: 'hidden', ...WAIT });
    await expect.poll(() => caseDetail.getAttribute('data-status'), WAIT).toBe('closed');
    c = await caseOf(id);
    expect(c).toMatchObject({ status: 'closed', leadDepartment: { id: department.id }, flags: { satisfaction: null } });
    expect(c.closedAt).not.toBeNull();
    await expect.poll(() => caseDetail.getByTestId('timeline-item').count(), WAIT).toBe(8);
    await picture(dispatcher, 'loop-dispatcher-closed.png');
    lap('followed up and closed');

    // ── 6. The resident rates it 满意 in My cases ───────────────────────────────────────────────
    await resident.getByTestId('nav-mine').click();
    const mine = resident.getByTestId('account-cases').locator(`a[data-number="${reported.number}"]`);
    await mine.waitFor(WAIT);
    await mine.click();
    await resident.getByTestId('case-detail').waitFor();
    await expect.poll(() => resident.getByTestId('case-status').textContent(), WAIT).toContain('已办结');
    expect(await resident.getByTestId('case-handler').textContent()).toContain(department.name);
    expect(await resident.getByTestId('case-public-note').textContent()).toContain(FOLLOW_UP_NOTE);
    await resident.getByTestId('rating-form').waitFor(WAIT);
    await resident.getByTestId('rate-satisfied').check();
    await resident.getByTestId('rate-comment').fill('处理很及时，人行道终于能走了');
    await resident.getByTestId('rate-submit').click();
    await expect.poll(() => resident.getByTestId('rating-result').textContent(), WAIT).toContain('感谢您的评价');
    expect(await resident.getByTestId('rating-result').textContent()).toContain('您的评价：满意');
    await resident.getByTestId('rating-result').scrollIntoViewIfNeeded();
    await resident.waitForTimeout(200);
    await screenshot(resident, 'loop-resident-rated.png');
    lap('rated');

    // The loop is closed: in the API…
    c = await caseOf(id);
    expect(c).toMatchObject({ status: 'closed', flags: { satisfaction: 'satisfied', reopenCount: 0 }, leadDepartment: { id: department.id } });
    const events = (await apiGet<{ items: CaseEventView[] }>(server, `/api/cases/${id}/events`, dispatcherApi.headers)).items;
    expect(events.map((e) => e.action)).toEqual(['intake', 'dispatch', 'sign', 'start', 'resolve', 'verify_pass', 'follow_up', 'close', 'rate']);
    const who = Object.fromEntries(events.map((e) => [e.action, e.actor]));
    expect(who).toMatchObject({ dispatch: expect.stringContaining('dispatcher.xinhua'), resolve: expect.stringContaining('handler.chengguan'), verify_pass: expect.stringContaining('grid.xinhua'), close: expect.stringContaining('dispatcher.xinhua') });

    // …and on the big screen, still without a reload: today's intake, nothing left open, 办结 and 满意.
    const end = await overview();
    expect(end.todayIntake).toBe(start.todayIntake + 1);
    expect(end.figures.closed).toBe(start.figures.closed + 1);
    expect(end.figures.satisfactionRate).toMatchObject({ numerator: start.figures.satisfactionRate.numerator + 1, denominator: start.figures.satisfactionRate.denominator + 1 });
    await expect.poll(() => kpi(screen, 'satisfaction'), WAIT).toBe(rate(start.figures.satisfactionRate.numerator + 1, start.figures.satisfactionRate.denominator + 1));
    expect(await kpi(screen, 'satisfaction')).not.toBe(startText.satisfaction);
    expect(await kpi(screen, 'today')).toBe(formatCount(start.todayIntake + 1));
    expect(await kpi(screen, 'open')).toBe(formatCount(start.figures.open));
    expect(await kpi(screen, 'closure')).toBe(formatRate(end.figures.closureRate.rate));
    expect(await kpi(screen, 'closure')).not.toBe(startText.closure);
    expect(await screen.evaluate(() => (window as unknown as { loopMark?: number }).loopMark)).toBe(7);
    await expect.poll(() => screen.getByTestId('screen-feed').locator('li.a-close').count(), WAIT).toBeGreaterThan(0);
    await screen.waitForTimeout(1200); // the charts' entry animation
    await screenshot(screen, 'loop-screen.png');
    lap('screen shows the closed, rated case');

    // The handler's inbox followed the case to 已办结 on its own (it is in the 办结 tab's list now).
    const list = await apiGet<{ items: CaseSummary[] }>(server, '/api/cases?status=closed', handlerApi.headers);
    expect(list.items.map((x) => x.id)).toContain(id);

    // Each page asked /api/me once while signed out (401): that is how it learns to show the sign-in.
    const signedOut = /^401 .*\/api\/me$/;
    for (const [who, page] of Object.entries({ resident, dispatcher, handler, worker, screen })) expect(unexpected(page, signedOut), who).toEqual([]);
  }, 300_000);
});
