import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { JWK } from 'jose';

@Entity({ name: 'signing_keys', schema: 'catalog' })
export class SigningKeyOrmEntity {
  @PrimaryColumn('text') kid!: string;
  @Column('text') algorithm!: string;
  @Column({ type: 'jsonb', name: 'private_jwk' }) privateJwk!: JWK;
  @Column({ type: 'jsonb', name: 'public_jwk' }) publicJwk!: JWK;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'retired_at', nullable: true }) retiredAt!: Date | null;
}
