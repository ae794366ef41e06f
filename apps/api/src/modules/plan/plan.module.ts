import { Module } from '@nestjs/common';
import { CollabModule } from '../collab/collab.module.js';
import { StatementsModule } from '../statements/statements.module.js';
import { PlanController } from './plan.controller.js';
import { PlanProjector } from './plan-projector.js';
import { PlanService } from './plan.service.js';

@Module({ imports: [StatementsModule, CollabModule], controllers: [PlanController], providers: [PlanService, PlanProjector] })
export class PlanModule {}
