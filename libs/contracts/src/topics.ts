/**
 * The topic registry: the ONLY place topic names exist. Apps import {@link Topics}; provisioning,
 * the AsyncAPI document, Strimzi `KafkaTopic` manifests and dead-letter names derive from
 * {@link TOPIC_REGISTRY}. Naming: `<service>.<aggregate>.v<major>`, key = aggregate id.
 */
export const Topics = {
  catalogParticipant: 'catalog.participant.v1',
  catalogDataset: 'catalog.dataset.v1',
  consentAgreement: 'consent.agreement.v1',
  consentObligation: 'consent.obligation.v1',
  consentSubjectConsent: 'consent.subject-consent.v1',
  consentGovernance: 'consent.governance.v1',
  integrationInbound: 'integration.inbound.v1',
  integrationDelivery: 'integration.delivery.v1',
  integrationAccess: 'integration.access.v1',
  integrationView: 'integration.view.v1',
  trustScore: 'trust.score.v1',
  trustAlert: 'trust.alert.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/** A consumer group reading a topic; each gets its own dead-letter topic. */
export interface TopicConsumer {
  /** The consuming app, e.g. `trust`. */
  app: string;
  /** `<consuming-app>.<purpose>`, e.g. `trust.participant-profiles`. */
  group: string;
}

export interface TopicSpec {
  name: TopicName;
  /** What the record key is. Every event of one aggregate has the same key, so it stays ordered. */
  key: string;
  /** The app that writes it (through its outbox). */
  producer: string;
  consumers: TopicConsumer[];
  partitions: number;
  /** `compact` keeps the last record per key (latest-state topics); `delete` keeps by time. */
  cleanupPolicy: 'delete' | 'compact';
  /** Retention for `delete` topics; -1 keeps for ever (never for topics with subject pseudonyms). */
  retentionMs: number;
  /**
   * Records name data subjects by pseudonym (consents, erasures, raw deliveries): kept no longer
   * than {@link SUBJECT_DATA_RETENTION_MS} (data minimisation; README, "Retention").
   */
  carriesSubjectPseudonyms?: boolean;
  description: string;
  /**
   * A topic whose records are not events (CloudEvents envelopes) but raw payloads pushed from
   * outside, e.g. deliveries: what the value and headers hold, for the AsyncAPI document.
   */
  rawMessage?: {
    name: string;
    contentTypes: string[];
    headers: Record<string, { description: string; required: boolean }>;
    example: { key: string; headers: Record<string, string>; value: string };
  };
}

const DAY = 24 * 60 * 60 * 1000;
/** Topics that name data subjects keep a year and a month: a year of dashboards, a month to spare. */
export const SUBJECT_DATA_RETENTION_MS = 400 * DAY;
/** Dead letters wait this long for an operator to replay or drop them (an alert fires on any). */
export const DEAD_LETTER_RETENTION_MS = 30 * DAY;

/** Group `<app>.suspensions` of every service (service-kit's SuspensionsConsumer). */
const SUSPENSION_CONSUMERS: TopicConsumer[] = [
  'catalog',
  'consent',
  'integration',
  'trust',
  'insights',
  'dsp',
].map((app) => ({ app, group: `${app}.suspensions` }));

export const TOPIC_REGISTRY: readonly TopicSpec[] = [
  {
    name: Topics.catalogParticipant,
    key: 'participant id (UUID)',
    producer: 'catalog',
    consumers: [
      { app: 'insights', group: 'insights.read-models' },
      { app: 'trust', group: 'trust.participant-profiles' },
      // Every service keeps the suspended participants, to refuse their tokens at once.
      ...SUSPENSION_CONSUMERS,
    ],
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: -1,
    description:
      'Lifecycle of participant organisations: registration, profile and status changes, adopted standards.',
  },
  {
    name: Topics.catalogDataset,
    key: 'dataset id (UUID)',
    producer: 'catalog',
    consumers: [
      { app: 'insights', group: 'insights.read-models' },
      { app: 'consent', group: 'consent.datasets' },
      { app: 'integration', group: 'integration.datasets' },
    ],
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: -1,
    description:
      'Datasets: creation, metadata changes, lifecycle and record schema versions. Every event carries the whole metadata snapshot.',
  },
  {
    name: Topics.consentAgreement,
    key: 'agreement id (UUID)',
    producer: 'consent',
    consumers: [
      // The DSP gateway follows the agreements its negotiations made, and those its transfers read under.
      { app: 'dsp', group: 'dsp.negotiations' },
      { app: 'dsp', group: 'dsp.transfers' },
      { app: 'insights', group: 'insights.read-models' },
      { app: 'integration', group: 'integration.agreements' },
      { app: 'trust', group: 'trust.evidence' },
    ],
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: -1,
    description:
      'Agreements (commitments): negotiation, agreement, activation, suspension, amendments, renewals, notice, termination, expiry. Every event carries the terms concerned and the actor.',
  },
  {
    name: Topics.consentObligation,
    key: 'agreement id (UUID)',
    producer: 'consent',
    consumers: [
      { app: 'insights', group: 'insights.read-models' },
      { app: 'trust', group: 'trust.evidence' },
    ],
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: -1,
    description:
      'The commitment ledger: delivery obligations (due, fulfilled on time or late, missed) and change notices (announced, unannounced).',
  },
  {
    name: Topics.consentSubjectConsent,
    key: 'subject pseudonym',
    producer: 'consent',
    consumers: [
      { app: 'insights', group: 'insights.read-models' },
      { app: 'integration', group: 'integration.subject-consents' },
    ],
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: SUBJECT_DATA_RETENTION_MS,
    carriesSubjectPseudonyms: true,
    description:
      'Data-subject consent records per dataset and purpose: given, withdrawn, expired (ISO/IEC TS 27560 style), and erasure requests.',
  },
  {
    name: Topics.consentGovernance,
    key: 'dispute id, agreement id (exit surveys) or regulation id',
    producer: 'consent',
    consumers: [
      { app: 'insights', group: 'insights.read-models' },
      { app: 'trust', group: 'trust.evidence' },
    ],
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: -1,
    description:
      'Governance: disputes and their outcomes, exit surveys coded to the KMV constructs, regulation changes.',
  },
  {
    name: Topics.integrationInbound,
    key: 'dataset id (UUID)',
    producer: 'trusted internal producers (municipal and partner systems on the platform network)',
    consumers: [{ app: 'integration', group: 'integration.inbound' }],
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: 7 * DAY,
    carriesSubjectPseudonyms: true,
    description:
      'Deliveries pushed over Kafka: each record is one whole delivery (NDJSON, a JSON array or CSV), validated and stored exactly like a REST delivery; the offset is committed only after the delivery is stored. Refused records (unknown dataset, wrong provider, malformed body) go to the dead-letter topic with the reason.',
    rawMessage: {
      name: 'integration.inbound.delivery',
      contentTypes: ['application/x-ndjson', 'application/json', 'text/csv'],
      headers: {
        'dx-provider-id': {
          description: "The delivering participant's id; must be the dataset's provider.",
          required: true,
        },
        'content-type': {
          description: 'application/x-ndjson (default), application/json (array) or text/csv.',
          required: false,
        },
        'dx-delivery-key': {
          description:
            'Idempotency key: a record with a key already applied returns nothing new. Default: topic, partition and offset, so a redelivered record is applied once.',
          required: false,
        },
      },
      example: {
        key: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
        headers: {
          'dx-provider-id': '0b5d3a1e-6f2c-4c8e-9a7d-2e4f6b8c1d3a',
          'content-type': 'application/x-ndjson',
          'dx-delivery-key': 'presence-2026-03-02T10',
        },
        value:
          '{"district":"Almaly","hour":"2026-03-02T10:00:00Z","people":1520}\n{"district":"Medeu","hour":"2026-03-02T10:00:00Z","people":870}\n',
      },
    },
  },
  {
    name: Topics.integrationDelivery,
    key: 'dataset id (UUID)',
    producer: 'integration',
    consumers: [
      { app: 'insights', group: 'insights.read-models' },
      { app: 'consent', group: 'consent.delivery-obligations' },
      { app: 'trust', group: 'trust.evidence' },
    ],
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: SUBJECT_DATA_RETENTION_MS,
    carriesSubjectPseudonyms: true,
    description:
      'Deliveries: received, completed with the quality report, rejected; stored rows erased (subject request, retention).',
  },
  {
    name: Topics.integrationAccess,
    key: 'agreement id (UUID)',
    producer: 'integration',
    consumers: [
      { app: 'insights', group: 'insights.read-models' },
      { app: 'trust', group: 'trust.evidence' },
    ],
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: -1,
    description:
      'Governed reads of records under agreements, and refusals (the access log as events).',
  },
  {
    name: Topics.integrationView,
    key: 'view id (UUID)',
    producer: 'integration',
    consumers: [{ app: 'insights', group: 'insights.read-models' }],
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: -1,
    description: 'Integrated views over two datasets: incremental refreshes with their trigger.',
  },
  {
    name: Topics.trustScore,
    key: 'participant id and role, `<participantId>:<provider|consumer>`; `<participantId>:commitment` for the commitment index',
    producer: 'trust',
    consumers: [
      { app: 'insights', group: 'insights.read-models' },
      { app: 'catalog', group: 'catalog.provider-trust' },
      { app: 'consent', group: 'consent.trust-tiers' },
    ],
    partitions: 3,
    cleanupPolicy: 'compact',
    retentionMs: 7 * DAY,
    description:
      'Latest trust score per participant and role, and latest commitment index per participant (compacted: the last record per key is the state).',
  },
  {
    name: Topics.trustAlert,
    key: 'participant id (UUID)',
    producer: 'trust',
    consumers: [{ app: 'insights', group: 'insights.read-models' }],
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: -1,
    description:
      'Trust alerts: the integrity cap applied, a sharp drop, an oscillating dimension (kept, not compacted).',
  },
];

/** Dead-letter topic of one consumer group: `<topic>.dlq.<consuming-app>`. */
export function deadLetterTopic(topic: string, app: string): string {
  return `${topic}.dlq.${app}`;
}

/** Every topic the platform needs, dead-letter topics included, with the settings to create them. */
export function allTopicSpecs(): Array<
  Pick<TopicSpec, 'partitions' | 'cleanupPolicy' | 'retentionMs'> & { name: string }
> {
  const out: Array<
    Pick<TopicSpec, 'partitions' | 'cleanupPolicy' | 'retentionMs'> & { name: string }
  > = [];
  for (const t of TOPIC_REGISTRY) {
    out.push({
      name: t.name,
      partitions: t.partitions,
      cleanupPolicy: t.cleanupPolicy,
      retentionMs: t.retentionMs,
    });
    // One dead-letter topic per consuming app, however many of its groups read the topic.
    for (const app of new Set(t.consumers.map((c) => c.app))) {
      // Dead letters wait a month for an operator to replay or drop them (they may name subjects).
      out.push({
        name: deadLetterTopic(t.name, app),
        partitions: 1,
        cleanupPolicy: 'delete',
        retentionMs: DEAD_LETTER_RETENTION_MS,
      });
    }
  }
  return out;
}
