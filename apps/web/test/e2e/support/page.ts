import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Failed requests and page errors except the ones a step provokes on purpose. */
export const unexpected = (page: Page & { errors: string[] }, ...allowed: RegExp[]) => page.errors.filter((e) => !allowed.some((r) => r.test(e)));

/** The data rows of the antd table with this test id. */
export const rows = (page: Page, testId: string) => page.getByTestId(testId).locator('tbody tr.ant-table-row');

/** Before a picture: tables done loading and antd's transitions (fade, expand) finished. */
export async function settle(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-spin-spinning').count()).toBe(0);
  await page.waitForTimeout(400);
}

/**
 * Makes the page believe the signed-in user also holds `action` (its /api/me answer is amended),
 * to show what the console offers with it; the server, asked directly, still decides.
 */
export async function pretendPermission(page: Page, action: string): Promise<void> {
  await page.route('**/api/me', async (route) => {
    const res = await route.fetch();
    const me = (await res.json()) as { permissions: string[] };
    await route.fulfill({ response: res, json: { ...me, permissions: [...me.permissions, action] } });
  });
}
