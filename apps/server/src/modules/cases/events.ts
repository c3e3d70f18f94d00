import { EventEmitter } from 'node:events';
import type { CaseChangeEvent } from '@gongzhi/contracts';

/** A change as published inside the process: the public event plus what scope checks need. */
export interface CaseChange extends CaseChangeEvent {
  path: string;
  leadDepartmentId: string | null;
  assistDepartmentIds: string[];
  reporterUserId: string | null;
}

/**
 * Case changes after commit, for the SSE stream and the big screen. In-process; several instances
 * will relay through NATS JetStream (issue 7) behind the same interface.
 */
export class CaseEventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(change: CaseChange): void {
    this.emitter.emit('change', change);
  }

  subscribe(listener: (change: CaseChange) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }

  get listeners(): number {
    return this.emitter.listenerCount('change');
  }
}
