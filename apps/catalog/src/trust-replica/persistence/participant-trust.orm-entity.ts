import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TrustRole, TrustTier } from '@dx/contracts';

/** Local replica of `trust.score.v1`: what discovery shows beside each provider. */
@Entity({ name: 'participant_trust', schema: 'catalog' })
export class ParticipantTrustOrmEntity {
  @PrimaryColumn({ type: 'uuid', name: 'participant_id' }) participantId!: string;
  @PrimaryColumn('text') role!: TrustRole;
  @Column('text') tier!: TrustTier;
  @Column('double precision') score!: number;
  @Column({ type: 'double precision', name: 'lower_bound' }) lowerBound!: number;
  @Column('double precision') uncertainty!: number;
  @Column({ type: 'timestamptz', name: 'computed_at' }) computedAt!: Date;
}
