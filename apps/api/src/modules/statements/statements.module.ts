import { Module } from '@nestjs/common';
import { MeetingsModule } from '../meetings/meetings.module.js';
import { StatementsController } from './statements.controller.js';
import { StatementsService } from './statements.service.js';

@Module({ imports: [MeetingsModule], controllers: [StatementsController], providers: [StatementsService], exports: [StatementsService] })
export class StatementsModule {}
