import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { CaseRole } from '@samraad/domain';
import { CaseEntity, CaseMemberEntity, UserEntity } from '../entities/index.js';
import { TransactionHost } from '../transaction-host.js';

export type NewCase = Pick<CaseEntity, 'municipalityId' | 'organisationId' | 'ownerId' | 'childName' | 'childBirthDate' | 'childBirthYear' | 'followUpIntervalMonths'>;
export type CaseChanges = Partial<Pick<CaseEntity, 'childName' | 'childBirthDate' | 'childBirthYear' | 'followUpIntervalMonths'>>;

export interface MemberWithUser {
  caseId: string;
  userId: string;
  role: CaseRole;
  addedAt: Date;
  displayName: string;
  email: string;
  organisationId: string | null;
}

@Injectable()
export class CasesRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get cases() {
    return this.tx.manager.getRepository(CaseEntity);
  }

  private get members() {
    return this.tx.manager.getRepository(CaseMemberEntity);
  }

  findById(id: string): Promise<CaseEntity | null> {
    return this.cases.findOne({ where: { id } });
  }

  /** Cases the user is a member of, plus (for a team leader) every case of their department. */
  listVisibleTo(userId: string, overseenOrganisationId: string | null): Promise<CaseEntity[]> {
    const query = this.cases
      .createQueryBuilder('c')
      .where('EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = c.id AND m.user_id = :userId)', { userId })
      .orderBy('c.child_name', 'ASC');
    if (overseenOrganisationId) query.orWhere('c.organisation_id = :org', { org: overseenOrganisationId });
    return query.getMany();
  }

  async create(newCase: NewCase): Promise<CaseEntity> {
    const saved = await this.cases.save(this.cases.create(newCase));
    return (await this.findById(saved.id))!;
  }

  async update(id: string, changes: CaseChanges): Promise<CaseEntity> {
    if (Object.keys(changes).length > 0) await this.cases.update({ id }, changes);
    return (await this.findById(id))!;
  }

  /** The user's role in each of the given cases they are a member of. */
  async rolesOf(userId: string, caseIds: string[]): Promise<Map<string, CaseRole>> {
    if (caseIds.length === 0) return new Map();
    const rows = await this.members.find({ where: { userId, caseId: In(caseIds) } });
    return new Map(rows.map((row) => [row.caseId, row.role]));
  }

  /**
   * The case and the user's member role in it (null when not a member), in one round trip and
   * without the ORM's query building: every request to a case route asks this first.
   */
  async findWithMemberRole(caseId: string, userId: string): Promise<{ case: CaseEntity; memberRole: CaseRole | null } | null> {
    const [row] = (await this.tx.queryPrepared(
      'cases.findWithMemberRole',
      `SELECT c.id, c.municipality_id AS "municipalityId", c.organisation_id AS "organisationId", c.owner_id AS "ownerId", c.child_name AS "childName",
              c.child_birth_date::text AS "childBirthDate", c.child_birth_year AS "childBirthYear", c.follow_up_interval_months AS "followUpIntervalMonths",
              c.next_follow_up_date::text AS "nextFollowUpDate", c.created_at AS "createdAt", c.updated_at AS "updatedAt", m.role AS "memberRole"
       FROM cases c LEFT JOIN case_members m ON m.case_id = c.id AND m.user_id = $2
       WHERE c.id = $1`,
      [caseId, userId],
    )) as (Omit<CaseEntity, 'createdAt' | 'updatedAt'> & { createdAt: Date | string; updatedAt: Date | string; memberRole: CaseRole | null })[];
    if (!row) return null;
    const { memberRole, createdAt, updatedAt, ...fields } = row;
    // The same shape the ORM hydrates: dates as YYYY-MM-DD text, timestamps as Date.
    return { case: Object.assign(new CaseEntity(), fields, { createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) }), memberRole };
  }

  findMember(caseId: string, userId: string): Promise<CaseMemberEntity | null> {
    return this.members.findOne({ where: { caseId, userId } });
  }

  async listMembers(caseId: string): Promise<MemberWithUser[]> {
    const rows = await this.members
      .createQueryBuilder('m')
      .innerJoin(UserEntity, 'u', 'u.id = m.user_id')
      .select(['m.case_id AS "caseId"', 'm.user_id AS "userId"', 'm.role AS role', 'm.created_at AS "addedAt"', 'u.display_name AS "displayName"', 'u.email AS email', 'u.organisation_id AS "organisationId"'])
      .where('m.case_id = :caseId', { caseId })
      .orderBy('u.display_name', 'ASC')
      .getRawMany<MemberWithUser>();
    return rows.map((row) => ({ ...row, addedAt: new Date(row.addedAt) }));
  }

  addMember(caseId: string, userId: string, role: CaseRole, addedBy: string | null): Promise<CaseMemberEntity> {
    return this.members.save(this.members.create({ caseId, userId, role, addedBy }));
  }

  async removeMember(caseId: string, userId: string): Promise<boolean> {
    const result = await this.members.delete({ caseId, userId });
    return (result.affected ?? 0) > 0;
  }
}
