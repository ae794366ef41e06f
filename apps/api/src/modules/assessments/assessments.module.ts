import { Module } from '@nestjs/common';
import { CollabModule } from '../collab/collab.module.js';
import { MeetingsModule } from '../meetings/meetings.module.js';
import { AssessmentsController } from './assessments.controller.js';
import { AssessmentsService } from './assessments.service.js';

@Module({ imports: [MeetingsModule, CollabModule], controllers: [AssessmentsController], providers: [AssessmentsService] })
export class AssessmentsModule {}
