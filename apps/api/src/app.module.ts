import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthLibModule, JwtAuthGuard } from '@samraad/auth';
import { PersistenceModule } from '@samraad/persistence';
import { DomainEvents } from './common/domain-events.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { AdminModule } from './modules/admin/admin.module.js';
import { AssessmentsModule } from './modules/assessments/assessments.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { CaseAccessGuard } from './modules/cases/case-access.guard.js';
import { CasesModule } from './modules/cases/cases.module.js';
import { CollabModule } from './modules/collab/collab.module.js';
import { ExportsModule } from './modules/exports/exports.module.js';
import { FollowUpModule } from './modules/follow-up/follow-up.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { InterventionsModule } from './modules/interventions/interventions.module.js';
import { MeetingsModule } from './modules/meetings/meetings.module.js';
import { NotificationsModule } from './modules/notifications/notifications.module.js';
import { ObservationsModule } from './modules/observations/observations.module.js';
import { PlanModule } from './modules/plan/plan.module.js';
import { StatementsModule } from './modules/statements/statements.module.js';
import { RealtimeModule } from './modules/realtime/realtime.module.js';
import { DemoSeeder } from './seed/demo-seeder.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ConfigModule.forRoot(config),
        PersistenceModule.forRoot({ url: config.databaseUrl?.reveal(), dataDir: config.dataDir, maintenanceSeconds: config.pgliteMaintenanceSeconds }),
        AuthLibModule.forRoot({
          jwtSecret: config.jwtSecret.reveal(),
          issuer: config.jwtIssuer,
          audience: config.jwtAudience,
          accessTokenTtlSeconds: config.accessTokenTtlSeconds,
          refreshTokenTtlSeconds: config.refreshTokenTtlSeconds,
        }),
        AuditModule,
        HealthModule,
        AuthModule,
        AdminModule,
        CasesModule,
        NotificationsModule,
        FollowUpModule,
        MeetingsModule,
        StatementsModule,
        ObservationsModule,
        InterventionsModule,
        PlanModule,
        ExportsModule,
        AssessmentsModule,
        RealtimeModule,
        CollabModule,
      ],
      providers: [
        DomainEvents,
        DemoSeeder,
        // Order matters: authenticate first, then check case membership.
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: CaseAccessGuard },
      ],
      exports: [DomainEvents],
    };
  }
}
