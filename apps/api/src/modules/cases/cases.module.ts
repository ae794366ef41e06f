import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditController } from '../audit/audit.controller.js';
import { CaseAccessService } from './case-access.service.js';
import { CaseAuditInterceptor } from './case-audit.interceptor.js';
import { CasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';
import { MembersController } from './members.controller.js';
import { MembersService } from './members.service.js';

@Module({
  controllers: [CasesController, MembersController, AuditController],
  providers: [
    CaseAccessService,
    CasesService,
    MembersService,
    { provide: APP_INTERCEPTOR, useClass: CaseAuditInterceptor },
  ],
  exports: [CaseAccessService],
})
export class CasesModule {}
