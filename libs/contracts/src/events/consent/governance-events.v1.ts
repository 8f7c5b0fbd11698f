import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics';

/*
 * `consent.governance.*` v1: disputes tied to agreements (key: dispute id), exit surveys when an
 * agreement ends (key: agreement id) and regulation changes (key: regulation id).
 */

export const DISPUTE_CATEGORIES = [
  'late-delivery',
  'missed-delivery',
  'quality',
  'unannounced-change',
  'purpose-violation',
  'onward-sharing',
  'retention',
  'notice',
  'other',
] as const;
export const KMV_CONSTRUCTS = [
  'benefits',
  'termination-costs',
  'shared-values',
  'communication',
  'opportunism',
] as const;

export interface DisputeOpenedV1 {
  disputeId: string;
  agreementId: string;
  datasetId: string;
  openedBy: string;
  /** The participant the complaint is about (the other party). */
  against: string;
  category: (typeof DISPUTE_CATEGORIES)[number];
  description: string;
  occurredAt: string;
}

export interface DisputeResolvedV1 {
  disputeId: string;
  agreementId: string;
  datasetId: string;
  openedBy: string;
  against: string;
  category: (typeof DISPUTE_CATEGORIES)[number];
  outcome: 'upheld' | 'dismissed' | 'amicable';
  /** For `upheld`: the party found at fault (becomes integrity evidence against it). */
  upheldAgainst?: string;
  resolution: string;
  resolvedBy: string;
  openedAt: string;
  occurredAt: string;
}

export interface ExitSurveyCompletedV1 {
  surveyId: string;
  agreementId: string;
  datasetId: string;
  respondent: string;
  respondentRole: 'provider' | 'consumer';
  agreementState: string;
  /** Why the relationship ended, coded to the KMV constructs; weight 1 (minor) … 5 (decisive). */
  reasons: Array<{ construct: (typeof KMV_CONSTRUCTS)[number]; weight: number; note?: string }>;
  wouldWorkAgain: boolean;
  occurredAt: string;
}

export interface RegulationChangedV1 {
  regulationId: string;
  reference: string;
  title: string;
  effectiveAt: string;
  description?: string;
  url?: string;
  recordedBy: string;
  occurredAt: string;
}

const uuid = { type: 'string', format: 'uuid' } as const;
const iso = { type: 'string', format: 'date-time' } as const;
const text = { type: 'string', minLength: 1 } as const;
const disputeCore = {
  disputeId: uuid,
  agreementId: uuid,
  datasetId: uuid,
  openedBy: text,
  against: text,
  category: { enum: DISPUTE_CATEGORIES },
  occurredAt: iso,
} as const;

const ids = {
  disputeId: '2c4e6a8b-0d1f-4a3c-9e5b-7d9f1b3d5f7a',
  agreementId: '5b1f8c3e-2a47-4d8e-9f61-0c7a3e9b2d14',
  datasetId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  openedBy: '3f1e7a52-8c3b-4a51-9d0e-5b2f1c9a7e10',
  against: '0b5d3a1e-6f2c-4c8e-9a7d-2e4f6b8c1d3a',
};

export const DisputeOpenedV1 = defineEvent({
  type: 'consent.governance.dispute-opened',
  version: 1,
  topic: Topics.consentGovernance,
  description: 'A party opened a dispute about an agreement (pending evidence until resolved).',
  keyOf: (d: DisputeOpenedV1) => d.disputeId,
  schema: {
    type: 'object',
    required: [
      'disputeId',
      'agreementId',
      'datasetId',
      'openedBy',
      'against',
      'category',
      'description',
      'occurredAt',
    ],
    additionalProperties: true,
    properties: { ...disputeCore, description: text },
  },
  example: {
    ...ids,
    category: 'missed-delivery',
    description:
      'Three daily deliveries in March never arrived and were not announced (synthetic).',
    occurredAt: '2026-04-02T10:00:00.000Z',
  },
});

export const DisputeResolvedV1 = defineEvent({
  type: 'consent.governance.dispute-resolved',
  version: 1,
  topic: Topics.consentGovernance,
  description:
    'The operator resolved a dispute: upheld against a named party, dismissed, or settled amicably.',
  keyOf: (d: DisputeResolvedV1) => d.disputeId,
  schema: {
    type: 'object',
    required: [
      'disputeId',
      'agreementId',
      'datasetId',
      'openedBy',
      'against',
      'category',
      'outcome',
      'resolution',
      'resolvedBy',
      'openedAt',
      'occurredAt',
    ],
    additionalProperties: true,
    properties: {
      ...disputeCore,
      outcome: { enum: ['upheld', 'dismissed', 'amicable'] },
      upheldAgainst: text,
      resolution: text,
      resolvedBy: text,
      openedAt: iso,
    },
  },
  example: {
    ...ids,
    category: 'missed-delivery',
    outcome: 'upheld',
    upheldAgainst: ids.against,
    resolution: 'Deliveries were missed without notice; provider to backfill (synthetic).',
    resolvedBy: 'platform-operator',
    openedAt: '2026-04-02T10:00:00.000Z',
    occurredAt: '2026-04-09T15:00:00.000Z',
  },
});

export const ExitSurveyCompletedV1 = defineEvent({
  type: 'consent.governance.exit-survey-completed',
  version: 1,
  topic: Topics.consentGovernance,
  description: 'A party said why an agreement ended, coded to the KMV constructs.',
  keyOf: (d: ExitSurveyCompletedV1) => d.agreementId,
  schema: {
    type: 'object',
    required: [
      'surveyId',
      'agreementId',
      'datasetId',
      'respondent',
      'respondentRole',
      'agreementState',
      'reasons',
      'wouldWorkAgain',
      'occurredAt',
    ],
    additionalProperties: true,
    properties: {
      surveyId: uuid,
      agreementId: uuid,
      datasetId: uuid,
      respondent: text,
      respondentRole: { enum: ['provider', 'consumer'] },
      agreementState: text,
      reasons: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['construct', 'weight'],
          properties: {
            construct: { enum: KMV_CONSTRUCTS },
            weight: { type: 'integer', minimum: 1, maximum: 5 },
            note: { type: 'string' },
          },
        },
      },
      wouldWorkAgain: { type: 'boolean' },
      occurredAt: iso,
    },
  },
  example: {
    surveyId: '6e8a0c2e-4b6d-4f8a-8c0e-2a4c6e8a0c2e',
    agreementId: ids.agreementId,
    datasetId: ids.datasetId,
    respondent: ids.openedBy,
    respondentRole: 'consumer',
    agreementState: 'TERMINATED',
    reasons: [
      { construct: 'benefits', weight: 4, note: 'the data no longer fed a running service' },
      { construct: 'communication', weight: 2 },
    ],
    wouldWorkAgain: true,
    occurredAt: '2026-07-01T09:00:00.000Z',
  },
});

export const RegulationChangedV1 = defineEvent({
  type: 'consent.governance.regulation-changed',
  version: 1,
  topic: Topics.consentGovernance,
  description: 'An operator recorded a regulation change (shown on the dashboard timeline).',
  keyOf: (d: RegulationChangedV1) => d.regulationId,
  schema: {
    type: 'object',
    required: ['regulationId', 'reference', 'title', 'effectiveAt', 'recordedBy', 'occurredAt'],
    additionalProperties: true,
    properties: {
      regulationId: uuid,
      reference: text,
      title: text,
      effectiveAt: iso,
      description: { type: 'string' },
      url: { type: 'string' },
      recordedBy: text,
      occurredAt: iso,
    },
  },
  example: {
    regulationId: '8f0b2d4f-6a8c-4e0a-9b1d-3f5a7c9e1b3d',
    reference: 'City resolution 42/2026 (synthetic)',
    title: 'Open data by default for municipal departments',
    effectiveAt: '2026-09-01T00:00:00.000Z',
    recordedBy: 'platform-operator',
    occurredAt: '2026-08-15T12:00:00.000Z',
  },
});

/**
 * What a closing interview rates, 1 (very low) … 5 (very high): the KMV model's constructs as a
 * stakeholder perceives them (docs/research.md §5). Antecedents, the two mediators, outcomes.
 */
export const INTERVIEW_CONSTRUCTS = [
  ...KMV_CONSTRUCTS,
  'trust',
  'commitment',
  'acquiescence',
  'propensity-to-leave',
  'cooperation',
  'functional-conflict',
  'uncertainty',
] as const;
export type InterviewConstruct = (typeof INTERVIEW_CONSTRUCTS)[number];

/**
 * The closed codebook of interview themes (deductive coding): each theme is a factor a stakeholder
 * can name as helping (positive) or hurting (negative) the relationship, and belongs to the KMV
 * construct it speaks to, or to `context` when it is about the setting rather than the partner.
 * Closed so that counts across interviews mean the same thing; docs/research.md §5 defines each.
 */
export const INTERVIEW_THEME_CODES = [
  'benefit-realised',
  'data-quality',
  'integration-effort',
  'switching-alternatives',
  'common-standards',
  'public-interest',
  'notice-of-changes',
  'responsive-contact',
  'delivery-reliability',
  'purpose-respect',
  'platform-transparency',
  'dispute-handling',
  'legal-clarity',
  'personal-data-risk',
  'leadership-support',
  'staff-capacity',
  'regulation-change',
] as const;
export type InterviewTheme = (typeof INTERVIEW_THEME_CODES)[number];
/** The construct each theme speaks to. */
export const INTERVIEW_THEMES: Readonly<Record<InterviewTheme, InterviewConstruct | 'context'>> = {
  'benefit-realised': 'benefits',
  'data-quality': 'benefits',
  'integration-effort': 'termination-costs',
  'switching-alternatives': 'termination-costs',
  'common-standards': 'shared-values',
  'public-interest': 'shared-values',
  'notice-of-changes': 'communication',
  'responsive-contact': 'communication',
  'delivery-reliability': 'opportunism',
  'purpose-respect': 'opportunism',
  'platform-transparency': 'trust',
  'dispute-handling': 'functional-conflict',
  'legal-clarity': 'uncertainty',
  'personal-data-risk': 'uncertainty',
  'leadership-support': 'context',
  'staff-capacity': 'context',
  'regulation-change': 'context',
};

/**
 * `consent.governance.exit-interview-recorded` v1: the structured record of a closing interview
 * with one stakeholder of a participant (the study validated its factors with 12 of them), entered
 * by the operator who held it. Key: the interviewed participant's id.
 */
export interface ExitInterviewRecordedV1 {
  interviewId: string;
  participantId: string;
  /** The stakeholder's function, not their name (e.g. "head of the data office"). */
  stakeholderRole: string;
  /** When the interview was held (it is recorded afterwards). */
  heldAt: string;
  interviewer: string;
  ratings: Array<{ construct: InterviewConstruct; score: number }>;
  positive: InterviewTheme[];
  negative: InterviewTheme[];
  /** The interviewer's free-text summary; names of people are left out (docs/research.md §5). */
  notes?: string;
  occurredAt: string;
}

const themeList = {
  type: 'array',
  uniqueItems: true,
  maxItems: 17,
  items: { enum: INTERVIEW_THEME_CODES },
} as const;

export const ExitInterviewRecordedV1 = defineEvent({
  type: 'consent.governance.exit-interview-recorded',
  version: 1,
  topic: Topics.consentGovernance,
  description:
    'An operator recorded a closing interview with a stakeholder: constructs rated 1–5, coded positive and negative themes, free text.',
  keyOf: (d: ExitInterviewRecordedV1) => d.participantId,
  schema: {
    type: 'object',
    required: [
      'interviewId',
      'participantId',
      'stakeholderRole',
      'heldAt',
      'interviewer',
      'ratings',
      'positive',
      'negative',
      'occurredAt',
    ],
    additionalProperties: true,
    properties: {
      interviewId: uuid,
      participantId: uuid,
      stakeholderRole: text,
      heldAt: iso,
      interviewer: text,
      ratings: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['construct', 'score'],
          properties: {
            construct: { enum: INTERVIEW_CONSTRUCTS },
            score: { type: 'integer', minimum: 1, maximum: 5 },
          },
        },
      },
      positive: themeList,
      negative: themeList,
      notes: { type: 'string' },
      occurredAt: iso,
    },
  },
  example: {
    interviewId: '4a6c8e0a-2c4e-4a6c-8e0a-2c4e6a8c0e2a',
    participantId: ids.openedBy,
    stakeholderRole: 'Head of the data office',
    heldAt: '2026-11-20T10:00:00.000Z',
    interviewer: 'platform-operator',
    ratings: [
      { construct: 'trust', score: 4 },
      { construct: 'communication', score: 3 },
      { construct: 'benefits', score: 5 },
    ],
    positive: ['benefit-realised', 'common-standards'],
    negative: ['notice-of-changes'],
    notes: 'Routes were planned from the taxi data; schema changes came without warning twice.',
    occurredAt: '2026-11-21T09:00:00.000Z',
  },
});

/** What a benefit report claims (docs/impact-indicators.md §3); one kind per report. */
export type BenefitKind =
  | 'cost-avoided'
  | 'staff-hours-saved'
  | 'revenue'
  | 'derived-product'
  | 'decision-supported'
  | 'citizen-service';

export const BENEFIT_KINDS: BenefitKind[] = [
  'cost-avoided',
  'staff-hours-saved',
  'revenue',
  'derived-product',
  'decision-supported',
  'citizen-service',
];

/**
 * `consent.governance.benefit-reported` v1: a party reported what the data exchange of an
 * agreement brought it over a period — self-reported, and labelled so wherever it is shown.
 */
export interface BenefitReportedV1 {
  reportId: string;
  agreementId: string;
  datasetId: string;
  reporter: string;
  reporterRole: 'provider' | 'consumer';
  kind: BenefitKind;
  periodFrom: string;
  periodTo: string;
  /** cost-avoided, revenue: in KZT. */
  amountKzt?: number;
  /** staff-hours-saved. */
  hours?: number;
  /** derived-product, decision-supported: how many. */
  count?: number;
  /** citizen-service: residents served (users or transactions) in the period. */
  users?: number;
  /**
   * The integrated (two-source) view the benefit came from, when it did: a decision taken on a
   * view joining this agreement's dataset with another. Added in v1 (optional, older reports lack
   * it); insights attributes it to the view only when the view joins this dataset and belongs to
   * the reporter (docs/research.md §6).
   */
  viewId?: string;
  /** citizen-service: the resident-facing service that was improved (its public name). */
  service?: string;
  description: string;
  selfReported: true;
  occurredAt: string;
}

export const BenefitReportedV1 = defineEvent({
  type: 'consent.governance.benefit-reported',
  version: 1,
  topic: Topics.consentGovernance,
  description:
    'A party reported a benefit of an agreement over a period (cost avoided, staff hours, revenue, products, decisions, citizen services); self-reported.',
  keyOf: (d: BenefitReportedV1) => d.agreementId,
  schema: {
    type: 'object',
    required: [
      'reportId',
      'agreementId',
      'datasetId',
      'reporter',
      'reporterRole',
      'kind',
      'periodFrom',
      'periodTo',
      'description',
      'selfReported',
      'occurredAt',
    ],
    additionalProperties: true,
    properties: {
      reportId: uuid,
      agreementId: uuid,
      datasetId: uuid,
      reporter: text,
      reporterRole: { enum: ['provider', 'consumer'] },
      kind: { enum: BENEFIT_KINDS },
      periodFrom: iso,
      periodTo: iso,
      amountKzt: { type: 'number', minimum: 0 },
      hours: { type: 'number', minimum: 0 },
      count: { type: 'integer', minimum: 0 },
      users: { type: 'integer', minimum: 0 },
      viewId: uuid,
      service: text,
      description: text,
      selfReported: { const: true },
      occurredAt: iso,
    },
  },
  example: {
    reportId: '2c4e6a8b-0d1f-4a3c-9e5b-7d9f1b3d5e7a',
    agreementId: '5b1f8c3e-2a47-4d8e-9f61-0c7a3e9b2d14',
    datasetId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    reporter: '3f1e7a52-8c3b-4a51-9d0e-5b2f1c9a7e10',
    reporterRole: 'consumer',
    kind: 'cost-avoided',
    periodFrom: '2026-04-01T00:00:00.000Z',
    periodTo: '2026-06-30T23:59:59.000Z',
    amountKzt: 12500000,
    description: 'Pedestrian counting survey for bus-route planning not commissioned (synthetic).',
    selfReported: true,
    occurredAt: '2026-07-05T10:00:00.000Z',
  },
});

export const GOVERNANCE_EVENTS = [
  DisputeOpenedV1,
  DisputeResolvedV1,
  ExitSurveyCompletedV1,
  RegulationChangedV1,
  BenefitReportedV1,
  ExitInterviewRecordedV1,
] as const;
