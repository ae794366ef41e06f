import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@samraad/auth';
import { type CaseRole, DomainError, isCaseRoleAllowedFor } from '@samraad/domain';
import { CasesRepository, TransactionHost, UsersRepository } from '@samraad/persistence';
import { DomainEvents } from '../../common/domain-events.js';
import type { CaseAccess } from './case-access.service.js';
import type { AddMemberDto } from './dto/add-member.dto.js';

export interface MemberView {
  userId: string;
  displayName: string;
  email: string;
  organisationId: string | null;
  role: CaseRole;
  isOwner: boolean;
  addedAt: string;
}

@Injectable()
export class MembersService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly users: UsersRepository,
    private readonly events: DomainEvents,
    private readonly tx: TransactionHost,
  ) {}

  async list(access: CaseAccess): Promise<MemberView[]> {
    const members = await this.cases.listMembers(access.case.id);
    return members.map((member) => ({
      userId: member.userId,
      displayName: member.displayName,
      email: member.email,
      organisationId: member.organisationId,
      role: member.role,
      isOwner: member.userId === access.case.ownerId,
      addedAt: member.addedAt.toISOString(),
    }));
  }

  async add(actor: AuthUser, access: CaseAccess, dto: AddMemberDto): Promise<MemberView> {
    const user = await this.users.findById(dto.userId);
    if (!user || user.municipalityId !== access.case.municipalityId || user.disabledAt) throw new DomainError('UserNotFound');
    if (!isCaseRoleAllowedFor(user.role, dto.role)) throw new DomainError('CaseRoleNotAllowed', { role: [`a ${user.role} account cannot have the case role ${dto.role}`] });
    if (await this.cases.findMember(access.case.id, user.id)) throw new DomainError('AlreadyMember');
    const member = await this.cases.addMember(access.case.id, user.id, dto.role, actor.id);
    this.tx.afterCommit(() => this.events.emit('member.added', { caseId: access.case.id, userId: user.id, role: dto.role }));
    return {
      userId: user.id,
      displayName: user.displayName,
      email: user.email,
      organisationId: user.organisationId,
      role: member.role,
      isOwner: false,
      addedAt: member.createdAt.toISOString(),
    };
  }

  /** Takes effect at once: the next request, Socket.IO event or Yjs message of that user is refused. */
  async remove(access: CaseAccess, userId: string): Promise<void> {
    if (userId === access.case.ownerId) throw new DomainError('CannotRemoveOwner');
    const removed = await this.cases.removeMember(access.case.id, userId);
    if (!removed) throw new DomainError('MemberNotFound');
    this.tx.afterCommit(() => this.events.emit('member.removed', { caseId: access.case.id, userId }));
  }
}
