import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { digestHex } from '../../../src/crypto/digest.js';
import { type AuditRecord, canonicalJson, genesisHash, recordHash, suiteOfHash, verifyRecords } from '../../../src/modules/audit/chain.js';

type Chained = AuditRecord & { hash: string };

const base = (seq: number, prevHash: string): AuditRecord => ({
  seq,
  at: new Date(Date.UTC(2025, 9, 9, 1, 0, seq)),
  actorId: '6f1c1a52-3f7e-4c55-9a4b-0d6b3e0f5a11',
  actorName: 'security.admin',
  actingRole: 'security_admin',
  action: 'role.grant',
  outcome: 'success',
  resourceType: 'role_grant',
  resourceId: `grant-${seq}`,
  unitPath: '310105.310105004',
  before: null,
  after: { role: 'grid_worker', phone: '138****5678' },
  detail: { reason: '新任网格员', nested: { b: 1, a: [1, { y: 2, x: 1 }] } },
  ip: '10.0.0.8',
  requestId: `req-${seq}`,
  prevHash,
});

/** A valid chain of n records under one suite. */
function chain(n: number, suite: 'standard' | 'sm' = 'standard'): Chained[] {
  const out: Chained[] = [];
  let prev = genesisHash;
  for (let seq = 1; seq <= n; seq++) {
    const r = base(seq, prev);
    const hash = recordHash(suite, r);
    out.push({ ...r, hash });
    prev = hash;
  }
  return out;
}

const start = { seq: 0, hash: genesisHash };

describe('canonicalJson', () => {
  it('does not depend on key order, at any depth', () => {
    const a = { b: 2, a: { d: [1, { z: 1, y: 2 }], c: '长宁' } };
    const b = { a: { c: '长宁', d: [1, { y: 2, z: 1 }] }, b: 2 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"c":"长宁","d":[1,{"y":2,"z":1}]},"b":2}');
  });

  it('keeps array order and distinguishes values', () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ a: null })).not.toBe(canonicalJson({}));
  });

  it('drops undefined members and writes dates as ISO strings', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalJson(new Date(Date.UTC(2025, 0, 2)))).toBe('"2025-01-02T00:00:00.000Z"');
    expect(canonicalJson(undefined)).toBe('null');
  });
});

describe('recordHash', () => {
  const r = base(7, 'sha256:' + 'a'.repeat(64));
  const h = recordHash('standard', r);

  it('is sha256:<64 hex> and stable when jsonb reorders keys', () => {
    expect(h).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(recordHash('standard', { ...r })).toBe(h);
    const reordered = { ...r, detail: { nested: { a: [1, { x: 1, y: 2 }], b: 1 }, reason: '新任网格员' }, after: { phone: '138****5678', role: 'grid_worker' } };
    expect(recordHash('standard', reordered)).toBe(h);
  });

  const changes: [keyof AuditRecord, unknown][] = [
    ['seq', 8],
    ['at', new Date(r.at.getTime() + 1)],
    ['actorId', null],
    ['actorName', 'audit.admin'],
    ['actingRole', 'system_admin'],
    ['action', 'role.revoke'],
    ['outcome', 'denied'],
    ['resourceType', 'user'],
    ['resourceId', 'grant-8'],
    ['unitPath', '310105'],
    ['before', { role: null }],
    ['after', { role: 'grid_worker', phone: '139****5678' }],
    ['detail', { reason: '新任网格员', nested: { b: 2, a: [1, { y: 2, x: 1 }] } }],
    ['ip', '10.0.0.9'],
    ['requestId', 'req-x'],
    ['prevHash', 'sha256:' + 'b'.repeat(64)],
  ];
  it.each(changes)('changes when %s changes', (field, value) => {
    expect(recordHash('standard', { ...r, [field]: value })).not.toBe(h);
  });

  it('covers every field of the record (the list above is complete)', () => {
    expect(changes.map(([f]) => f).sort()).toEqual(Object.keys(r).sort());
  });
});

describe('verifyRecords', () => {
  it('accepts an intact chain and returns its last link', () => {
    const c = chain(5);
    expect(verifyRecords(c, start)).toEqual({ last: { seq: 5, hash: c[4]!.hash }, broken: null });
  });

  it('continues from a page boundary', () => {
    const c = chain(6);
    const first = verifyRecords(c.slice(0, 3), start);
    expect(verifyRecords(c.slice(3), first.last).broken).toBeNull();
  });

  it('names an edited record', () => {
    const c = chain(5);
    c[2] = { ...c[2]!, detail: { reason: '改过' } };
    const r = verifyRecords(c, start);
    expect(r.broken).toEqual({ seq: 3, reason: expect.stringContaining('被修改') });
    expect(r.last.seq).toBe(2);
  });

  it('names a deleted record (a gap in seq)', () => {
    const c = chain(5);
    const r = verifyRecords([...c.slice(0, 2), ...c.slice(3)], start);
    expect(r.broken).toEqual({ seq: 3, reason: expect.stringContaining('缺失') });
  });

  it('names a record whose link to the previous one is broken, even when its own hash is recomputed', () => {
    const c = chain(5);
    const forged = { ...c[3]!, prevHash: 'sha256:' + 'f'.repeat(64) };
    forged.hash = recordHash('standard', forged);
    c[3] = forged;
    expect(verifyRecords(c, start).broken).toEqual({ seq: 4, reason: expect.stringContaining('前序哈希') });
  });

  it('rejects a hash with no known algorithm', () => {
    const c = chain(2);
    c[1] = { ...c[1]!, hash: c[1]!.hash.replace('sha256:', 'md5:') };
    expect(verifyRecords(c, start).broken?.seq).toBe(2);
  });
});

describe('SM3 suite (GONGZHI_CRYPTO=sm)', () => {
  it('GONGZHI_CRYPTO=sm selects the sm suite and its records hash with SM3', () => {
    const suite = loadConfig({ GONGZHI_CRYPTO: 'sm' }).crypto;
    expect(suite).toBe('sm');
    const r = base(1, genesisHash);
    const h = recordHash(suite, r);
    expect(h).toMatch(/^sm3:[0-9a-f]{64}$/);
    expect(h.slice(4)).toBe(digestHex('sm', `${genesisHash}\n${canonicalJson({ ...r, prevHash: undefined })}`));
    expect(h.slice(4)).not.toBe(recordHash('standard', r).slice(7));
    expect(suiteOfHash(h)).toBe('sm');
  });

  it('uses the real SM3 (GB/T 32905 test vector "abc")', () => {
    expect(digestHex('sm', 'abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('verifies SM3 chains, and chains that changed suite part-way', () => {
    const sm = chain(3, 'sm');
    expect(verifyRecords(sm, start).broken).toBeNull();
    const next = base(4, sm[2]!.hash);
    const mixed = [...sm, { ...next, hash: recordHash('standard', next) }];
    expect(verifyRecords(mixed, start)).toMatchObject({ broken: null, last: { seq: 4 } });
    sm[1] = { ...sm[1]!, ip: '1.2.3.4' };
    expect(verifyRecords(sm, start).broken?.seq).toBe(2);
  });
});
