import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('GONGZHI_TRUST_PROXY', () => {
  it('is off by default and takes addresses, CIDRs and the named ranges', () => {
    expect(loadConfig({}).trustProxy).toBeUndefined();
    expect(loadConfig({ GONGZHI_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,loopback' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'loopback']);
  });
  it('refuses anything else with a message naming it', () => {
    expect(() => loadConfig({ GONGZHI_TRUST_PROXY: 'true' })).toThrow(/GONGZHI_TRUST_PROXY/);
    expect(() => loadConfig({ GONGZHI_TRUST_PROXY: 'nginx.local' })).toThrow(/逗号分隔的地址/);
  });
});
