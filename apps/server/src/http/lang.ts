import type { FastifyRequest } from 'fastify';

export type Lang = 'zh' | 'en';

/** Chinese first: English only when the client asks for it before any Chinese. */
export function langOf(req: FastifyRequest): Lang {
  const q = new URLSearchParams(req.url.split('?')[1] ?? '').get('lang'); // raw URL: validated queries drop `lang`
  if (q === 'en' || q === 'zh') return q;
  const header = req.headers['accept-language'];
  if (typeof header !== 'string') return 'zh';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}
