import { DateTime, Duration } from 'luxon';
import type { TrustTier } from '@dx/contracts';
import { PURPOSES, PURPOSE_CODES } from '../../agreements/domain/purposes';
import type { Terms } from '../../agreements/domain/terms';
import { decide, type PolicyRule, type Sensitivity } from './decision-policy';

/*
 * A provider's standard terms for a dataset: what it offers to anyone, before negotiation. With the
 * dataset's decision policy they make the dataset's offers (docs/dataspace.md §2): one per purpose
 * the policy would accept or leave to the provider for this consumer, none where it would refuse.
 * The data-space catalogue publishes them as ODRL offers.
 */
export interface StandardTerms {
  legalBasis: string;
  /** Fields offered; absent: every field of the schema in force. */
  fields?: string[];
  deliveryFrequency: string;
  gracePeriod: string;
  freshness?: string;
  /** How long an agreement on these terms runs, as an ISO-8601 duration (e.g. P1Y). */
  validity: string;
  retentionDays: number;
  onwardSharingProhibited: boolean;
  terminationNoticeDays: number;
  changeNoticeDays: number;
}

export interface Offer {
  purpose: string;
  /** Ready to request as they are (the reciprocal link aside). */
  terms: Omit<Terms, 'reciprocalAgreementId'>;
  /** What the provider's policy would do with a request on these terms from this consumer. */
  decision: 'accepted' | 'queued';
  ruleId: string | null;
  explanation: string[];
}

export interface OfferInput {
  standard: StandardTerms;
  rules: PolicyRule[];
  sensitivity: Sensitivity;
  consumerTier: TrustTier | null;
  /** The schema in force: its fields, primary key first in the offer. */
  schema: { properties: string[]; primaryKey: string[] };
  now: Date;
}

/**
 * The offers for one consumer. Validity starts at the beginning of the current UTC day, so offers
 * read on the same day are identical (a peer may compare them) and a request made from one a few
 * hours later is not refused as back-dated.
 */
export function offersFor(input: OfferInput): Offer[] {
  const { standard, schema } = input;
  const start = DateTime.fromJSDate(input.now, { zone: 'utc' }).startOf('day');
  const end = start.plus(Duration.fromISO(standard.validity));
  const offered = standard.fields ?? schema.properties;
  const fields = [...new Set([...schema.primaryKey, ...offered])];
  const offers: Offer[] = [];
  for (const purpose of PURPOSE_CODES) {
    const decision = decide(input.rules, {
      purpose,
      consumerTier: input.consumerTier,
      sensitivity: input.sensitivity,
    });
    if (decision.outcome === 'rejected') continue;
    offers.push({
      purpose,
      terms: {
        purpose,
        purposeDescription: `${PURPOSES[purpose]} (standard terms of the provider)`,
        legalBasis: standard.legalBasis,
        fields,
        deliveryFrequency: standard.deliveryFrequency,
        gracePeriod: standard.gracePeriod,
        ...(standard.freshness ? { freshness: standard.freshness } : {}),
        validFrom: start.toISO({ suppressMilliseconds: false })!,
        validTo: end.toISO({ suppressMilliseconds: false })!,
        retentionDays: standard.retentionDays,
        onwardSharingProhibited: standard.onwardSharingProhibited,
        terminationNoticeDays: standard.terminationNoticeDays,
        changeNoticeDays: standard.changeNoticeDays,
      },
      decision: decision.outcome,
      ruleId: decision.ruleId,
      explanation: decision.explanation,
    });
  }
  return offers;
}
