import type { EntityManager } from 'typeorm';
import { ParticipantOrmEntity } from '../../participants/persistence/participant.orm-entity';
import { ParticipantTrustOrmEntity } from '../../trust-replica/persistence/participant-trust.orm-entity';
import { DatasetResponseDto } from '../api/dto/dataset.response.dto';
import type { DatasetOrmEntity } from '../persistence/dataset.orm-entity';
import { SchemaVersionOrmEntity } from '../persistence/schema-version.orm-entity';

/** The version in force at `at`: the highest whose effective time has come (version 1 always has). */
export async function schemaInForce(
  em: EntityManager,
  datasetId: string,
  at: Date,
): Promise<SchemaVersionOrmEntity> {
  const found = await em
    .createQueryBuilder(SchemaVersionOrmEntity, 'v')
    .where('v.dataset_id = :datasetId', { datasetId })
    .andWhere('(v.effective_at <= :at OR v.version = 1)', { at })
    .orderBy('v.version', 'DESC')
    .limit(1)
    .getOneOrFail();
  return found;
}

/** A dataset as the API shows it: with its provider, trust tier and schema in force. */
export async function datasetView(
  em: EntityManager,
  d: DatasetOrmEntity,
  /** Business time: which schema version is in force. */
  at: Date,
): Promise<DatasetResponseDto> {
  // Sequential on purpose: inside a transaction they share one connection.
  const provider = await em.findOneByOrFail(ParticipantOrmEntity, { id: d.providerId });
  const trust = await em.findOneBy(ParticipantTrustOrmEntity, {
    participantId: d.providerId,
    role: 'provider',
  });
  const currentSchema = await schemaInForce(em, d.id, at);
  return DatasetResponseDto.from(d, { provider, currentSchema, trust });
}
