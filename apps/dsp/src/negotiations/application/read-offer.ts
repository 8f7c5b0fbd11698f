import { AppError, type FieldError } from '@dx/contracts';
import { policyToTerms, type PolicyTerms } from '@dx/dataspace';
import { odrlProfileOf, type DspConfig } from '../../config/dsp.config';
import { uuidOfIri } from '../../protocol/domain/iri';

const idOf = (v: unknown): unknown =>
  typeof v === 'string' ? v : (v as { '@id'?: unknown } | undefined)?.['@id'];

/**
 * The offer a ContractRequestMessage names (initial or counter), read through the ODRL profile:
 * the dataset it targets and the platform terms it is, or 400 `DSP.OFFER_NOT_ACCEPTABLE` naming
 * every term that cannot be expressed, each with its path.
 */
export function readOffer(
  offer: Record<string, unknown>,
  config: DspConfig,
): { datasetId: string; terms: PolicyTerms } {
  const errors: FieldError[] = [];
  const id = uuidOfIri(idOf(offer.target));
  if (!id) errors.push({ path: 'offer.target', message: 'must name a dataset of our catalogue' });
  const assigner = idOf(offer.assigner);
  if (assigner !== undefined && assigner !== config.DSP_CLIENT_ID)
    errors.push({
      path: 'offer.assigner',
      message: `must be the platform's participant id, ${config.DSP_CLIENT_ID}`,
    });
  const read = policyToTerms(offer, odrlProfileOf(config));
  if (!read.ok)
    errors.push(
      ...read.errors.map((e) => ({
        path: `offer.${e.path}`.replace(/\.$/, ''),
        message: e.message,
      })),
    );
  if (errors.length || !read.ok)
    throw new AppError(
      'invalid',
      'DSP.OFFER_NOT_ACCEPTABLE',
      'the offer cannot be expressed in the platform’s terms',
      errors,
    );
  return { datasetId: id!, terms: read.terms };
}
