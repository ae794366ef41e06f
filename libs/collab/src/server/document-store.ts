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
  /**
   * Which snapshot this is: the number of log rows folded into it so far, which every compaction
   * raises (null without a snapshot). Equal versions are the same snapshot.
   */
  snapshotVersion: string | null;
  updates: { id: string; update: Uint8Array }[];
}

/** A new snapshot and its state vector. */
export interface CompactedState {
  state: Uint8Array;
  stateVector: Uint8Array;
}

/** What a compaction did: rows folded (0: nothing to do) and the version of the snapshot now stored. */
export interface Compaction {
  folded: number;
  snapshotVersion: string | null;
}

export interface DocumentStore {
  /** Appends in one statement (one commit): all rows are durable when it resolves, or none. */
  appendUpdates(rows: StoredUpdate[]): Promise<void>;
  load(docName: string): Promise<StoredDocument>;
  /** Folds the log into the snapshot in one transaction. */
  compact(docName: string, caseId: string, merge: (stored: StoredDocument) => CompactedState): Promise<Compaction>;
}
