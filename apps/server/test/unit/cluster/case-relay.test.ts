import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeCaseChange, MAX_PAYLOAD_BYTES, PgCaseRelay } from '../../../src/cluster/case-relay.js';
import type { PgListener } from '../../../src/cluster/pg-listener.js';
import type { AppContext } from '../../../src/context.js';
import { type CaseChange, CaseEventBus } from '../../../src/modules/cases/events.js';

const change = (assists: number): CaseChange => ({
  caseId: randomUUID(),
  number: '202611280001',
  action: 'dispatch',
  status: 'dispatched',
  subdistrict: '310105004',
  at: new Date().toISOString(),
  path: '310105.310105004.310105004001.310105004001001',
  leadDepartmentId: randomUUID(),
  assistDepartmentIds: Array.from({ length: assists }, () => randomUUID()),
  reporterUserId: null,
});

const silent = { info: () => undefined, warn: () => undefined };

describe('case changes between instances (NOTIFY payloads)', () => {
  it('a usual change travels whole, well under the 8000-byte NOTIFY limit', () => {
    const c = change(5);
    const text = encodeCaseChange('a', c);
    expect(Buffer.byteLength(text)).toBeLessThan(1000);
    expect(JSON.parse(text)).toEqual({ o: 'a', c });
  });

  it('one with too many assisting departments to fit goes without them, marked for reloading', () => {
    const c = change(300);
    const text = encodeCaseChange('a', c);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(JSON.parse(text)).toEqual({ o: 'a', c: { ...c, assistDepartmentIds: [] }, r: 1 });
  });

  it('subscribers hear a local change once: at publication, not again from their own echo', async () => {
    const bus = new CaseEventBus();
    const sent: string[][] = [];
    const listener = { notify: async (_ch: string, p: string[]) => (sent.push(p), true) } as unknown as PgListener;
    const relay = new PgCaseRelay({ caseEvents: bus } as AppContext, listener, 'me', silent);
    bus.relayTo(relay);
    const heard: string[] = [];
    bus.subscribe((c) => heard.push(c.caseId));
    const mine = change(1);
    const theirs = change(1);
    bus.publish(mine);
    await new Promise((r) => setTimeout(r, 0));
    expect(sent.flat()).toHaveLength(1);
    relay.receive(sent[0]![0]!);
    relay.receive(encodeCaseChange('other', theirs));
    relay.receive('not json');
    // An instance whose name begins like ours is another instance.
    const near = change(1);
    relay.receive(encodeCaseChange('me2', near));
    expect(heard).toEqual([mine.caseId, theirs.caseId, near.caseId]);
  });
});
