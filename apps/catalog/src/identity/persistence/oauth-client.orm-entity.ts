import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '@dx/service-kit';

/** A client of the token endpoint: a participant's, or a platform client (auditor, dashboard). */
@Entity({ name: 'oauth_clients', schema: 'catalog' })
export class OAuthClientOrmEntity {
  @PrimaryColumn({ type: 'text', name: 'client_id' }) clientId!: string;
  @Column({ type: 'uuid', name: 'participant_id', nullable: true }) participantId!: string | null;
  @Column({ type: 'text', nullable: true }) name!: string | null;
  @Column({ type: 'text', array: true }) roles!: Role[];
  @Column({ type: 'text', name: 'secret_hash' }) secretHash!: string;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'secret_rotated_at', nullable: true })
  secretRotatedAt!: Date | null;
}
