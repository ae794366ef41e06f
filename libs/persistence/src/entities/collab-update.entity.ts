import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row of a document's append-only update log (a Yjs v1 update). */
@Entity({ name: 'collab_updates' })
export class CollabUpdateEntity {
  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_collab_updates' })
  id!: string;

  @Column({ name: 'doc_name', type: 'text' })
  docName!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ type: 'bytea' })
  update!: Uint8Array;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
