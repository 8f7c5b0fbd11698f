import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'oauth_clients', schema: 'catalog' })
export class OAuthClientOrmEntity {
  @PrimaryColumn({ type: 'text', name: 'client_id' }) clientId!: string;
  @Column({ type: 'uuid', name: 'participant_id' }) participantId!: string;
  @Column({ type: 'text', name: 'secret_hash' }) secretHash!: string;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}
