import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DatasetStatus } from '../domain/dataset-lifecycle';
import type { Sensitivity, Visibility } from '../domain/dataset-metadata';

export interface SpatialCoverage {
  name: string;
  uri?: string;
  bbox?: number[];
}
export interface TemporalCoverage {
  start: string;
  end?: string;
}
export interface ContactPoint {
  name: string;
  email: string;
}

/** `search` is a generated column maintained by PostgreSQL; the ORM never writes it. */
@Entity({ name: 'datasets', schema: 'catalog' })
export class DatasetOrmEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'provider_id' }) providerId!: string;
  @Column('text') title!: string;
  @Column('text') description!: string;
  @Column({ type: 'text', array: true }) themes!: string[];
  @Column({ type: 'text', array: true }) keywords!: string[];
  @Column('text') licence!: string;
  @Column('text') sensitivity!: Sensitivity;
  @Column('text') visibility!: Visibility;
  @Column({ type: 'text', name: 'update_frequency' }) updateFrequency!: string;
  @Column({ type: 'jsonb', name: 'spatial_coverage' }) spatialCoverage!: SpatialCoverage;
  @Column({ type: 'jsonb', name: 'temporal_coverage' }) temporalCoverage!: TemporalCoverage;
  @Column({ type: 'text', name: 'legal_basis' }) legalBasis!: string;
  @Column({ type: 'text', array: true, name: 'citizen_services' }) citizenServices!: string[];
  @Column({ type: 'jsonb', name: 'contact_point' }) contactPoint!: ContactPoint;
  @Column('text') status!: DatasetStatus;
  @Column({ type: 'text', name: 'status_reason', nullable: true }) statusReason!: string | null;
  @Column({ type: 'integer', name: 'latest_schema_version' }) latestSchemaVersion!: number;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
  @Column({ type: 'timestamptz', name: 'published_at', nullable: true }) publishedAt!: Date | null;
  /** Optimistic concurrency: `ETag` is this number; writes check it in their WHERE clause. */
  @Column('integer') version!: number;
}
