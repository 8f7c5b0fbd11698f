import { defineResponse } from '@dx/service-kit';
import { INTERVALS } from '../domain/metrics';
import type { TimeSeries } from '../queries/timeseries.query';

const time = { type: 'string', format: 'date-time' } as const;

export const TimeSeriesBody = defineResponse<TimeSeries>()('TimeSeries', {
  schema: {
    type: 'object',
    required: [
      'metric',
      'description',
      'unit',
      'selfReported',
      'interval',
      'from',
      'to',
      'points',
      'markers',
    ],
    properties: {
      metric: { type: 'string' },
      description: { type: 'string', description: 'what the indicator measures and from what' },
      unit: { type: 'string', enum: ['count', 'ratio', 'score', 'KZT', 'hours'] },
      selfReported: { type: 'boolean', description: 'figures the parties report themselves' },
      interval: { type: 'string', enum: INTERVALS },
      from: time,
      to: time,
      points: {
        type: 'array',
        description: 'one point per interval start (UTC); null where a ratio or mean has no data',
        items: {
          type: 'object',
          required: ['at', 'value'],
          properties: { at: time, value: { type: ['number', 'null'] } },
          additionalProperties: false,
        },
      },
      markers: {
        type: 'array',
        description: 'regulation changes in the range',
        items: {
          type: 'object',
          required: ['at', 'kind', 'title', 'reference'],
          properties: {
            at: time,
            kind: { type: 'string', enum: ['regulation'] },
            title: { type: 'string' },
            reference: { type: 'string' },
          },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  },
});
