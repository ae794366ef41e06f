import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../transaction-host.js';

export interface StoredUpdate {
  docName: string;
  caseId: string;
  update: Uint8Array;
}

export interface CompactedState {
  state: Uint8Array;
  stateVector: Uint8Array;
}

export interface Compaction {
  folded: number;
  snapshotVersion: string | null;
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
  /** Log rows after the snapshot, in insertion order. */
  updates: { id: string; update: Uint8Array }[];
}

/** Serialises compactions of one document across instances. */
const COMPACTION_LOCK = 7_240_002;
/** Rows per INSERT statement (bounds one statement's size). */
const MAX_ROWS_PER_INSERT = 1000;

/** PostgreSQL's base64 breaks lines every 76 characters; Node's decoder skips the breaks. */
function fromBase64(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'base64');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * Yjs document storage: the append-only update log and its snapshot. A document's state is its
 * snapshot plus every log row that remains; compaction folds rows into the snapshot and deletes
 * exactly the rows it folded, in one transaction.
 */
@Injectable()
export class DocumentsRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Appends updates (of any documents) in one statement: one round trip, one commit. */
  async appendUpdates(rows: StoredUpdate[]): Promise<void> {
    for (let start = 0; start < rows.length; start += MAX_ROWS_PER_INSERT) {
      const chunk = rows.slice(start, start + MAX_ROWS_PER_INSERT);
      // Three array parameters, not three per row: binding and (on PGlite) serialising 3n
      // parameters cost more than the rows themselves. bytea travels in its hex text form.
      await this.tx.manager.query(
        `INSERT INTO collab_updates (doc_name, case_id, update)
         SELECT doc_name, case_id, update::bytea FROM unnest($1::text[], $2::uuid[], $3::text[]) WITH ORDINALITY AS row (doc_name, case_id, update, n)
         ORDER BY n`,
        [chunk.map((row) => row.docName), chunk.map((row) => row.caseId), chunk.map((row) => `\\x${Buffer.from(row.update.buffer, row.update.byteOffset, row.update.byteLength).toString('hex')}`)],
      );
    }
  }

  /**
   * Snapshot and remaining log, read in one statement so a concurrent compaction cannot split them.
   * The bytes travel as base64 text, the log as one aggregated value: decoding a bytea's hex text
   * in JavaScript (PGlite) and one result row per update cost ten times more on large documents.
   */
  async load(docName: string): Promise<StoredDocument> {
    const [row] = (await this.tx.manager.query(
      `SELECT (SELECT encode(state, 'base64') FROM collab_snapshots WHERE doc_name = $1) AS snapshot,
              (SELECT encode(state_vector, 'base64') FROM collab_snapshots WHERE doc_name = $1) AS snapshot_state_vector,
              (SELECT compacted_updates::text FROM collab_snapshots WHERE doc_name = $1) AS snapshot_version,
              (SELECT string_agg(id::text || ':' || encode(update, 'base64'), ',' ORDER BY id) FROM collab_updates WHERE doc_name = $1) AS log`,
      [docName],
    )) as { snapshot: string | null; snapshot_state_vector: string | null; snapshot_version: string | null; log: string | null }[];
    const doc: StoredDocument = {
      snapshot: row?.snapshot ? fromBase64(row.snapshot) : null,
      snapshotStateVector: row?.snapshot_state_vector ? fromBase64(row.snapshot_state_vector) : null,
      snapshotVersion: row?.snapshot_version ?? null,
      updates: [],
    };
    if (row?.log) {
      for (const entry of row.log.split(',')) {
        const colon = entry.indexOf(':');
        doc.updates.push({ id: entry.slice(0, colon), update: fromBase64(entry.slice(colon + 1)) });
      }
    }
    return doc;
  }

  /**
   * Folds the log into the snapshot: `merge` gets the stored state and returns the new snapshot.
   * Returns how many rows were folded (0 when there was nothing to do) and the stored snapshot's version.
   */
  async compact(docName: string, caseId: string, merge: (stored: StoredDocument) => CompactedState): Promise<Compaction> {
    return this.tx.run(async () => {
      const db = this.tx.manager;
      await db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [COMPACTION_LOCK, docName]);
      const stored = await this.load(docName);
      if (stored.updates.length === 0) return { folded: 0, snapshotVersion: stored.snapshotVersion };
      const { state, stateVector } = merge(stored);
      const [written] = (await db.query(
        `INSERT INTO collab_snapshots (doc_name, case_id, state, state_vector, compacted_updates, updated_at) VALUES ($1, $2::uuid, decode($3, 'base64'), decode($4, 'base64'), $5, now())
         ON CONFLICT ON CONSTRAINT pk_collab_snapshots DO UPDATE
           SET state = EXCLUDED.state, state_vector = EXCLUDED.state_vector, compacted_updates = collab_snapshots.compacted_updates + EXCLUDED.compacted_updates, updated_at = now()
         RETURNING compacted_updates::text AS version`,
        // base64, like the load: PGlite would turn a byte parameter into hex text in JavaScript.
        [docName, caseId, toBase64(state), toBase64(stateVector), stored.updates.length],
      )) as { version: string }[];
      await db.query('DELETE FROM collab_updates WHERE doc_name = $1 AND id = ANY($2::bigint[])', [docName, `{${stored.updates.map((u) => u.id).join(',')}}`]);
      return { folded: stored.updates.length, snapshotVersion: written!.version };
    });
  }

  async countUpdates(docName: string): Promise<number> {
    const [row] = (await this.tx.manager.query('SELECT count(*)::int AS n FROM collab_updates WHERE doc_name = $1', [docName])) as { n: number }[];
    return Number(row?.n ?? 0);
  }
}
