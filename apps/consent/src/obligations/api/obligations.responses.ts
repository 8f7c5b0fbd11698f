import { defineResponse } from '@dx/service-kit';
import type { ObligationView } from '../application/list-obligations.handler';

const time = { type: 'string', format: 'date-time' } as const;

export const ObligationsBody = defineResponse<{
  items: ObligationView[];
  onTimeRate: number | null;
}>()('ObligationSchedule', {
  schema: {
    type: 'object',
    required: ['items', 'onTimeRate'],
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: [
            'id',
            'sequence',
            'dueAt',
            'graceUntil',
            'status',
            'deliveryId',
            'deliveredAt',
            'onTime',
            'latenessSeconds',
          ],
          properties: {
            id: { type: 'string', format: 'uuid' },
            sequence: { type: 'integer', description: '1 for the first delivery owed' },
            dueAt: time,
            graceUntil: time,
            status: {
              type: 'string',
              description: 'due, fulfilled, missed or cancelled',
              example: 'fulfilled',
            },
            deliveryId: { type: ['string', 'null'] },
            deliveredAt: { type: ['string', 'null'], format: 'date-time' },
            onTime: { type: ['boolean', 'null'], description: 'null until judged' },
            latenessSeconds: { type: ['integer', 'null'] },
          },
          additionalProperties: false,
        },
      },
      onTimeRate: {
        type: ['number', 'null'],
        description: 'share of judged deliveries that came on time; null before the first',
      },
    },
    additionalProperties: false,
  },
});
