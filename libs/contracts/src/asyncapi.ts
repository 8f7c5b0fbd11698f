import { stringify } from 'yaml';
import { envelopeJsonSchema } from './envelope';
import { createEnvelope } from './envelope';
import type { EventDefinition } from './event-definition';
import { EVENT_DEFINITIONS } from './registry';
import { deadLetterTopic, TOPIC_REGISTRY, type TopicSpec } from './topics';
import { CLOUDEVENTS_CONTENT_TYPE, Header } from './wire';

/*
 * The AsyncAPI 3.0 document and docs/events.md are generated from the registry, so they cannot
 * drift from the code: a unit test compares the committed files with this output
 * (`npm run contracts:generate` rewrites them).
 */

type Def = EventDefinition<string, never>;

const messageId = (d: Def) => `${d.type}.v${d.version}`;
const channelId = (topic: string) => topic.replace(/\./g, '_');

/** A fixed envelope around each definition's example: stable ids and times keep the files stable. */
export function exampleEnvelope(d: Def): ReturnType<typeof createEnvelope> {
  const env = createEnvelope({
    id: '00000000-0000-4000-8000-000000000001',
    type: d.type,
    version: d.version,
    source: d.type.split('.')[0],
    subject: d.keyOf(d.example),
    time: new Date('2026-01-15T09:00:00.000Z'),
    correlationId: '00000000-0000-4000-8000-000000000002',
    data: d.example,
  });
  return { ...env, traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };
}

const headersSchema = {
  type: 'object',
  properties: {
    [Header.contentType]: { type: 'string', const: CLOUDEVENTS_CONTENT_TYPE },
    [Header.ceId]: {
      type: 'string',
      description: 'Envelope id (the consumers’ de-duplication key)',
    },
    [Header.ceType]: { type: 'string', description: 'Event type' },
    [Header.ceSource]: { type: 'string', description: 'Producing app' },
    [Header.ceSpecVersion]: { type: 'string', const: '1.0' },
    [Header.traceparent]: { type: 'string', description: 'W3C trace context of the publish span' },
  },
  required: [Header.ceId, Header.ceType, Header.traceparent],
};

const deadLetterHeadersSchema = {
  type: 'object',
  description: 'The original headers plus these, set when the record was dead-lettered.',
  properties: {
    ...headersSchema.properties,
    [Header.dlqError]: { type: 'string', description: 'Error message of the last attempt' },
    [Header.dlqErrorCode]: {
      type: 'string',
      description: 'AREA.REASON code, e.g. EVENT.SCHEMA_VIOLATION',
    },
    [Header.dlqAttempts]: { type: 'string', description: 'Attempts made (decimal)' },
    [Header.dlqSourceTopic]: {
      type: 'string',
      description: 'Topic the record came from (replay target)',
    },
    [Header.dlqSourcePartition]: { type: 'string' },
    [Header.dlqSourceOffset]: { type: 'string' },
    [Header.dlqGroup]: { type: 'string', description: 'Consumer group that gave up' },
    [Header.dlqFailedAt]: { type: 'string', format: 'date-time' },
  },
  required: [Header.dlqError, Header.dlqErrorCode, Header.dlqAttempts, Header.dlqSourceTopic],
};

function message(d: Def, topic: TopicSpec, deadLetter: boolean) {
  const env = exampleEnvelope(d);
  const { data: _data, ...envelopeProps } = envelopeJsonSchema.properties;
  return {
    name: d.type,
    title: `${d.type} v${d.version}${deadLetter ? ' (dead letter)' : ''}`,
    summary: d.description,
    contentType: CLOUDEVENTS_CONTENT_TYPE,
    headers: deadLetter ? deadLetterHeadersSchema : headersSchema,
    payload: {
      type: 'object',
      required: [...envelopeJsonSchema.required],
      properties: {
        ...envelopeProps,
        type: { type: 'string', const: d.type },
        dataschema: { type: 'string', const: `${d.type}/${d.version}` },
        data: d.schema,
      },
    },
    bindings: {
      kafka: { key: { type: 'string', description: topic.key }, bindingVersion: '0.5.0' },
    },
    examples: [
      {
        name: 'example',
        headers: {
          [Header.contentType]: CLOUDEVENTS_CONTENT_TYPE,
          [Header.ceId]: env.id,
          [Header.ceType]: env.type,
          [Header.ceSource]: env.source,
          [Header.ceSpecVersion]: '1.0',
          [Header.traceparent]: env.traceparent,
          ...(deadLetter
            ? {
                [Header.dlqError]: 'downstream exploded',
                [Header.dlqErrorCode]: 'UNEXPECTED',
                [Header.dlqAttempts]: '5',
                [Header.dlqSourceTopic]: topic.name,
              }
            : {}),
        },
        payload: env,
      },
    ],
  };
}

/** A raw (non-event) record: its value is the payload itself, described by content type and headers. */
function rawMessage(
  topic: TopicSpec,
  raw: NonNullable<TopicSpec['rawMessage']>,
): Record<string, unknown> {
  return {
    name: raw.name,
    title: raw.name,
    summary: topic.description,
    contentType: raw.contentTypes[0],
    description: `Content types: ${raw.contentTypes.join(', ')}. Key: ${topic.key}.`,
    headers: {
      type: 'object',
      required: Object.entries(raw.headers)
        .filter(([, h]) => h.required)
        .map(([name]) => name),
      properties: Object.fromEntries(
        Object.entries(raw.headers).map(([name, h]) => [
          name,
          { type: 'string', description: h.description },
        ]),
      ),
    },
    payload: { type: 'string', description: 'The whole delivery body.' },
    bindings: {
      kafka: {
        key: { type: 'string', format: 'uuid', description: topic.key },
        bindingVersion: '0.5.0',
      },
    },
    examples: [{ name: 'ndjson', headers: raw.example.headers, payload: raw.example.value }],
  };
}

export function buildAsyncApi(): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const topic of TOPIC_REGISTRY) {
    const defs = EVENT_DEFINITIONS.filter((d) => d.topic === topic.name);
    const ch = channelId(topic.name);
    const raw = topic.rawMessage;
    const refs = Object.fromEntries(
      defs.map((d) => [messageId(d), { $ref: `#/components/messages/${messageId(d)}` }]),
    );
    for (const d of defs) messages[messageId(d)] = message(d, topic, false);
    if (raw) {
      refs[raw.name] = { $ref: `#/components/messages/${raw.name}` };
      messages[raw.name] = rawMessage(topic, raw);
    }
    const ids = [...defs.map((d) => messageId(d)), ...(raw ? [raw.name] : [])];
    channels[ch] = {
      address: topic.name,
      title: topic.name,
      description: `${topic.description} Key: ${topic.key}. Producer: ${topic.producer}.`,
      messages: refs,
      bindings: {
        kafka: {
          partitions: topic.partitions,
          topicConfiguration: {
            'cleanup.policy': [topic.cleanupPolicy],
            'retention.ms': topic.retentionMs,
          },
          bindingVersion: '0.5.0',
        },
      },
    };
    operations[`${topic.producer}.publish.${ch}`] = {
      action: 'send',
      title: `${topic.producer} publishes (through its outbox)`,
      channel: { $ref: `#/channels/${ch}` },
      messages: ids.map((id) => ({ $ref: `#/channels/${ch}/messages/${id}` })),
    };
    for (const c of topic.consumers) {
      operations[`${c.group}.receive.${ch}`] = {
        action: 'receive',
        title: `${c.app} consumes as group ${c.group}`,
        channel: { $ref: `#/channels/${ch}` },
        messages: ids.map((id) => ({ $ref: `#/channels/${ch}/messages/${id}` })),
        bindings: {
          kafka: { groupId: { type: 'string', const: c.group }, bindingVersion: '0.5.0' },
        },
      };
      const dlq = deadLetterTopic(topic.name, c.app);
      const dch = channelId(dlq);
      const dlqRefs: Record<string, unknown> = {};
      for (const d of defs) {
        messages[`${messageId(d)}.dead-letter`] = message(d, topic, true);
        dlqRefs[messageId(d)] = { $ref: `#/components/messages/${messageId(d)}.dead-letter` };
      }
      if (raw) dlqRefs[raw.name] = { $ref: `#/components/messages/${raw.name}` };
      channels[dch] = {
        address: dlq,
        title: dlq,
        description: `Records of ${topic.name} that group ${c.group} could not process, with the reason in headers. Key: as the source. Replay: npm run dlq:replay -- ${dlq}`,
        messages: dlqRefs,
        bindings: {
          kafka: {
            partitions: 1,
            topicConfiguration: { 'cleanup.policy': ['delete'], 'retention.ms': -1 },
            bindingVersion: '0.5.0',
          },
        },
      };
      operations[`${c.app}.dead-letter.${dch}`] = {
        action: 'send',
        title: `${c.app} dead-letters what it cannot process`,
        channel: { $ref: `#/channels/${dch}` },
        messages: ids.map((id) => ({ $ref: `#/channels/${dch}/messages/${id}` })),
      };
    }
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'dx data exchange events',
      version: '1.0.0',
      description:
        'Every Kafka topic of the platform. Records are CloudEvents 1.0 in structured mode (the value is the whole envelope); the key is the aggregate id. Generated from libs/contracts; do not edit by hand.',
    },
    defaultContentType: CLOUDEVENTS_CONTENT_TYPE,
    servers: {
      local: {
        host: '127.0.0.1:19092',
        protocol: 'kafka',
        description: 'npm start (tools/local-infra)',
      },
      compose: { host: 'kafka:9092', protocol: 'kafka', description: 'docker compose' },
    },
    channels,
    operations,
    components: { messages },
  };
}

export function asyncApiYaml(): string {
  return `# Generated by \`npm run contracts:generate\` from libs/contracts. Do not edit.\n${stringify(buildAsyncApi(), { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

/** docs/events.md: topic, key, producer, consumers, event types, one example each. */
export function eventsMarkdown(): string {
  const lines = [
    '# Events',
    '',
    'Generated by `npm run contracts:generate` from `libs/contracts`; do not edit. The machine-readable',
    'form is `libs/contracts/asyncapi.yaml`.',
    '',
    '| topic | key | producer | consumers (group → dead-letter topic) | partitions | cleanup |',
    '|---|---|---|---|---|---|',
  ];
  for (const t of TOPIC_REGISTRY) {
    const consumers =
      t.consumers
        .map((c) => `\`${c.group}\` → \`${deadLetterTopic(t.name, c.app)}\``)
        .join('<br>') || '—';
    lines.push(
      `| \`${t.name}\` | ${t.key} | ${t.producer} | ${consumers} | ${t.partitions} | ${t.cleanupPolicy} |`,
    );
  }
  for (const d of EVENT_DEFINITIONS) {
    lines.push(
      '',
      `## \`${d.type}\` v${d.version}`,
      '',
      `Topic \`${d.topic}\`. ${d.description}`,
      '',
      '```json',
    );
    lines.push(JSON.stringify(exampleEnvelope(d), null, 2), '```');
  }
  for (const t of TOPIC_REGISTRY.filter((x) => x.rawMessage)) {
    const raw = t.rawMessage!;
    lines.push('', `## \`${t.name}\` (raw records)`, '', t.description, '');
    for (const [name, h] of Object.entries(raw.headers))
      lines.push(`- header \`${name}\`${h.required ? ' (required)' : ''}: ${h.description}`);
    lines.push('', `Example (key \`${raw.example.key}\`):`, '', '```json');
    lines.push(JSON.stringify(raw.example, null, 2), '```');
  }
  return `${lines.join('\n')}\n`;
}

/** Golden fixtures: one envelope per event version, file name `<type>.v<version>.json`. */
export function fixtureFiles(): Record<string, string> {
  return Object.fromEntries(
    EVENT_DEFINITIONS.map((d) => [
      `${messageId(d)}.json`,
      `${JSON.stringify(exampleEnvelope(d), null, 2)}\n`,
    ]),
  );
}
