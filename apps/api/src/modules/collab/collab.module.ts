import { Module } from '@nestjs/common';
import { CollabEngine, DocumentChangeHub, LocalFanout, MEETING_DOCUMENT_ACCESS, RedisFanout } from '@samraad/collab/server';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { CollabAccessService } from './collab-access.service.js';
import { CollabHooksService } from './collab-hooks.service.js';
import { CollabStoreAdapter } from './collab-store.adapter.js';
import { CollabGateway } from './collab.gateway.js';
import { DocumentVersionsController } from './document-versions.controller.js';
import { DocumentVersionsService } from './document-versions.service.js';

export { MEETING_DOCUMENT_ACCESS };

/**
 * Live collaboration: the Yjs endpoint at /collab/<docName>, document storage, fan-out between
 * instances (Redis when REDIS_URL is set), version history, and the projection hook
 * (DocumentChangeHub: register listeners to project document changes into tables).
 */
@Module({
  imports: [CasesModule],
  controllers: [DocumentVersionsController],
  providers: [
    CollabAccessService,
    CollabHooksService,
    CollabStoreAdapter,
    CollabGateway,
    DocumentVersionsService,
    {
      provide: DocumentChangeHub,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): DocumentChangeHub => {
        const hub = new DocumentChangeHub();
        hub.configure({ debounceMs: config.collab.projectionDebounceMs, maxWaitMs: config.collab.projectionMaxWaitMs });
        return hub;
      },
    },
    {
      provide: CollabEngine,
      inject: [CollabStoreAdapter, DocumentChangeHub, CollabHooksService, APP_CONFIG],
      useFactory: (store: CollabStoreAdapter, hub: DocumentChangeHub, hooks: CollabHooksService, config: AppConfig): CollabEngine =>
        new CollabEngine(store, config.redisUrl ? new RedisFanout(config.redisUrl.reveal()) : new LocalFanout(), hub, hooks, config.collab),
    },
  ],
  exports: [DocumentChangeHub, DocumentVersionsService, CollabEngine],
})
export class CollabModule {}
