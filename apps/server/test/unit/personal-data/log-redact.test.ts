import { describe, expect, it } from 'vitest';
import { loggerOptions, maskingStream, maskLogLine, maskText } from '../../../src/http/log-redact.js';

const id = '310105199001011234';
const phone = '13800000006';

describe('maskText', () => {
  it('masks ID numbers and mobiles the way responses do', () => {
    expect(maskText(`身份证 ${id} 手机 ${phone}`)).toBe('身份证 310105********1234 手机 138****0006');
    expect(maskText('11010519491231002X')).toBe('110105********002X');
    expect(maskText('11010519491231002x')).toBe('110105********002x');
  });

  it('finds them in URLs, percent-encoded text, after +86 and next to letters', () => {
    expect(maskText(`/api/x?phone=${phone}&id=${id}`)).toBe('/api/x?phone=138****0006&id=310105********1234');
    expect(maskText(`/api/x?q=%E6%89%8B%E6%9C%BA${phone}`)).toBe('/api/x?q=%E6%89%8B%E6%9C%BA138****0006');
    expect(maskText(`+86${phone}`)).toBe('+86138****0006');
    expect(maskText(`tel:${phone}x`)).toBe('tel:138****0006x');
  });

  it('leaves other numbers alone: longer digit runs, landlines, codes', () => {
    for (const s of ['1763456789012', '021-62345678', '310105004001', '2025-11-28T09:00:00+08:00', '12345678901']) expect(maskText(s)).toBe(s);
  });
});

describe('maskLogLine', () => {
  it('masks strings of a JSON line but not its numbers, and keeps it valid JSON', () => {
    const line = `${JSON.stringify({ level: 30, time: 1763456789012, n: 13800000006, msg: `got ${phone}`, req: { url: `/a/${id}` } })}\n`;
    const out = maskLogLine(line);
    const parsed = JSON.parse(out);
    expect(parsed.time).toBe(1763456789012);
    expect(parsed.msg).toBe('got 138****0006');
    expect(parsed.req.url).toBe('/a/310105********1234');
    expect(out).not.toContain(`"${phone}`);
  });

  it('handles escaped quotes inside strings', () => {
    const line = JSON.stringify({ msg: `he said "${phone}"` });
    expect(JSON.parse(maskLogLine(line)).msg).toBe('he said "138****0006"');
  });

  it('masks plain text lines too', () => {
    expect(maskLogLine(`error for ${phone}\n`)).toBe('error for 138****0006\n');
  });
});

describe('loggerOptions', () => {
  it('wraps the given stream with the mask and keeps our serializers and redaction', () => {
    const lines: string[] = [];
    const opts = loggerOptions('info', { stream: { write: (s: string) => lines.push(s) }, redact: ['extra'] });
    expect(opts.level).toBe('info');
    (opts.stream as { write(s: string): void }).write(`{"msg":"${phone}"}\n`);
    expect(lines).toEqual(['{"msg":"138****0006"}\n']);
    const redact = opts.redact as { paths: string[] };
    expect(redact.paths).toEqual(expect.arrayContaining(['req.headers.cookie', 'req.headers.authorization', 'body', '*.password', 'extra']));
    const req = (opts.serializers as Record<string, (r: unknown) => unknown>).req!({ method: 'POST', url: '/api/x', ip: '127.0.0.1', body: { phone }, headers: { cookie: 'c' } });
    expect(req).toEqual({ method: 'POST', url: '/api/x', remoteAddress: '127.0.0.1' });
    const open311 = (opts.serializers as Record<string, (r: unknown) => { url: string }>).req!({ method: 'POST', url: '/open311/v2/requests.json?api_key=gzt_secret&x=1' });
    expect(open311.url).toBe('/open311/v2/requests.json?api_key=***&x=1');
  });

  it('maskingStream passes lines on masked', () => {
    const got: string[] = [];
    maskingStream({ write: (s: string) => got.push(s) }).write(`{"id":"${id}"}`);
    expect(got).toEqual(['{"id":"310105********1234"}']);
  });
});
