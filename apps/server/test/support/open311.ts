import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { itemNames } from '../../src/modules/open311/xml.js';

/**
 * The Open311 organisation's JSON schemas (copies in test/fixtures/open311). They declare no
 * `$schema` and use only keywords common to drafts 4–7, so Ajv's default (draft-07) class reads
 * them. They omit `"type": "object"` beside `properties` and put `minItems` inside `items`:
 * `strictTypes` would log about that, which is theirs to fix, so it is off; everything else is strict.
 */
const names = ['request', 'requests', 'service', 'services', 'service-definition'] as const;
const ajv = new Ajv({ allErrors: true, strictTypes: false });
addFormats.default(ajv);
for (const n of names) {
  ajv.addSchema(JSON.parse(readFileSync(new URL(`../fixtures/open311/${n}.json`, import.meta.url), 'utf8')), `${n}.json`);
}

export type Open311Schema = (typeof names)[number];

export function expectSchemaValid(schema: Open311Schema, body: unknown): void {
  const validate = ajv.getSchema(`${schema}.json`) as ValidateFunction;
  const ok = validate(body);
  expect(ok, `${schema}.json: ${ajv.errorsText(validate.errors)}`).toBe(true);
}

// Element names that repeat inside a wrapper (xml.ts's item names).
const items = new Set(['service', 'request', 'attribute', 'value', 'note', 'error', 'endpoint', 'format']);
const parser = new XMLParser({ ignoreDeclaration: true, parseTagValue: false, trimValues: false, isArray: (name) => items.has(name) });

/** A well-formed XML document (checked by an independent parser), parsed with text values. */
export function parseXml(body: string): Record<string, unknown> {
  expect(body.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  const valid = XMLValidator.validate(body);
  expect(valid, JSON.stringify(valid)).toBe(true);
  return parser.parse(body) as Record<string, unknown>;
}

// The spec's singular item names, as the server's XML writer uses them.
const itemOf = itemNames;

/** What a JSON answer looks like once it went through XML and back: every scalar a string, null and [] empty. */
export function asXmlData(name: string, v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.length === 0 ? '' : { [itemOf[name] ?? 'item']: v.map((x) => asXmlData(itemOf[name] ?? 'item', x)) };
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, asXmlData(k, x)]));
  return String(v).replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}

/** GET one resource in both formats; asserts the XML carries exactly the JSON's data. */
export async function getBoth(app: FastifyInstance, path: string, query: Record<string, string> = {}) {
  const json = await app.inject({ method: 'GET', url: `/open311/v2/${path}.json`, query });
  const xml = await app.inject({ method: 'GET', url: `/open311/v2/${path}.xml`, query });
  expect(json.statusCode).toBe(xml.statusCode);
  expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
  return { status: json.statusCode, body: json.json(), raw: json.body, xml: parseXml(xml.body), rawXml: xml.body };
}
