import { Injectable } from '@nestjs/common';
import { Topics, TrustScoreUpdatedV1 } from '@dx/contracts';
import { type EventHandler, on } from '@dx/messaging';
import type { ConsumerDefinition } from '@dx/service-kit';
import { ApplyTrustScoreHandler } from '../application/apply-trust-score.handler';

/** Group `catalog.provider-trust`: trust scores → the tier shown beside each provider in search. */
@Injectable()
export class TrustScoreConsumer implements ConsumerDefinition {
  readonly group = 'catalog.provider-trust';
  readonly topics = [Topics.trustScore];

  constructor(private readonly apply: ApplyTrustScoreHandler) {}

  handlers(): Record<string, EventHandler> {
    return on(TrustScoreUpdatedV1, (e, em) => this.apply.execute(em, e));
  }
}
