/*
 * Our resources' IRIs end in their UUID (`…/v1/datasets/<uuid>`, `urn:uuid:<uuid>`); peers echo
 * them back in whichever of those forms they hold, and a bare UUID is taken too.
 */
const TRAILING_UUID = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The UUID an IRI of ours ends in, lower-cased, or null when it names nothing of ours. */
export const uuidOfIri = (iri: unknown): string | null =>
  typeof iri === 'string' ? (TRAILING_UUID.exec(iri)?.[1]?.toLowerCase() ?? null) : null;
