import type { Case, CaseEventView, CaseSummary } from '@gongzhi/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiLogin, apiSend, signIn, type ApiSession } from './support/auth';
import { launchBrowser, newPage, screenshot } from './support/browser';
import { unexpected } from './support/page';
import { apiPhoto, cameraJpeg, jpegSize, newPhonePage, pointsInGrid } from './support/phone';
import { startServer, type RunningServer } from './support/server';

// The grid worker (grid.xinhua, a grid of 番禺居委会) on a 375×667 phone: patrol reports online
// and offline (queued, delivered exactly once, kept over a reload), refusals kept for fixing,
// verification of resolved cases with photos or sent back with a reason, own reports.
const GRID = '310105004001001';

let server: RunningServer;
let browser: Browser;
let grid: ApiSession;
let dispatcher: ApiSession;
let handler: ApiSession;
let admin: ApiSession;
let worker: { context: BrowserContext; page: Page & { errors: string[] } };
let center: [number, number];
let points: [number, number][];

const get = async <T>(session: ApiSession, path: string): Promise<T> => {
  const res = await fetch(server.baseUrl + path, { headers: session.headers });
  if (!res.ok) throw new Error(`GET ${path} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};
/** The worker's own cases with exactly this description (the API, not the page, says how many exist). */
const reportsWith = async (description: string) =>
  (await get<{ items: CaseSummary[] }>(grid, '/api/cases?mine=true&limit=100')).items.filter((c) => c.title === description.slice(0, 30));
const fullCase = (id: string) => get<Case>(grid, `/api/cases/${id}`);

/** Before a picture: no toast over the page, scrolled to the top, transitions done. */
async function ready(page: Page) {
  await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
  await page.evaluate(() => document.querySelector('.gz-content')?.scrollTo(0, 0));
  await page.waitForTimeout(400);
}

const photoFile = async (name: string, tint = 0) => ({ name, mimeType: 'image/jpeg', buffer: await cameraJpeg(worker.page, 2400, 1800, tint) });

beforeAll(async () => {
  // Cases stay where the test puts them: no automatic dispatch at intake.
  server = await startServer({ timeoutMs: 90_000, env: { GONGZHI_AUTO_DISPATCH: '0' } });
  browser = await launchBrowser();
  const sessions = await Promise.all(['grid.xinhua', 'dispatcher.xinhua', 'handler.chengguan', 'district.admin'].map((u) => apiLogin(server, u)));
  [grid, dispatcher, handler, admin] = sessions as [ApiSession, ApiSession, ApiSession, ApiSession];
  ({ center, points } = await pointsInGrid(server, grid, GRID, 3));
  worker = await newPhonePage(browser, server.baseUrl, center);
}, 180_000);

afterAll(async () => {
  await worker?.context.close();
  await browser?.close();
  await server?.stop();
});

/** Fills the patrol form: a quick-pick category, the description, optionally a photo. */
async function fillReport(page: Page, opts: { code: string; description: string; photo?: boolean }) {
  await page.locator(`[data-testid="category-picks"] [data-code="${opts.code}"]`).click();
  await page.getByTestId('patrol-description').fill(opts.description);
  if (opts.photo) {
    const before = await page.getByTestId('photo-thumb').count();
    await page.getByTestId('patrol-photos-input').setInputFiles(await photoFile('site.jpg'));
    await expect.poll(() => page.getByTestId('photo-thumb').count()).toBe(before + 1);
  }
}

describe('grid worker on a phone', () => {
  // One phone through all the steps; each step judges only the failures it caused.
  beforeEach(() => {
    if (worker) worker.page.errors.length = 0;
  });

  it('signs in, lands on the patrol page and reports a problem with a photo, compressed to 1600 px', async () => {
    const { page } = worker;
    await page.goto('/admin/');
    await page.waitForURL('**/admin/login**');
    await signIn(page, 'grid.xinhua');
    await page.waitForURL('**/admin/grid/patrol');
    await expect.poll(() => page.getByTestId('location-status').textContent(), { timeout: 15_000 }).toContain('已定位');
    await expect.poll(() => page.locator('[data-testid="patrol-map"] path.gz-grid-own').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('grid-area-name').textContent()).toBeTruthy();

    // Nothing chosen: Chinese messages, nothing sent.
    await page.getByTestId('patrol-submit').click();
    await expect.poll(() => page.locator('.ant-form-item-explain-error').allTextContents()).toEqual(expect.arrayContaining(['请选择问题分类', '请填写问题描述']));

    // One tap on a category fills in a description the worker may keep.
    await page.locator('[data-testid="category-picks"] [data-code="B0101"]').click();
    expect(await page.getByTestId('patrol-description').inputValue()).toBe('巡查发现暴露垃圾，请处理。');
    const description = '巡查发现暴露垃圾：番禺路口绿化带旁堆放生活垃圾';
    await fillReport(page, { code: 'B0101', description, photo: true });
    await page.getByTestId('patrol-address').fill('番禺路 100 弄东侧');
    await ready(page);
    await screenshot(page, 'grid-patrol.png');

    await page.getByTestId('patrol-submit').click();
    await page.locator('.ant-message').getByText(/已上报，案件编号 \d{14}/).waitFor();
    await expect.poll(() => page.getByTestId('queue-done').count()).toBe(1);
    expect(await page.getByTestId('queue-count').count()).toBe(0);

    const [mine] = await reportsWith(description);
    expect(mine).toBeDefined();
    const c = await fullCase(mine!.id);
    expect(c.channel).toBe('grid_patrol');
    expect(c.category?.code).toBe('B0101');
    expect(c.grid?.code).toBe(GRID);
    expect(c.address).toBe('番禺路 100 弄东侧');
    expect(c.location[0]).toBeCloseTo(center[0], 6);
    expect(c.photos).toHaveLength(1);
    const photo = await fetch(server.baseUrl + c.photos[0]!.url, { headers: grid.headers });
    expect(jpegSize(Buffer.from(await photo.arrayBuffer()))).toEqual({ width: 1600, height: 1200 });
    expect(unexpected(page)).toEqual([]);
  });

  it('offline: the report is queued with its photo, survives a reload, and is delivered exactly once — even when the first answer is lost', async () => {
    const { page, context } = worker;
    // The offline shell must control the page before the network goes.
    await expect.poll(() => page.evaluate(async () => !!navigator.serviceWorker.controller && !!(await caches.match('/admin/'))), { timeout: 15_000 }).toBe(true);

    await context.setOffline(true);
    await page.getByTestId('offline-banner').waitFor();
    const description = '离线上报：共享单车乱停放，堵住3号楼消防通道';
    await fillReport(page, { code: 'A0203', description, photo: true });
    await page.getByTestId('patrol-submit').click();
    await expect.poll(() => page.getByTestId('queue-count').textContent()).toBe('待发送 1 条');
    const item = page.getByTestId('queue-item');
    await expect.poll(() => item.locator('.ant-tag').first().textContent()).toBe('等待网络');
    expect(await page.getByTestId('grid-tab-patrol').locator('.ant-badge-count').textContent()).toBe('1');
    await ready(page);
    await screenshot(page, 'grid-queue-offline.png');

    // A reload without network: the shell comes from the service worker, the queue from IndexedDB.
    await page.reload();
    await page.getByTestId('patrol-page').waitFor();
    await expect.poll(() => page.getByTestId('queue-count').textContent()).toBe('待发送 1 条');
    expect(await page.getByTestId('queue-item').locator('.gz-queue-desc').textContent()).toBe(description);
    expect(await reportsWith(description)).toHaveLength(0);

    // Back online, the first create reaches the server but its answer is lost on the way back.
    const posts: { status: number; replayed?: boolean; key: string | null }[] = [];
    let lost = false;
    await page.route('**/api/cases', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const key = route.request().headers()['idempotency-key'] ?? null;
      if (!lost) {
        lost = true;
        const res = await route.fetch();
        posts.push({ status: res.status(), key });
        return route.abort('connectionreset');
      }
      const res = await route.fetch();
      posts.push({ status: res.status(), replayed: ((await res.json()) as { replayed: boolean }).replayed, key });
      return route.fulfill({ response: res });
    });
    await context.setOffline(false);
    await page.locator('.ant-message').getByText(/已上报，案件编号 \d{14}（服务器确认此前已收到）/).waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('queue-count').count()).toBe(0);
    await page.unroute('**/api/cases');

    expect(posts.map((p) => p.status)).toEqual([201, 200]);
    expect(posts[1]!.replayed).toBe(true);
    expect(posts[0]!.key).toBe(posts[1]!.key);
    const found = await reportsWith(description);
    expect(found).toHaveLength(1);
    const c = await fullCase(found[0]!.id);
    expect(c.photos).toHaveLength(1);
    expect(c.category?.code).toBe('A0203');
    // The aborted request is the one failure this step provokes.
    expect(unexpected(page, /ERR_INTERNET_DISCONNECTED|net::ERR/)).toEqual([]);
  });

  it('a report the server refuses is kept with its reason until the worker fixes it', async () => {
    const { page, context } = worker;
    await context.setOffline(true);
    const description = '乱张贴小广告：5号楼电梯口贴满小广告';
    await fillReport(page, { code: 'B0102', description });
    await page.getByTestId('patrol-submit').click();
    await expect.poll(() => page.getByTestId('queue-count').textContent()).toBe('待发送 1 条');

    // While the phone was offline the category was switched off.
    await apiSend(server, admin, 'PATCH', '/api/case-categories/B0102', { active: false });
    try {
      await context.setOffline(false);
      const failed = page.locator('[data-testid="queue-item"][data-state="failed"]');
      await failed.waitFor({ timeout: 20_000 });
      expect(await failed.getByTestId('queue-error').textContent()).toContain('B0102');
      // Kept, not retried on its own.
      await page.waitForTimeout(3000);
      expect(await page.locator('[data-testid="queue-item"][data-state="failed"]').count()).toBe(1);
      expect(await reportsWith(description)).toHaveLength(0);

      await failed.getByTestId('queue-edit').click();
      expect(await page.getByTestId('patrol-description').inputValue()).toBe(description);
      await page.locator('[data-testid="category-picks"] [data-code="B0101"]').click();
      await page.getByTestId('patrol-submit').click();
      await expect.poll(() => page.getByTestId('queue-count').count(), { timeout: 15_000 }).toBe(0);
      const found = await reportsWith(description);
      expect(found).toHaveLength(1);
      expect(found[0]!.category?.code).toBe('B0101');
    } finally {
      await apiSend(server, admin, 'PATCH', '/api/case-categories/B0102', { active: true });
    }
    expect(unexpected(page, /422 .*\/api\/cases$/)).toEqual([]);
  });

  it('待核查: resolved cases in the grid with distance and directions; one passes with a photo, one is sent back with a reason', async () => {
    const { page } = worker;
    const dept = handler.me.grants[0]!.department!.id;
    const resolved: Case[] = [];
    const texts = ['番禺路120弄门口垃圾箱满溢，异味严重', '3号楼北侧人行道窨井盖松动'];
    for (const [i, text] of texts.entries()) {
      const photoId = await apiPhoto(server, dispatcher, await cameraJpeg(page, 1200, 900, i * 40));
      const created = await apiSend<{ case: Case }>(server, dispatcher, 'POST', '/api/cases', {
        channel: 'hotline_12345',
        categoryCode: i === 0 ? 'B0101' : 'A0101',
        description: text,
        location: points[i]!,
        address: i === 0 ? '番禺路 120 弄' : '番禺路 100 弄 3 号楼北侧',
        photoIds: [photoId],
      });
      const id = created.case.id;
      await apiSend(server, dispatcher, 'POST', `/api/cases/${id}/actions/dispatch`, { leadDepartmentId: dept });
      await apiSend(server, handler, 'POST', `/api/cases/${id}/actions/sign`, {});
      await apiSend(server, handler, 'POST', `/api/cases/${id}/actions/start`, {});
      resolved.push(await apiSend<Case>(server, handler, 'POST', `/api/cases/${id}/actions/resolve`, { publicNote: i === 0 ? '已清运垃圾并清洗垃圾箱' : '已更换井盖' }));
    }
    expect(resolved.map((c) => c.status)).toEqual(['resolved', 'resolved']);

    await page.getByTestId('grid-tab-verify').click();
    await page.waitForURL('**/admin/grid/verify');
    const items = page.getByTestId('verify-item');
    await expect.poll(() => items.count()).toBe(2);
    expect(await page.getByTestId('verify-distance').first().textContent()).toMatch(/\d+ 米$/);
    await expect.poll(() => page.locator('[data-testid="verify-map"] .gz-pin-case').count()).toBe(2);
    await ready(page);
    await screenshot(page, 'grid-verify-list.png');

    // The first: passes, with a photo.
    await page.locator(`[data-testid="verify-item"][data-id="${resolved[0]!.id}"]`).click();
    await page.getByTestId('case-detail').waitFor();
    expect(await page.getByTestId('detail-description').textContent()).toBe(texts[0]);
    expect(await page.getByTestId('detail-public-note').textContent()).toBe('已清运垃圾并清洗垃圾箱');
    await expect.poll(() => page.locator('[data-testid="detail-map"] path.gz-route-line').count()).toBe(1);
    expect(await page.getByTestId('detail-distance').textContent()).toMatch(/直线距离 \d+ 米（.+方向）/);
    expect(await page.getByTestId('detail-navigate').getAttribute('href')).toMatch(/^geo:31\.\d{6},121\.\d{6}\?q=/);
    await expect.poll(() => page.locator('[data-testid="detail-photos"] img').count()).toBe(1);
    await expect.poll(() => page.locator('[data-testid="detail-photos"] img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    // Only the verification actions the server offers.
    expect(await page.getByTestId('choose-verify_pass').count()).toBe(1);
    expect(await page.getByTestId('choose-verify_fail').count()).toBe(1);
    await ready(page);
    await screenshot(page, 'grid-verify-detail.png');

    await page.getByTestId('choose-verify_pass').click();
    await page.getByTestId('verify-text').fill('现场已清理干净');
    await page.getByTestId('verify-photos-input').setInputFiles(await photoFile('after.jpg', 60));
    await expect.poll(() => page.locator('[data-testid="verify-photos"] [data-testid="photo-thumb"]').count()).toBe(1);
    await page.getByTestId('verify-submit').click();
    await page.locator('.ant-message').getByText('已核查通过').waitFor();
    await page.waitForURL('**/admin/grid/verify');
    await expect.poll(() => items.count()).toBe(1);
    const passed = await fullCase(resolved[0]!.id);
    expect(passed.status).toBe('verified');
    expect(passed.photos).toHaveLength(2);
    const events = (await get<{ items: CaseEventView[] }>(grid, `/api/cases/${passed.id}/events`)).items;
    expect(events.at(-1)!.action).toBe('verify_pass');

    // The second: sending back without a reason is refused in the page, then sent with one.
    await items.first().click();
    await page.getByTestId('case-detail').waitFor();
    await page.getByTestId('choose-verify_fail').click();
    await page.getByTestId('verify-submit').click();
    await page.locator('.ant-form-item-explain-error').getByText('请填写退回理由').waitFor();
    expect((await fullCase(resolved[1]!.id)).status).toBe('resolved');
    await page.getByTestId('verify-text').fill('井盖仍有松动，踩上去有响声');
    await page.getByTestId('verify-submit').click();
    await page.locator('.ant-message').getByText('已退回处置部门重办').waitFor();
    await page.waitForURL('**/admin/grid/verify');
    await page.getByTestId('verify-empty').waitFor();
    const back = await fullCase(resolved[1]!.id);
    expect(back.status).toBe('in_progress');
    expect(back.flags.reopenCount).toBe(1);
    const failEvent = (await get<{ items: CaseEventView[] }>(grid, `/api/cases/${back.id}/events`)).items.find((e) => e.action === 'verify_fail');
    expect(failEvent?.note ?? JSON.stringify(failEvent?.data)).toContain('井盖仍有松动');
    expect(unexpected(page)).toEqual([]);
  });

  it('我的上报 lists what the worker reported, with status', async () => {
    const { page } = worker;
    await page.getByTestId('grid-tab-mine').click();
    const mine = (await get<{ items: CaseSummary[] }>(grid, '/api/cases?mine=true&limit=100')).items;
    expect(mine.length).toBe(3);
    await expect.poll(() => page.getByTestId('mine-item').count()).toBe(3);
    expect(await page.getByTestId('mine-status').allTextContents()).toEqual(['已受理', '已受理', '已受理']);
    expect(await page.getByTestId('mine-item').locator('.gz-case-title').allTextContents()).toEqual(mine.map((c) => c.title));
  });

  it('the console menu folds into a drawer on the phone and stays a side menu at 1366×768', async () => {
    const { page } = worker;
    await page.getByTestId('menu-button').click();
    const drawer = page.locator('.gz-menu-drawer');
    await drawer.getByText('网格巡查').waitFor();
    await drawer.getByText('辖区与网格').click();
    await page.waitForURL('**/admin/jurisdictions');
    expect(await page.locator('.gz-sider').count()).toBe(0);

    const desk = await newPage(browser, server.baseUrl);
    await desk.goto('/admin/');
    await signIn(desk, 'dispatcher.xinhua');
    await desk.waitForURL('**/admin/workbench');
    await desk.locator('.gz-sider').waitFor();
    expect(await desk.getByTestId('menu-button').count()).toBe(0);
    expect(await desk.getByTestId('main-menu').getByText('网格巡查').count()).toBe(0);
    await desk.context().close();
  });
});
