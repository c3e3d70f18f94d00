import swagger from '@fastify/swagger';
import Fastify from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import type { AppContext } from '../../../src/context.js';
import { readPoint, readPostBody, parseForm, toCaseCreate } from '../../../src/modules/open311/post-input.js';
import { publicAddress, publicText } from '../../../src/modules/open311/public-text.js';
import { open311Routes } from '../../../src/modules/open311/routes.js';
import { readAttributes } from '../../../src/modules/open311/service-definition.js';
import { toXml } from '../../../src/modules/open311/xml.js';
import { parseXml } from '../../support/open311.js';

describe('Open311 XML', () => {
  it('escapes every markup character, keeps entity-looking text as text, drops what XML cannot carry', () => {
    const text = 'a &amp; b & <c> "d" \'e\' ]]> \u0001\uD800\uFFFE 中文 😀';
    const xml = toXml('service_requests', [{ description: text, empty: null, flag: true, n: 1.5, notes: [] }]);
    expect(parseXml(xml)).toEqual({ service_requests: { request: [{ description: 'a &amp; b & <c> "d" \'e\' ]]>  中文 😀', empty: '', flag: 'true', n: '1.5', notes: '' }] } });
  });
});

describe('Open311 public text', () => {
  it('masks phones, e-mails, landlines and the reporter name typed into free text', () => {
    expect(publicText('我是张三丰，电话13912345678，或 139-1234-5678，座机 021-62345678，邮件 zhang@example.com', '张三丰')).toBe(
      '我是张*丰，电话139****5678，或 139****5678，座机 021****5678，邮件 z***@example.com',
    );
    // Case numbers and dates are not phone numbers.
    expect(publicText('并入工单 20251128000123，2025-11-28 处理')).toBe('并入工单 20251128000123，2025-11-28 处理');
  });

  it('stops addresses at the building', () => {
    expect(publicAddress('番禺路 100 弄 5 号 601 室')).toBe('番禺路 100 弄 5 号');
    expect(publicAddress('天山路 8 号 3 楼 302')).toBe('天山路 8 号');
    expect(publicAddress('长宁路与江苏路路口')).toBe('长宁路与江苏路路口');
    expect(publicAddress('安化路 200 号门口')).toBe('安化路 200 号门口');
  });
});

describe('Open311 POST input', () => {
  it('reads form pairs with attribute[code] and attribute[code][] and JSON attribute objects alike', () => {
    const form = readPostBody(parseForm('api_key=k&service_code=B0101&attribute[case_type]=help&attribute[tags][]=a&attribute[tags][]=b&lat=31.2&long=121.4&email='));
    expect(form).toEqual({ fields: { api_key: 'k', service_code: 'B0101', lat: '31.2', long: '121.4' }, attributes: { case_type: 'help', tags: ['a', 'b'] } });
    const json = readPostBody({ service_code: 'B0101', lat: 31.2, long: 121.4, attribute: { case_type: 'help', tags: ['a', 'b'] } });
    expect(json).toEqual({ fields: { service_code: 'B0101', lat: '31.2', long: '121.4' }, attributes: { case_type: 'help', tags: ['a', 'b'] } });
    expect(readPoint(json.fields)).toEqual([121.4, 31.2]);
  });

  it('maps names in their own order, keeps e-mail out, and names Open311 fields in errors', () => {
    const attrs = readAttributes({ case_type: 'complaint', contact_consent: 'true' });
    const f = { service_code: 'B0101', description: '垃圾无人清运已三天', first_name: '三', last_name: '张', phone: '13912345678', email: 'z@example.com' };
    const c = toCaseCreate(f, attrs, [121.4, 31.2]);
    expect(c.reporter).toEqual({ name: '张三', phone: '13912345678', contactConsent: true });
    expect(JSON.stringify(c)).not.toContain('z@example.com');
    expect(toCaseCreate({ ...f, first_name: 'John', last_name: 'Smith' }, attrs, [121.4, 31.2]).reporter?.name).toBe('John Smith');
    expect(() => toCaseCreate({ ...f, description: '短' }, attrs, [121.4, 31.2])).toThrow(/description/);
    expect(() => readAttributes({})).toThrow(/case_type/);
    expect(() => readPoint({ lat: '31.2' })).toThrow(/lat/);
  });
});

describe('Open311 in OpenAPI', () => {
  it('documents the JSON variant of each route under the open311 tag, and not the XML one', async () => {
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await app.register(swagger, { openapi: { openapi: '3.1.0', info: { title: 't', version: '1' } }, transform: jsonSchemaTransform, transformObject: jsonSchemaTransformObject });
    await app.register(open311Routes({ config: loadConfig({}), db: {} } as unknown as AppContext));
    await app.ready();
    const doc = app.swagger() as { paths: Record<string, Record<string, { tags?: string[] }>> };
    const paths = Object.keys(doc.paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/open311/v2/discovery.json', '/open311/v2/services.json', '/open311/v2/services/{service_code}.json', '/open311/v2/requests.json', '/open311/v2/requests/{service_request_id}.json', '/open311/v2/tokens/{token}.json']),
    );
    expect(paths.some((p) => p.endsWith('.xml') || p.includes('media'))).toBe(false);
    expect(doc.paths['/open311/v2/requests.json']!.post!.tags).toEqual(['open311']);
    await app.close();
  });
});
