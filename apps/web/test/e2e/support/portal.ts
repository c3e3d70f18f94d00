import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { screenshotDir } from './browser';
import { repoRoot } from './server';

/** The resident portal's target: a phone (375×667), in Chinese. */
export async function phoneContext(browser: Browser, baseURL: string, opts: { geolocation?: { longitude: number; latitude: number } } = {}): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    viewport: { width: 375, height: 667 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    ...(opts.geolocation ? { geolocation: opts.geolocation, permissions: ['geolocation'] } : {}),
  });
}

export type PortalPage = Page & { errors: string[] };

/** A page collecting page errors and failed responses (like support/browser.ts's newPage). */
export async function portalPage(context: BrowserContext): Promise<PortalPage> {
  const page = (await context.newPage()) as PortalPage;
  page.errors = [];
  page.on('pageerror', (err) => page.errors.push(err.message));
  page.on('response', (res) => res.status() >= 400 && page.errors.push(`${res.status()} ${res.url()}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) page.errors.push(msg.text());
  });
  return page;
}

/** A visitor who is not signed in asks /api/me once and gets 401: that is how the portal learns it. */
export const anonymousProbe = /^401 .*\/api\/me$/;

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/** Runs axe-core on the page as it is now; fails on critical violations and prints the serious ones. */
export async function expectNoCriticalA11y(page: Page, name: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: AxeViolation[] }> } }).axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  const line = (v: AxeViolation) => `${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`;
  const serious = violations.filter((v) => v.impact === 'serious');
  console.log(`axe ${name}: ${violations.length} violation(s); critical ${violations.filter((v) => v.impact === 'critical').length}; serious ${serious.map(line).join(' | ') || 'none'}`);
  expect(violations.filter((v) => v.impact === 'critical').map(line), `critical axe violations on ${name}`).toEqual([]);
}

/** gzip size of a built file of the web app (what a server with compression sends). */
export function gzipBytesOfAsset(urlPath: string): number {
  const file = path.join(repoRoot, 'apps/web/dist', urlPath.replace(/^\//, ''));
  return gzipSync(readFileSync(file), { level: 6 }).length;
}

/** The scripts an HTML page of the build loads up front: its module entry and every modulepreload. */
export function scriptsOfBuiltPage(htmlPath: string): string[] {
  const html = readFileSync(path.join(repoRoot, 'apps/web/dist', htmlPath), 'utf8');
  const srcs = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((m) => m[1]!);
  const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map((m) => m[1]!);
  return [...new Set([...srcs, ...preloads])];
}

/**
 * A whole phone page top to bottom (375 px wide), for screens longer than one screenful. The
 * viewport is stretched to the page instead of using fullPage, which would paint the fixed bottom
 * bar in the middle of the picture.
 */
export async function fullPageShot(page: Page, name: string): Promise<void> {
  const before = page.viewportSize()!;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: before.width, height });
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(screenshotDir, name) });
  await page.setViewportSize(before);
}
