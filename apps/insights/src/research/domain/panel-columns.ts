/*
 * The research panel's data dictionary (docs/research.md §2): every column with the construct it
 * measures, the events it is computed from, the formula and the unit. Served with the panel and as
 * the codebook of the export, so the figures never travel without their definitions.
 */
export interface PanelColumn {
  name: string;
  /** The KMV construct, or what else the column is (key, support, join). */
  construct: string;
  sources: string[];
  formula: string;
  unit: 'id' | 'month' | 'count' | 'ratio' | 'score' | 'flag' | 'text';
}

const OBLIGATIONS = ['consent.obligation.delivery-fulfilled', 'consent.obligation.delivery-missed'];

export const PANEL_COLUMNS: readonly PanelColumn[] = [
  {
    name: 'relationship',
    construct: 'key',
    sources: ['consent.agreement.*'],
    formula: 'the agreement, pseudonymised unless an operator asks for names',
    unit: 'id',
  },
  {
    name: 'month',
    construct: 'key',
    sources: [],
    formula: 'calendar month (UTC), from the month the agreement came into force',
    unit: 'month',
  },
  {
    name: 'provider',
    construct: 'key',
    sources: ['catalog.participant.registered'],
    formula: 'the providing participant (pseudonymised unless names are asked for)',
    unit: 'id',
  },
  {
    name: 'consumer',
    construct: 'key',
    sources: ['catalog.participant.registered'],
    formula: 'the consuming participant (pseudonymised unless names are asked for)',
    unit: 'id',
  },
  {
    name: 'dataset',
    construct: 'key',
    sources: ['catalog.dataset.created'],
    formula: 'the dataset shared under the agreement (pseudonymised unless names are asked for)',
    unit: 'id',
  },
  {
    name: 'terminationCosts',
    construct: 'relationship termination costs',
    sources: [
      'consent.governance.benefit-reported (derived-product)',
      'integration.view.refreshed',
    ],
    formula:
      "derived products reported on the agreement (sum of counts) + integrated views over the agreement's dataset, up to the month's end",
    unit: 'count',
  },
  {
    name: 'benefits',
    construct: 'relationship benefits',
    sources: ['consent.governance.benefit-reported'],
    formula: "benefit reports on the agreement up to the month's end (self-reported)",
    unit: 'count',
  },
  {
    name: 'sharedValues',
    construct: 'shared values',
    sources: ['catalog.participant.standard-adopted', 'catalog.participant.standard-revoked'],
    formula: "platform standards both parties hold at the month's end",
    unit: 'count',
  },
  {
    name: 'communication',
    construct: 'communication',
    sources: ['consent.obligation.change-announced', 'consent.obligation.change-unannounced'],
    formula:
      "changes announced with at least the agreed notice ÷ all changes on the agreement up to the month's end; 1 with none",
    unit: 'ratio',
  },
  {
    name: 'opportunism',
    construct: 'opportunistic behaviour',
    sources: [
      'consent.obligation.delivery-missed',
      'consent.obligation.change-unannounced',
      'consent.governance.dispute-resolved (upheld against the provider)',
    ],
    formula:
      'missed deliveries due in the month + unannounced breaking changes + disputes upheld against the provider, in the month',
    unit: 'count',
  },
  {
    name: 'trust',
    construct: 'trust (the consumer in the provider)',
    sources: ['trust.score.updated (provider role, global)'],
    formula: "the provider's trust score at the month's end; empty before its first score",
    unit: 'score',
  },
  {
    name: 'trustInConsumer',
    construct: 'trust (the provider in the consumer)',
    sources: ['trust.score.updated (consumer role, global)'],
    formula: "the consumer's trust score at the month's end",
    unit: 'score',
  },
  {
    name: 'commitment',
    construct: 'commitment (the consumer)',
    sources: ['trust.commitment.updated'],
    formula: "the consumer's commitment index at the month's end",
    unit: 'score',
  },
  {
    name: 'commitmentProvider',
    construct: 'commitment (the provider)',
    sources: ['trust.commitment.updated'],
    formula: "the provider's commitment index at the month's end",
    unit: 'score',
  },
  {
    name: 'acquiescence',
    construct: 'acquiescence',
    sources: [
      'consent.agreement.offered',
      'consent.agreement.accepted',
      'consent.agreement.rejected',
    ],
    formula:
      "acceptances ÷ answers (acceptances + rejections) once counter-offers were made, up to the month's end; empty without a counter-offer",
    unit: 'ratio',
  },
  {
    name: 'propensityToLeave',
    construct: 'propensity to leave',
    sources: ['consent.agreement.notice-given', 'consent.agreement.terminated'],
    formula: 'from the month notice was given or the agreement ended: 1, else 0',
    unit: 'flag',
  },
  {
    name: 'cooperation',
    construct: 'cooperation',
    sources: ['consent.agreement.activated'],
    formula:
      "1 while the same two parties also share data the other way under an agreement in force at the month's end",
    unit: 'flag',
  },
  {
    name: 'functionalConflict',
    construct: 'functional conflict',
    sources: ['consent.governance.dispute-resolved (amicable)'],
    formula: "disputes on the agreement settled amicably, up to the month's end",
    unit: 'count',
  },
  {
    name: 'uncertainty',
    construct: 'decision-making uncertainty',
    sources: ['trust.score.updated (provider role)'],
    formula: "the provider's trust uncertainty u at the month's end; 1 before its first score",
    unit: 'score',
  },
  {
    name: 'deliveriesDue',
    construct: 'support',
    sources: OBLIGATIONS,
    formula: 'obligations due in the month that were fulfilled or missed',
    unit: 'count',
  },
  {
    name: 'onTimeRate',
    construct: 'support',
    sources: OBLIGATIONS,
    formula:
      'obligations fulfilled on time ÷ obligations due in the month; empty when none was due',
    unit: 'ratio',
  },
  {
    name: 'regulationsInForce',
    construct: 'join: regulation changes',
    sources: ['consent.governance.regulation-changed'],
    formula: "regulation changes in effect at the month's end",
    unit: 'count',
  },
  {
    name: 'exitSurveyWouldWorkAgain',
    construct: 'join: exit surveys',
    sources: ['consent.governance.exit-survey-completed'],
    formula:
      'in the month a party completed an exit survey: 1 if it would work with the other again, 0 if not; empty otherwise',
    unit: 'flag',
  },
];

export type PanelColumnName = (typeof PANEL_COLUMNS)[number]['name'];
