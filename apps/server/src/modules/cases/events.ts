import { EventEmitter } from 'node:events';
import type { CaseChangeEvent } from '@gongzhi/contracts';

/** A change as published inside the process: the public event plus what scope checks need. */
export interface CaseChange extends CaseChangeEvent {
  path: string;
  leadDepartmentId: string | null;
  assistDepartmentIds: string[];
  reporterUserId: string | null;
}

/** Carries changes to the other server instances (cluster/case-relay.ts: PostgreSQL NOTIFY). */
export interface CaseEventRelay {
  send(change: CaseChange): void;
}

/**
 * Case changes after commit, for the SSE stream and the big screen. Subscribers hear a change of
 * this process at once; with several instances on one PostgreSQL a relay (cluster/) also sends it
 * to the others and hands theirs to `deliver`. Embedded (PGlite, one process): no relay.
 */
export class CaseEventBus {
  private readonly emitter = new EventEmitter();
  private relay: CaseEventRelay | null = null;

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  /** Only after the change is committed. */
  publish(change: CaseChange): void {
    this.relay?.send(change);
    this.emitter.emit('change', change);
  }

  /** A change published by another instance: to this process's subscribers only. */
  deliver(change: CaseChange): void {
    this.emitter.emit('change', change);
  }

  relayTo(relay: CaseEventRelay | null): void {
    this.relay = relay;
  }

  subscribe(listener: (change: CaseChange) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }

  get listeners(): number {
    return this.emitter.listenerCount('change');
  }
}
