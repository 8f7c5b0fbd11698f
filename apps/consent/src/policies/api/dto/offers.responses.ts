import { agreementTermsSchema } from '@dx/contracts';
import { defineResponse, pageSchema } from '@dx/service-kit';
import type { DatasetOffers } from '../../application/list-offers.handler';
import type { StandardTermsView } from '../../application/set-standard-terms.handler';

const uuid = { type: 'string', format: 'uuid' } as const;
const duration = { type: 'string', description: 'ISO-8601 duration' } as const;
const dayCount = { type: 'integer', minimum: 0 } as const;

const standardTerms = {
  type: 'object',
  required: [
    'legalBasis',
    'deliveryFrequency',
    'gracePeriod',
    'validity',
    'retentionDays',
    'onwardSharingProhibited',
    'terminationNoticeDays',
    'changeNoticeDays',
  ],
  properties: {
    legalBasis: { type: 'string' },
    fields: { type: 'array', items: { type: 'string' } },
    deliveryFrequency: duration,
    gracePeriod: duration,
    freshness: duration,
    validity: duration,
    retentionDays: dayCount,
    onwardSharingProhibited: { type: 'boolean' },
    terminationNoticeDays: dayCount,
    changeNoticeDays: dayCount,
  },
  additionalProperties: false,
} as const;

export const StandardTermsBody = defineResponse<StandardTermsView>()('StandardTerms', {
  schema: {
    type: 'object',
    required: ['datasetId', 'terms', 'version', 'updatedAt'],
    properties: {
      datasetId: uuid,
      terms: standardTerms,
      version: { type: 'integer', minimum: 1 },
      updatedAt: { type: 'string', format: 'date-time' },
    },
    additionalProperties: false,
  },
});

/** The terms of an offer: an agreement's terms, the reciprocal link aside. */
const offeredTerms = agreementTermsSchema;

const datasetOffers = {
  type: 'object',
  required: ['datasetId', 'providerId', 'title', 'termsVersion', 'offers'],
  properties: {
    datasetId: uuid,
    providerId: uuid,
    title: { type: 'string' },
    termsVersion: { type: 'integer', minimum: 1 },
    offers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['purpose', 'terms', 'decision', 'ruleId', 'explanation'],
        properties: {
          purpose: { type: 'string' },
          terms: offeredTerms,
          decision: {
            type: 'string',
            enum: ['accepted', 'queued'],
            description:
              "what the provider's policy would do with a request on these terms from you",
          },
          ruleId: { type: ['string', 'null'] },
          explanation: { type: 'array', items: { type: 'string' } },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;

export const DatasetOffersBody = defineResponse<DatasetOffers>()('DatasetOffers', {
  schema: datasetOffers,
});

export const OffersPageBody = defineResponse<{
  items: DatasetOffers[];
  nextCursor: string | null;
}>()('OffersPage', { schema: pageSchema(datasetOffers) });
