import { Global, Module } from '@nestjs/common';
import { FollowUpService } from './follow-up.service.js';
import { OverviewController } from './overview.controller.js';
import { OverviewService } from './overview.service.js';

@Global()
@Module({ controllers: [OverviewController], providers: [FollowUpService, OverviewService], exports: [FollowUpService] })
export class FollowUpModule {}
