import { AppError, deadLetterTopic, Header } from '@dx/contracts';
import { meter, type Logger } from '@dx/observability';
import type { EventPublisher, OutgoingRecord } from '../publisher';
import type { ConsumedRecord } from './record';

const deadLettered = meter().createCounter('dx_consumer_dead_lettered_total', {
  description: 'Events sent to a DLQ',
});
const parkedDeadLetters = meter().createCounter('dx_consumer_dead_letters_parked_total', {
  description: 'Replayed dead letters that failed again and were parked for a person',
});

/** Where a failed record came from and who gave up on it. */
export interface DeadLetterSource {
  /** The consuming app; names the dead-letter topic `<topic>.dlq.<app>`. */
  app: string;
  group: string;
  /** Logical topic (without the connection's prefix). */
  topic: string;
  partition: number;
}

/**
 * The dead letter of a record: the original key, value and headers, and the failure in `dx-dlq-*`
 * headers (error, code, attempts, source topic/partition/offset, group, time), which is what an
 * operator reads and what the replay tool uses to send it back. A replayed dead letter that failed
 * again is marked parked, so later replays skip it instead of multiplying it.
 */
export function deadLetterOf(
  record: ConsumedRecord,
  source: DeadLetterSource,
  error: unknown,
  attempts: number,
  now: Date,
): { record: OutgoingRecord; parked: boolean } {
  const err = error instanceof Error ? error : new Error(String(error));
  const parked = record.headers[Header.replayedFrom] !== undefined;
  return {
    parked,
    record: {
      topic: deadLetterTopic(source.topic, source.app),
      key: record.key?.toString('utf8') ?? '',
      value: record.value ?? Buffer.alloc(0),
      headers: {
        ...record.headers,
        ...(parked ? { [Header.dlqParked]: 'true' } : {}),
        [Header.dlqError]: err.message.slice(0, 4000),
        [Header.dlqErrorCode]: error instanceof AppError ? error.code : 'UNEXPECTED',
        [Header.dlqAttempts]: String(attempts),
        [Header.dlqSourceTopic]: source.topic,
        [Header.dlqSourcePartition]: String(source.partition),
        [Header.dlqSourceOffset]: record.offset,
        [Header.dlqGroup]: source.group,
        [Header.dlqFailedAt]: now.toISOString(),
      },
    },
  };
}

/** Publishes dead letters. If the dead-letter topic is unreachable it throws: nothing is lost. */
export class DeadLetterer {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly logger: Logger,
  ) {}

  async send(
    record: ConsumedRecord,
    source: DeadLetterSource,
    error: unknown,
    attempts: number,
  ): Promise<void> {
    const letter = deadLetterOf(record, source, error, attempts, new Date());
    await this.publisher.publish([letter.record]);
    deadLettered.add(1, { group: source.group, topic: source.topic });
    if (letter.parked) {
      parkedDeadLetters.add(1, { group: source.group, topic: source.topic });
      this.logger.error(
        {
          topic: source.topic,
          partition: source.partition,
          offset: record.offset,
          replayedFrom: record.headers[Header.replayedFrom],
        },
        'a replayed dead letter failed again: parked for a person (later replays skip it)',
      );
    }
  }
}
