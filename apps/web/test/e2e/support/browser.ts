import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from './server';

/** Debian's Chromium: browser tests never download one. */
export const chromiumPath = process.env.GONGZHI_CHROMIUM ?? '/usr/bin/chromium';

// The machine's network is closed: these flags stop Chromium from reaching outside on its own.
const args = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args });
}

/** A page at the laptop size staff use (1366×768), in Chinese, collecting page errors and failed requests. */
export async function newPage(browser: Browser, baseURL: string): Promise<Page & { errors: string[] }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const page = (await context.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (err) => page.errors.push(err.message));
  // Failed responses are recorded with their URL (the console only says "Failed to load resource").
  page.on('response', (res) => res.status() >= 400 && page.errors.push(`${res.status()} ${res.url()}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) page.errors.push(msg.text());
  });
  return page;
}

export const screenshotDir = path.join(repoRoot, 'docs/screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, name);
  await page.screenshot({ path: file });
  return file;
}
