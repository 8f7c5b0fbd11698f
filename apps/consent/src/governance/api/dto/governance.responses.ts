import {
  BenefitReportedV1,
  DISPUTE_CATEGORIES,
  DisputeOpenedV1,
  DisputeResolvedV1,
  ExitInterviewRecordedV1,
  ExitSurveyCompletedV1,
  RegulationChangedV1,
} from '@dx/contracts';
import { defineResponse, pageSchema, type Page, type ResponseBody } from '@dx/service-kit';
import type { DisputeView, RegulationView } from '../../queries/governance.queries';

/*
 * Most governance answers are the fact just recorded, exactly as its event carries it: their
 * schemas are the events' own (libs/contracts), checked against the payload types there.
 */
const eventBody = (
  name: string,
  def: { schema: Readonly<Record<string, unknown>> },
): ResponseBody => ({
  name,
  schema: def.schema,
});
const withStatus = (
  name: string,
  def: { schema: Readonly<Record<string, unknown>> },
  status: string,
): ResponseBody => ({
  name,
  schema: {
    allOf: [
      def.schema,
      {
        type: 'object',
        required: ['id', 'status'],
        properties: {
          id: { type: 'string', format: 'uuid', description: 'the dispute id' },
          status: { type: 'string', enum: [status] },
        },
      },
    ],
  },
});

export const BenefitReportBody = eventBody('BenefitReport', BenefitReportedV1);
export const ExitSurveyBody = eventBody('ExitSurvey', ExitSurveyCompletedV1);
export const ExitInterviewBody = eventBody('ExitInterview', ExitInterviewRecordedV1);
export const RegulationChangeBody = eventBody('RegulationChange', RegulationChangedV1);
export const DisputeOpenedBody = withStatus('DisputeOpened', DisputeOpenedV1, 'open');
export const DisputeResolvedBody = withStatus('DisputeResolved', DisputeResolvedV1, 'resolved');

const uuid = { type: 'string', format: 'uuid' } as const;
const time = { type: 'string', format: 'date-time' } as const;
const nullableText = { type: ['string', 'null'] } as const;

export const DisputePageBody = defineResponse<Page<DisputeView>>()('DisputePage', {
  schema: pageSchema({
    type: 'object',
    required: [
      'id',
      'agreementId',
      'datasetId',
      'openedBy',
      'against',
      'category',
      'description',
      'status',
      'outcome',
      'upheldAgainst',
      'resolution',
      'resolvedBy',
      'openedAt',
      'resolvedAt',
    ],
    properties: {
      id: uuid,
      agreementId: uuid,
      datasetId: uuid,
      openedBy: { type: 'string' },
      against: { type: 'string' },
      category: { type: 'string', example: DISPUTE_CATEGORIES[0] },
      description: { type: 'string' },
      status: { type: 'string', enum: ['open', 'resolved'] },
      outcome: { type: ['string', 'null'], enum: ['upheld', 'dismissed', 'amicable', null] },
      upheldAgainst: nullableText,
      resolution: nullableText,
      resolvedBy: nullableText,
      openedAt: time,
      resolvedAt: { type: ['string', 'null'], format: 'date-time' },
    },
    additionalProperties: false,
  }),
});

export const RegulationListBody = defineResponse<{ items: RegulationView[] }>()('RegulationList', {
  schema: {
    type: 'object',
    required: ['items'],
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: [
            'regulationId',
            'reference',
            'title',
            'description',
            'url',
            'effectiveAt',
            'recordedAt',
          ],
          properties: {
            regulationId: uuid,
            reference: { type: 'string' },
            title: { type: 'string' },
            description: nullableText,
            url: nullableText,
            effectiveAt: time,
            recordedAt: time,
          },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  },
});
