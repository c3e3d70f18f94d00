// One arbitrary per route: a request built from the route's own zod schemas, then broken in one
// of many ways. Whether the result is invalid is decided by the same zod schemas afterwards
// (`classify`), so the oracle and the server always agree on what the contract says.
import fc from 'fast-check';
import type { z } from 'zod';
import {
  RawNumber,
  badParam,
  boundaryNumbers,
  cloneValue,
  deepValue,
  hugeString,
  invalidJsonTexts,
  nastyString,
  parsedLikeServer,
  rawParam,
  toJsonText,
  wrongContentTypes,
  wrongTypeValue,
} from './bad-values.js';
import { validishOf } from './from-schema.js';
import type { FuzzRoute } from './routes.js';

export interface FuzzRequest {
  strategy: string;
  method: FuzzRoute['method'];
  url: string;
  contentType?: string;
  payload?: string | Buffer;
  anonymous: boolean;
  /** invalid: the contract refuses it (4xx + code, nothing written); valid: only "no 5xx". */
  expect: 'invalid' | 'valid';
}

type Path = (string | number)[];

/** Paths of every field (objects and array items) down to depth 3. */
function pathsOf(v: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (prefix.length >= 3 || v === null || typeof v !== 'object' || v instanceof RawNumber) return out;
  for (const [k, child] of Object.entries(v)) {
    const p = [...prefix, Array.isArray(v) ? Number(k) : k];
    out.push(p);
    pathsOf(child, p, out);
  }
  return out;
}

const clone = cloneValue;

function setAt(root: unknown, path: Path, value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  const copy = clone(root) as Record<string | number, unknown>;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove) {
    if (Array.isArray(at)) at.splice(Number(last), 1);
    else delete at[last];
  } else at[last] = value;
  return copy;
}

interface Parts {
  params: Record<string, unknown>;
  query: Record<string, unknown> | undefined;
  body: unknown;
}

const ok = (schema: z.ZodType | undefined, v: unknown) => !schema || schema.safeParse(v).success;

function toStringRecord(v: unknown): Record<string, string> {
  if (v === null || typeof v !== 'object') return {};
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, typeof x === 'string' ? x : toJsonText(x)]));
}

function urlOf(route: FuzzRoute, params: Record<string, string>, query: Record<string, string> | undefined): string {
  const path = route.url.replace(/:([A-Za-z0-9_]+)/g, (_m, k: string) => {
    const v = params[k] ?? 'x';
    return v.startsWith(rawParam) ? v.slice(rawParam.length) : encodeURIComponent(v);
  });
  const qs = query && Object.keys(query).length ? `?${new URLSearchParams(query).toString()}` : '';
  return path + qs;
}

/** Puts the parts together and asks the route's schemas whether the server should accept them. */
function assemble(route: FuzzRoute, strategy: string, parts: Parts, anonymous: boolean): FuzzRequest {
  const params = toStringRecord(parts.params);
  const query = parts.query === undefined ? undefined : toStringRecord(parts.query);
  const payload = parts.body === undefined ? undefined : toJsonText(parts.body);
  const tooLarge = payload !== undefined && Buffer.byteLength(payload) > 1024 * 1024;
  const body = payload === undefined ? undefined : parsedLikeServer(parts.body);
  const valid = !tooLarge && ok(route.params, params) && ok(route.querystring, query ?? {}) && ok(route.body, body);
  return {
    strategy,
    method: route.method,
    url: urlOf(route, params, query),
    ...(payload === undefined ? {} : { payload, contentType: 'application/json' }),
    anonymous,
    expect: valid ? 'valid' : 'invalid',
  };
}

/** Breaks one field of a value: pick a path, then change what is there. */
const mutateField = (value: unknown, replacement: fc.Arbitrary<unknown>, remove = false) =>
  fc.tuple(fc.nat(), replacement).map(([i, r]) => {
    const paths = pathsOf(value);
    if (paths.length === 0) return remove ? undefined : r;
    return setAt(value, paths[i % paths.length]!, r, remove);
  });

const numberish = fc.constantFrom(...boundaryNumbers);

export function requestArbitrary(route: FuzzRoute): fc.Arbitrary<FuzzRequest> {
  const base = fc.record({ params: validishOf(route.params), query: validishOf(route.querystring), body: validishOf(route.body), anonymous: fc.integer({ min: 0, max: 9 }).map((n) => n < 2) });
  const partsOf = (b: { params: unknown; query: unknown; body: unknown }): Parts => ({
    params: (b.params ?? {}) as Record<string, unknown>,
    query: b.query as Record<string, unknown> | undefined,
    body: b.body,
  });
  const viaBody = (strategy: string, f: (body: unknown) => fc.Arbitrary<unknown>) =>
    base.chain((b) => f(b.body).map((body) => assemble(route, strategy, { ...partsOf(b), body }, b.anonymous)));

  const strategies: fc.WeightedArbitrary<FuzzRequest>[] = [
    { weight: 40, arbitrary: viaBody('wrong-type', (body) => mutateField(body, wrongTypeValue)) },
    { weight: 20, arbitrary: viaBody('missing-field', (body) => mutateField(body, fc.constant(undefined), true)) },
    { weight: 10, arbitrary: viaBody('extra-field', (body) => fc.tuple(fc.constantFrom('role', 'id', 'isAdmin', '__proto__', 'extra字段', 'createdAt'), nastyString).map(([k, v]) => (body && typeof body === 'object' && !Array.isArray(body) ? { ...body, [k]: v } : { [k]: v }))) },
    { weight: 40, arbitrary: viaBody('nasty-string', (body) => mutateField(body, nastyString)) },
    { weight: 20, arbitrary: viaBody('boundary-number', (body) => mutateField(body, numberish)) },
    { weight: 10, arbitrary: viaBody('whole-body', () => fc.oneof(fc.jsonValue({ maxDepth: 2 }), numberish, nastyString)) },
    { weight: 10, arbitrary: viaBody('deep-nesting', (body) => fc.oneof(deepValue, mutateField(body, deepValue))) },
    { weight: 3, arbitrary: viaBody('huge-string', (body) => mutateField(body, hugeString)) },
    { weight: 10, arbitrary: viaBody('as-sent', (body) => fc.constant(body)) },
    {
      weight: 10,
      arbitrary: base.chain((b) =>
        fc.constantFrom(...invalidJsonTexts).map((text) => ({ ...assemble(route, 'invalid-json', partsOf(b), b.anonymous), payload: text, contentType: 'application/json', expect: 'invalid' as const })),
      ),
    },
    {
      weight: 10,
      arbitrary: base.chain((b) =>
        fc.constantFrom(...wrongContentTypes).map((ct) => {
          const req = assemble(route, 'content-type', partsOf(b), b.anonymous);
          const text = toJsonText(b.body ?? { a: 1 });
          // Only a route with a body contract can say the text is refused; application/json with
          // another charset may still be parsed as JSON.
          const refused = req.expect === 'invalid' || (!!route.body && !ct.startsWith('application/json') && !route.body.safeParse(text).success);
          return { ...req, payload: text, contentType: ct, expect: refused ? ('invalid' as const) : ('valid' as const) };
        }),
      ),
    },
  ];
  if (/:[A-Za-z]/.test(route.url)) {
    strategies.push({
      weight: 30,
      arbitrary: base.chain((b) => mutateField(b.params ?? {}, badParam).map((params) => assemble(route, 'bad-param', { ...partsOf(b), params: params as Record<string, unknown> }, b.anonymous))),
    });
  }
  if (route.querystring) {
    strategies.push({
      weight: 20,
      arbitrary: base.chain((b) =>
        fc
          .oneof(mutateField(b.query ?? {}, fc.oneof(nastyString, numberish, wrongTypeValue)), fc.record({ [`x${'q'}`]: nastyString }), hugeString.map((h) => ({ ...(b.query as object), q: h })))
          .map((query) => assemble(route, 'bad-query', { ...partsOf(b), query: query as Record<string, unknown> }, b.anonymous)),
      ),
    });
  }
  return fc.oneof(...strategies);
}

/** Files for a raw upload route: random bytes, text, and real magic numbers under the wrong type. */
export function rawUploadArbitrary(route: FuzzRoute): fc.Arbitrary<FuzzRequest> {
  const magic = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('PK\x03\x04'), Buffer.from('%PDF-1.4\n'), Buffer.from('GIF89a'), Buffer.from('<svg xmlns="http://www.w3.org/2000/svg">')];
  const content = fc.oneof(
    fc.uint8Array({ minLength: 0, maxLength: 2000 }).map((a) => Buffer.from(a)),
    fc.tuple(fc.constantFrom(...magic), fc.uint8Array({ maxLength: 500 })).map(([m, a]) => Buffer.concat([m, Buffer.from(a)])),
    fc.array(nastyString, { maxLength: 5 }).map((cells) => Buffer.from(cells.join(',') + '\n')),
  );
  const types = [...(route.consumes ?? []), 'image/png', 'image/jpeg', 'text/csv', 'application/octet-stream'];
  return fc.record({ query: validishOf(route.querystring), payload: content, contentType: fc.constantFrom(...types), anonymous: fc.boolean() }).map((r) => {
    const query = r.query === undefined ? undefined : toStringRecord(r.query);
    return {
      strategy: 'raw-upload',
      method: route.method,
      url: urlOf(route, {}, query),
      payload: r.payload,
      contentType: r.contentType,
      anonymous: r.anonymous,
      // Random bytes are never a good photo or spreadsheet; whether one is refused is for the handler to say.
      expect: 'valid' as const,
    };
  });
}

export { RawNumber };
