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
const EXTRA_PREFIXES = Object.fromEntries(
  Object.entries(DCAT_CONTEXT).filter(([p]) => !['dcat', 'dct', 'odrl', 'xsd'].includes(p)),
);

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

/** The one data service every dataset is served through. */
const serviceId = (protocolAddress: string): string => `${protocolAddress}#data-service`;

/** A dataset as DSP writes it: its DCAT-AP description, the offers and the DSP distribution. */
export function dspDataset(
  input: Omit<CatalogueInput, 'datasets'>,
  d: CatalogueDataset,
): Record<string, unknown> {
  const dcat = dcatDataset(input.datasetBase, d);
  const target = dcat['@id'] as string;
  const { '@type': _type, 'dcat:distribution': restDistributions, ...described } = dcat;
  return {
    ...described,
    '@type': 'Dataset',
    hasPolicy: d.offers.map((o) =>
      termsToPolicy(o.terms, input.odrlProfile, {
        '@id': o.id,
        '@type': 'Offer',
        assigner: input.participantId,
      }),
    ),
    distribution: [
      ...(restDistributions as object[]),
      {
        '@id': `${target}#dsp-pull`,
        '@type': 'Distribution',
        format: 'HttpData-PULL',
        accessService: { '@id': serviceId(input.protocolAddress) },
        'dcat:accessURL': { '@id': input.protocolAddress },
        'dct:license': dcat['dct:license'],
      },
    ],
  };
}

export function dspCatalogue(input: CatalogueInput): Record<string, unknown> {
  return {
    '@context': [DSP_CONTEXT_URL, EXTRA_PREFIXES],
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
    'dct:publisher': {
      '@id': `${input.protocolAddress}#operator`,
      '@type': 'foaf:Agent',
      'foaf:name': 'Data exchange platform operator',
    },
    service: [
      {
        '@id': serviceId(input.protocolAddress),
        '@type': 'DataService',
        'dct:title': { '@value': 'Dataspace Protocol 2025-1 endpoint', '@language': 'en' },
        // An IRI node (DCAT-AP's range), which DSP's compact term would make a plain string.
        endpointURL: {
          '@id': input.protocolAddress,
          '@type': 'http://www.w3.org/2000/01/rdf-schema#Resource',
        },
      },
    ],
    dataset: input.datasets.map((d) => dspDataset(input, d)),
  };
}
