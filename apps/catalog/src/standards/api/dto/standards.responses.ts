import { defineResponse } from '@dx/service-kit';
import type { Standard } from '../../domain/standard-store';
import type { AdoptionResult } from '../../application/adopt-standard.handler';

export const StandardsBody = defineResponse<{ items: Standard[] }>()('StandardList', {
  schema: {
    type: 'object',
    required: ['items'],
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: ['code', 'title', 'description', 'uri'],
          properties: {
            code: { type: 'string', example: 'ISO-8601' },
            title: { type: 'string' },
            description: { type: 'string' },
            uri: { type: ['string', 'null'], description: 'where the standard is published' },
          },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  },
});

export const AdoptionBody = defineResponse<AdoptionResult['body']>()('StandardAdoption', {
  schema: {
    type: 'object',
    required: ['participantId', 'standardCode', 'adoptedAt', 'adoptedStandards'],
    properties: {
      participantId: { type: 'string', format: 'uuid' },
      standardCode: { type: 'string' },
      adoptedAt: { type: 'string', format: 'date-time' },
      adoptedStandards: {
        type: 'array',
        items: { type: 'string' },
        description: 'every standard the participant holds now',
      },
    },
    additionalProperties: false,
  },
});
