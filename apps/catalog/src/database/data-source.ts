import { CreateMessagingTables1767225600000 } from './migrations/1767225600000-create-messaging-tables';
import { CreateParticipantsAndIdentity1767225600100 } from './migrations/1767225600100-create-participants-and-identity';
import { OAuthClientOrmEntity } from '../identity/persistence/oauth-client.orm-entity';
import { SigningKeyOrmEntity } from '../identity/persistence/signing-key.orm-entity';
import { ParticipantOrmEntity } from '../participants/persistence/participant.orm-entity';

/** Schema `catalog`; migrations run by `npm run migrate`, never at boot. */
export const catalogMigrations = [
  CreateMessagingTables1767225600000,
  CreateParticipantsAndIdentity1767225600100,
];
export const catalogEntities = [ParticipantOrmEntity, OAuthClientOrmEntity, SigningKeyOrmEntity];
