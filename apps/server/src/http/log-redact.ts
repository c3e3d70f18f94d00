import type { Writable } from 'node:stream';

/**
 * Log lines never carry personal data. Three layers:
 * - serializers: a request is logged as method, URL and caller address; bodies never;
 * - redaction: credentials and any `body` / password field a careless log call passes;
 * - a last pass over every finished line that masks, inside its strings, anything that looks
 *   like an 18-digit ID number or an 11-digit mainland mobile (URLs, messages, error stacks).
 * The last pass works on the serialized line because pino's `formatters.log` runs before the
 * serializers and never sees the message, the URL or an error's stack.
 */

// Preceded by a non-digit, or by a percent-escape (`%E5%8F%B7` + digits in an encoded URL), or a
// country code (`+86`, `86`), and followed by a non-digit.
const before = String.raw`(?:(?<![0-9])|(?<=%[0-9A-Fa-f]{2})|(?<=86))`;
const idNumber = new RegExp(`${before}([0-9]{6})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9])`, 'g');
const mobile = new RegExp(`${before}(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])`, 'g');

/** 310105199001011234 → 310105********1234, 13800000006 → 138****0006, anywhere in a text. */
export function maskText(s: string): string {
  return s.replace(idNumber, '$1********$2').replace(mobile, '$1****$2');
}

// A JSON string literal; numbers (the time stamp, status codes) are left alone.
const jsonString = /"(?:[^"\\]|\\.)*"/g;

/** Masks the strings of one serialized JSON log line (anything else passes through masked as text). */
export function maskLogLine(line: string): string {
  if (!/[0-9]{11}/.test(line)) return line;
  if (!line.startsWith('{')) return maskText(line);
  return line.replace(jsonString, (lit) => maskText(lit));
}

/** A destination that masks each line before passing it on. */
export function maskingStream(dest: { write(s: string): unknown }): { write(s: string): void } {
  return { write: (s: string) => void dest.write(maskLogLine(s)) };
}

// Open311 clients may send their api_key in the query string (the GeoReport swagger says so).
const keyInUrl = /([?&]api_key=)[^&#]*/gi;
export const redactUrl = (url: string | undefined) => url?.replace(keyInUrl, '$1***');

// Request log entries are shaped here, so no plugin can add a body or headers to them.
const serializers = {
  req: (req: { method?: string; url?: string; ip?: string; id?: string }) => ({ method: req.method, url: redactUrl(req.url), remoteAddress: req.ip }),
  res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }),
};

const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'body',
  'req.body',
  '*.body',
  'password',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.totp',
  '*.recoveryCode',
];

/**
 * Fastify logger options: the given level, our serializers, redaction and the masking destination,
 * with the caller's options on top (a test passes its own `stream`, which gets masked too).
 */
export function loggerOptions(level: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { stream, redact, serializers: more, ...rest } = extra as {
    stream?: Writable | { write(s: string): unknown };
    redact?: string[];
    serializers?: Record<string, unknown>;
  };
  return {
    level,
    ...rest,
    serializers: { ...serializers, ...more },
    redact: { paths: [...redactPaths, ...(redact ?? [])], censor: '[已隐藏]' },
    stream: maskingStream(stream ?? process.stdout),
  };
}
