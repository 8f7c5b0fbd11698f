import { AppError } from '@dx/contracts';
import type { StagedRecord } from '../../records/domain/record-store';
import { toStagedRecord, type RecordRules } from '../domain/staged-record';
import type { ParsedRecord } from './record-parsers';

export interface StageCounts {
  received: number;
  valid: number;
  quarantined: number;
}

export interface StagingLimits {
  maxRecords: number;
  /** Called after each record is read (the fault-injection point of the atomicity test). */
  afterRecord?: (received: number) => void;
}

/**
 * A delivery's records as the store stages them, one at a time, counted as they pass: the store
 * pulls (its back-pressure paces the parser), so memory stays flat whatever the delivery's size.
 * Every record is staged, valid or not: repeated keys are counted by the store and quarantine rows
 * taken from the stage at the end. Past the record limit the stream fails (and with it the
 * delivery's transaction).
 */
export function stagedRecords(
  /**
   * Opens the parser when the store starts pulling: a body piped any earlier could flow, and fail
   * (bad UTF-8, a size limit), before anyone listens for its errors.
   */
  open: () => AsyncIterable<ParsedRecord>,
  rules: RecordRules,
  limits: StagingLimits,
): { records: AsyncIterable<StagedRecord>; counts: StageCounts } {
  const counts: StageCounts = { received: 0, valid: 0, quarantined: 0 };
  async function* staged(): AsyncGenerator<StagedRecord> {
    for await (const { line, value } of open()) {
      counts.received += 1;
      if (counts.received > limits.maxRecords)
        throw new AppError(
          'too_large',
          'DELIVERY.TOO_MANY_RECORDS',
          `a delivery holds at most ${limits.maxRecords} records`,
        );
      const record = toStagedRecord(line, value, rules);
      if (record.errors) counts.quarantined += 1;
      else counts.valid += 1;
      limits.afterRecord?.(counts.received);
      yield record;
    }
  }
  return { records: staged(), counts };
}
