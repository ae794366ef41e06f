import { Injectable } from '@nestjs/common';
import type { CaseRole } from '@samraad/domain';
import { CaseEntity, CaseMemberEntity, UserEntity } from '../entities/index.js';
import { TransactionHost } from '../transaction-host.js';
import { memberOf } from './sql-fragments.js';

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

/** A case's columns as `CaseEntity` has them (dates as YYYY-MM-DD text), over the alias `c`. */
const CASE_COLUMNS = `c.id, c.municipality_id AS "municipalityId", c.organisation_id AS "organisationId", c.owner_id AS "ownerId", c.child_name AS "childName",
  c.child_birth_date::text AS "childBirthDate", c.child_birth_year AS "childBirthYear", c.follow_up_interval_months AS "followUpIntervalMonths",
  c.next_follow_up_date::text AS "nextFollowUpDate", c.created_at AS "createdAt", c.updated_at AS "updatedAt"`;

type CaseWithRoleRow = Omit<CaseEntity, 'createdAt' | 'updatedAt'> & { createdAt: Date | string; updatedAt: Date | string; memberRole: CaseRole | null };

/** The same shape the ORM hydrates: dates as YYYY-MM-DD text, timestamps as Date. */
function withRole(row: CaseWithRoleRow): { case: CaseEntity; memberRole: CaseRole | null } {
  const { memberRole, createdAt, updatedAt, ...fields } = row;
  return { case: Object.assign(new CaseEntity(), fields, { createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) }), memberRole };
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

  /**
   * Cases the user is a member of, plus (for a team leader) every case of their department, by
   * name, each with the user's member role in it (null where they are not a member), in one
   * prepared statement.
   */
  async listVisibleTo(userId: string, overseenOrganisationId: string | null): Promise<{ case: CaseEntity; memberRole: CaseRole | null }[]> {
    const mine = memberOf('$1');
    const rows = await this.tx.queryPrepared<CaseWithRoleRow>(
      overseenOrganisationId ? 'cases.listVisibleTo.department' : 'cases.listVisibleTo.member',
      `SELECT ${CASE_COLUMNS}, m.role AS "memberRole"
       FROM cases c LEFT JOIN case_members m ON m.case_id = c.id AND m.user_id = $1
       WHERE ${overseenOrganisationId ? `${mine} OR c.organisation_id = $2` : mine}
       ORDER BY c.child_name, c.id`,
      overseenOrganisationId ? [userId, overseenOrganisationId] : [userId],
    );
    return rows.map(withRole);
  }

  async create(newCase: NewCase): Promise<CaseEntity> {
    const saved = await this.cases.save(this.cases.create(newCase));
    return (await this.findById(saved.id))!;
  }

  async update(id: string, changes: CaseChanges): Promise<CaseEntity> {
    if (Object.keys(changes).length > 0) await this.cases.update({ id }, changes);
    return (await this.findById(id))!;
  }

  /**
   * The case and the user's member role in it (null when not a member), in one round trip and
   * without the ORM's query building: every request to a case route asks this first.
   */
  async findWithMemberRole(caseId: string, userId: string): Promise<{ case: CaseEntity; memberRole: CaseRole | null } | null> {
    const [row] = await this.tx.queryPrepared<CaseWithRoleRow>(
      'cases.findWithMemberRole',
      `SELECT ${CASE_COLUMNS}, m.role AS "memberRole"
       FROM cases c LEFT JOIN case_members m ON m.case_id = c.id AND m.user_id = $2
       WHERE c.id = $1`,
      [caseId, userId],
    );
    return row ? withRole(row) : null;
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
