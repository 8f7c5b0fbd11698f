import type { AgreementTermsV1 } from '@dx/contracts';
import {
  catalogueLanguages,
  DCAT_CONTEXT,
  dcatDataset,
  inLanguages,
  type DcatDatasetInput,
} from './dcat-ap';
import { termsToPolicy } from './odrl-profile';

/*
 * The DSP 2025-1 catalogue (docs/dataspace.md §1): a DCAT catalogue in the DSP context whose
 * datasets are the DCAT-AP descriptions of the catalog's export, each with the ODRL offers the
 * requesting participant gets and a distribution served by the gateway (HTTP pull). Datasets use
 * the DSP context's own terms (`Dataset`, `hasPolicy`, `distribution`), since its scoped contexts
 * are what give the ODRL terms their meaning; DCAT-AP's properties keep their prefixes.
 */

export const DSP_CONTEXT_URL = 'https://w3id.org/dspace/2025/1/context.jsonld';

/** The prefixes DCAT-AP uses that the DSP context does not define (it protects its own). */
const EXTRA_PREFIXES: Record<string, string> = Object.fromEntries(
  Object.entries(DCAT_CONTEXT).filter(([p]) => !['dcat', 'dct', 'odrl', 'xsd'].includes(p)),
);

const fullName = (name: string): string => {
  const colon = name.indexOf(':');
  const ns = colon > 0 ? EXTRA_PREFIXES[name.slice(0, colon)] : undefined;
  return ns ? `${ns}${name.slice(colon + 1)}` : name;
};

/**
 * Names of those vocabularies as full IRIs (property names and `@type` values): DSP's JSON Schemas
 * want the `@context` to be context URLs only, so the catalogue cannot bring its own prefixes, and
 * a connector need fetch no context beyond DSP's.
 */
function withFullIris(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withFullIris);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      fullName(key),
      key === '@type'
        ? Array.isArray(v)
          ? v.map((t) => (typeof t === 'string' ? fullName(t) : t))
          : typeof v === 'string'
            ? fullName(v)
            : v
        : withFullIris(v),
    ]),
  );
}

export interface CatalogueOffer {
  /** Stable for a day: the dataset, the purpose and the day the validity starts. */
  id: string;
  terms: Omit<AgreementTermsV1, 'reciprocalAgreementId'>;
}

export interface CatalogueDataset extends DcatDatasetInput {
  offers: CatalogueOffer[];
}

export interface CatalogueInput {
  /** The gateway's DSP address (`…/dsp/2025-1`). */
  protocolAddress: string;
  /** The platform's DSP participant id: the catalogue's and every offer's assigner. */
  participantId: string;
  /** The catalog's public API base: dataset IRIs are the catalog's own. */
  datasetBase: string;
  odrlProfile: string;
  datasets: CatalogueDataset[];
}

/** The data-space catalogue's title and description in Kazakh and Russian. */
const DSP_CATALOGUE_TEXT = {
  kk: {
    title: 'Қаланың деректер алмасуы: деректер кеңістігінің каталогы',
    description:
      'Қала департаменттері мен компаниялар деректер алмасу келісімдері бойынша бөлісетін деректер жиынтықтары, сұраушы қатысушыға берілетін ұсыныстарымен.',
  },
  ru: {
    title: 'Городской обмен данными: каталог пространства данных',
    description:
      'Наборы данных, которыми городские департаменты и компании обмениваются по соглашениям об обмене данными, с предложениями для запрашивающего участника.',
  },
};

/**
 * A dataset's id in the data space: a URN, so that it travels in a DSP path
 * (`/catalog/datasets/{id}`) as it is, which a URL would not.
 */
export const dspDatasetId = (datasetId: string): string => `urn:uuid:${datasetId}`;

/**
 * The one data service every dataset is served through, as DSP's JSON Schemas want it:
 * `endpointURL` a string. Under the DSP context that string is a literal, where DCAT-AP 3 wants an
 * IRI: the one point where the two specifications disagree, and DSP's wire format wins here
 * (connectors parse it; docs/dataspace.md §5).
 */
const dataService = (protocolAddress: string) => ({
  '@id': `${protocolAddress}#data-service`,
  '@type': 'DataService',
  endpointURL: protocolAddress,
});

/**
 * A dataset as DSP writes it: its DCAT-AP description, the offers and the one distribution DSP
 * serves (HTTP pull through the gateway); the REST distribution stays in the catalog's export,
 * since a DSP distribution must name the data service and format a connector uses.
 */
export function dspDataset(
  input: Omit<CatalogueInput, 'datasets'>,
  d: CatalogueDataset,
): Record<string, unknown> {
  const dcat = withFullIris(dcatDataset(input.datasetBase, d)) as Record<string, unknown>;
  const target = dspDatasetId(d.id);
  const { '@id': page, '@type': _type, 'dcat:distribution': _rest, ...described } = dcat;
  return {
    ...described,
    '@id': target,
    '@type': 'Dataset',
    // The catalog's own page of the dataset, where its REST distribution is described.
    'dcat:landingPage': { '@id': page, '@type': `${DCAT_CONTEXT.foaf}Document` },
    hasPolicy: d.offers.map((o) =>
      termsToPolicy(o.terms, input.odrlProfile, {
        '@id': o.id,
        '@type': 'Offer',
        assigner: input.participantId,
      }),
    ),
    distribution: [
      {
        '@id': `${target}#dsp-pull`,
        '@type': 'Distribution',
        format: 'HttpData-PULL',
        accessService: dataService(input.protocolAddress),
        'dcat:accessURL': { '@id': input.protocolAddress },
        'dct:license': dcat['dct:license'],
      },
    ],
  };
}

export function dspCatalogue(input: CatalogueInput): Record<string, unknown> {
  return {
    '@context': [DSP_CONTEXT_URL],
    '@id': `${input.protocolAddress}/catalog`,
    '@type': 'Catalog',
    participantId: input.participantId,
    'dct:title': inLanguages(
      'City data exchange: data-space catalogue',
      DSP_CATALOGUE_TEXT,
      (t) => t.title,
    ),
    'dct:description': inLanguages(
      'Datasets that municipal departments and companies share under data-sharing agreements, with the offers the requesting participant gets.',
      DSP_CATALOGUE_TEXT,
      (t) => t.description,
    ),
    'dct:language': catalogueLanguages(),
    'dct:publisher': withFullIris({
      '@id': `${input.protocolAddress}#operator`,
      '@type': 'foaf:Agent',
      'foaf:name': 'Data exchange platform operator',
    }),
    service: [
      {
        ...dataService(input.protocolAddress),
        'dct:title': { '@value': 'Dataspace Protocol 2025-1 endpoint', '@language': 'en' },
      },
    ],
    dataset: input.datasets.map((d) => dspDataset(input, d)),
  };
}
