import { Module } from '@nestjs/common';
import { AuditController } from '../audit/audit.controller.js';
import { CaseAccessService } from './case-access.service.js';
import { CasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';
import { MembersController } from './members.controller.js';
import { MembersService } from './members.service.js';

@Module({
  controllers: [CasesController, MembersController, AuditController],
  // CaseAuditInterceptor is bound by @CaseScoped to each case route.
  providers: [CaseAccessService, CasesService, MembersService],
  exports: [CaseAccessService],
})
export class CasesModule {}
