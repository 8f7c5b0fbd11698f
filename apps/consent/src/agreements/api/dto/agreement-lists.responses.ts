import { AGREEMENT_STATES } from '@dx/contracts';
import { defineResponse, pageSchema, type Page } from '@dx/service-kit';
import type { AgreementSummary } from '../../queries/list-agreements.query';
import type { RegisterEntry } from '../../queries/public-register.query';

const uuid = { type: 'string', format: 'uuid' } as const;
const time = { type: 'string', format: 'date-time' } as const;

export const AgreementPageBody = defineResponse<Page<AgreementSummary>>()('AgreementPage', {
  schema: pageSchema({
    type: 'object',
    required: [
      'id',
      'datasetId',
      'providerId',
      'consumerId',
      'state',
      'version',
      'currentTermVersion',
      'latestTermVersion',
      'purpose',
      'updatedAt',
    ],
    properties: {
      id: uuid,
      datasetId: uuid,
      providerId: uuid,
      consumerId: uuid,
      state: { type: 'string', enum: AGREEMENT_STATES },
      version: { type: 'integer', description: 'aggregate version; the ETag' },
      currentTermVersion: {
        type: ['integer', 'null'],
        description: 'the term version in force; null before both accepted one',
      },
      latestTermVersion: { type: 'integer' },
      purpose: { type: 'string' },
      updatedAt: time,
    },
    additionalProperties: false,
  }),
});

export const RegisterPageBody = defineResponse<Page<RegisterEntry>>()('PublicRegisterPage', {
  schema: pageSchema({
    type: 'object',
    description: 'an agreement in force, without its commercial terms',
    required: [
      'agreementId',
      'providerId',
      'consumerId',
      'datasetId',
      'datasetTitle',
      'purpose',
      'purposeDescription',
      'legalBasis',
      'state',
      'validFrom',
      'validTo',
    ],
    properties: {
      agreementId: uuid,
      providerId: uuid,
      consumerId: uuid,
      datasetId: uuid,
      datasetTitle: { type: 'string' },
      purpose: { type: 'string' },
      purposeDescription: { type: 'string' },
      legalBasis: { type: 'string' },
      state: { type: 'string', enum: AGREEMENT_STATES },
      validFrom: time,
      validTo: time,
    },
    additionalProperties: false,
  }),
});
