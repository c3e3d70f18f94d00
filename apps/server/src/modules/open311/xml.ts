import { create } from 'xmlbuilder2';

/**
 * Open311 XML from the same plain objects the JSON answers carry ("Spark convention" in reverse):
 * an array becomes a wrapper element whose items take the singular name below, null an empty
 * element, booleans `true`/`false`. xmlbuilder2 escapes text; characters XML 1.0 cannot carry
 * (control characters, lone surrogates) are dropped instead of producing a broken document.
 */
const itemNames: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  notes: 'note',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
};

type XMLBuilder = ReturnType<typeof create>;
type Json = string | number | boolean | null | undefined | Json[] | { [key: string]: Json };

function append(parent: XMLBuilder, name: string, value: Json): void {
  if (value === undefined) return;
  const el = parent.ele(name);
  if (value === null) return;
  if (Array.isArray(value)) {
    const item = itemNames[name] ?? 'item';
    for (const v of value) append(el, item, v);
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) append(el, k, v);
    return;
  }
  el.txt(String(value));
}

/** The document `<root>` for a value: an array fills it with item elements, an object with fields. */
export function toXml(root: string, value: unknown): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '' });
  append(doc, root, value as Json);
  return doc.end({ prettyPrint: false });
}
