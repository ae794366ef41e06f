import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A named, frozen version of a document: its full state as one Yjs update. */
@Entity({ name: 'collab_versions' })
export class CollabVersionEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_collab_versions' })
  id!: string;

  @Column({ name: 'doc_name', type: 'text' })
  docName!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ type: 'text' })
  label!: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'bytea', select: false })
  state!: Uint8Array;
}
