import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'participants', schema: 'catalog' })
export class ParticipantOrmEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text') kind!: 'municipality' | 'business' | 'ngo';
  @Column({ type: 'char', length: 12, name: 'legal_id' }) legalId!: string;
  @Column('text') sector!: string;
  @Column({ type: 'text', name: 'contact_email' }) contactEmail!: string;
  @Column('text') status!: 'active' | 'suspended';
  @Column({ type: 'text', name: 'status_reason', nullable: true }) statusReason!: string | null;
  @Column({ type: 'timestamptz', name: 'status_changed_at', nullable: true })
  statusChangedAt!: Date | null;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
  /** Aggregate version (the ETag); set by the use cases, which also put it in events. */
  @Column('integer') version!: number;
}
