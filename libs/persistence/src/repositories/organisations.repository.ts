import { Injectable } from '@nestjs/common';
import { MunicipalityEntity, OrganisationEntity, type OrganisationKind } from '../entities/index.js';
import { TransactionHost } from '../transaction-host.js';

@Injectable()
export class OrganisationsRepository {
  constructor(private readonly tx: TransactionHost) {}

  findMunicipalityByName(name: string): Promise<MunicipalityEntity | null> {
    return this.tx.manager.getRepository(MunicipalityEntity).findOne({ where: { name } });
  }

  createMunicipality(name: string): Promise<MunicipalityEntity> {
    const repo = this.tx.manager.getRepository(MunicipalityEntity);
    return repo.save(repo.create({ name }));
  }

  findById(id: string): Promise<OrganisationEntity | null> {
    return this.tx.manager.getRepository(OrganisationEntity).findOne({ where: { id } });
  }

  listByMunicipality(municipalityId: string): Promise<OrganisationEntity[]> {
    return this.tx.manager.getRepository(OrganisationEntity).find({ where: { municipalityId }, order: { name: 'ASC' } });
  }

  create(municipalityId: string, name: string, kind: OrganisationKind): Promise<OrganisationEntity> {
    const repo = this.tx.manager.getRepository(OrganisationEntity);
    return repo.save(repo.create({ municipalityId, name, kind }));
  }
}
