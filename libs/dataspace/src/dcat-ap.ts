import { accrualPeriodicityUri, DATA_THEMES, dataThemeUri, type DataTheme } from './vocabularies';

/*
 * DCAT-AP 3.0 as JSON-LD. The context is inline (no remote fetch for harvesters or us); controlled
 * vocabularies are the EU Publications Office authority tables DCAT-AP names: data-theme,
 * frequency, file-type, licence, and ADMS publisher types.
 */
export const DCAT_CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  locn: 'http://www.w3.org/ns/locn#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  adms: 'http://www.w3.org/ns/adms#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  gsp: 'http://www.opengis.net/ont/geosparql#',
} as const;

/** Our participant kinds mapped to the ADMS publisher-type vocabulary, with its labels. */
const PUBLISHER_TYPE: Record<string, { uri: string; label: string }> = {
  municipality: {
    uri: 'http://purl.org/adms/publishertype/LocalAuthority',
    label: 'Local Authority',
  },
  business: { uri: 'http://purl.org/adms/publishertype/Company', label: 'Company' },
  ngo: {
    uri: 'http://purl.org/adms/publishertype/NonProfitOrganisation',
    label: 'Non-Profit Organisation',
  },
};

/** A title, description and keywords in one more language (the dataset's own are English). */
export interface MetadataTranslation {
  title: string;
  description: string;
  keywords?: string[];
}

export interface DcatDatasetInput {
  id: string;
  title: string;
  description: string;
  themes: string[];
  keywords: string[];
  /** By BCP 47 tag (`kk`, `ru`): written as more literals of the same properties. */
  translations?: Record<string, MetadataTranslation | undefined>;
  licenceUri: string;
  updateFrequency: string;
  spatialCoverage: { name: string; uri?: string; bbox?: number[] };
  temporalCoverage: { start: string; end?: string };
  contactPoint: { name: string; email: string };
  status: string;
  publishedAt: Date | null;
  updatedAt: Date;
  latestSchemaVersion: number;
  provider: { id: string; name: string; kind: string };
}

/*
 * DCAT-AP 3 checks the class of every referenced node (its SHACL ranges), so each node says what it
 * is, vocabulary terms included: a harvester then needs no second lookup to know that a theme is a
 * skos:Concept. The shapes are tested in dcat-ap.spec.ts and dcat.int.spec.ts.
 */
const concept = (uri: string, label: string) => ({
  '@id': uri,
  '@type': 'skos:Concept',
  'skos:prefLabel': en(label),
});
const EU_AUTHORITY = 'http://publications.europa.eu/resource/authority';
/** Records are served only under an agreement: restricted, in the EU access-right vocabulary. */
const ACCESS_RIGHTS = `${EU_AUTHORITY}/access-right/RESTRICTED`;
/**
 * The catalogue's metadata languages, EU language authority codes: English always, Kazakh and
 * Russian where providers give them (and in the catalogue's own title and description).
 */
const CATALOGUE_LANGUAGES = ['ENG', 'KAZ', 'RUS'].map((c) => `${EU_AUTHORITY}/language/${c}`);

type LangString = { '@value': string; '@language': string };
const tagged = (language: string) => (value: string) => ({
  '@value': value,
  '@language': language,
});
/** Metadata is written in English; the tag lets a harvester tell it from translations. */
const en = tagged('en');

/**
 * One property in every language the metadata has it: the English literal first, then one per
 * translation (DCAT-AP repeats a property for parallel language versions).
 */
export function inLanguages(
  english: string,
  translations: DcatDatasetInput['translations'],
  pick: (t: MetadataTranslation) => string | undefined,
): LangString | LangString[] {
  const more = Object.entries(translations ?? {}).flatMap(([lang, t]) => {
    const v = t && pick(t);
    return v ? [tagged(lang)(v)] : [];
  });
  return more.length ? [en(english), ...more] : en(english);
}

/**
 * A bounding box as a WKT polygon (the `gsp:wktLiteral` DCAT-AP uses for `dcat:bbox`), corners
 * counter-clockwise and closed, longitude before latitude as in WKT.
 */
function bboxWkt([minLon, minLat, maxLon, maxLat]: number[]): string {
  return `POLYGON((${minLon} ${minLat},${maxLon} ${minLat},${maxLon} ${maxLat},${minLon} ${maxLat},${minLon} ${minLat}))`;
}

/**
 * One dataset as a `dcat:Dataset`: public metadata only. It `conformsTo` its latest schema version
 * (a resolvable URI of ours), and its one distribution describes records served only under an
 * agreement, reached from the dataset's own page (the access URL), never a download.
 */
export function dcatDataset(base: string, d: DcatDatasetInput): Record<string, unknown> {
  const self = `${base}/datasets/${d.id}`;
  const conformsTo = {
    '@id': `${self}/schema-versions/${d.latestSchemaVersion}`,
    '@type': 'dct:Standard',
  };
  const licence = { '@id': d.licenceUri, '@type': 'dct:LicenseDocument' };
  return {
    '@id': self,
    '@type': 'dcat:Dataset',
    'dct:identifier': d.id,
    'dct:title': inLanguages(d.title, d.translations, (t) => t.title),
    'dct:description': inLanguages(d.description, d.translations, (t) => t.description),
    'dct:publisher': {
      '@id': `${base}/participants/${d.provider.id}`,
      '@type': 'foaf:Agent',
      'foaf:name': d.provider.name,
      'dct:type': concept(
        PUBLISHER_TYPE[d.provider.kind].uri,
        PUBLISHER_TYPE[d.provider.kind].label,
      ),
    },
    'dct:license': licence,
    'dct:accessRights': {
      '@id': ACCESS_RIGHTS,
      '@type': 'dct:RightsStatement',
    },
    'dcat:theme': d.themes.map((t) => concept(dataThemeUri(t), DATA_THEMES[t as DataTheme] ?? t)),
    'dcat:keyword': [
      ...d.keywords.map(en),
      ...Object.entries(d.translations ?? {}).flatMap(([lang, t]) =>
        (t?.keywords ?? []).map(tagged(lang)),
      ),
    ],
    'dct:accrualPeriodicity': {
      '@id': accrualPeriodicityUri(d.updateFrequency),
      '@type': 'dct:Frequency',
    },
    'dct:spatial': {
      '@type': 'dct:Location',
      ...(d.spatialCoverage.uri ? { '@id': d.spatialCoverage.uri } : {}),
      'skos:prefLabel': en(d.spatialCoverage.name),
      ...(d.spatialCoverage.bbox
        ? { 'dcat:bbox': { '@value': bboxWkt(d.spatialCoverage.bbox), '@type': 'gsp:wktLiteral' } }
        : {}),
    },
    'dct:temporal': {
      '@type': 'dct:PeriodOfTime',
      'dcat:startDate': { '@value': d.temporalCoverage.start, '@type': 'xsd:date' },
      ...(d.temporalCoverage.end
        ? { 'dcat:endDate': { '@value': d.temporalCoverage.end, '@type': 'xsd:date' } }
        : {}),
    },
    'dcat:contactPoint': {
      // vcard:Kind is the range DCAT-AP checks; vcard:Organization says which kind.
      '@type': ['vcard:Kind', 'vcard:Organization'],
      'vcard:fn': d.contactPoint.name,
      'vcard:hasEmail': { '@id': `mailto:${d.contactPoint.email}` },
    },
    ...(d.publishedAt
      ? { 'dct:issued': { '@value': d.publishedAt.toISOString(), '@type': 'xsd:dateTime' } }
      : {}),
    'dct:modified': { '@value': d.updatedAt.toISOString(), '@type': 'xsd:dateTime' },
    ...(d.status === 'deprecated'
      ? {
          'adms:status': {
            '@id': 'http://publications.europa.eu/resource/authority/dataset-status/DEPRECATED',
          },
        }
      : {}),
    'dct:conformsTo': conformsTo,
    'dcat:distribution': [
      {
        '@id': `${self}#records`,
        '@type': 'dcat:Distribution',
        'dct:title': en('Records under a data-sharing agreement (REST, JSON)'),
        'dcat:accessURL': { '@id': self },
        'dct:format': {
          '@id': `${EU_AUTHORITY}/file-type/JSON`,
          '@type': 'dct:MediaTypeOrExtent',
        },
        'dcat:mediaType': {
          '@id': 'https://www.iana.org/assignments/media-types/application/json',
          '@type': 'dct:MediaType',
        },
        'dct:license': licence,
        'dct:conformsTo': conformsTo,
      },
    ],
  };
}

/** The catalogue's languages as DCAT-AP nodes (`dct:language` of a catalogue). */
export const catalogueLanguages = (): Array<{ '@id': string; '@type': string }> =>
  CATALOGUE_LANGUAGES.map((uri) => ({ '@id': uri, '@type': 'dct:LinguisticSystem' }));

/** The catalogue's own title and description in Kazakh and Russian. */
const CATALOGUE_TEXT: Record<string, MetadataTranslation> = {
  kk: {
    title: 'Қаланың деректер алмасу каталогы',
    description:
      'Қала департаменттері мен компаниялар деректер алмасу келісімдері бойынша бір-бірімен бөлісетін деректер жиынтықтары. Тек ашық метадеректер; жазбалар келісім бойынша беріледі.',
  },
  ru: {
    title: 'Каталог городского обмена данными',
    description:
      'Наборы данных, которыми городские департаменты и компании обмениваются по соглашениям об обмене данными. Только открытые метаданные; записи выдаются по соглашениям.',
  },
};

/**
 * The catalog page by page: a Hydra partial view links the next page, so a harvester walks the
 * whole catalog without the service building it in one answer.
 */
export function dcatCatalog(
  base: string,
  apiBase: string,
  datasets: Array<Record<string, unknown>>,
  next: string | null,
): Record<string, unknown> {
  const self = `${apiBase}/dcat/catalog`;
  return {
    '@context': DCAT_CONTEXT,
    '@id': self,
    '@type': 'dcat:Catalog',
    'dct:title': inLanguages('City data exchange catalogue', CATALOGUE_TEXT, (t) => t.title),
    'dct:description': inLanguages(
      'Datasets that municipal departments and companies share with each other under data-sharing agreements. Public metadata only; records are served under agreements.',
      CATALOGUE_TEXT,
      (t) => t.description,
    ),
    'dct:publisher': {
      '@id': `${base}/#operator`,
      '@type': 'foaf:Agent',
      'foaf:name': 'Data exchange platform operator',
    },
    'foaf:homepage': { '@id': `${base}/docs`, '@type': 'foaf:Document' },
    'dct:language': catalogueLanguages(),
    'dcat:dataset': datasets,
    ...(next
      ? {
          'hydra:view': {
            '@id': self,
            '@type': 'hydra:PartialCollectionView',
            'hydra:next': { '@id': next },
          },
        }
      : {}),
  };
}
