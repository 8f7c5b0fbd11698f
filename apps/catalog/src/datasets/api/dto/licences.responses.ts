import { defineResponse } from '@dx/service-kit';
import type { Licence } from '../../domain/dataset';

export const LicencesBody = defineResponse<{ items: Licence[] }>()('LicenceList', {
  schema: {
    type: 'object',
    required: ['items'],
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: ['code', 'title', 'uri', 'open'],
          properties: {
            code: { type: 'string', example: 'CC-BY-4.0' },
            title: { type: 'string' },
            uri: { type: 'string', format: 'uri' },
            open: { type: 'boolean', description: 'an open licence (Open Definition)' },
          },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  },
});
