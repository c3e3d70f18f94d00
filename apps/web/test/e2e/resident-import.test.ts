import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Compound } from '@gongzhi/contracts';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, signIn } from './support/auth';
import { launchBrowser, newPage, screenshot } from './support/browser';
import { rows, settle, unexpected } from './support/page';
import { apiGet, startServer, type RunningServer } from './support/server';

const NEIGHBORHOOD = '310105004001'; // 番禺居委会 (staff.xinhua's)

let server: RunningServer;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  server = await startServer({ timeoutMs: 90_000 });
  browser = await launchBrowser();
  dir = mkdtempSync(path.join(tmpdir(), 'gz-e2e-import-'));
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A valid ID number (GB 11643 check character). */
function idNumber(birth: string, seq: number): string {
  const body = `310105${birth}${String(seq).padStart(3, '0')}`;
  return body + '10X98765432'[[...body].reduce((s, c, i) => s + Number(c) * weights[i]!, 0) % 11]!;
}

describe('community console: resident import wizard', () => {
  it('staff download the template, upload it filled with some bad rows and read the report', async () => {
    const admin = await apiLogin(server, 'district.admin');
    const { items: compounds } = await apiGet<{ items: Compound[] }>(server, `/api/compounds?unit=${NEIGHBORHOOD}&limit=5`, admin.headers);
    const compound = compounds.find((c) => c.buildingCount >= 2)!;
    expect(compound).toBeTruthy();

    const page = await newPage(browser, server.baseUrl);
    await page.goto('/admin/community/import');
    await page.waitForURL('**/admin/login?next=%2Fcommunity%2Fimport');
    await signIn(page, 'staff.xinhua');
    await page.waitForURL('**/admin/community/import');
    await expect.poll(() => page.getByTestId('main-menu').getByText('居民导入').isVisible()).toBe(true);
    // The user's own neighborhood is chosen already.
    await expect.poll(() => page.getByTestId('import-neighborhood').textContent()).toContain('番禺');
    await settle(page);
    await screenshot(page, 'community-import.png');

    // The template, from the button.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-template').click()]);
    expect(download.suggestedFilename()).toBe('居民信息导入模板.xlsx');
    const templatePath = path.join(dir, 'template.xlsx');
    await download.saveAs(templatePath);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(templatePath);
    const ws = wb.getWorksheet('居民信息')!;
    const headers = (ws.getRow(1).values as string[]).slice(1);
    expect(headers).toContain('身份证号');
    expect(wb.getWorksheet('填写说明')).toBeTruthy();

    // Filled in as a committee would: the example row replaced by six people, two of them wrong.
    ws.spliceRows(2, 1);
    const person = (n: number, over: Record<string, string> = {}) => {
      const v: Record<string, string | number> = {
        序号: n, 姓名: `测试居民${n}`, 身份证号: idNumber(`1958030${n}`, n), 联系电话: `1391234567${n}`, 与户主关系: n === 1 ? '户主' : '配偶',
        小区: compound.name, 楼号: n % 2 ? '1号楼' : '2号', 单元: '1', 室号: `10${n}`, 户籍在本址: '是', 实际居住: '是',
        政治面貌: '群众', 住房性质: '自住', 特殊群体: n === 3 ? '独居老人' : '', 迁入日期: '2019/6/1', ...over,
      };
      return headers.map((h) => v[h] ?? null);
    };
    for (let n = 1; n <= 4; n++) ws.addRow(person(n));
    const bad = idNumber('19580305', 5);
    ws.addRow(person(5, { 身份证号: bad.slice(0, 17) + (bad.endsWith('1') ? '2' : '1') }));
    ws.addRow(person(6, { 楼号: '99号楼' }));
    const filePath = path.join(dir, '番禺居委会居民信息.xlsx');
    await wb.xlsx.writeFile(filePath);

    await page.locator('input[type=file]').setInputFiles(filePath);
    await page.getByTestId('import-report').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('count-accepted').textContent()).toContain('4');
    expect(await page.getByTestId('count-rejected').textContent()).toContain('2');
    // Rejected rows come first, each with its reason.
    const table = rows(page, 'report-rows');
    await expect.poll(() => table.count()).toBe(2);
    // Row numbers as Excel shows them: the header is row 1, the six people rows 2–7.
    expect(await table.nth(0).locator('td').first().textContent()).toBe('6');
    expect(await table.nth(0).textContent()).toContain('身份证号校验位不正确');
    expect(await table.nth(1).textContent()).toContain('没有“99号楼”这栋楼');
    const body = await page.textContent('body');
    expect(body).not.toContain('测试居民1');
    await settle(page);
    await screenshot(page, 'community-import-report.png');

    // All rows; the history lists the run.
    await page.getByTestId('report-filter').getByText('全部').click();
    await expect.poll(() => table.count()).toBe(6);
    await page.getByRole('tab', { name: '导入记录' }).click();
    await expect.poll(() => rows(page, 'import-history').count()).toBe(1);
    expect(await rows(page, 'import-history').first().textContent()).toContain('番禺居委会居民信息.xlsx');
    expect(unexpected(page)).toEqual([]);
  });

  it('refuses a file with wrong headers and says which columns are missing', async () => {
    const page = await newPage(browser, server.baseUrl);
    await page.goto('/admin/community/import');
    await signIn(page, 'staff.xinhua');
    await page.waitForURL('**/admin/community/import');
    const csv = path.join(dir, 'wrong.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(csv, '\ufeff姓名,身份证,小区,楼号,室号\r\n张三,310105195803010011,某小区,1,101\r\n');
    await page.locator('input[type=file]').setInputFiles(csv);
    await page.getByTestId('import-error').waitFor();
    expect(await page.getByTestId('import-error').textContent()).toContain('缺少必需的列：身份证号、与户主关系');
    expect(unexpected(page, /400 .*\/api\/residents\/imports/)).toEqual([]);
  });
});
