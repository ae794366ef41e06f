import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A case space about one child. No CPR number: collaboration does not need one. */
@Entity({ name: 'cases' })
export class CaseEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_cases' })
  id!: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId!: string;

  /** The department that owns the case; its team leaders oversee it. */
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId!: string;

  @Column({ name: 'child_name', type: 'text' })
  childName!: string;

  @Column({ name: 'child_birth_date', type: 'date', nullable: true })
  childBirthDate!: string | null;

  @Column({ name: 'child_birth_year', type: 'integer', nullable: true })
  childBirthYear!: number | null;

  @Column({ name: 'follow_up_interval_months', type: 'integer', default: 3 })
  followUpIntervalMonths!: number;

  /** Kept current by the follow-up rules (interventions, the interval, concluded meetings). */
  @Column({ name: 'next_follow_up_date', type: 'date', nullable: true, insert: false, update: false })
  nextFollowUpDate!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
