import type { FastifyInstance } from 'fastify';
import { AppError } from './app-error.js';

/**
 * Text PostgreSQL cannot store is refused at the door: NUL (U+0000) is not allowed in `text` or
 * `jsonb` (the database would fail the statement, a 500), and a lone UTF-16 surrogate is not
 * Unicode at all (it would be stored silently as U+FFFD). Every string in the parsed body, query
 * and path parameters is checked, before the contracts validate them; raw file bodies are not text.
 */
export function installTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    for (const [where, value] of [
      ['body', req.body],
      ['querystring', req.query],
      ['params', req.params],
    ] as const) {
      const bad = firstBadString(value);
      if (bad !== null) {
        throw new AppError(
          'VALIDATION_FAILED',
          `请求参数不正确：${bad || where} 含有无法保存的字符（空字符 \\u0000 或不成对的代理字符）`,
          [{ in: where, path: bad, message: 'NUL or lone surrogate' }],
          `The request contains characters that cannot be stored (NUL or a lone surrogate) in ${bad || where}`,
        );
      }
    }
  });
}

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const badText = (s: string) => s.includes('\u0000') || loneSurrogate.test(s);

/** The path of the first string (value or key) that is not storable text, or null. Iterative: bodies may nest deeply. */
export function firstBadString(root: unknown): string | null {
  if (root === null || root === undefined || Buffer.isBuffer(root)) return null;
  const stack: [unknown, string][] = [[root, '']];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (badText(v)) return path;
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        const p = path ? `${path}.${k}` : k;
        if (badText(k)) return p.replace(/[\u0000\ud800-\udfff]/g, '?');
        stack.push([child, p]);
      }
    }
  }
  return null;
}
