import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import { AgreementStore } from '../domain/agreement-store';
import type { Terms } from '../domain/terms';

/**
 * A reciprocal link must name an agreement between the same two participants in the opposite
 * direction (the city's data for the telecom's, say); anything else is refused with 422.
 */
@Injectable()
export class ReciprocalLinkCheck {
  constructor(private readonly agreements: AgreementStore<EntityManager>) {}

  async check(
    em: EntityManager,
    terms: Terms,
    parties: { providerId: string; consumerId: string },
  ): Promise<void> {
    if (!terms.reciprocalAgreementId) return;
    const other = await this.agreements.partiesOf(em, terms.reciprocalAgreementId);
    if (
      !other ||
      other.providerId !== parties.consumerId ||
      other.consumerId !== parties.providerId
    )
      throw new AppError(
        'unprocessable',
        'AGREEMENT.INVALID_RECIPROCAL',
        'the reciprocal agreement does not run the other way between the same parties',
        [
          {
            path: 'reciprocalAgreementId',
            message: 'must be an agreement where this consumer provides to this provider',
          },
        ],
      );
  }
}
