import { Injectable, Inject } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError, StandardAdoptedV1 } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import type { Principal } from '@dx/service-kit';
import { catalogEvent } from '../../shared/catalog-event';
import { ParticipantStore } from '../../participants/domain/participant';
import { StandardStore } from '../domain/standard-store';
import { lockSelf } from './standard-guards';
import { CLOCK, type Clock } from '@dx/service-kit';

export interface AdoptionResult {
  created: boolean;
  body: {
    participantId: string;
    standardCode: string;
    adoptedAt: string;
    adoptedStandards: string[];
  };
}

/** A participant adopts a standard; adopting one it already holds changes nothing (200, no event). */
@Injectable()
export class AdoptStandardHandler {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly participants: ParticipantStore<EntityManager>,
    private readonly standards: StandardStore<EntityManager>,
  ) {}

  execute(participantId: string, code: string, caller: Principal): Promise<AdoptionResult> {
    return this.dataSource.transaction(async (em) => {
      await lockSelf(this.participants, em, participantId, caller);
      // Standards are the platform's endorsed list, not free text: the shared-values index
      // (docs/trust-model.md §5) counts adoptions of that list, and a typo would count for nothing.
      if (!(await this.standards.exists(em, code))) {
        const known = await this.standards.codes(em);
        throw new AppError('invalid', 'STANDARD.UNKNOWN', `no platform standard '${code}'`, [
          { path: 'code', message: `unknown standard; one of ${known.join(', ')}` },
        ]);
      }
      const adoptedAt = await this.standards.adoptedAt(em, participantId, code);
      // Adopting again is a no-op, not a 409: a partner can declare its standards idempotently on
      // every deployment, and no second event moves anyone's shared values.
      if (adoptedAt) {
        return {
          created: false,
          body: {
            participantId,
            standardCode: code,
            adoptedAt: adoptedAt.toISOString(),
            adoptedStandards: await this.standards.adoptedBy(em, participantId),
          },
        };
      }
      const now = this.clock.now();
      await this.standards.adopt(em, participantId, code, now);
      // The whole set travels in the event (read under the row lock taken by lockSelf), so trust
      // keeps its replica from the latest event alone.
      const adoptedStandards = await this.standards.adoptedBy(em, participantId);
      const data = {
        participantId,
        standardCode: code,
        adoptedAt: now.toISOString(),
        adoptedStandards,
      };
      await this.outbox.append(em, catalogEvent(StandardAdoptedV1, data, now));
      return { created: true, body: data };
    });
  }
}
