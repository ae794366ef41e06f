import { Injectable } from '@nestjs/common';
import { type AuthUser, hashPassword } from '@samraad/auth';
import { DomainError, FAMILY_ROLES, type UserRole } from '@samraad/domain';
import { type OrganisationEntity, OrganisationsRepository, TransactionHost, type UserEntity, UsersRepository } from '@samraad/persistence';
import { AuditService } from '../audit/audit.service.js';
import type { CreateOrganisationDto } from './dto/create-organisation.dto.js';
import type { CreateUserDto } from './dto/create-user.dto.js';

export interface UserView {
  id: string;
  email: string;
  displayName: string;
  role: UserRole;
  organisationId: string | null;
}

export interface OrganisationView {
  id: string;
  name: string;
  kind: string;
}

function toUserView(user: UserEntity): UserView {
  return { id: user.id, email: user.email, displayName: user.displayName, role: user.role, organisationId: user.organisationId };
}

function toOrganisationView(org: OrganisationEntity): OrganisationView {
  return { id: org.id, name: org.name, kind: org.kind };
}

/** The organisation kinds a professional role belongs to. */
const ORGANISATION_KIND_BY_ROLE: Partial<Record<UserRole, string[]>> = {
  caseworker: ['department'],
  team_leader: ['department'],
  admin: ['department'],
  school: ['school'],
  daycare: ['daycare'],
  health_visitor: ['health_visitor_service'],
  provider: ['provider'],
};

/** Accounts and organisations of the admin's own municipality. Admins never see case data. */
@Injectable()
export class AdminService {
  constructor(
    private readonly users: UsersRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
  ) {}

  /** Refuses (and audits the refusal) unless the actor is an admin. */
  private async assertAdmin(actor: AuthUser, action: string, ip: string | null): Promise<void> {
    if (actor.role === 'admin') return;
    await this.audit.record(actor, { action, caseId: null, resource: action.split('.')[0]!, outcome: 'denied', ip });
    throw new DomainError('Forbidden');
  }

  async listOrganisations(actor: AuthUser): Promise<OrganisationView[]> {
    return (await this.organisations.listByMunicipality(actor.municipalityId)).map(toOrganisationView);
  }

  async createOrganisation(actor: AuthUser, dto: CreateOrganisationDto, ip: string | null): Promise<OrganisationView> {
    await this.assertAdmin(actor, 'organisation.create', ip);
    return this.tx.run(async () => {
      const created = await this.organisations.create(actor.municipalityId, dto.name, dto.kind);
      await this.audit.record(actor, { action: 'organisation.create', caseId: null, resource: 'organisation', outcome: 'success', ip, detail: { organisationId: created.id } });
      return toOrganisationView(created);
    });
  }

  /** The municipality's directory, for an admin or a caseworker looking for someone to add to a case. */
  async listUsers(actor: AuthUser, ip: string | null): Promise<UserView[]> {
    if (!['admin', 'caseworker', 'team_leader'].includes(actor.role)) throw new DomainError('Forbidden');
    const users = await this.users.listByMunicipality(actor.municipalityId);
    await this.audit.record(actor, { action: 'user.list', caseId: null, resource: 'user', outcome: 'success', ip, detail: { count: users.length } });
    return users.map(toUserView);
  }

  async createUser(actor: AuthUser, dto: CreateUserDto, ip: string | null): Promise<UserView> {
    await this.assertAdmin(actor, 'user.create', ip);
    const kinds = ORGANISATION_KIND_BY_ROLE[dto.role];
    let organisationId: string | null = null;
    if (kinds) {
      const org = dto.organisationId ? await this.organisations.findById(dto.organisationId) : null;
      if (!org || org.municipalityId !== actor.municipalityId) throw new DomainError('ValidationFailed', { organisationId: ['must name an organisation of your municipality'] });
      if (!kinds.includes(org.kind)) throw new DomainError('ValidationFailed', { organisationId: [`a ${dto.role} belongs to an organisation of kind ${kinds.join(' or ')}`] });
      organisationId = org.id;
    } else if (dto.organisationId && !FAMILY_ROLES.includes(dto.role)) {
      throw new DomainError('ValidationFailed', { organisationId: ['not allowed for this role'] });
    }
    if (await this.users.existsByEmail(dto.email)) throw new DomainError('EmailTaken', { email: ['already in use'] });
    const passwordHash = await hashPassword(dto.password);
    return this.tx.run(async () => {
      const created = await this.users.create({
        municipalityId: actor.municipalityId,
        organisationId: FAMILY_ROLES.includes(dto.role) ? null : organisationId,
        email: dto.email,
        displayName: dto.displayName,
        role: dto.role,
        passwordHash,
        locale: dto.locale ?? 'da',
      });
      await this.audit.record(actor, { action: 'user.create', caseId: null, resource: 'user', outcome: 'success', ip, detail: { userId: created.id, role: created.role } });
      return toUserView(created);
    });
  }
}
