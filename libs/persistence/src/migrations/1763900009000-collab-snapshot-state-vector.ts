import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keeps each snapshot's Yjs state vector beside it, written in the same statement from the same
 * document. A document loaded from a snapshot alone can then start the sync (the server's step 1
 * is its state vector) and answer a new client with the snapshot's bytes before the snapshot is
 * applied in memory: the state vector cannot be read from an update without decoding every
 * struct in it, which costs about as much as applying it. Snapshots written before this have
 * none and are applied at load as before.
 *
 * `state` is stored uncompressed (EXTERNAL): reading a snapshot is on the path of every document
 * opening, and a compressed value is decompressed on each read (in WebAssembly on PGlite).
 */
export class CollabSnapshotStateVector1763900009000 implements MigrationInterface {
  name = 'CollabSnapshotStateVector1763900009000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE collab_snapshots ADD COLUMN state_vector bytea');
    await db.query('ALTER TABLE collab_snapshots ALTER COLUMN state SET STORAGE EXTERNAL');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE collab_snapshots ALTER COLUMN state SET STORAGE EXTENDED');
    await db.query('ALTER TABLE collab_snapshots DROP COLUMN state_vector');
  }
}
