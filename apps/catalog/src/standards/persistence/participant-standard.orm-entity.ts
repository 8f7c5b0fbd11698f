import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'participant_standards', schema: 'catalog' })
export class ParticipantStandardOrmEntity {
  @PrimaryColumn({ type: 'uuid', name: 'participant_id' }) participantId!: string;
  @PrimaryColumn({ type: 'text', name: 'standard_code' }) standardCode!: string;
  @Column({ type: 'timestamptz', name: 'adopted_at' }) adoptedAt!: Date;
}
