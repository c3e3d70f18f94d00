import type { Household, HouseholdDetail } from '@gongzhi/contracts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, apiSend, signIn, type ApiSession } from './support/auth';
import { launchBrowser, newPage, screenshot } from './support/browser';
import { rows, settle, unexpected } from './support/page';
import { apiGet, startServer, type RunningServer } from './support/server';

const FANYU = '310105004001'; // 番禺居委会, staff.xinhua's neighborhood

let server: RunningServer;
let browser: Browser;
let api: ApiSession;

/** A valid ID number (GB 11643 check digit). */
function idNumber(birth: string, seq: number): string {
  const body = `310105${birth}${String(seq).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + Number(c) * w[i]!, 0);
  return body + '10X98765432'[sum % 11]!;
}

beforeAll(async () => {
  server = await startServer({ timeoutMs: 120_000 });
  browser = await launchBrowser();
  api = await apiLogin(server, 'staff.xinhua');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('社区云: compound → building grid → household', () => {
  it('staff.xinhua adds a member, moves one out and sees both in the history; residents are searched masked', async () => {
    // A household of 番禺 with people in it (the demo population), else one made through the API.
    const { items } = await apiGet<{ items: Household[] }>(server, `/api/households?unit=${FANYU}&limit=100`, api.headers);
    let target = items.find((h) => h.people >= 2) ?? items.find((h) => h.people >= 1);
    if (!target) {
      const b = (await apiGet<{ items: { id: string }[] }>(server, `/api/compounds?unit=${FANYU}&limit=1`, api.headers)).items[0]!;
      const detail = await apiGet<{ buildings: { id: string }[] }>(server, `/api/compounds/${b.id}`, api.headers);
      const h = await apiSend<HouseholdDetail>(server, api, 'POST', '/api/households', { buildingId: detail.buildings[0]!.id, floor: 1, room: '101' });
      await apiSend(server, api, 'POST', `/api/households/${h.id}/move-in`, { name: '陈志强', idNumber: idNumber('19580101', 11), relation: 'head', movedInOn: '2020-01-01' });
      target = h;
    }
    const before = await apiGet<HouseholdDetail>(server, `/api/households/${target.id}`, api.headers);
    const leaving = before.members.find((m) => m.status === 'active')!;

    const page = await newPage(browser, server.baseUrl);
    await page.goto('/admin/community/compounds');
    await signIn(page, 'staff.xinhua');
    await page.waitForURL('**/admin/community/compounds');
    await expect.poll(() => rows(page, 'compound-table').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await settle(page);
    await screenshot(page, 'community-compounds.png');

    await page.getByTestId('compound-search').locator('input').fill(target.compound.name);
    await page.getByTestId('compound-search').locator('input').press('Enter');
    await expect.poll(() => rows(page, 'compound-table').first().textContent()).toContain(target.compound.name);
    await rows(page, 'compound-table').filter({ hasText: target.compound.name }).first().click();
    await page.waitForURL(`**/admin/community/compounds/${target.compound.id}`);
    await page.locator(`[data-building="${target.building.id}"]`).waitFor();
    await settle(page);
    await screenshot(page, 'community-compound.png');
    await page.locator(`[data-building="${target.building.id}"]`).click();
    await page.waitForURL(`**/admin/community/buildings/${target.building.id}`);
    const cell = page.getByTestId('building-grid').locator(`[data-household="${target.id}"]`);
    await cell.waitFor();
    await settle(page);
    await screenshot(page, 'community-building.png');
    await cell.click();
    await page.waitForURL(`**/admin/community/households/${target.id}`);
    const members = rows(page, 'member-table');
    await expect.poll(() => members.count()).toBe(before.members.length);

    // 迁入: a new member with a lowercase-x-free valid ID number; the table shows it masked.
    const newId = idNumber('19920315', 42);
    await page.getByTestId('member-add').click();
    await page.getByTestId('member-name').fill('赵晓雯');
    await page.getByTestId('member-id').fill(newId);
    await page.getByTestId('member-phone').fill('13655556666');
    await page.getByTestId('member-save').click();
    await expect.poll(() => members.count()).toBe(before.members.length + 1);
    await expect.poll(() => page.getByTestId('member-table').textContent()).toContain('赵*雯');
    expect(await page.getByTestId('household-page').textContent()).not.toContain(newId);

    // 迁出 of a member who was there before.
    await page.getByTestId(`member-actions-${leaving.id}`).click();
    await page.getByRole('menuitem', { name: '迁出', exact: true }).click();
    await page.getByTestId('moveout-reason').fill('购房迁往闵行区');
    await page.getByTestId('moveout-save').click();
    await expect.poll(() => page.locator(`[data-member="${leaving.id}"]`).getAttribute('data-status')).toBe('moved_out');
    const history = page.getByTestId('history');
    await expect.poll(() => history.locator('[data-kind="moved_out"]').count()).toBeGreaterThan(0);
    expect(await history.locator('[data-kind="moved_in"]').first().textContent()).toContain('赵*雯');
    expect(await history.locator('[data-kind="moved_out"]').first().textContent()).toContain('购房迁往闵行区');
    await settle(page);
    await screenshot(page, 'community-household.png');

    // 居民: the exact ID number finds the new member, masked; the drawer shows its history.
    await page.getByRole('menuitem', { name: '居民', exact: true }).click();
    await page.waitForURL('**/admin/community/residents');
    await expect.poll(() => rows(page, 'resident-table').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await settle(page);
    await screenshot(page, 'community-residents.png');
    await page.getByTestId('resident-search').locator('input').fill(newId);
    await page.getByTestId('resident-search').locator('input').press('Enter');
    await expect.poll(() => rows(page, 'resident-table').count()).toBe(1);
    await rows(page, 'resident-table').first().click();
    const drawer = page.getByTestId('resident-drawer');
    await expect.poll(() => drawer.getByTestId('history').locator('[data-kind="moved_in"]').count()).toBe(1);
    expect(await page.locator('body').textContent()).not.toContain(newId);
    await settle(page);
    await screenshot(page, 'community-resident-drawer.png');
    expect(unexpected(page)).toEqual([]);
  }, 120_000);

  it('moves a member to another household of the same building (户间迁移) from the household page', async () => {
    const { items } = await apiGet<{ items: Household[] }>(server, `/api/households?unit=${FANYU}&limit=100`, api.headers);
    const from = items.find((h) => h.people >= 2)!;
    const to = items.find((h) => h.id !== from.id && h.building.id === from.building.id)!;
    const mover = (await apiGet<HouseholdDetail>(server, `/api/households/${from.id}`, api.headers)).members.find((m) => m.status === 'active' && m.relation !== 'head')
      ?? (await apiGet<HouseholdDetail>(server, `/api/households/${from.id}`, api.headers)).members.find((m) => m.status === 'active')!;

    const page = await newPage(browser, server.baseUrl);
    await page.goto(`/admin/community/households/${from.id}`);
    await signIn(page, 'staff.xinhua');
    await page.getByTestId(`member-actions-${mover.id}`).click();
    await page.getByRole('menuitem', { name: '户间迁移', exact: true }).click();
    await page.getByTestId('move-building').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: from.building.name }).first().click();
    await page.getByTestId('move-household').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: `${to.room} 室` }).first().click();
    await page.getByTestId('move-save').click();
    // Gone from this household, a member of the other one, with the move in its history.
    await expect.poll(() => page.locator(`[data-member="${mover.id}"]`).count(), { timeout: 15_000 }).toBe(0);
    const after = await apiGet<HouseholdDetail>(server, `/api/households/${to.id}`, api.headers);
    expect(after.members.some((m) => m.id === mover.id && m.status === 'active')).toBe(true);
    expect(unexpected(page)).toEqual([]);
  }, 120_000);
});
