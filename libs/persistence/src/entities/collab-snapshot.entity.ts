import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A document's compacted state; the log rows that remain come after it. */
@Entity({ name: 'collab_snapshots' })
export class CollabSnapshotEntity {
  @PrimaryColumn({ name: 'doc_name', type: 'text', primaryKeyConstraintName: 'pk_collab_snapshots' })
  docName!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ type: 'bytea' })
  state!: Uint8Array;

  /** The state vector of `state` (null for snapshots written before it was kept). */
  @Column({ name: 'state_vector', type: 'bytea', nullable: true })
  stateVector!: Uint8Array | null;

  @Column({ name: 'compacted_updates', type: 'bigint' })
  compactedUpdates!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
