import { defineResponse, pageSchema, type Page } from '@dx/service-kit';
import type { ConsentListItem } from '../../application/list-subject-consents.handler';
import type { ConsentRecordView } from '../../application/record-subject-consent.handler';
import type { ErasureRequestView } from '../../application/request-erasure.handler';

const uuid = { type: 'string', format: 'uuid' } as const;
const time = { type: 'string', format: 'date-time' } as const;
const subject = {
  type: 'string',
  description: "the provider's pseudonym of the data subject",
} as const;
const status = {
  type: 'string',
  description: 'given, withdrawn or expired',
  example: 'given',
} as const;

export const ErasureRequestBody = defineResponse<ErasureRequestView>()('ErasureRequest', {
  schema: {
    type: 'object',
    required: ['requestId', 'subjectId', 'datasetId', 'requestedAt'],
    properties: { requestId: uuid, subjectId: subject, datasetId: uuid, requestedAt: time },
    additionalProperties: false,
  },
});

export const ConsentRecordBody = defineResponse<ConsentRecordView>()('SubjectConsent', {
  schema: {
    type: 'object',
    required: [
      'id',
      'subjectId',
      'datasetId',
      'purpose',
      'status',
      'expiresAt',
      'updatedAt',
      'changed',
    ],
    properties: {
      id: uuid,
      subjectId: subject,
      datasetId: uuid,
      purpose: { type: 'string' },
      status,
      expiresAt: { type: ['string', 'null'], format: 'date-time' },
      updatedAt: time,
      changed: { type: 'boolean', description: 'false when the consent already had this status' },
    },
    additionalProperties: false,
  },
});

export const ConsentPageBody = defineResponse<Page<ConsentListItem>>()('SubjectConsentPage', {
  schema: pageSchema({
    type: 'object',
    required: [
      'id',
      'subjectId',
      'datasetId',
      'purpose',
      'status',
      'expiresAt',
      'updatedAt',
      'history',
    ],
    properties: {
      id: uuid,
      subjectId: subject,
      datasetId: uuid,
      purpose: { type: 'string' },
      status,
      expiresAt: { type: ['string', 'null'], format: 'date-time' },
      updatedAt: time,
      history: {
        type: 'array',
        items: {
          type: 'object',
          required: ['status', 'previousStatus', 'recordedBy', 'at'],
          properties: {
            status,
            previousStatus: { type: ['string', 'null'] },
            recordedBy: { type: 'string', description: 'who recorded the change' },
            at: time,
          },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  }),
});
