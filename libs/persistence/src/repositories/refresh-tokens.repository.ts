import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { RefreshTokenEntity } from '../entities/index.js';
import { TransactionHost } from '../transaction-host.js';

@Injectable()
export class RefreshTokensRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get repo() {
    return this.tx.manager.getRepository(RefreshTokenEntity);
  }

  create(token: Pick<RefreshTokenEntity, 'userId' | 'familyId' | 'tokenHash' | 'expiresAt'>): Promise<RefreshTokenEntity> {
    return this.repo.save(this.repo.create(token));
  }

  /** Locks the row so two concurrent refreshes with one token cannot both succeed. */
  findByHashForUpdate(tokenHash: string): Promise<RefreshTokenEntity | null> {
    return this.repo.createQueryBuilder('t').setLock('pessimistic_write').where('t.token_hash = :tokenHash', { tokenHash }).getOne();
  }

  async markUsed(id: string): Promise<void> {
    await this.repo.update({ id }, { usedAt: new Date() });
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.repo.update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
