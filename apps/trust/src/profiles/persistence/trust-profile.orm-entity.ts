import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'trust_profiles', schema: 'trust' })
export class TrustProfileOrmEntity {
  @PrimaryColumn({ type: 'uuid', name: 'participant_id' }) participantId!: string;
  @PrimaryColumn('text') role!: 'provider' | 'consumer';
  @Column('double precision') score!: number;
  @Column({ type: 'double precision', name: 'lower_bound' }) lowerBound!: number;
  @Column('double precision') uncertainty!: number;
  @Column('text') tier!: 'High' | 'Established' | 'Provisional' | 'Low';
  @Column({ type: 'double precision', name: 'base_rate' }) baseRate!: number;
  @Column({ type: 'double precision', name: 'evidence_total' }) evidenceTotal!: number;
  @Column({ type: 'text', name: 'model_version' }) modelVersion!: string;
  @Column({ type: 'timestamptz', name: 'computed_at' }) computedAt!: Date;
}
