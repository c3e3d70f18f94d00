import type { UnitDetail, UnitSummary } from '@gongzhi/contracts';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, signIn, type ApiSession } from './support/auth';
import { launchBrowser, newPage, screenshot } from './support/browser';
import { apiGet, startServer, type RunningServer } from './support/server';

const XINHUA = '310105004'; // 新华路街道

let server: RunningServer;
let browser: Browser;
// The console needs a session: 新华路街道's dispatcher, in the browser and for the API comparisons.
const account = 'dispatcher.xinhua';
let api: ApiSession;

beforeAll(async () => {
  server = await startServer({ timeoutMs: 90_000 });
  browser = await launchBrowser();
  api = await apiLogin(server, account);
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Clicks a map polygon with the real mouse, at a point where that polygon is on top. */
async function clickOnMap(page: Page, path: Locator): Promise<void> {
  await path.scrollIntoViewIfNeeded();
  const point = await path.evaluate((el) => {
    const r = el.getBoundingClientRect();
    for (let fy = 0.5; fy < 1; fy += 0.05) {
      for (const y of [r.top + r.height * fy, r.top + r.height * (1 - fy)]) {
        for (let fx = 0.1; fx < 0.95; fx += 0.05) {
          const x = r.left + r.width * fx;
          if (document.elementFromPoint(x, y) === el) return { x, y };
        }
      }
    }
    return null;
  });
  if (!point) throw new Error('no visible point on the polygon');
  await page.mouse.click(point.x, point.y);
}

describe('staff console: jurisdiction page', () => {
  it('selects 新华路街道 in the tree and shows its boundary, detail and neighborhoods', async () => {
    const page = await newPage(browser, server.baseUrl);
    const unit = await apiGet<UnitDetail>(server, `/api/jurisdictions/${XINHUA}`, api.headers);
    const { items: kids } = await apiGet<{ items: UnitSummary[] }>(server, `/api/jurisdictions/${XINHUA}/children`, api.headers);
    expect(unit.name).toBe('新华路街道');
    expect(kids.length).toBeGreaterThan(0);

    // Signed out, the console sends the user to sign in and then back to the page asked for.
    await page.goto('/admin/jurisdictions');
    await page.waitForURL('**/admin/login?next=%2Fjurisdictions');
    await signIn(page, account);
    await page.waitForURL('**/admin/jurisdictions');
    const tree = page.getByTestId('jurisdiction-tree');
    await tree.locator(`[data-code="${XINHUA}"]`).click();
    await page.waitForURL(`**/admin/jurisdictions/${XINHUA}`);

    const detail = page.getByTestId('unit-detail');
    await expect.poll(() => detail.getByTestId('unit-code').textContent()).toBe(XINHUA);
    expect(await detail.getByTestId('unit-name').textContent()).toBe('新华路街道');
    expect(await tree.locator('.ant-tree-node-selected [data-code]').getAttribute('data-code')).toBe(XINHUA);

    // The map draws the subdistrict's outline once and one path per neighborhood.
    const map = page.getByTestId('unit-map');
    await expect.poll(() => map.locator('path.gz-unit-child').count(), { timeout: 15_000 }).toBe(kids.length);
    expect(await map.locator('path.gz-unit-self').count()).toBe(1);

    // The children table lists the neighborhoods (20 a page).
    const rows = page.getByTestId('children-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(Math.min(kids.length, 20));
    const shown = await rows.locator('td:first-child').allTextContents();
    expect(shown).toEqual(kids.slice(0, 20).map((k) => k.name));

    await page.waitForTimeout(400); // let fitBounds' animation settle before the picture
    await screenshot(page, 'admin-jurisdiction-subdistrict.png');

    // Click a neighborhood on the map: the whole page follows it.
    const first = kids[0]!;
    await clickOnMap(page, map.locator(`path[data-code="${first.code}"]`));
    await page.waitForURL(`**/admin/jurisdictions/${first.code}`);
    await expect.poll(() => detail.getByTestId('unit-code').textContent()).toBe(first.code);
    expect(await detail.getByTestId('unit-name').textContent()).toBe(first.name);
    await expect.poll(() => map.locator('path.gz-unit-self').count()).toBe(1);

    // Back to the subdistrict, then pick another neighborhood from the table.
    await page.goBack();
    await expect.poll(() => detail.getByTestId('unit-code').textContent()).toBe(XINHUA);
    const second = kids[1] ?? first;
    await rows.filter({ hasText: second.code }).click();
    await expect.poll(() => detail.getByTestId('unit-code').textContent()).toBe(second.code);
    expect(await tree.locator('.ant-tree-node-selected [data-code]').getAttribute('data-code')).toBe(second.code);

    // The language switch turns the console into English.
    await page.getByTestId('lang-switch').getByText('English').click();
    await expect.poll(() => page.locator('.gz-brand').textContent()).toContain('Gongzhi');

    expect(page.errors).toEqual([]);
    await page.context().close();
  });

  it('shows the API error message for an unknown unit', async () => {
    const page = await newPage(browser, server.baseUrl);
    await page.goto('/admin/jurisdictions/310105999');
    await signIn(page, account);
    await page.waitForURL('**/admin/jurisdictions/310105999');
    const alert = page.getByTestId('unit-detail').locator('.ant-alert-error');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('找不到');
    await page.context().close();
  });
});

describe('landing page', () => {
  it('offers the way to the staff console', async () => {
    const page = await newPage(browser, server.baseUrl);
    await page.goto('/');
    const link = page.getByTestId('landing-admin-link');
    expect(await link.getAttribute('href')).toBe('/admin/');
    expect(await link.textContent()).toContain('工作人员控制台');
    // The big screen is open (signed-in staff), and so is the resident portal.
    expect(await page.getByTestId('landing-screen-link').getAttribute('href')).toBe('/screen/');
    expect(await page.getByTestId('landing-portal-link').getAttribute('href')).toBe('/portal/');
    // Cards of apps not built yet are greyed out and lead nowhere.
    for (const soon of await page.locator('.card.soon').all()) expect(await soon.getAttribute('href')).toBeNull();
    await screenshot(page, 'landing.png');
    await link.click();
    await page.waitForURL('**/admin/login');
    await signIn(page, account);
    // A 街镇 dispatcher's console opens on the dispatch workbench.
    await page.waitForURL('**/admin/workbench');
    await page.getByTestId('workbench').waitFor();
    expect(page.errors).toEqual([]);
    await page.context().close();
  });
});
