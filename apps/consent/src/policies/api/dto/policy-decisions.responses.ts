import { defineResponse } from '@dx/service-kit';
import type { PolicyDecisionView } from '../../queries/policy-decisions.query';

export const PolicyDecisionsBody = defineResponse<{ items: PolicyDecisionView[] }>()(
  'PolicyDecisionList',
  {
    schema: {
      type: 'object',
      required: ['items'],
      properties: {
        items: {
          type: 'array',
          items: {
            type: 'object',
            required: [
              'termVersion',
              'outcome',
              'ruleId',
              'policyVersion',
              'explanation',
              'inputs',
              'decidedAt',
            ],
            properties: {
              termVersion: { type: 'integer' },
              outcome: { type: 'string', enum: ['accepted', 'rejected', 'queued'] },
              ruleId: { type: ['string', 'null'], description: 'null: no rule matched' },
              policyVersion: { type: ['integer', 'null'] },
              explanation: {
                type: 'array',
                items: { type: 'string' },
                description: 'each rule tried, in order, and why it did or did not apply',
              },
              inputs: {
                type: 'object',
                additionalProperties: true,
                description: 'what the rules were judged on (purpose, tier, sensitivity)',
              },
              decidedAt: { type: 'string', format: 'date-time' },
            },
            additionalProperties: false,
          },
        },
      },
      additionalProperties: false,
    },
  },
);
