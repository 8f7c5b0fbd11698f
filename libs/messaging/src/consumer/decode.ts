import { AppError, checkEnvelope, type EventEnvelope } from '@dx/contracts';

export type Decoded = { ok: true; envelope: EventEnvelope } | { ok: false; error: AppError };

/**
 * A record's value as an event envelope checked against the contracts (type, version, the
 * payload's JSON Schema), or why it is not one. Never retried: the bytes will not change, so a
 * record that fails here goes to the dead-letter topic at once.
 */
export function decodeEnvelope(value: Buffer | null): Decoded {
  if (!value || value.length === 0)
    return { ok: false, error: new AppError('invalid', 'EVENT.EMPTY', 'record has no value') };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (err) {
    return {
      ok: false,
      error: new AppError(
        'invalid',
        'EVENT.NOT_JSON',
        `value is not JSON: ${(err as Error).message}`,
      ),
    };
  }
  const check = checkEnvelope(json);
  if (!check.ok) {
    const detail = check.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    return {
      ok: false,
      error: new AppError('invalid', 'EVENT.SCHEMA_VIOLATION', detail, check.errors),
    };
  }
  return { ok: true, envelope: check.envelope };
}
