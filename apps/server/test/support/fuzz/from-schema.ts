// Values a zod contract is likely to accept, generated from its JSON Schema (zod v4's
// z.toJSONSchema): the starting point that the bad-input strategies then break one field at a time.
// Refinements are not visible in JSON Schema, so some of these are still refused: the test asks
// the zod schema itself which inputs are valid, never this generator.
import fc from 'fast-check';
import { z } from 'zod';

type Json = Record<string, unknown>;

const cache = new WeakMap<z.ZodType, Json>();

export function jsonSchemaOf(schema: z.ZodType): Json {
  let js = cache.get(schema);
  if (!js) {
    try {
      js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
    } catch {
      js = {};
    }
    cache.set(schema, js);
  }
  return js;
}

const isoDate = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true });

function stringArb(s: Json): fc.Arbitrary<string> {
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? Math.min(s.maxLength, min + 40) : min + 20;
  switch (s.format) {
    case 'uuid':
      return fc.uuid();
    case 'date-time':
      return isoDate.map((d) => d.toISOString());
    case 'date':
      return isoDate.map((d) => d.toISOString().slice(0, 10));
    case 'email':
      return fc.emailAddress();
    case 'uri':
    case 'url':
      return fc.webUrl();
  }
  if (typeof s.pattern === 'string') {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length >= min && (typeof s.maxLength !== 'number' || v.length <= s.maxLength));
    } catch {
      // fast-check cannot generate from every regex feature (lookarounds): plain text then.
    }
  }
  return fc.string({ minLength: min, maxLength: Math.max(min, max), unit: fc.constantFrom('a', 'b', '长', '宁', '1', ' ', '-') });
}

function numberArb(s: Json, integer: boolean): fc.Arbitrary<number> {
  const lo = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + (integer ? 1 : 1e-6) : -1000;
  const hi = typeof s.maximum === 'number' ? s.maximum : typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum - (integer ? 1 : 1e-6) : Math.max(lo, 0) + 1000;
  if (integer) return fc.integer({ min: Math.ceil(Math.max(lo, Number.MIN_SAFE_INTEGER)), max: Math.floor(Math.min(hi, Number.MAX_SAFE_INTEGER)) });
  return fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
}

/** An arbitrary for a JSON Schema node (refs resolved against the root's $defs). */
export function arbitraryOf(s: Json, root: Json = s, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  const next = (n: unknown) => arbitraryOf((n ?? {}) as Json, root, depth + 1);
  if (typeof s.$ref === 'string') {
    const name = s.$ref.split('/').pop()!;
    const defs = (root.$defs ?? root.definitions ?? {}) as Record<string, Json>;
    return defs[name] ? arbitraryOf(defs[name], root, depth + 1) : fc.constant(null);
  }
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  for (const k of ['anyOf', 'oneOf'] as const) if (Array.isArray(s[k]) && (s[k] as unknown[]).length) return fc.oneof(...(s[k] as unknown[]).map(next));
  if (Array.isArray(s.allOf) && (s.allOf as unknown[]).length) return next((s.allOf as unknown[])[0]);
  const type = Array.isArray(s.type) ? fc.constantFrom(...(s.type as string[])) : null;
  if (type) return type.chain((t) => arbitraryOf({ ...s, type: t }, root, depth));
  switch (s.type) {
    case 'string':
      return stringArb(s);
    case 'integer':
      return numberArb(s, true);
    case 'number':
      return numberArb(s, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = typeof s.minItems === 'number' ? s.minItems : 0;
      const maxLength = Math.max(minLength, Math.min(typeof s.maxItems === 'number' ? s.maxItems : 3, minLength + 3));
      if (Array.isArray(s.prefixItems)) return fc.tuple(...(s.prefixItems as unknown[]).map(next));
      return fc.array(next(s.items), { minLength, maxLength });
    }
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Json>;
      const required = new Set((s.required as string[] | undefined) ?? []);
      const keys = Object.keys(props);
      if (keys.length === 0) return fc.constant({});
      const shape = Object.fromEntries(keys.map((k) => [k, next(props[k])]));
      return fc.record(shape, { requiredKeys: keys.filter((k) => required.has(k)) });
    }
  }
  // No type (z.any, z.unknown, unions JSON Schema cannot say): a small JSON value.
  return fc.jsonValue({ maxDepth: 1 });
}

export const validishOf = (schema: z.ZodType | undefined): fc.Arbitrary<unknown> => {
  if (!schema) return fc.constant(undefined);
  const js = jsonSchemaOf(schema);
  return arbitraryOf(js, js);
};
