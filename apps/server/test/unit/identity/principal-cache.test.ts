import { describe, expect, it } from 'vitest';
import { identityChanged, PrincipalCache } from '../../../src/modules/identity/principal-cache.js';
import type { Principal } from '../../../src/modules/identity/principal.js';

const p = (username: string) => ({ userId: username, username, displayName: username, kind: 'staff', grants: [], via: { type: 'token', tokenId: 't', scopes: [] } }) as unknown as Principal;

describe('principal cache', () => {
  it('answers a resolved principal until its TTL ends', () => {
    const c = new PrincipalCache(2000);
    c.set('k', p('a'), c.mark(), 1000);
    expect(c.get('k', 2999)?.username).toBe('a');
    expect(c.get('k', 3000)).toBeNull();
    expect(c.get('k', 1500)).toBeNull();
  });
  it('forgets everything when an identity write happens in this process', () => {
    const c = new PrincipalCache(60_000);
    c.set('k', p('a'), c.mark());
    identityChanged();
    expect(c.get('k')).toBeNull();
  });
  it('does not keep a principal read while a write happened (it may be the old one)', () => {
    const c = new PrincipalCache(60_000);
    const mark = c.mark();
    identityChanged();
    c.set('k', p('a'), mark);
    expect(c.get('k')).toBeNull();
  });
  it('keeps nothing with a TTL of 0, and stays bounded', () => {
    const off = new PrincipalCache(0);
    off.set('k', p('a'), off.mark());
    expect(off.get('k')).toBeNull();
    const small = new PrincipalCache(60_000, 2);
    for (const k of ['a', 'b', 'c']) small.set(k, p(k), small.mark());
    expect(small.get('c')?.username).toBe('c');
    expect(small.get('a')).toBeNull();
  });
});
