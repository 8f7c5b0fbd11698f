import type { EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import type { Terms } from '../domain/terms';

/**
 * A reciprocal link must name an agreement between the same two participants in the opposite
 * direction (the city's data for the telecom's, say); anything else is refused with 422.
 */
export async function checkReciprocalLink(
  em: EntityManager,
  terms: Terms,
  parties: { providerId: string; consumerId: string },
): Promise<void> {
  if (!terms.reciprocalAgreementId) return;
  const [other] = await em.query<Array<{ provider_id: string; consumer_id: string }>>(
    `SELECT provider_id, consumer_id FROM consent.agreements WHERE id = $1`,
    [terms.reciprocalAgreementId],
  );
  if (
    !other ||
    other.provider_id !== parties.consumerId ||
    other.consumer_id !== parties.providerId
  ) {
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
