import { Injectable } from '@nestjs/common';
import type { CompactedState, Compaction, DocumentStore, StoredDocument, StoredUpdate } from '@samraad/collab/server';
import { DocumentsRepository } from '@samraad/persistence';

/** The engine's storage contract, on the update-log and snapshot tables. */
@Injectable()
export class CollabStoreAdapter implements DocumentStore {
  constructor(private readonly documents: DocumentsRepository) {}

  appendUpdates(rows: StoredUpdate[]): Promise<void> {
    return this.documents.appendUpdates(rows);
  }

  load(docName: string): Promise<StoredDocument> {
    return this.documents.load(docName);
  }

  compact(docName: string, caseId: string, merge: (stored: StoredDocument) => CompactedState): Promise<Compaction> {
    return this.documents.compact(docName, caseId, merge);
  }
}
