import { defineResponse } from '@dx/service-kit';
import type { ChangeNoticeView } from '../../application/announce-change.handler';

export const ChangeNoticeBody = defineResponse<ChangeNoticeView>()('ChangeNotice', {
  schema: {
    type: 'object',
    required: ['id', 'datasetId', 'kind', 'announcedAt', 'effectiveAt', 'agreements'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      datasetId: { type: 'string', format: 'uuid' },
      kind: { type: 'string', enum: ['schema-change', 'outage'] },
      announcedAt: { type: 'string', format: 'date-time' },
      effectiveAt: { type: 'string', format: 'date-time' },
      agreements: {
        type: 'array',
        description: 'every agreement in force on the dataset',
        items: {
          type: 'object',
          required: ['agreementId', 'sufficientNotice', 'requiredNoticeDays'],
          properties: {
            agreementId: { type: 'string', format: 'uuid' },
            sufficientNotice: {
              type: 'boolean',
              description: "the notice is at least the agreement's notice period",
            },
            requiredNoticeDays: { type: 'integer' },
          },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  },
});
