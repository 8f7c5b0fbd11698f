import { defineResponse } from '@dx/service-kit';
import { KMV_CONSTRUCT_NAMES, type KmvEstimate } from '@dx/research-methods';
import { INTERVIEW_CONSTRUCTS, INTERVIEW_THEME_CODES } from '@dx/contracts';
import type { InterviewsReport } from '../application/interviews-report';
import type { OutcomesResponse } from '../application/outcomes-report';
import type { PanelReport } from '../application/panel-report';
import type { PredictiveValidityReport } from '../application/predictive-validity-report';
import { IMPACT_INDICATORS, type RegulationImpactReport } from '../queries/regulation-impact.query';

const time = { type: 'string', format: 'date-time' } as const;
const month = { type: 'string', pattern: '^\\d{4}-\\d{2}$' } as const;
const nullableNumber = { type: ['number', 'null'] } as const;
const estimate = {
  type: 'object',
  required: ['estimate', 'lower', 'upper', 'standardError'],
  properties: {
    estimate: { type: 'number' },
    lower: { type: 'number', description: 'lower bound of the interval' },
    upper: { type: 'number', description: 'upper bound of the interval' },
    standardError: { type: 'number', description: 'Newey–West (HAC) standard error' },
  },
  additionalProperties: false,
} as const;

export const RegulationImpactBody = defineResponse<RegulationImpactReport>()(
  'RegulationImpactReport',
  {
    schema: {
      type: 'object',
      required: ['from', 'to', 'method', 'items'],
      properties: {
        from: { ...time, description: 'first complete month analysed' },
        to: { ...time, description: 'end of the last complete month analysed (exclusive)' },
        method: { type: 'string' },
        items: {
          type: 'array',
          description: 'one per regulation change and indicator',
          items: {
            type: 'object',
            required: [
              'regulationId',
              'reference',
              'title',
              'indicator',
              'effectiveAt',
              'firstPostMonth',
              'transitionMonth',
              'fit',
              'notEstimable',
              'effectAtEnd',
              'points',
            ],
            properties: {
              regulationId: { type: 'string', format: 'uuid' },
              reference: { type: 'string' },
              title: { type: 'string' },
              indicator: { type: 'string', enum: [...IMPACT_INDICATORS] },
              effectiveAt: time,
              firstPostMonth: month,
              transitionMonth: {
                type: ['string', 'null'],
                description: 'the month a mid-month change took effect in, left out of the fit',
              },
              fit: {
                type: ['object', 'null'],
                description: 'null when the series is too short (see notEstimable)',
                required: [
                  'n',
                  'pre',
                  'post',
                  'baselineLevel',
                  'preTrend',
                  'levelChange',
                  'trendChange',
                  'durbinWatson',
                  'hacLags',
                  'level',
                ],
                properties: {
                  n: { type: 'integer' },
                  pre: { type: 'integer', description: 'months before the change' },
                  post: { type: 'integer', description: 'months from the change on' },
                  baselineLevel: estimate,
                  preTrend: { ...estimate, description: 'change per month before' },
                  levelChange: { ...estimate, description: 'jump right after the change' },
                  trendChange: { ...estimate, description: 'change of the monthly trend' },
                  durbinWatson: {
                    type: ['number', 'null'],
                    description: 'null when the fit is exact',
                  },
                  hacLags: { type: 'integer' },
                  level: { type: 'number', description: 'confidence level of the intervals' },
                },
                additionalProperties: false,
              },
              notEstimable: { type: ['string', 'null'] },
              effectAtEnd: {
                ...nullableNumber,
                description: 'fitted minus counterfactual at the last month',
              },
              points: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['month', 'observed', 'fitted', 'counterfactual', 'segment'],
                  properties: {
                    month,
                    observed: nullableNumber,
                    fitted: nullableNumber,
                    counterfactual: nullableNumber,
                    segment: { type: 'string', enum: ['pre', 'post', 'transition'] },
                  },
                  additionalProperties: false,
                },
              },
            },
            additionalProperties: false,
          },
        },
      },
      additionalProperties: false,
    },
  },
);

const PANEL_NUMERIC = {
  type: ['number', 'null'],
} as const;

export const PanelBody = defineResponse<PanelReport>()('ResearchPanel', {
  schema: {
    type: 'object',
    required: ['pseudonymised', 'generatedAt', 'dictionary', 'rows'],
    properties: {
      pseudonymised: {
        type: 'boolean',
        description: 'false only when an operator asked for names (`?names=true`)',
      },
      generatedAt: time,
      dictionary: {
        type: 'array',
        description: 'every column: construct, source events, formula, unit (docs/research.md §2)',
        items: {
          type: 'object',
          required: ['name', 'construct', 'sources', 'formula', 'unit'],
          properties: {
            name: { type: 'string' },
            construct: { type: 'string' },
            sources: { type: 'array', items: { type: 'string' } },
            formula: { type: 'string' },
            unit: {
              type: 'string',
              enum: ['id', 'month', 'count', 'ratio', 'score', 'flag', 'text'],
            },
          },
          additionalProperties: false,
        },
      },
      rows: {
        type: 'array',
        description: 'one per relationship (agreement) and month',
        items: {
          type: 'object',
          required: [
            'relationship',
            'month',
            'provider',
            'consumer',
            'dataset',
            'terminationCosts',
            'benefits',
            'sharedValues',
            'communication',
            'opportunism',
            'trust',
            'trustInConsumer',
            'commitment',
            'commitmentProvider',
            'acquiescence',
            'propensityToLeave',
            'cooperation',
            'functionalConflict',
            'uncertainty',
            'deliveriesDue',
            'onTimeRate',
            'regulationsInForce',
            'exitSurveyWouldWorkAgain',
          ],
          properties: {
            relationship: { type: 'string' },
            month,
            provider: { type: 'string' },
            consumer: { type: 'string' },
            dataset: { type: 'string' },
            terminationCosts: { type: 'number' },
            benefits: { type: 'number' },
            sharedValues: { type: 'number' },
            communication: { type: 'number' },
            opportunism: { type: 'number' },
            trust: PANEL_NUMERIC,
            trustInConsumer: PANEL_NUMERIC,
            commitment: PANEL_NUMERIC,
            commitmentProvider: PANEL_NUMERIC,
            acquiescence: PANEL_NUMERIC,
            propensityToLeave: { type: 'number' },
            cooperation: { type: 'number' },
            functionalConflict: { type: 'number' },
            uncertainty: { type: 'number' },
            deliveriesDue: { type: 'number' },
            onTimeRate: PANEL_NUMERIC,
            regulationsInForce: { type: 'number' },
            exitSurveyWouldWorkAgain: PANEL_NUMERIC,
          },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  },
});

const nullable = { type: ['number', 'null'] } as const;
const nullableFlag = { type: ['boolean', 'null'] } as const;

export const KmvBody = defineResponse<KmvEstimate>()('KmvEstimate', {
  schema: {
    type: 'object',
    required: ['method', 'n', 'relationships', 'months', 'equations', 'caveats'],
    properties: {
      method: { type: 'string' },
      n: { type: 'integer', description: 'relationship-months in the panel' },
      relationships: { type: 'integer' },
      months: { type: 'integer' },
      caveats: {
        type: 'array',
        items: { type: 'string' },
        description: 'what the sample can and cannot support',
      },
      equations: {
        type: 'array',
        items: {
          type: 'object',
          required: [
            'outcome',
            'n',
            'relationships',
            'rSquared',
            'bootstrap',
            'notEstimable',
            'paths',
          ],
          properties: {
            outcome: { type: 'string', enum: KMV_CONSTRUCT_NAMES },
            n: { type: 'integer', description: 'complete cases' },
            relationships: { type: 'integer' },
            rSquared: nullable,
            bootstrap: {
              type: ['object', 'null'],
              required: ['replicates', 'used', 'failed'],
              properties: {
                replicates: { type: 'integer' },
                used: { type: 'integer' },
                failed: { type: 'integer' },
              },
              additionalProperties: false,
            },
            notEstimable: { type: ['string', 'null'] },
            paths: {
              type: 'array',
              items: {
                type: 'object',
                required: [
                  'hypothesis',
                  'from',
                  'to',
                  'expectedSign',
                  'estimate',
                  'lower',
                  'upper',
                  'signMatches',
                  'supported',
                ],
                properties: {
                  hypothesis: { type: 'string', description: 'Morgan & Hunt (1994) H1–H13' },
                  from: { type: 'string', enum: KMV_CONSTRUCT_NAMES },
                  to: { type: 'string', enum: KMV_CONSTRUCT_NAMES },
                  expectedSign: { type: 'integer', enum: [1, -1] },
                  estimate: { ...nullable, description: 'standardised coefficient' },
                  lower: { ...nullable, description: '2.5 % bootstrap percentile' },
                  upper: { ...nullable, description: '97.5 % bootstrap percentile' },
                  signMatches: nullableFlag,
                  supported: {
                    ...nullableFlag,
                    description: 'the whole interval lies on the predicted side of zero',
                  },
                },
                additionalProperties: false,
              },
            },
          },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  },
});

const count = { type: 'integer', minimum: 0 } as const;
const nullableScore = { type: ['number', 'null'], minimum: 1, maximum: 5 } as const;
const themeList = {
  type: 'array',
  items: { type: 'string', enum: [...INTERVIEW_THEME_CODES] },
} as const;

export const InterviewsBody = defineResponse<InterviewsReport>()('ExitInterviews', {
  schema: {
    type: 'object',
    required: ['pseudonymised', 'generatedAt', 'summary', 'interviews'],
    properties: {
      pseudonymised: { type: 'boolean' },
      generatedAt: time,
      summary: {
        type: 'object',
        required: ['interviews', 'byKind', 'themes', 'ratings'],
        properties: {
          interviews: count,
          byKind: {
            type: 'object',
            additionalProperties: count,
            description: 'interviews per participant kind',
          },
          themes: {
            type: 'array',
            description: 'every codebook theme, most named first',
            items: {
              type: 'object',
              required: ['theme', 'construct', 'positive', 'negative', 'interviews', 'share'],
              properties: {
                theme: { type: 'string', enum: [...INTERVIEW_THEME_CODES] },
                construct: { type: 'string' },
                positive: { ...count, description: 'interviews naming it as helping' },
                negative: { ...count, description: 'interviews naming it as hurting' },
                interviews: count,
                share: { type: 'number', minimum: 0, maximum: 1 },
              },
              additionalProperties: false,
            },
          },
          ratings: {
            type: 'array',
            items: {
              type: 'object',
              required: ['construct', 'n', 'mean', 'median', 'min', 'max'],
              properties: {
                construct: { type: 'string', enum: [...INTERVIEW_CONSTRUCTS] },
                n: count,
                mean: nullableScore,
                median: nullableScore,
                min: nullableScore,
                max: nullableScore,
              },
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
      interviews: {
        type: 'array',
        items: {
          type: 'object',
          required: [
            'interview',
            'participant',
            'participantKind',
            'stakeholderRole',
            'heldAt',
            'ratings',
            'positive',
            'negative',
            'notes',
          ],
          properties: {
            interview: { type: 'string' },
            participant: { type: 'string' },
            participantKind: { type: ['string', 'null'] },
            stakeholderRole: { type: 'string' },
            heldAt: time,
            ratings: {
              type: 'array',
              items: {
                type: 'object',
                required: ['construct', 'score'],
                properties: {
                  construct: { type: 'string', enum: [...INTERVIEW_CONSTRUCTS] },
                  score: { type: 'integer', minimum: 1, maximum: 5 },
                },
              },
            },
            positive: themeList,
            negative: themeList,
            notes: { type: ['string', 'null'] },
          },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  },
});

const selfReported = {
  type: 'object',
  description: "the parties' own figures, summed (self-reported, not measured by the platform)",
  required: [
    'selfReported',
    'reports',
    'residentsServed',
    'servicesImproved',
    'staffHoursSaved',
    'costAvoidedKzt',
    'revenueKzt',
    'decisionsSupported',
    'derivedProducts',
  ],
  properties: {
    selfReported: { const: true },
    reports: count,
    residentsServed: count,
    servicesImproved: { type: 'array', items: { type: 'string' } },
    staffHoursSaved: { type: 'number', minimum: 0 },
    costAvoidedKzt: { type: 'number', minimum: 0 },
    revenueKzt: { type: 'number', minimum: 0 },
    decisionsSupported: count,
    derivedProducts: count,
  },
  additionalProperties: false,
} as const;
const measured = {
  type: 'object',
  description: 'measured by the platform',
  required: ['deliveriesFulfilled', 'recordsRead'],
  properties: { deliveriesFulfilled: count, recordsRead: count },
  additionalProperties: false,
} as const;

export const OutcomesBody = defineResponse<OutcomesResponse>()('ResearchOutcomes', {
  schema: {
    type: 'object',
    required: [
      'pseudonymised',
      'generatedAt',
      'relationships',
      'datasets',
      'views',
      'decisions',
      'unconfirmedViewReferences',
    ],
    properties: {
      pseudonymised: { type: 'boolean' },
      generatedAt: time,
      relationships: {
        type: 'array',
        items: {
          type: 'object',
          required: ['relationship', 'provider', 'consumer', 'dataset', 'measured', 'reported'],
          properties: {
            relationship: { type: 'string' },
            provider: { type: 'string' },
            consumer: { type: 'string' },
            dataset: { type: 'string' },
            measured,
            reported: selfReported,
          },
          additionalProperties: false,
        },
      },
      datasets: {
        type: 'array',
        items: {
          type: 'object',
          required: ['dataset', 'relationships', 'measured', 'reported'],
          properties: {
            dataset: { type: 'string' },
            relationships: count,
            measured,
            reported: selfReported,
          },
          additionalProperties: false,
        },
      },
      views: {
        type: 'array',
        description: 'integrated (two-source) views',
        items: {
          type: 'object',
          required: ['view', 'owner', 'datasets', 'measured', 'reported'],
          properties: {
            view: { type: 'string' },
            owner: { type: 'string' },
            datasets: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 2 },
            measured: {
              type: 'object',
              required: ['rows'],
              properties: { rows: count },
              additionalProperties: false,
            },
            reported: selfReported,
          },
          additionalProperties: false,
        },
      },
      decisions: {
        type: 'array',
        description:
          'decisions the parties say the data supported, with the view they were taken on',
        items: {
          type: 'object',
          required: ['relationship', 'view', 'count', 'description', 'periodFrom', 'periodTo'],
          properties: {
            relationship: { type: 'string' },
            view: { type: ['string', 'null'] },
            count,
            description: { type: 'string' },
            periodFrom: time,
            periodTo: time,
          },
          additionalProperties: false,
        },
      },
      unconfirmedViewReferences: {
        ...count,
        description:
          "reports naming a view that is not the reporter's or does not join the report's dataset (not credited to a view)",
      },
    },
    additionalProperties: false,
  },
});

const probability = { type: 'number', minimum: 0, maximum: 1 } as const;
const forecastQuality = {
  type: ['object', 'null'],
  required: ['ece', 'brier', 'auc', 'bins'],
  properties: {
    ece: { ...probability, description: 'expected calibration error, 10 equal-width bins' },
    brier: probability,
    auc: {
      type: ['number', 'null'],
      minimum: 0,
      maximum: 1,
      description: 'AUC for "late or missed", risk = 1 − forecast',
    },
    bins: {
      type: 'array',
      description: 'the reliability diagram',
      items: {
        type: 'object',
        required: ['from', 'to', 'count', 'meanForecast', 'observedRate'],
        properties: {
          from: probability,
          to: probability,
          count,
          meanForecast: { type: ['number', 'null'] },
          observedRate: { type: ['number', 'null'] },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;

export const PredictiveValidityBody = defineResponse<PredictiveValidityReport>()(
  'PredictiveValidity',
  {
    schema: {
      type: 'object',
      required: [
        'pseudonymised',
        'generatedAt',
        'settleDays',
        'n',
        'providers',
        'months',
        'missOrLateRate',
        'excluded',
        'score',
        'baseline',
        'aucDifference',
        'modelVersions',
        'caveats',
        'observations',
      ],
      properties: {
        pseudonymised: { type: 'boolean' },
        generatedAt: time,
        settleDays: { ...count, description: "days after a month's end before it counts" },
        n: count,
        providers: count,
        months: count,
        missOrLateRate: { type: ['number', 'null'] },
        excluded: {
          type: 'object',
          required: ['noScore', 'noBaseline'],
          properties: { noScore: count, noBaseline: count },
          additionalProperties: false,
        },
        score: { ...forecastQuality, description: "the provider's trust score at month end" },
        baseline: { ...forecastQuality, description: "last month's on-time rate" },
        aucDifference: { type: ['number', 'null'] },
        modelVersions: {
          type: 'array',
          items: {
            type: 'object',
            required: ['version', 'n'],
            properties: { version: { type: 'string' }, n: count },
            additionalProperties: false,
          },
        },
        caveats: { type: 'array', items: { type: 'string' } },
        observations: {
          type: 'array',
          items: {
            type: 'object',
            required: [
              'provider',
              'month',
              'score',
              'modelVersion',
              'lastMonthOnTimeRate',
              'onTime',
            ],
            properties: {
              provider: { type: 'string' },
              month,
              score: { type: ['number', 'null'] },
              modelVersion: { type: ['string', 'null'] },
              lastMonthOnTimeRate: { type: ['number', 'null'] },
              onTime: { type: 'integer', enum: [0, 1] },
            },
            additionalProperties: false,
          },
        },
      },
      additionalProperties: false,
    },
  },
);
