import { AuditEntryEntity } from './audit-entry.entity.js';
import { CaseMemberEntity } from './case-member.entity.js';
import { CaseEntity } from './case.entity.js';
import { LoginThrottleEntity } from './login-throttle.entity.js';
import { MunicipalityEntity } from './municipality.entity.js';
import { OrganisationEntity } from './organisation.entity.js';
import { RefreshTokenEntity } from './refresh-token.entity.js';
import { UserEntity } from './user.entity.js';
import { CollabSnapshotEntity } from './collab-snapshot.entity.js';
import { CollabUpdateEntity } from './collab-update.entity.js';
import { CollabVersionEntity } from './collab-version.entity.js';

export {
  AuditEntryEntity,
  CaseEntity,
  CaseMemberEntity,
  LoginThrottleEntity,
  MunicipalityEntity,
  OrganisationEntity,
  RefreshTokenEntity,
  UserEntity,
};
export * from './organisation.entity.js';
export * from './collab-update.entity.js';
export * from './collab-snapshot.entity.js';
export * from './collab-version.entity.js';

export const ALL_ENTITIES: Function[] = [
  MunicipalityEntity,
  OrganisationEntity,
  UserEntity,
  RefreshTokenEntity,
  LoginThrottleEntity,
  CaseEntity,
  CaseMemberEntity,
  AuditEntryEntity,
  CollabUpdateEntity,
  CollabSnapshotEntity,
  CollabVersionEntity,
];
