import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import type { CaseRole } from '@samraad/domain';

/** Facts other modules react to (collaboration closes connections, notifications push). */
export interface DomainEventMap {
  'member.added': { caseId: string; userId: string; role: CaseRole };
  'member.removed': { caseId: string; userId: string };
  /** Who may open or write a collaboration document changed (e.g. minutes signed off): re-check open connections. */
  'document.access_changed': { docName: string };
  /** A stored in-app notification, to be pushed live to the user's open sessions. */
  'notification.created': { userId: string; notification: { id: string; caseId: string | null; type: string; payload: Record<string, unknown>; createdAt: string } };
}

/**
 * In-process event bus. Listeners run after the emitting transaction committed; with Redis the
 * collaboration module relays the events that other instances must see.
 */
@Injectable()
export class DomainEvents {
  private readonly emitter = new EventEmitter();

  emit<K extends keyof DomainEventMap>(name: K, event: DomainEventMap[K]): void {
    this.emitter.emit(name, event);
  }

  on<K extends keyof DomainEventMap>(name: K, listener: (event: DomainEventMap[K]) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}
