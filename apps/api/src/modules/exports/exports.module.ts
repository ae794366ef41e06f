import { Module } from '@nestjs/common';
import { MeetingsModule } from '../meetings/meetings.module.js';
import { StatementsModule } from '../statements/statements.module.js';
import { ExportsController } from './exports.controller.js';
import { ExportsService } from './exports.service.js';

@Module({ imports: [MeetingsModule, StatementsModule], controllers: [ExportsController], providers: [ExportsService] })
export class ExportsModule {}
