// The kinds of bad and extreme values the fuzzer puts into requests.
import fc from 'fast-check';

/** JSON text written literally: numbers JSON.stringify cannot say (-0, 1e400, 30 digits), nesting too deep for it. */
export class RawNumber {
  constructor(readonly text: string) {}
}

/** A copy that keeps RawNumbers (structuredClone would turn them into plain objects). */
export function cloneValue<T>(v: T): T {
  if (v === null || typeof v !== 'object' || v instanceof RawNumber) return v;
  if (Array.isArray(v)) return v.map(cloneValue) as T;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cloneValue(x)])) as T;
}

/** JSON text of a value that may hold RawNumbers. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof RawNumber) {
      raws.push(v.text);
      return `\u0001raw${raws.length - 1}\u0001`;
    }
    return v;
  });
  return (text ?? 'null').replace(/"\\u0001raw(\d+)\\u0001"/g, (_m, i: string) => raws[Number(i)]!);
}

/** The value zod would see after the JSON text is parsed (for asking the schema whether it is valid). */
export const parsedLikeServer = (value: unknown): unknown => JSON.parse(toJsonText(value));

export const megabyte = 1024 * 1024;

/** Strings that have broken systems before: Unicode edge cases, injections, control characters. */
export const nastyStrings: string[] = [
  '',
  ' ',
  '　', // ideographic space
  '😀👨‍👩‍👧‍👦🇨🇳',
  '𠮷野家', // outside the BMP
  'ＡＢＣ１２３　（全角）',
  '\ud800', // lone high surrogate
  'x\udc00y', // lone low surrogate
  'a\u0000b',
  '\u0000',
  '\u202eRTL\u202c',
  'ǅ\u0301\u0301\u0301',
  "' OR '1'='1",
  "'; DROP TABLE app_user; --",
  '1; SELECT pg_sleep(10)--',
  '%_\\',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  '../../etc/passwd',
  '${7*7}{{7*7}}',
  '\r\nX-Injected: 1',
  'null',
  'true',
  '-1',
  '1e400',
  '__proto__',
  '长'.repeat(5000),
  'a'.repeat(100_000),
];

/** Numbers at the edges: signed zero, fractions where integers are due, past 2^53 and int4, overflow. */
export const boundaryNumbers: unknown[] = [
  0,
  new RawNumber('-0'),
  -1,
  0.5,
  1.5,
  -0.000001,
  2147483647,
  2147483648,
  -2147483649,
  Number.MAX_SAFE_INTEGER,
  new RawNumber('9007199254740992'), // MAX_SAFE_INTEGER + 1
  new RawNumber('-9007199254740993'),
  1e308,
  -1e308,
  new RawNumber('1e400'),
  new RawNumber('5e-324'),
  new RawNumber('123456789012345678901234567890'),
];

/** A value of (most likely) the wrong type for any given field. */
export const wrongTypeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, '', 'x', [], {}, [1, 'a', null], { a: 1 }, [[[]]], { $gt: '' }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** {a:{a:…}} or [[…]] to the given depth, as JSON text (too deep for JSON.stringify). */
export function nested(depth: number, arrays: boolean): RawNumber {
  return new RawNumber(arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}{}${'}'.repeat(depth)}`);
}

export const deepValue = fc.tuple(fc.constantFrom(50, 500, 5_000, 20_000), fc.boolean()).map(([d, a]) => nested(d, a));

/** A string of at least 1 MB (over the JSON body limit) or just under it. */
export const hugeString = fc.constantFrom(megabyte + 10, megabyte - 64).map((n) => 'x'.repeat(n));

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...nastyStrings) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);

/** A path parameter starting with this goes into the URL as is (a broken %-escape), not encoded. */
export const rawParam = '\u0002';

/** Path parameter values that are not ids: wrong format, injections, encodings, overlong. */
export const badParam: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('not-a-uuid', '00000000-0000-0000-0000-000000000000', "1' OR '1'='1", '😀', '..', '\u0000', '-1', '1.5', '９９', '%', ' ', 'x'.repeat(201), 'null', '310105', '<b>', `${rawParam}%E0%A4%A`, `${rawParam}%`, `${rawParam}%zz`),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
);

/** Bodies that are not JSON, or not well-formed JSON, sent as application/json. */
export const invalidJsonTexts: string[] = [
  '{"a":',
  '{bad json}',
  "{'a': 1}",
  '{"a":1,}',
  '[1,2',
  '{"a":1}{"b":2}',
  'NaN',
  '{"a": undefined}',
  '{"__proto__": {"polluted": true}}',
  '{"constructor": {"prototype": {"polluted": true}}}',
  '\u0000',
  '"unterminated',
];

/** Content types a JSON route does not take, with a JSON body. */
export const wrongContentTypes: string[] = [
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=xyz',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  'image/png',
  'application/json; charset=utf-16',
  'text/html',
  'application/x-unknown',
];
