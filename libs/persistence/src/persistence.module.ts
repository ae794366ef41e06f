import { type DynamicModule, Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type DatabaseOptions, type OpenedDatabase, openDatabase } from './data-source.js';
import { AuditRepository } from './repositories/audit.repository.js';
import { CasesRepository } from './repositories/cases.repository.js';
import { HealthRepository } from './repositories/health.repository.js';
import { LoginThrottleRepository } from './repositories/login-throttle.repository.js';
import { OrganisationsRepository } from './repositories/organisations.repository.js';
import { RefreshTokensRepository } from './repositories/refresh-tokens.repository.js';
import { UsersRepository } from './repositories/users.repository.js';
import { DocumentVersionsRepository } from './repositories/document-versions.repository.js';
import { DocumentsRepository } from './repositories/documents.repository.js';
import { WORKFLOW_REPOSITORIES } from './repositories/workflow/index.js';
import { TransactionHost } from './transaction-host.js';
import { PrincipalCache, USER_CHANGED_CHANNEL } from './principal-cache.js';

export const DATABASE = Symbol('DATABASE');

export const REPOSITORIES = [
  AuditRepository,
  CasesRepository,
  HealthRepository,
  LoginThrottleRepository,
  OrganisationsRepository,
  RefreshTokensRepository,
  UsersRepository,
  ...WORKFLOW_REPOSITORIES,
  DocumentsRepository,
  DocumentVersionsRepository,
];

@Injectable()
class DatabaseCloser implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly database: OpenedDatabase) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}

@Global()
@Module({})
export class PersistenceModule {
  /** `extraRepositories` lets a feature lib register repositories of its own tables. */
  static forRoot(options: DatabaseOptions, extraRepositories: Function[] = []): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [
        { provide: DATABASE, useFactory: () => openDatabase(options) },
        { provide: TransactionHost, inject: [DATABASE], useFactory: (db: OpenedDatabase) => new TransactionHost(db.dataSource) },
        {
          provide: PrincipalCache,
          inject: [DATABASE],
          useFactory: async (db: OpenedDatabase) => {
            const cache = new PrincipalCache();
            await db.notifications.listen(USER_CHANGED_CHANNEL, cache);
            return cache;
          },
        },
        DatabaseCloser,
        ...REPOSITORIES,
        ...(extraRepositories as never[]),
      ],
      exports: [DATABASE, TransactionHost, ...REPOSITORIES, ...(extraRepositories as never[])],
    };
  }
}
