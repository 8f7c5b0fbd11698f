import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Compatibility, SchemaDifference } from '../domain/schema-diff';

@Entity({ name: 'schema_versions', schema: 'catalog' })
export class SchemaVersionOrmEntity {
  @PrimaryColumn({ type: 'uuid', name: 'dataset_id' }) datasetId!: string;
  @PrimaryColumn('integer') version!: number;
  @Column('jsonb') schema!: Record<string, unknown>;
  @Column({ type: 'text', array: true, name: 'primary_key' }) primaryKey!: string[];
  @Column({ type: 'text', name: 'subject_field', nullable: true }) subjectField!: string | null;
  @Column({ type: 'text', name: 'time_field', nullable: true }) timeField!: string | null;
  @Column({ type: 'text', name: 'geo_field', nullable: true }) geoField!: string | null;
  /** Null for version 1 (nothing to compare with). */
  @Column({ type: 'text', nullable: true }) compatibility!: Compatibility | null;
  @Column('jsonb') differences!: SchemaDifference[];
  @Column({ type: 'timestamptz', name: 'announced_at' }) announcedAt!: Date;
  @Column({ type: 'timestamptz', name: 'effective_at' }) effectiveAt!: Date;
  @Column({ type: 'integer', name: 'notice_seconds' }) noticeSeconds!: number;
  @Column('boolean') unannounced!: boolean;
  @Column({ type: 'text', name: 'created_by' }) createdBy!: string;
}
