import { readFileSync } from 'node:fs';
import type { CaseStatsOverview, CaseStatsPoints } from '@gongzhi/contracts';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCount, formatRate } from '../../src/stats/format';
import { apiLogin, apiSend, signIn, type ApiSession } from './support/auth';
import { launchBrowser, newPage, screenshot } from './support/browser';
import { settle, unexpected } from './support/page';
import { apiGet, startServer, type RunningServer } from './support/server';

const XINHUA = '310105004';

let server: RunningServer;
let browser: Browser;
let admin: ApiSession;

beforeAll(async () => {
  // Some history so the screen and the dashboards have something to show (and to photograph).
  server = await startServer({ timeoutMs: 150_000, env: { GONGZHI_DEMO_CASES: '400' } });
  browser = await launchBrowser();
  admin = await apiLogin(server, 'district.admin');
}, 200_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page at the big screen's size, collecting errors like newPage does. */
async function screenPage(): Promise<Page & { errors: string[] }> {
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  const page = (await context.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (err) => page.errors.push(err.message));
  page.on('response', (res) => res.status() >= 400 && page.errors.push(`${res.status()} ${res.url()}`));
  return page;
}

const overview = (q = '') => apiGet<CaseStatsOverview>(server, `/api/case-stats/overview${q}`, admin.headers);
const text = (page: Page, id: string) => page.getByTestId(id).textContent();

async function reportCase(description: string): Promise<void> {
  const u = await apiGet<{ center: [number, number] }>(server, `/api/jurisdictions/${XINHUA}001`, admin.headers);
  await apiSend(server, admin, 'POST', '/api/cases', { channel: 'hotline_12345', categoryCode: 'B0101', type: 'complaint', description, location: u.center });
}

describe('big screen /screen/', () => {
  it('signs in through the console, shows the figures at 1920×1080, follows new cases live and survives a restart', async () => {
    const page = await screenPage();
    // Signed out: to the console's sign-in page, and back to the screen afterwards.
    await page.goto('/screen/');
    await page.waitForURL('**/admin/login?next=%2Fscreen%2F');
    await signIn(page, 'district.admin');
    await page.waitForURL('**/screen/');

    await page.getByTestId('kpi-today').waitFor();
    const o = await overview('?top=8');
    expect(await text(page, 'screen-unit')).toBe('长宁区');
    expect(await text(page, 'kpi-today')).toBe(formatCount(o.todayIntake));
    expect(await text(page, 'kpi-open')).toBe(formatCount(o.figures.open));
    expect(await text(page, 'kpi-overdue')).toBe(formatCount(o.figures.overdue));
    expect(await text(page, 'kpi-closure')).toBe(formatRate(o.figures.closureRate.rate));
    expect(await text(page, 'kpi-ontime')).toBe(formatRate(o.figures.onTimeRate.rate));
    expect(await text(page, 'kpi-satisfaction')).toBe(formatRate(o.figures.satisfactionRate.rate));
    expect(o.todayIntake).toBeGreaterThan(0);

    // The map: ten 街镇 filled by intake, every open case a point; the ranking and the feed.
    const map = page.getByTestId('screen-map');
    await expect.poll(() => map.getAttribute('data-shapes'), { timeout: 15_000 }).toBe('11');
    const points = await apiGet<CaseStatsPoints>(server, '/api/case-stats/points', admin.headers);
    expect(await map.getAttribute('data-points')).toBe(String(points.items.length));
    expect(await map.locator('.scr-map-label').count()).toBe(10);
    expect(await page.getByTestId('screen-units').locator('tbody tr').count()).toBe(10);
    expect(await page.getByTestId('screen-feed').locator('li').count()).toBeGreaterThan(8);
    expect(await page.getByTestId('screen-categories').locator('canvas').count()).toBe(1);
    expect(await page.getByTestId('screen-trend').locator('canvas').count()).toBe(1);
    await expect.poll(() => page.getByTestId('screen-link').getAttribute('data-state')).toBe('live');
    await page.waitForTimeout(1200); // the charts' entry animation
    await screenshot(page, 'screen.png');

    // A new case changes today's intake without a reload (the marker would vanish with one).
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    const before = o.todayIntake;
    await reportCase('巷口有一堆建筑垃圾无人清运，影响通行');
    await expect.poll(() => text(page, 'kpi-today'), { timeout: 10_000 }).toBe(formatCount(before + 1));

    // The server restarts: the screen says it is reconnecting, comes back by itself, re-reads,
    // and follows the stream again.
    const restarting = server.restart!();
    await expect.poll(() => page.getByTestId('screen-link').getAttribute('data-state'), { timeout: 20_000, interval: 100 }).toBe('reconnecting');
    await restarting;
    await expect.poll(() => page.getByTestId('screen-link').getAttribute('data-state'), { timeout: 30_000 }).toBe('live');
    admin = await apiLogin(server, 'district.admin');
    await reportCase('小区门口垃圾桶满溢多日，气味很大');
    await expect.poll(() => text(page, 'kpi-today'), { timeout: 10_000 }).toBe(formatCount(before + 2));
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    // Only the restart's own failures (requests while the server was down) are allowed.
    expect(unexpected(page, /api\/cases\/stream/, /ERR_CONNECTION_REFUSED/, /api\/case-stats/, /401 .*\/api\/me$/)).toEqual([]);
    await page.context().close();
  });
});

describe('dashboards /admin/dashboards', () => {
  it('shows the charts, drills down from the district to a grid and exports an xlsx', async () => {
    const page = await newPage(browser, server.baseUrl);
    await page.goto('/admin/dashboards');
    await signIn(page, 'district.admin');
    await page.waitForURL('**/admin/dashboards');
    const o = await overview('?top=10');
    await expect.poll(() => page.getByTestId('dash-kpi-intake').locator('.ant-statistic-content-value').textContent()).toBe(formatCount(o.figures.intake));
    expect(await page.getByTestId('dash-kpi-ontime').locator('.ant-statistic-content-value').textContent()).toBe(formatRate(o.figures.onTimeRate.rate));
    for (const id of ['dash-unit-chart', 'dash-dept-chart', 'dash-category-chart', 'dash-trend-chart']) {
      expect(await page.getByTestId(id).locator('canvas').count(), id).toBe(1);
    }
    const rows = page.getByTestId('dash-units-table').locator('tbody tr.ant-table-row');
    expect(await rows.count()).toBe(10);
    expect(await page.getByTestId('dash-dept-table').locator('tbody tr.ant-table-row').count()).toBe(Math.min(10, o.departments.length));
    await settle(page);
    await screenshot(page, 'dashboards.png');
    await page.getByTestId('dash-dept-chart').scrollIntoViewIfNeeded();
    await page.waitForTimeout(400);
    await screenshot(page, 'dashboards-ranking.png');

    // District → 街镇: a row click; the URL keeps the unit (shareable, the back button climbs up).
    await page.getByTestId('dash-units-table').locator(`tr[data-code="${XINHUA}"]`).click();
    await page.waitForURL(`**/admin/dashboards?unit=${XINHUA}`);
    const sub = await overview(`?unit=${XINHUA}`);
    await expect.poll(() => page.getByTestId('dash-breadcrumb').locator('[data-code]').allTextContents()).toEqual(['长宁区', '新华路街道']);
    await expect.poll(() => rows.count()).toBe(Math.min(20, sub.units.length));
    await settle(page);
    await screenshot(page, 'dashboards-subdistrict.png');

    // 街镇 → 居民区 (the busiest, first in the table) → 网格.
    const nb = [...sub.units].sort((a, b) => b.figures.intake - a.figures.intake)[0]!;
    await rows.first().click();
    await page.waitForURL(`**/admin/dashboards?unit=${nb.code}`);
    const nbo = await overview(`?unit=${nb.code}`);
    await expect.poll(() => rows.count()).toBe(Math.min(20, nbo.units.length));
    await rows.first().click();
    await expect.poll(() => page.getByTestId('dash-breadcrumb').locator('[data-code]').count()).toBe(4);
    expect(await page.getByText('网格是最小统计单元，没有下级').count()).toBe(1);

    // Back up to the district through the breadcrumb, then export.
    await page.getByTestId('dash-breadcrumb').locator('a[data-code="310105"]').click();
    await expect.poll(() => rows.count()).toBe(10);
    const download = page.waitForEvent('download');
    await page.getByTestId('dash-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^案件统计-长宁区-.+\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await file.path())!) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['总体指标', '按街镇', '按部门', '按类别', '每日趋势', '导出说明']);
    expect(wb.getWorksheet('按街镇')!.rowCount).toBe(11);
    expect(unexpected(page)).toEqual([]);
  });
});
