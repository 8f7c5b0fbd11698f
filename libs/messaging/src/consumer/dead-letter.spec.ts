import { AppError, Header } from '@dx/contracts';
import { deadLetterOf } from './dead-letter';

const record = {
  offset: '41',
  key: Buffer.from('agreement-1'),
  value: Buffer.from('{"not json'),
  headers: { [Header.traceparent]: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
};
const source = {
  app: 'trust',
  group: 'trust.evidence',
  topic: 'consent.obligation.v1',
  partition: 2,
};
const now = new Date('2026-12-05T12:00:00Z');

describe('deadLetterOf', () => {
  it('keeps the record as it was and says in headers why, where from and who gave up', () => {
    const { record: letter, parked } = deadLetterOf(
      record,
      source,
      new AppError('invalid', 'EVENT.NOT_JSON', 'value is not JSON'),
      1,
      now,
    );
    expect(parked).toBe(false);
    expect(letter).toEqual({
      topic: 'consent.obligation.v1.dlq.trust',
      key: 'agreement-1',
      value: record.value,
      headers: {
        ...record.headers,
        [Header.dlqError]: 'value is not JSON',
        [Header.dlqErrorCode]: 'EVENT.NOT_JSON',
        [Header.dlqAttempts]: '1',
        [Header.dlqSourceTopic]: 'consent.obligation.v1',
        [Header.dlqSourcePartition]: '2',
        [Header.dlqSourceOffset]: '41',
        [Header.dlqGroup]: 'trust.evidence',
        [Header.dlqFailedAt]: '2026-12-05T12:00:00.000Z',
      },
    });
  });

  it('parks a replayed dead letter that failed again, so later replays skip it', () => {
    const replayed = {
      ...record,
      headers: { ...record.headers, [Header.replayedFrom]: 'x.dlq.trust/0/7' },
    };
    const { record: letter, parked } = deadLetterOf(replayed, source, new Error('again'), 5, now);
    expect(parked).toBe(true);
    expect(letter.headers[Header.dlqParked]).toBe('true');
    expect(letter.headers[Header.dlqErrorCode]).toBe('UNEXPECTED');
  });

  it('bounds the error text and keeps a record without key or value publishable', () => {
    const { record: letter } = deadLetterOf(
      { ...record, key: null, value: null },
      source,
      new Error('x'.repeat(10_000)),
      3,
      now,
    );
    expect(letter.key).toBe('');
    expect(letter.value).toEqual(Buffer.alloc(0));
    expect(letter.headers[Header.dlqError]).toHaveLength(4000);
  });
});
