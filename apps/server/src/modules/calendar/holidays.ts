import { createRequire } from 'node:module';

/**
 * The statutory calendar (法定节假日 and 调休 make-up working days) from the `chinese-days` package.
 * We read its data table rather than call its functions: those parse dates in the server's local
 * time zone, and for years they have no data they silently fall back to Monday–Friday.
 */
interface ChineseDaysData {
  /** 'YYYY-MM-DD' → 'English name,中文名,days' */
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as ChineseDaysData;

const chineseName = (entry: string): string => entry.split(',')[1] ?? entry;

const years = new Set<number>();
for (const d of [...Object.keys(data.holidays), ...Object.keys(data.workdays)]) years.add(Number(d.slice(0, 4)));

/** First and last year the statutory calendar is known for (the State Council publishes each year in November or December). */
export const knownYears = { first: Math.min(...years), last: Math.max(...years) };

export function isKnownYear(year: number): boolean {
  return years.has(year);
}

/** The holiday's Chinese name when `date` ('YYYY-MM-DD') is a statutory day off, else null. */
export function holidayName(date: string): string | null {
  const e = data.holidays[date];
  return e ? chineseName(e) : null;
}

/** The holiday a 调休 make-up working day belongs to when `date` is one, else null. */
export function makeupWorkdayOf(date: string): string | null {
  const e = data.workdays[date];
  return e ? chineseName(e) : null;
}
