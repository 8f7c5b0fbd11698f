import { Duration } from 'luxon';
import { AppError, type AgreementTermsV1, type FieldError } from '@dx/contracts';
import type { DatasetSchemaFacts } from '../../datasets/domain/dataset-schema-facts';

export type Terms = AgreementTermsV1;

const positive = (iso: string | undefined): boolean => {
  if (iso === undefined) return true;
  const d = Duration.fromISO(iso);
  return d.isValid && d.toMillis() > 0;
};

/**
 * Checks proposed terms against each other and against the dataset's schema in force. The primary
 * key is always part of the allowed fields (records cannot be told apart without it), so it is
 * added rather than refused. Throws 422 naming every offending field.
 */
export function normaliseTerms(terms: Terms, schema: DatasetSchemaFacts, prefix = ''): Terms {
  const errors: FieldError[] = [];
  const known = new Set(schema.properties);
  terms.fields.forEach((f, i) => {
    if (!known.has(f))
      errors.push({
        path: `${prefix}fields[${i}]`,
        message: `'${f}' is not a field of the dataset's current schema`,
      });
  });
  if (new Date(terms.validTo).getTime() <= new Date(terms.validFrom).getTime())
    errors.push({ path: `${prefix}validTo`, message: 'must be after validFrom' });
  for (const key of ['deliveryFrequency', 'gracePeriod', 'freshness'] as const) {
    if (!positive(terms[key]))
      errors.push({ path: `${prefix}${key}`, message: 'must be a positive ISO-8601 duration' });
  }
  if (errors.length)
    throw new AppError(
      'unprocessable',
      'AGREEMENT.INVALID_TERMS',
      'the proposed terms are not acceptable',
      errors,
    );
  const fields = [...new Set([...schema.primaryKey, ...terms.fields])];
  return { ...terms, fields };
}
