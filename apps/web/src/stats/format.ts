/**
 * Pure helpers shared by the big screen and the dashboards: rates, counts, Shanghai days, the
 * drill-down path. No React, no antd, no echarts, so both bundles (and unit tests) can use them.
 */

export type Level = 'district' | 'subdistrict' | 'neighborhood' | 'grid';
export type UnitRef = { code: string; name: string; level: Level };

/** A rate (0…1) as a percentage with two decimals, as the plan writes them (99.14%); "—" when none. */
export function formatRate(rate: number | null | undefined, digits = 2): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${(Math.round(rate * 10 ** (digits + 2)) / 10 ** digits).toFixed(digits)}%`;
}

/** A count with thousands separators (12,345). */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return Math.round(n).toLocaleString('en-US');
}

/** A rate for a chart axis: percentage number with two decimals, or null (a gap) when none. */
export const ratePercent = (rate: number | null | undefined): number | null =>
  rate === null || rate === undefined ? null : Math.round(rate * 10_000) / 100;

const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** Today's date in Shanghai (YYYY-MM-DD), whatever the browser's time zone. */
export function shanghaiToday(now: number = Date.now()): string {
  return new Date(now + OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(day: string, k: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + k * DAY_MS).toISOString().slice(0, 10);
}

/** The default period: the 30 days up to today. */
export function lastDays(days = 30, now: number = Date.now()): { from: string; to: string } {
  const to = shanghaiToday(now);
  return { from: addDays(to, -(days - 1)), to };
}

/** 'HH:mm' (same day as `now`) or 'MM-DD HH:mm' of an ISO time, in Shanghai. */
export function feedTime(iso: string, now: number = Date.now()): string {
  const local = new Date(Date.parse(iso) + OFFSET_MS).toISOString();
  const time = local.slice(11, 16);
  return local.slice(0, 10) === shanghaiToday(now) ? time : `${local.slice(5, 10)} ${time}`;
}

export const levelOfCode = (code: string): Level | null =>
  (({ 6: 'district', 9: 'subdistrict', 12: 'neighborhood', 15: 'grid' }) as Record<number, Level>)[code.length] ?? null;

/** The level one step down, or null below a grid. */
export const childLevelOf = (level: Level): Level | null =>
  ({ district: 'subdistrict', subdistrict: 'neighborhood', neighborhood: 'grid', grid: null })[level] as Level | null;

/**
 * The drill-down path shown as a breadcrumb: the district down to the unit looked at. Units above
 * the caller's own place are shown but not clickable (the server would narrow them to it anyway).
 */
export function drillPath(ancestors: UnitRef[], unit: UnitRef, home?: string | null): { unit: UnitRef; current: boolean; enabled: boolean }[] {
  const all = [...ancestors, unit];
  const homeIndex = home ? all.findIndex((u) => u.code === home) : 0;
  return all.map((u, i) => ({ unit: u, current: i === all.length - 1, enabled: i !== all.length - 1 && i >= Math.max(0, homeIndex) }));
}

/**
 * Whether a row of the breakdown opens its unit: every child does, a grid too (its own figures,
 * categories and trend; it just has no breakdown below it).
 */
export const canDrill = (row: { level: Level }): boolean => row.level !== 'district';

/** The query string of a statistics request, leaving out what is not set. */
export function statsQuery(q: Record<string, string | number | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Fill of a choropleth cell: none, then four quarters of the maximum, from calm blue to hot red. */
export const heatSteps = ['#12365f', '#1d6a8f', '#2f9d8f', '#d9a323', '#e8553f'] as const;
export function heatColor(value: number, max: number): string {
  if (max <= 0 || value <= 0) return heatSteps[0];
  return heatSteps[1 + Math.min(3, Math.floor((value / max) * 4 - 1e-9))]!;
}

/** The legend of the heat steps: each colour with the largest count it stands for. */
export function heatLegend(max: number): { color: string; upTo: number }[] {
  const steps = [{ color: heatSteps[0] as string, upTo: 0 }];
  for (let k = 1; k <= 4; k++) {
    const upTo = Math.floor((max * k) / 4);
    if (upTo > steps[steps.length - 1]!.upTo) steps.push({ color: heatSteps[k]!, upTo });
  }
  return steps;
}
