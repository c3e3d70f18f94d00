import { XMLBuilder } from 'fast-xml-parser';

/**
 * Open311 XML from the same plain objects the JSON answers carry ("Spark convention" in reverse):
 * an array becomes a wrapper element whose items take the singular name below, null an empty
 * element, booleans `true`/`false`. fast-xml-parser's builder escapes every `&`, `<`, `>` and quote
 * (xmlbuilder2 leaves text that already looks like an entity alone, which changes data); characters
 * XML 1.0 cannot carry at all (control characters, lone surrogates) are dropped here first.
 */
export const itemNames: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  notes: 'note',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
};

const notXml = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const builder = new XMLBuilder({ processEntities: true, suppressEmptyNode: true, ignoreAttributes: true });

type Node = string | Node[] | { [key: string]: Node };

/** JSON value → builder input: scalars as clean strings, arrays wrapped in their item element. */
function shape(name: string, value: unknown): Node {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.length ? { [itemNames[name] ?? 'item']: value.map((v) => shape(itemNames[name] ?? 'item', v)) } : '';
  if (typeof value === 'object') {
    const out: Record<string, Node> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = shape(k, v);
    return out;
  }
  return String(value).replace(notXml, '');
}

/** The document `<root>` for a value: an array fills it with item elements, an object with fields. */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build({ [root]: shape(root, value) })}`;
}
