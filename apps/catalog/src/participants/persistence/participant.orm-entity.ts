import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';

@Entity({ name: 'participants', schema: 'catalog' })
export class ParticipantOrmEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text') kind!: 'municipality' | 'business' | 'ngo';
  @Column({ type: 'char', length: 12, name: 'legal_id' }) legalId!: string;
  @Column('text') sector!: string;
  @Column({ type: 'text', name: 'contact_email' }) contactEmail!: string;
  @Column('text') status!: 'active' | 'suspended';
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
  @VersionColumn() version!: number;
}
