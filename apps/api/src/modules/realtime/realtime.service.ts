import { Injectable } from '@nestjs/common';
import { CASE_RESOURCES, CASE_ROLES, type CaseResource, type CaseRole, can } from '@samraad/domain';
import { TransactionHost } from '@samraad/persistence';
import { RealtimeServerRef } from './realtime-server.ref.js';
import { caseRoleRoom, userRoom } from './rooms.js';

export interface NotifyCaseOptions {
  /** The kind of data the notification is about: only roles that may read it receive it. */
  resource: CaseResource;
  /** Narrows the recipients further to these roles (still only those that may read `resource`). */
  roles?: readonly CaseRole[];
}

/**
 * Live notifications for other modules. Safe to call inside a transaction: the message goes out
 * after the commit (and never for a rolled-back change). Rooms span instances when REDIS_URL is
 * set. A notification is a hint to refetch; it carries ids and small facts, never content that
 * the recipient's REST read would not also give them.
 */
@Injectable()
export class RealtimeService {
  constructor(
    private readonly ref: RealtimeServerRef,
    private readonly tx: TransactionHost,
  ) {}

  /**
   * Emits `event` with `{ caseId, ...payload }` to the sockets that joined the case (`case:join`)
   * in a role that may read `resource`: an observation never reaches a child member, say.
   */
  notifyCase(caseId: string, event: string, payload: Record<string, unknown>, options: NotifyCaseOptions): void {
    if (!CASE_RESOURCES.includes(options.resource)) throw new Error(`unknown resource ${options.resource}`);
    const roles = CASE_ROLES.filter((role) => can(role, options.resource, 'read') && (!options.roles || options.roles.includes(role)));
    if (roles.length === 0) return;
    this.tx.afterCommit(() => {
      this.ref.server?.to(roles.map((role) => caseRoleRoom(caseId, role))).emit(event, { ...payload, caseId });
    });
  }

  /** Emits `event` to every open socket of the user (all instances, all tabs). */
  notifyUser(userId: string, event: string, payload: Record<string, unknown>): void {
    this.tx.afterCommit(() => {
      this.ref.server?.to(userRoom(userId)).emit(event, payload);
    });
  }
}
