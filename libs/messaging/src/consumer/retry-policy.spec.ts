import { AppError } from '@dx/contracts';
import { nextStep, type RetrySettings } from './retry-policy';

const settings: RetrySettings = {
  maxAttempts: 3,
  initialBackoffMs: 100,
  maxBackoffMs: 1000,
  maxInfrastructureBackoffMs: 5000,
};
const databaseAway = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
  code: 'ECONNREFUSED',
});

describe('nextStep (the consumer retry policy)', () => {
  it('waits out a dependency for as long as it is away, never counting it against the record', () => {
    for (const waits of [1, 5, 50]) {
      const step = nextStep(databaseAway, 1, waits, settings);
      expect(step.kind).toBe('wait-for-dependency');
      expect(step.kind === 'wait-for-dependency' && step.waitMs).toBeLessThanOrEqual(5000);
    }
    // Even on what would be the last attempt of a record's own failure.
    expect(nextStep(databaseAway, 3, 1, settings).kind).toBe('wait-for-dependency');
  });

  it('retries a failure of the record with growing, capped backoff until the last attempt', () => {
    const err = new Error('downstream exploded');
    const first = nextStep(err, 1, 0, settings);
    const second = nextStep(err, 2, 0, settings);
    expect(first.kind).toBe('retry');
    expect(first.kind === 'retry' && first.waitMs).toBeGreaterThanOrEqual(50);
    expect(first.kind === 'retry' && first.waitMs).toBeLessThanOrEqual(100);
    expect(second.kind === 'retry' && second.waitMs).toBeGreaterThanOrEqual(100);
    expect(second.kind === 'retry' && second.waitMs).toBeLessThanOrEqual(200);
    expect(nextStep(err, 3, 0, settings)).toEqual({ kind: 'dead-letter' });
  });

  it('dead-letters at once what retrying cannot help', () => {
    const invalid = new AppError('invalid', 'EVENT.SCHEMA_VIOLATION', 'bad');
    expect(nextStep(invalid, 1, 0, settings)).toEqual({ kind: 'dead-letter' });
  });
});
