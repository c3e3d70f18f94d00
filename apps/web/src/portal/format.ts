/**
 * The API answers times in ISO 8601 with the Shanghai offset (2025-11-28T09:05:00+08:00): shown
 * as written, so a phone set to another time zone still shows Beijing time.
 */
export function shanghaiTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  return m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}` : iso;
}

export function shanghaiDay(iso: string | null | undefined): string {
  return shanghaiTime(iso).slice(0, 10);
}
