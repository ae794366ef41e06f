/** Where documents are kept. The api wires it to DocumentsRepository; tests can inject failures. */
export interface StoredUpdate {
  docName: string;
  caseId: string;
  update: Uint8Array;
}

export interface StoredDocument {
  snapshot: Uint8Array | null;
  /** The snapshot's state vector, when it was stored with it. */
  snapshotStateVector: Uint8Array | null;
  updates: { id: string; update: Uint8Array }[];
}

/** A new snapshot and its state vector. */
export interface CompactedState {
  state: Uint8Array;
  stateVector: Uint8Array;
}

export interface DocumentStore {
  /** Appends in one statement (one commit): all rows are durable when it resolves, or none. */
  appendUpdates(rows: StoredUpdate[]): Promise<void>;
  load(docName: string): Promise<StoredDocument>;
  /** Folds the log into the snapshot in one transaction; returns the number of rows folded. */
  compact(docName: string, caseId: string, merge: (stored: StoredDocument) => CompactedState): Promise<number>;
}
