import type { LedgerResult } from '@gongzhi/contracts';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, signIn, type ApiSession } from './support/auth';
import { launchBrowser, newPage, screenshot } from './support/browser';
import { rows, settle, unexpected } from './support/page';
import { apiGet, startServer, type RunningServer } from './support/server';

// 台账报表 at the console's size (1366×768): the district administrator opens a ledger for the
// district, drills down 街镇 → 居委, climbs back by the breadcrumb and downloads the Excel file;
// neighborhood staff land on their own 居委 with its masked lists.

const XINHUA = '310105004';
const PANYU = '310105004001';
let server: RunningServer;
let browser: Browser;
let admin: ApiSession;

type Page_ = Page & { errors: string[] };

const ledger = (id: string, unit: string, s: ApiSession = admin) => apiGet<LedgerResult>(server, `/api/ledgers/${id}?unit=${unit}`, s.headers);
const crumbs = (page: Page) => page.getByTestId('ledger-breadcrumb').locator('[data-code]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
const num = (s: string | null) => Number((s ?? '').replace(/,/g, ''));

async function picture(page: Page, name: string): Promise<void> {
  await settle(page);
  await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
  await page.mouse.move(1, 760);
  await page.waitForTimeout(200);
  await screenshot(page, name);
}

beforeAll(async () => {
  // A small demo population (every 居委 gets some buildings filled) keeps the first start short.
  server = await startServer({ timeoutMs: 170_000, env: { GONGZHI_DEMO_CASES: '0', GONGZHI_DEMO_RESIDENTS: '4000' } });
  browser = await launchBrowser();
  admin = await apiLogin(server, 'district.admin');
}, 200_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('ledgers', () => {
  it('district admin opens a ledger, drills down to a 居委 and back, downloads Excel', async () => {
    const page: Page_ = await newPage(browser, server.baseUrl);
    await page.goto('/admin/community/ledgers');
    await signIn(page, 'district.admin');
    await page.waitForURL('**/admin/community/ledgers');
    await expect.poll(() => page.getByTestId('ledger-title').textContent()).toContain('实有人口统计表');

    // District: one row per 街镇, totals as the API computes them.
    const district = await ledger('population', '310105');
    await expect.poll(() => rows(page, 'ledger-table').count()).toBe(district.main.rows.length);
    expect(district.main.totals!.residents).toBeGreaterThan(0);
    const total = page.getByTestId('ledger-total');
    await expect.poll(() => total.locator('td').first().textContent()).toBe('合计');
    expect(num(await total.locator('td').nth(2).textContent())).toBe(district.main.totals!.residents);
    await expect.poll(() => page.getByTestId('main-menu').locator('.ant-menu-item-selected').textContent()).toBe('台账报表');
    await picture(page, 'community-ledgers.png');

    // Drill: 新华路街道 → 番禺居委 (click the row), then switch to the elderly ledger with its lists.
    await page.getByTestId('ledger-table').locator(`a[data-code="${XINHUA}"]`).click();
    await page.waitForURL((u) => u.searchParams.get('unit') === XINHUA);
    const sub = await ledger('population', XINHUA);
    await expect.poll(() => rows(page, 'ledger-table').count()).toBe(sub.main.rows.length);
    await rows(page, 'ledger-table').filter({ has: page.locator(`a[data-code="${PANYU}"]`) }).click();
    await page.waitForURL((u) => u.searchParams.get('unit') === PANYU);
    await expect.poll(() => crumbs(page)).toEqual(['310105', XINHUA, PANYU]);
    await page.getByTestId('ledger-select').click();
    await page.locator('.ant-select-item-option', { hasText: '老年人口' }).click();
    await expect.poll(() => page.getByTestId('ledger-title').textContent()).toContain('老年人口');
    const elderly = await ledger('elderly', PANYU);
    await expect.poll(() => page.getByTestId('ledger-table').locator('thead th').first().textContent()).toBe('小区');
    const over80 = elderly.lists.find((l) => l.key === 'persons80')!;
    await expect.poll(() => page.getByTestId('ledger-list-persons80').locator('.ant-card-extra').textContent()).toBe(`共 ${over80.rows.length} 条`);
    if (over80.rows.length > 0) {
      const first = await rows(page, 'ledger-list-persons80').first().locator('td').nth(1).textContent();
      expect(first).toContain('*'); // masked
    }
    // The admin may reveal and export de-identified data: both buttons are offered.
    await expect.poll(() => page.getByTestId('ledger-deidentified').count()).toBe(1);
    await expect.poll(() => page.getByTestId('ledger-export-plain').count()).toBe(1);
    await picture(page, 'community-ledger-drill.png');

    // Excel of what is on screen: Chinese headers, 合计 row equal to the API's.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ledger-export').click()]);
    expect(download.suggestedFilename()).toMatch(/老年人口.*\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ExcelJS.Buffer);
    const sheet = wb.worksheets[0]!;
    expect((sheet.getRow(3).values as unknown[]).slice(1, 3)).toEqual(['小区', '在册人口']);
    const last = sheet.getRow(sheet.rowCount);
    expect(last.getCell(1).value).toBe('合计');
    expect(last.getCell(2).value).toBe(elderly.main.totals!.residents);

    // Back up by the breadcrumb.
    await page.getByTestId('ledger-breadcrumb').locator(`a[data-code="${XINHUA}"]`).click();
    await page.waitForURL((u) => u.searchParams.get('unit') === XINHUA);
    await expect.poll(() => page.getByTestId('ledger-table').locator('thead th').first().textContent()).toBe('居民区');
    expect(unexpected(page)).toEqual([]);
    await page.context().close();
  });

  it('neighborhood staff land on their own 居委, may export plain values with a reason, not de-identified data', async () => {
    const page: Page_ = await newPage(browser, server.baseUrl);
    await page.goto('/admin/community/ledgers?ledger=special-groups');
    await signIn(page, 'staff.xinhua');
    await expect.poll(() => page.getByTestId('ledger-title').textContent()).toContain('特殊群体台账');
    await expect.poll(() => crumbs(page)).toEqual([PANYU]); // nothing above their 居委 to open
    expect(await page.getByTestId('ledger-deidentified').count()).toBe(0);
    await page.getByTestId('ledger-export-plain').click();
    await page.locator('.ant-modal .ant-btn-primary').click();
    await expect.poll(() => page.locator('.ant-form-item-explain-error').textContent()).toBe('请填写理由');
    await page.getByTestId('plain-reason').fill('核对低保名单');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.ant-modal .ant-btn-primary').click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ExcelJS.Buffer);
    expect(String(wb.worksheets[0]!.getCell(2, 1).value)).toContain('含个人信息明文');
    const list = wb.getWorksheet('特殊群体人员名单')!;
    expect(list.getRow(3).getCell(2).value).toBe('姓名');
    expect(unexpected(page)).toEqual([]);
    await page.context().close();
  });
});
