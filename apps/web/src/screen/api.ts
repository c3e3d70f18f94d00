import type { CaseStatsFeed, CaseStatsOverview, CaseStatsPoints, Me, UnitFeatureCollection } from '@gongzhi/contracts';
import { statsQuery } from '../stats/format';
import { lang } from './strings';

/** The session is gone (or never was): the screen sends the viewer to sign in and come back. */
export class SignedOutError extends Error {}

/** The console's sign-in page, returning to this screen (with its query) afterwards. */
export const loginUrl = () => `/admin/login?next=${encodeURIComponent(location.pathname + location.search)}`;

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin', headers: { 'accept-language': lang }, signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new Error(lang === 'en' ? 'the server cannot be reached' : '无法连接服务器');
  }
  if (res.status === 401) throw new SignedOutError();
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  }
  return (await res.json()) as T;
}

export type ScreenData = { overview: CaseStatsOverview; feed: CaseStatsFeed['items']; points: CaseStatsPoints };

export const screenApi = {
  me: () => getJson<Me>('/api/me'),
  async load(unit: string | null, signal?: AbortSignal): Promise<ScreenData> {
    const u = unit ?? undefined;
    // One after another: the embedded database answers one query at a time anyway.
    const overview = await getJson<CaseStatsOverview>(`/api/case-stats/overview${statsQuery({ unit: u, top: 8 })}`, signal);
    const feed = await getJson<CaseStatsFeed>(`/api/case-stats/feed${statsQuery({ unit: overview.unit.code, limit: 30 })}`, signal);
    const points = await getJson<CaseStatsPoints>(`/api/case-stats/points${statsQuery({ unit: overview.unit.code })}`, signal);
    return { overview, feed: feed.items, points };
  },
  geometry: (code: string, level?: string) => getJson<UnitFeatureCollection>(`/api/jurisdictions/${code}/geometry${statsQuery({ level })}`),
};
