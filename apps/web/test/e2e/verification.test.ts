import type { VerificationGenerated, VerificationProgress, VerificationTask } from '@gongzhi/contracts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, signIn, type ApiSession } from './support/auth';
import { launchBrowser, newPage, screenshot } from './support/browser';
import { rows, settle, unexpected } from './support/page';
import { apiGet, startServer, type RunningServer } from './support/server';

// 核查任务: a neighborhood staff member generates the tasks of grid.xinhua's grid and assigns them
// to the grid worker, who completes one on a phone-size page (390 px).

const GRID = '310105004001001';
let server: RunningServer;
let browser: Browser;
let staff: ApiSession;
let grid: ApiSession;

type Page_ = Page & { errors: string[] };

async function picture(page: Page, name: string): Promise<void> {
  await settle(page);
  await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.waitForTimeout(200);
  await screenshot(page, name);
}

const tasks = (s: ApiSession, query: string) => apiGet<{ items: VerificationTask[] }>(server, `/api/verification/tasks${query}`, s.headers).then((r) => r.items);

beforeAll(async () => {
  // The demo population fills the demo grid worker's grid first (seed/population.ts), so
  // grid.xinhua has residents to check at any population size.
  server = await startServer({ timeoutMs: 240_000, env: { GONGZHI_DEMO_CASES: '0' } });
  browser = await launchBrowser();
  [staff, grid] = await Promise.all([apiLogin(server, 'staff.xinhua'), apiLogin(server, 'grid.xinhua')]);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('核查任务 in the browser', () => {
  it('staff generate the tasks of a grid and assign them to its grid worker', async () => {
    const page = await newPage(browser, server.baseUrl);
    await page.goto(`/admin/community/verification?unit=${GRID}`);
    await signIn(page, 'staff.xinhua');
    await page.getByTestId('verification-page').waitFor();
    const generated = page.waitForResponse((r) => r.url().endsWith('/api/verification/generate'));
    await page.getByTestId('generate').click();
    const result = (await (await generated).json()) as VerificationGenerated;
    expect(result.opened.stale + result.opened.missing_fields).toBeGreaterThan(0);
    await page.getByText(/^新生成 \d+ 条超期任务/).waitFor();
    const open = await tasks(staff, `?unit=${GRID}&limit=200`);
    expect(open.length).toBe(result.openTotal);
    await expect.poll(() => rows(page, 'task-table').count()).toBe(Math.min(50, open.length));
    // Masked values only.
    for (const t of open) expect(t.resident!.idNumber).toMatch(/\*{8}/);

    // Bulk: the page's rows, to the grid worker.
    await page.getByTestId('task-table').locator('thead .ant-checkbox-input').check();
    await page.getByTestId('assign-selected').click();
    await page.getByTestId('assign-select').click();
    await page.locator('.ant-select-item-option', { hasText: 'grid.xinhua' }).click();
    await page.getByTestId('assign-ok').click();
    await page.getByText(/^已分派 \d+ 条任务$/).waitFor();
    await expect.poll(() => rows(page, 'task-table').first().locator('td').nth(5).textContent()).toBe('新华路网格员');
    await picture(page, 'verification-tasks.png');
    expect((await tasks(grid, '?mine=true&limit=200')).length).toBe(Math.min(50, open.length));
    expect(unexpected(page)).toEqual([]);
    await page.context().close();
  });

  it('the grid worker completes a task on a phone', async () => {
    const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const page = (await context.newPage()) as Page_;
    page.errors = [];
    page.on('pageerror', (err) => page.errors.push(err.message));
    page.on('response', (res) => res.status() >= 400 && page.errors.push(`${res.status()} ${res.url()}`));
    await page.goto('/admin/community/verification');
    await signIn(page, 'grid.xinhua');
    await page.getByTestId('verification-page').waitFor();
    const mine = await tasks(grid, '?mine=true&limit=20');
    await expect.poll(() => page.getByTestId('task-card').count()).toBe(mine.length);
    // Fits the phone: no sideways scrolling.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const target = mine[0]!;
    await page.getByTestId('task-card').first().getByTestId('task-complete').click();
    await page.getByTestId('close-text').fill('已上门核实，信息无误');
    await page.getByTestId('close-ok').click();
    await page.getByText('已完成核查').waitFor();
    const after = await tasks(grid, '?mine=true&limit=20');
    expect(after.map((t) => t.id)).not.toContain(target.id);
    await expect.poll(() => page.getByTestId('task-card').count()).toBe(after.length);
    const done = (await tasks(grid, '?status=done')).find((t) => t.id === target.id)!;
    expect(done).toMatchObject({ status: 'done', note: '已上门核实，信息无误', doneBy: '新华路网格员' });
    expect(done.resident!.verifiedAt).not.toBeNull();
    const progress = await apiGet<VerificationProgress>(server, `/api/verification/progress?unit=${GRID}`, staff.headers);
    expect(progress.totals.done).toBeGreaterThanOrEqual(1);
    await picture(page, 'verification-phone.png');
    expect(unexpected(page)).toEqual([]);
    await context.close();
  });
});
