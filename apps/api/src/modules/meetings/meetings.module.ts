import { Module } from '@nestjs/common';
import { MEETING_DOCUMENT_ACCESS } from '@samraad/collab/server';
import { CasesModule } from '../cases/cases.module.js';
import { CollabModule } from '../collab/collab.module.js';
import { DocumentVersionsService } from '../collab/document-versions.service.js';
import { MEETING_ROOM_ACCESS } from '../realtime/meeting-room-access.js';
import { AgendaService } from './agenda.service.js';
import { MeetingAccessPolicy } from './meeting-access.policy.js';
import { MeetingsController } from './meetings.controller.js';
import { MeetingsService } from './meetings.service.js';
import { MINUTES_ARCHIVE } from './minutes-archive.js';
import { RatingsService } from './ratings.service.js';

@Module({
  imports: [CasesModule, CollabModule],
  controllers: [MeetingsController],
  providers: [
    MeetingsService,
    AgendaService,
    RatingsService,
    MeetingAccessPolicy,
    // The live channels ask these ports who may enter a meeting; the version history freezes minutes.
    { provide: MEETING_DOCUMENT_ACCESS, useExisting: MeetingAccessPolicy },
    { provide: MEETING_ROOM_ACCESS, useExisting: MeetingAccessPolicy },
    { provide: MINUTES_ARCHIVE, useExisting: DocumentVersionsService },
  ],
  exports: [MeetingsService, AgendaService, MINUTES_ARCHIVE],
})
export class MeetingsModule {}
