import type { Case, CaseSummary, UnitDetail } from '@gongzhi/contracts';
import type { Browser, Request } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, apiSend, type ApiSession } from './support/auth';
import { launchBrowser, screenshot } from './support/browser';
import { anonymousProbe, expectNoCriticalA11y, fullPageShot, gzipBytesOfAsset, phoneContext, portalPage, scriptsOfBuiltPage } from './support/portal';
import { unexpected } from './support/page';
import { apiGet, startServer, type RunningServer } from './support/server';

const GRID = '310105004001001'; // a grid of 番禺居委会, 新华路街道 (grid.xinhua's)
const FIRST_SCREEN_LIMIT = 300 * 1024;

let server: RunningServer;
let browser: Browser;
let dispatcher: ApiSession;
let gridCentre: [number, number];

beforeAll(async () => {
  // No demo history: the cases the tests look at are the ones they make.
  server = await startServer({ timeoutMs: 90_000, env: { GONGZHI_DEMO_CASES: '0' } });
  browser = await launchBrowser();
  dispatcher = await apiLogin(server, 'dispatcher.xinhua');
  const grid = await apiGet<UnitDetail>(server, `/api/jurisdictions/${GRID}`, dispatcher.headers);
  gridCentre = grid.center as [number, number];
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A phone photo: 4000×3000 with fine detail, several MB as a camera writes it. */
const cameraPhoto = () =>
  sharp({ create: { width: 4000, height: 3000, channels: 3, background: { r: 128, g: 128, b: 128 }, noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .jpeg({ quality: 92 })
    .toBuffer();

describe('resident portal: first screen', () => {
  it('loads under 300 kB of gzipped JavaScript, without antd or Leaflet', async () => {
    // From the build: the entry script and its modulepreloads.
    const built = scriptsOfBuiltPage('portal/index.html');
    const builtBytes = built.reduce((n, s) => n + gzipBytesOfAsset(s), 0);

    // From the browser: every script the first screen actually fetched.
    const context = await phoneContext(browser, server.baseUrl);
    const page = await portalPage(context);
    // The way in: the landing page's card.
    await page.goto('/');
    const fetched: string[] = [];
    const encodings = new Map<string, string | undefined>();
    page.on('request', (r: Request) => r.resourceType() === 'script' && fetched.push(new URL(r.url()).pathname));
    page.on('response', (r) => r.request().resourceType() === 'script' && encodings.set(new URL(r.url()).pathname, r.headers()['content-encoding']));
    await page.getByTestId('landing-portal-link').click();
    await page.waitForURL('**/portal/');
    await page.waitForLoadState('networkidle');
    await page.getByTestId('report-form').waitFor();
    const fetchedBytes = fetched.reduce((n, s) => n + gzipBytesOfAsset(s), 0);

    const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
    console.log(`portal first screen: ${fetched.length} scripts, ${kb(fetchedBytes)} gzipped (build lists ${built.length}: ${kb(builtBytes)}) — ${fetched.map((s) => `${s.replace('/assets/', '')} ${kb(gzipBytesOfAsset(s))}`).join(', ')}`);
    expect(fetchedBytes).toBeLessThan(FIRST_SCREEN_LIMIT);
    expect(builtBytes).toBeLessThan(FIRST_SCREEN_LIMIT);
    // The server sends the build's precompressed copies of the large scripts (files under 1 kB go
    // as they are; Chromium asks for br only over HTTPS).
    const large = fetched.filter((f) => /\/(react|portal)-/.test(f));
    expect(large.length).toBe(2);
    for (const f of large) expect(['gzip', 'br']).toContain(encodings.get(f));
    expect(fetched.filter((s) => /\/(antd|leaflet|admin)-/.test(s))).toEqual([]);
    expect(built.filter((s) => /\/(antd|leaflet|admin)-/.test(s))).toEqual([]);
    expect(unexpected(page, anonymousProbe)).toEqual([]);
    await context.close();
  });
});

describe('resident portal: anonymous report', () => {
  it('reports with a photo and the suggested category; a retry and a double tap make one case', async () => {
    const context = await phoneContext(browser, server.baseUrl, { geolocation: { longitude: gridCentre[0], latitude: gridCentre[1] } });
    const page = await portalPage(context);
    await page.goto('/portal/');
    await page.getByTestId('report-form').waitFor();
    await expectNoCriticalA11y(page, 'report form (empty)');

    // Submitting an empty form explains what is missing, in Chinese.
    await page.getByTestId('report-submit').click();
    await expect.poll(() => page.getByTestId('report-errors').textContent()).toContain('还有 3 处');
    expect(await page.locator('#description-error').textContent()).toBe('请描述问题，至少 5 个字');
    expect(await page.locator('#location-error').textContent()).toContain('请选择问题位置');
    expect(await page.locator('#phone-error').textContent()).toBe('请填写 11 位手机号');

    // The classification assist suggests a category from the description; the user accepts it.
    // A lane number of its own, so the count below finds this report only.
    const description = `番禺路 ${100 + (Date.now() % 800)} 弄门口的路灯坏了好几天，晚上一片漆黑，老人出门很不安全`;
    await page.getByTestId('report-description').fill(description);
    const accept = page.getByTestId('suggestion-accept');
    await accept.waitFor({ timeout: 10_000 });
    const suggested = (await accept.getAttribute('data-code'))!;
    expect(suggested).toMatch(/^[A-Z]\d{4}$/);
    await screenshot(page, 'portal-report-suggestion.png');
    await accept.click();
    expect(await page.getByTestId('report-category').inputValue()).toBe(suggested);
    await expect.poll(() => page.getByTestId('report-suggestion').textContent()).toContain('已采用推荐分类');

    // The phone's location, then a point tapped on the map (drawn from our own boundaries, no tiles).
    await page.getByTestId('use-location').click();
    await expect.poll(() => page.getByTestId('report-place').textContent(), { timeout: 10_000 }).toContain('新华路街道');
    await page.getByTestId('pick-on-map').click();
    const picker = page.getByTestId('map-picker');
    await picker.waitFor();
    await picker.locator('.leaflet-interactive').first().waitFor({ state: 'attached' });
    await expect.poll(() => picker.locator('.pick-marker').count()).toBe(1); // the current point
    const box = (await page.getByTestId('picker-map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2 + 20, box.y + box.height / 2 - 20);
    await expect.poll(() => page.getByTestId('picker-point').textContent()).toMatch(/^31\.\d+, 121\.\d+$/);
    await page.waitForTimeout(300);
    await screenshot(page, 'portal-map-pick.png');
    await expectNoCriticalA11y(page, 'map picker');
    await page.getByTestId('picker-use').click();
    await expect.poll(() => page.getByTestId('report-place').textContent(), { timeout: 10_000 }).toMatch(/^已选位置：.+(街道|镇) · .+/);

    // A camera photo of several MB is scaled to 1600 px and re-encoded as JPEG before upload.
    const original = await cameraPhoto();
    const uploads: (string | undefined)[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/cases/photos')) uploads.push(r.headers()['content-type']);
    });
    const uploaded = page.waitForResponse((r) => r.url().endsWith('/api/cases/photos') && r.request().method() === 'POST');
    await page.getByTestId('photo-input').setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: original });
    const photo = (await (await uploaded).json()) as { width: number; height: number; sizeBytes: number };
    expect(uploads).toEqual(['image/jpeg']);
    // The server only strips metadata: what it stored is about what the browser sent.
    expect(photo).toMatchObject({ width: 1600, height: 1200 });
    expect(photo.sizeBytes).toBeLessThanOrEqual(1_500_000);
    expect(photo.sizeBytes).toBeLessThan(original.length / 4);
    console.log(`photo: camera ${(original.length / 1e6).toFixed(2)} MB 4000×3000 → uploaded ${(photo.sizeBytes / 1e6).toFixed(2)} MB ${photo.width}×${photo.height}`);
    await expect.poll(() => page.getByTestId('report-photos').locator('li[data-state="done"]').count()).toBe(1);

    await page.getByTestId('report-phone').fill('13812345678');
    await page.getByTestId('report-name').fill('王先生');
    await page.getByTestId('report-address').fill('番禺路 88 弄 3 号楼门口');
    await fullPageShot(page, 'portal-report.png');
    await expectNoCriticalA11y(page, 'report form (filled)');

    // The first answer is lost on the way back (the case was made): the user taps again, twice.
    const posts: Request[] = [];
    page.on('request', (r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/cases' && posts.push(r));
    let lose = true;
    await page.route('**/api/cases', async (route) => {
      if (route.request().method() !== 'POST' || !lose) return route.continue();
      lose = false;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.getByTestId('report-submit').click();
    await expect.poll(() => page.getByTestId('report-server-error').textContent()).toContain('无法连接服务器');
    await page.getByTestId('report-submit').evaluate((b: HTMLButtonElement) => {
      b.click();
      b.click();
    });
    await page.getByTestId('report-done').waitFor();
    const number = (await page.getByTestId('done-number').textContent())!;
    expect(number).toMatch(/^\d{14}$/);
    expect(await page.getByTestId('report-done').textContent()).toContain('这份反映已提交过，没有重复登记');
    expect(posts).toHaveLength(2);
    const keys = posts.map((r) => r.headers()['idempotency-key']);
    expect(keys[0]).toMatch(/^portal-[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);

    // Exactly one case has this description, with its photo and category.
    const list = await apiGet<{ items: CaseSummary[] }>(server, '/api/cases?channel=resident_app&limit=200', dispatcher.headers);
    const mine = list.items.filter((c) => c.number === number);
    expect(mine).toHaveLength(1);
    const all = await Promise.all(list.items.map((c) => apiGet<Case>(server, `/api/cases/${c.id}`, dispatcher.headers)));
    const same = all.filter((c) => c.description === description);
    expect(same).toHaveLength(1);
    expect(same[0]!.photos).toHaveLength(1);
    expect(same[0]!.category?.code).toBe(suggested);
    expect(same[0]!.reporter).toMatchObject({ phone: '138****5678', contactConsent: true, isAccount: false });

    // The visitor follows it by number: the public view, kept on this device.
    await page.getByTestId('done-view').click();
    await page.getByTestId('track-detail').waitFor();
    expect(await page.getByTestId('case-status').textContent()).toContain(number);
    await expect.poll(() => page.getByTestId('timeline').locator('li').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('track-detail').textContent()).not.toContain('13812345678');
    await expectNoCriticalA11y(page, 'case followed by number');
    await page.getByTestId('nav-mine').click();
    await expect.poll(() => page.getByTestId('local-cases').textContent()).toContain(number);
    await expectNoCriticalA11y(page, 'my cases (visitor)');

    expect(unexpected(page, anonymousProbe)).toEqual([]);
    await context.close();
  });
});

/** A case of resident.demo taken through the whole loop by staff, up to 结案, through the API. */
async function closedCaseOf(resident: ApiSession, description: string): Promise<Case> {
  const created = await apiSend<{ case: Case }>(server, resident, 'POST', '/api/cases', {
    categoryCode: 'B0201',
    type: 'complaint',
    description,
    location: gridCentre,
    address: '番禺路 100 号门口',
    reporter: { contactConsent: true },
  });
  const id = created.case.id;
  const handler = await apiLogin(server, 'handler.chengguan');
  const grid = await apiLogin(server, 'grid.xinhua');
  const depts = await apiGet<{ items: { id: string; code: string }[] }>(server, '/api/departments?limit=200', dispatcher.headers);
  const cgzf = depts.items.find((d) => d.code === '310105-CGZF')!.id;
  const act = (s: ApiSession, action: string, body: Record<string, unknown> = {}) => apiSend<Case>(server, s, 'POST', `/api/cases/${id}/actions/${action}`, body);
  if (created.case.status === 'received') await act(dispatcher, 'dispatch', { leadDepartmentId: cgzf });
  else await act(dispatcher, 'redispatch', { leadDepartmentId: cgzf });
  await act(handler, 'sign');
  await act(handler, 'start');
  await act(handler, 'resolve', { publicNote: '已联合执法清理摊贩，并安排夜间巡查' });
  await act(grid, 'verify_pass');
  await act(dispatcher, 'follow_up', { publicNote: '已电话回访，居民确认摊贩已清理' });
  return act(dispatcher, 'close');
}

describe('resident portal: signed-in resident', () => {
  it('signs in, sees My cases and rates closed cases; 不满意 reopens the case', async () => {
    const resident = await apiLogin(server, 'resident.demo');
    const happy = await closedCaseOf(resident, '小区门口每天晚上有无证摊贩占道经营，油烟很大，行人只能走机动车道');
    const unhappy = await closedCaseOf(resident, '弄堂口的流动摊贩晚上占道卖烧烤，清理后第二天又来了');
    expect([happy.status, unhappy.status]).toEqual(['closed', 'closed']);

    const context = await phoneContext(browser, server.baseUrl, { geolocation: { longitude: gridCentre[0], latitude: gridCentre[1] } });
    const page = await portalPage(context);
    await page.goto('/portal/cases');
    await page.getByTestId('portal-login-link').click();
    await page.getByTestId('portal-login').waitFor();
    await expectNoCriticalA11y(page, 'sign-in');
    // Wrong password: the server's message is shown.
    await page.getByTestId('portal-username').fill('resident.demo');
    await page.getByTestId('portal-password').fill('wrong-password');
    await page.getByTestId('portal-login-submit').click();
    await expect.poll(() => page.getByTestId('portal-login-error').textContent()).toContain('用户名或密码');
    await page.getByTestId('portal-password').fill('Changning@2025');
    await page.getByTestId('portal-login-submit').click();
    await page.waitForURL('**/portal/cases');

    const list = page.getByTestId('account-cases');
    await expect.poll(() => list.locator('li').count()).toBe(2);
    expect(await list.textContent()).toContain('已办结');
    await page.waitForTimeout(200);
    await screenshot(page, 'portal-my-cases.png');
    await expectNoCriticalA11y(page, 'my cases (signed in)');

    // 满意: thanks, and the rating shows.
    await list.locator(`a[data-number="${happy.number}"]`).click();
    await page.getByTestId('case-detail').waitFor();
    expect(await page.getByTestId('case-status').textContent()).toContain('已办结');
    expect(await page.getByTestId('case-handler').textContent()).toContain('区城管执法局');
    expect(await page.getByTestId('case-public-note').textContent()).toContain('已电话回访');
    await expect.poll(() => page.getByTestId('timeline').locator('li').count()).toBeGreaterThanOrEqual(6);
    const steps = await page.getByTestId('timeline').locator('.step-title').allTextContents();
    expect(steps).toContain('案件办结');
    expect(steps).toContain('区城管执法局处置完毕');
    expect(steps).toContain('现场核查通过');
    await page.getByTestId('rating-form').waitFor();
    await fullPageShot(page, 'portal-case-detail.png');
    await expectNoCriticalA11y(page, 'case detail with rating');
    await page.getByTestId('rate-submit').click();
    await expect.poll(() => page.getByTestId('rating-form').textContent()).toContain('请选择满意度');
    await page.getByText('满意', { exact: true }).click();
    await page.getByTestId('rate-comment').fill('处理及时，谢谢');
    await page.getByTestId('rate-submit').click();
    await expect.poll(() => page.getByTestId('rating-result').textContent()).toContain('感谢您的评价');
    expect(await page.getByTestId('rating-result').textContent()).toContain('您的评价：满意');
    expect(await page.getByTestId('rating-form').count()).toBe(0);

    // 不满意 with a comment: the server reopens the case; the page says so.
    await page.getByTestId('nav-mine').click();
    await list.locator(`a[data-number="${unhappy.number}"]`).click();
    await page.getByTestId('rating-form').waitFor();
    await page.getByText('不满意', { exact: true }).click();
    expect(await page.getByTestId('rating-form').textContent()).toContain('案件将退回重新办理');
    await page.getByTestId('rate-comment').fill('清理后第二天又来了，没有解决');
    await page.getByTestId('rate-submit').click();
    await expect.poll(() => page.getByTestId('rating-result').textContent()).toContain('案件已退回重新办理');
    expect(await page.getByTestId('case-status').textContent()).toContain('正在处置');
    await expect.poll(() => page.getByTestId('timeline').locator('.step-title').first().textContent()).toBe('您评价不满意，案件重新办理');
    await fullPageShot(page, 'portal-case-reopened.png');
    const after = await apiGet<Case>(server, `/api/cases/${unhappy.id}`, dispatcher.headers);
    expect(after.status).toBe('in_progress');
    expect(after.flags.reopenCount).toBe(1);

    // English is one tap away.
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('case-status').textContent()).toContain('Work in progress');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByTestId('lang-switch').click();

    // Signed in, a report needs no phone number and lands in the account's cases.
    await page.getByTestId('nav-report').click();
    expect(await page.getByTestId('report-form').textContent()).toContain('将以');
    await page.getByTestId('report-description').fill('楼下绿化带里的树枝被风刮断了，挂在半空很危险');
    await page.getByTestId('use-location').click();
    await expect.poll(() => page.getByTestId('report-place').textContent(), { timeout: 10_000 }).toContain('番禺居委会');
    await page.getByTestId('report-submit').click();
    await page.getByTestId('report-done').waitFor();
    await page.getByTestId('done-view').click();
    await page.getByTestId('case-detail').waitFor();
    expect(await page.getByTestId('case-status').textContent()).toMatch(/已受理|已派至承办单位/);
    await page.getByTestId('nav-mine').click();
    await expect.poll(() => list.locator('li').count()).toBe(3);

    expect(unexpected(page, anonymousProbe, /^401 .*\/api\/auth\/login$/)).toEqual([]);
    await context.close();
  });
});

describe('resident portal: public map', () => {
  it('shows recent cases as points, filterable by status and category, without personal data', async () => {
    // A few more reports across the district (none 举报, none closed, none in B02 or A0101).
    const { items: subs } = await apiGet<{ items: { code: string }[] }>(server, '/api/jurisdictions/310105/children', dispatcher.headers);
    const codes = ['A0102', 'A0103', 'A0104', 'A0402'];
    for (const [i, sub] of subs.entries()) {
      const unit = await apiGet<UnitDetail>(server, `/api/jurisdictions/${sub.code}`, dispatcher.headers);
      const res = await fetch(`${server.baseUrl}/api/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ categoryCode: codes[i % codes.length], description: `居民反映的第 ${i + 1} 个问题，请尽快处理`, location: unit.center }),
      });
      expect(res.status).toBe(201);
    }
    const context = await phoneContext(browser, server.baseUrl);
    const page = await portalPage(context);
    await page.goto('/portal/map');
    const map = page.getByTestId('public-map');
    await map.waitFor();
    const points = map.locator('path.case-point');
    await expect.poll(() => points.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(3 + subs.length);
    const all = await points.count();
    expect(await page.getByTestId('map-count').textContent()).toBe(`共 ${all} 件`);
    await page.waitForTimeout(400);
    await screenshot(page, 'portal-public-map.png');
    await expectNoCriticalA11y(page, 'public map');

    // A point tells what and where in general terms: no phone, no name, no description.
    await points.first().click({ force: true });
    const popup = page.locator('.leaflet-popup-content');
    await popup.waitFor();
    const text = (await popup.textContent())!;
    expect(text).toMatch(/\d{14}/);
    for (const secret of ['王先生', '路灯坏了']) expect(text).not.toContain(secret);
    // No phone number, plain or masked (a bare '138' could be part of the case number).
    expect(text).not.toMatch(/1[3-9]\d(\d{4}|\*{4})\d{4}/);

    // Filters: 已办结 (the happy case stays closed), then a category with no cases.
    await page.getByTestId('map-stage-closed').click();
    await expect.poll(() => page.getByTestId('map-count').textContent()).toBe('共 1 件');
    await expect.poll(() => points.count()).toBe(1);
    await page.getByTestId('map-stage-all').click();
    await page.getByTestId('map-category').selectOption('A0101');
    await expect.poll(() => page.getByTestId('map-count').textContent()).toBe('共 0 件');
    await page.getByTestId('map-category').selectOption('B02');
    await expect.poll(() => points.count()).toBe(2);

    expect(unexpected(page, anonymousProbe)).toEqual([]);
    await context.close();
  });
});
