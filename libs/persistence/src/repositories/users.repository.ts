import { Injectable, Optional } from '@nestjs/common';
import { DomainError } from '@samraad/domain';
import { In } from 'typeorm';
import { UserEntity } from '../entities/index.js';
import { PrincipalCache } from '../principal-cache.js';
import { TransactionHost } from '../transaction-host.js';

export type Principal = Pick<UserEntity, 'id' | 'role' | 'municipalityId' | 'organisationId' | 'displayName'> & { disabled: boolean };

export type NewUser = Pick<UserEntity, 'municipalityId' | 'organisationId' | 'email' | 'displayName' | 'role' | 'passwordHash' | 'locale'>;

@Injectable()
export class UsersRepository {
  constructor(
    private readonly tx: TransactionHost,
    @Optional() private readonly principals?: PrincipalCache<Principal>,
  ) {}

  private get repo() {
    return this.tx.manager.getRepository(UserEntity);
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  /**
   * What authenticating a request needs of its user, in one plain query: every request asks
   * this, and the ORM's query building cost more than the query. Served from PrincipalCache for
   * a few seconds, until the database announces a change to the user; never inside a
   * transaction, whose reads must see its own writes.
   */
  findPrincipal(id: string): Promise<Principal | null> {
    if (!this.principals || this.tx.inTransaction) return this.readPrincipal(id);
    return this.principals.get(id, () => this.readPrincipal(id));
  }

  private async readPrincipal(id: string): Promise<Principal | null> {
    const [row] = await this.tx.queryPrepared<Principal>(
      'users.findPrincipal',
      `SELECT id, role, municipality_id AS "municipalityId", organisation_id AS "organisationId", display_name AS "displayName", disabled_at IS NOT NULL AS disabled
       FROM users WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  findByIds(ids: string[]): Promise<UserEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.repo.find({ where: { id: In(ids) } });
  }

  /** With the password hash, for verifying a login. */
  findForLogin(email: string): Promise<UserEntity | null> {
    return this.repo.createQueryBuilder('u').addSelect('u.passwordHash').where('u.email = :email', { email: email.toLowerCase() }).getOne();
  }

  existsByEmail(email: string): Promise<boolean> {
    return this.repo.exists({ where: { email: email.toLowerCase() } });
  }

  listByMunicipality(municipalityId: string): Promise<UserEntity[]> {
    return this.repo.find({ where: { municipalityId }, order: { displayName: 'ASC' } });
  }

  /** Throws EmailTaken when the e-mail is in use, also when a concurrent request took it first. */
  async create(user: NewUser): Promise<UserEntity> {
    try {
      const saved = await this.repo.save(this.repo.create({ ...user, email: user.email.toLowerCase() }));
      return (await this.findById(saved.id))!;
    } catch (error) {
      if (isUniqueViolation(error, 'uq_users_email')) throw new DomainError('EmailTaken', { email: ['already in use'] });
      throw error;
    }
  }
}

/** A unique-constraint violation (SQLSTATE 23505) of the named constraint, from pg or PGlite. */
function isUniqueViolation(error: unknown, constraint: string): boolean {
  const cause = ((error as { driverError?: unknown }).driverError ?? error) as { code?: string; constraint?: string; message?: string };
  return cause.code === '23505' && (cause.constraint === constraint || (cause.message ?? '').includes(constraint));
}
