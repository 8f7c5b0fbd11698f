/**
 * The Almaty demo: a synthetic, clearly labelled ecosystem modelled on the seed study (a city and
 * its businesses sharing data for 27 months). Every name, number and identifier is invented.
 *
 * This file is the scenario as data: who takes part, what they publish, what they negotiate, when
 * they deliver (and when they are late, miss, or break their word). `planAlmaty` turns it into a
 * time-ordered list of actions for a window of `months` ending at `end`, plus the figures the
 * platform should report afterwards — derived from the plan, never from the platform.
 */
import { DateTime, Duration } from 'luxon';
import { seededRandom } from './seeded-random';

export const DISTRICTS = [
  'Alatau',
  'Almaly',
  'Auezov',
  'Bostandyk',
  'Medeu',
  'Nauryzbay',
  'Turksib',
  'Zhetysu',
] as const;

export type PartyKey =
  'digital' | 'transport' | 'entrepreneurship' | 'telecom' | 'taxi' | 'bank' | 'dala' | 'tau';

export interface Party {
  key: PartyKey;
  name: string;
  kind: 'municipality' | 'business';
  legalId: string;
  sector: string;
  contactEmail: string;
  /** Adopts every platform standard at the start (raises its trust prior). */
  adoptsStandards: boolean;
}

export const PARTIES: readonly Party[] = [
  {
    key: 'digital',
    name: 'Almaty Department of Digitalization (synthetic)',
    kind: 'municipality',
    legalId: '990240001237',
    sector: 'public administration',
    contactEmail: 'data@digital.almaty.example',
    adoptsStandards: true,
  },
  {
    key: 'transport',
    name: 'Almaty Department of Transport (synthetic)',
    kind: 'municipality',
    legalId: '990340007418',
    sector: 'public transport',
    contactEmail: 'data@transport.almaty.example',
    adoptsStandards: true,
  },
  {
    key: 'entrepreneurship',
    name: 'Almaty Department of Entrepreneurship (synthetic)',
    kind: 'municipality',
    legalId: '990440008529',
    sector: 'economic development',
    contactEmail: 'data@business.almaty.example',
    adoptsStandards: false,
  },
  {
    key: 'telecom',
    name: 'Steppe Mobile telecom (synthetic)',
    kind: 'business',
    legalId: '991140004568',
    sector: 'telecommunications',
    contactEmail: 'data-office@steppe-mobile.example',
    adoptsStandards: true,
  },
  {
    key: 'taxi',
    name: 'Alatau Ride taxi aggregator (synthetic)',
    kind: 'business',
    legalId: '120340007894',
    sector: 'ride hailing',
    contactEmail: 'api@alatau-ride.example',
    adoptsStandards: false,
  },
  {
    key: 'bank',
    name: 'Kazyna Bank (synthetic)',
    kind: 'business',
    legalId: '150840003210',
    sector: 'banking',
    contactEmail: 'open-data@kazyna-bank.example',
    adoptsStandards: true,
  },
  {
    key: 'dala',
    name: 'Dala Market retail chain (synthetic)',
    kind: 'business',
    legalId: '051240006542',
    sector: 'retail',
    contactEmail: 'analytics@dala-market.example',
    adoptsStandards: false,
  },
  {
    key: 'tau',
    name: 'Tau Grocery (synthetic)',
    kind: 'business',
    legalId: '030240009878',
    sector: 'retail',
    contactEmail: 'it@tau-grocery.example',
    adoptsStandards: false,
  },
];

export type DatasetKey =
  'presence' | 'trips' | 'spending' | 'merchants' | 'footfall' | 'prices' | 'outlets' | 'roadworks';

type Row = Record<string, unknown>;

export interface DatasetSpec {
  key: DatasetKey;
  provider: PartyKey;
  /** POST /datasets body (without provider: the caller is the provider). */
  body: Record<string, unknown>;
  /**
   * The rows of the k-th delivery (k ≥ 1) covering the period that ends at `periodEnd`; `changed`
   * once the provider has shipped its breaking schema change.
   */
  rows(k: number, periodEnd: DateTime, changed: boolean): Row[];
  /**
   * PUT /datasets/{id}/standard-terms body: what anyone may request as it is, which is what the
   * data-space catalogue offers to connectors (docs/dataspace.md §2).
   */
  standardTerms?: Record<string, unknown>;
}

/** Standard terms as a city or company would publish them; the fields differ per dataset. */
const standardTerms = (legalBasis: string, fields: string[], deliveryFrequency: string) => ({
  legalBasis,
  fields,
  deliveryFrequency,
  gracePeriod: 'P1D',
  validity: 'P1Y',
  retentionDays: 365,
  onwardSharingProhibited: true,
  terminationNoticeDays: 30,
  changeNoticeDays: 14,
});

const RESIDENTS: Record<string, number> = {
  Alatau: 320_000,
  Almaly: 210_000,
  Auezov: 300_000,
  Bostandyk: 340_000,
  Medeu: 215_000,
  Nauryzbay: 130_000,
  Turksib: 245_000,
  Zhetysu: 165_000,
};

const iso = (d: DateTime): string => d.toUTC().toISO({ suppressMilliseconds: true })!;

const common = {
  licence: 'agreement-only',
  spatialCoverage: { name: 'Almaty' },
  temporalCoverage: { start: '2024-01-01' },
};

/** Taxi trips rows; once `changed`, the fare column is renamed (the unannounced breaking change). */
function tripRows(k: number, end: DateTime, changed: boolean): Row[] {
  const r = seededRandom(2000 + k);
  const week = iso(end.minus({ days: 7 }).startOf('day'));
  return DISTRICTS.map((district, i) => {
    const trips = Math.round(4000 + 3000 * r() + (RESIDENTS[district] / 100) * 0.4);
    // Every third delivery carries two broken rows (negative counts): quarantined, not applied.
    const broken = k % 3 === 0 && i < 2;
    const base: Row = {
      district,
      week,
      trips: broken ? -trips : trips,
      avgWaitMinutes: Math.round((3 + 6 * r()) * 10) / 10,
    };
    if (changed) base.fareKztMedian = Math.round(1200 + 900 * r());
    else base.avgFareKzt = Math.round(1300 + 900 * r());
    return base;
  });
}

/** The taxi aggregator's second schema: `avgFareKzt` removed (breaking), `fareKztMedian` added. */
export const TRIPS_V2 = {
  primaryKey: ['district', 'week'],
  timeField: 'week',
  schema: {
    type: 'object',
    required: ['district', 'week', 'trips'],
    properties: {
      district: { type: 'string', enum: [...DISTRICTS] },
      week: { type: 'string', format: 'date-time' },
      trips: { type: 'integer', minimum: 0 },
      avgWaitMinutes: { type: 'number', minimum: 0 },
      fareKztMedian: { type: 'integer', minimum: 0 },
    },
  },
};

export const DATASETS: readonly DatasetSpec[] = [
  {
    key: 'presence',
    provider: 'telecom',
    body: {
      ...common,
      title: 'Population presence by district and day (synthetic)',
      description:
        'People present in each district per day from anonymised network events: residents (night-time presence) and visitors.',
      translations: {
        kk: {
          title: 'Аудандар бойынша күнделікті халықтың болуы (синтетикалық)',
          description:
            'Желі оқиғалары бойынша әр аудандағы күнделікті адамдар саны: тұрғындар (түнгі болу) және келушілер.',
        },
        ru: {
          title: 'Присутствие населения по районам за день (синтетические)',
          description:
            'Число людей в каждом районе за день по обезличенным событиям сети: жители (ночное присутствие) и приезжие.',
        },
      },
      themes: ['SOCI', 'REGI'],
      keywords: ['population', 'mobility', 'district'],
      sensitivity: 'personal-aggregated',
      updateFrequency: 'P7D',
      legalBasis: 'Data-sharing agreement; aggregated with k-anonymity ≥ 50',
      contactPoint: { name: 'Data office', email: 'data-office@steppe-mobile.example' },
      recordSchema: {
        primaryKey: ['district', 'day'],
        timeField: 'day',
        schema: {
          type: 'object',
          required: ['district', 'day', 'residents', 'visitors'],
          properties: {
            district: { type: 'string', enum: [...DISTRICTS] },
            day: { type: 'string', format: 'date-time' },
            residents: { type: 'integer', minimum: 0 },
            visitors: { type: 'integer', minimum: 0 },
            peakHour: { type: 'integer', minimum: 0, maximum: 23 },
          },
        },
      },
    },
    standardTerms: standardTerms(
      'Data-sharing agreement; aggregated with k-anonymity ≥ 50',
      ['residents', 'visitors'],
      'P7D',
    ),
    rows: (k: number, end: DateTime): Row[] => {
      const r = seededRandom(1000 + k);
      const rows: Row[] = [];
      for (let d = 7; d >= 1; d--) {
        const day = iso(end.minus({ days: d }).startOf('day'));
        for (const district of DISTRICTS)
          rows.push({
            district,
            day,
            residents: Math.round(RESIDENTS[district] * (0.97 + 0.06 * r())),
            visitors: Math.round(RESIDENTS[district] * (0.15 + 0.25 * r())),
            peakHour: 12 + Math.floor(7 * r()),
          });
      }
      return rows;
    },
  },
  {
    key: 'trips',
    provider: 'taxi',
    body: {
      ...common,
      title: 'Taxi trips and waiting times by district and week (synthetic)',
      description: 'Completed ride-hailing trips that start in each district, with waiting times.',
      translations: {
        kk: {
          title: 'Аудандар мен апталар бойынша такси сапарлары және күту уақыты (синтетикалық)',
          description: 'Әр аудандан басталатын аяқталған такси сапарлары, күту уақытымен.',
        },
        ru: {
          title: 'Поездки такси и время ожидания по районам и неделям (синтетические)',
          description:
            'Завершённые поездки такси, начинающиеся в каждом районе, со временем ожидания.',
        },
      },
      themes: ['TRAN'],
      keywords: ['taxi', 'mobility', 'waiting time'],
      sensitivity: 'internal',
      updateFrequency: 'P7D',
      legalBasis: 'Data-sharing agreement',
      contactPoint: { name: 'API team', email: 'api@alatau-ride.example' },
      recordSchema: {
        primaryKey: ['district', 'week'],
        timeField: 'week',
        schema: {
          type: 'object',
          required: ['district', 'week', 'trips'],
          properties: {
            district: { type: 'string', enum: [...DISTRICTS] },
            week: { type: 'string', format: 'date-time' },
            trips: { type: 'integer', minimum: 0 },
            avgWaitMinutes: { type: 'number', minimum: 0 },
            avgFareKzt: { type: 'number', minimum: 0 },
          },
        },
      },
    },
    rows: tripRows,
  },
  {
    key: 'spending',
    provider: 'bank',
    body: {
      ...common,
      title: 'Card spending by district and category, monthly (synthetic)',
      description: 'Card payments at merchants in each district, by spending category.',
      translations: {
        kk: {
          title: 'Аудандар мен санаттар бойынша карта шығындары, ай сайын (синтетикалық)',
          description: 'Әр аудандағы саудагерлердегі карта төлемдері, шығын санаты бойынша.',
        },
        ru: {
          title: 'Расходы по картам по районам и категориям, помесячно (синтетические)',
          description: 'Платежи картами у продавцов в каждом районе по категориям расходов.',
        },
      },
      themes: ['ECON'],
      keywords: ['spending', 'payments', 'economy'],
      sensitivity: 'personal-aggregated',
      updateFrequency: 'P1M',
      legalBasis: 'Data-sharing agreement; cells under 20 cardholders suppressed',
      contactPoint: { name: 'Open data desk', email: 'open-data@kazyna-bank.example' },
      recordSchema: {
        primaryKey: ['district', 'month', 'category'],
        timeField: 'month',
        schema: {
          type: 'object',
          required: ['district', 'month', 'category', 'transactions', 'amountKzt'],
          properties: {
            district: { type: 'string', enum: [...DISTRICTS] },
            month: { type: 'string', format: 'date-time' },
            category: {
              type: 'string',
              enum: ['groceries', 'restaurants', 'transport', 'health', 'other'],
            },
            transactions: { type: 'integer', minimum: 0 },
            amountKzt: { type: 'number', minimum: 0 },
          },
        },
      },
    },
    rows: (k: number, end: DateTime): Row[] => {
      const r = seededRandom(3000 + k);
      const month = iso(end.minus({ months: 1 }).startOf('month'));
      return DISTRICTS.flatMap((district) =>
        ['groceries', 'restaurants', 'transport', 'health', 'other'].map((category) => {
          const transactions = Math.round((RESIDENTS[district] / 10) * (0.5 + r()));
          return {
            district,
            month,
            category,
            transactions,
            amountKzt: transactions * Math.round(2500 + 4000 * r()),
          };
        }),
      );
    },
  },
  {
    key: 'merchants',
    provider: 'bank',
    body: {
      ...common,
      title: 'Small-business merchant turnover, monthly (synthetic, pseudonymised)',
      description:
        'Card turnover of consenting small merchants, pseudonymised; for the city’s small-business support programmes.',
      translations: {
        kk: {
          title: 'Шағын бизнес саудагерлерінің айналымы, ай сайын (синтетикалық, бүркеншік атпен)',
          description:
            'Келісім берген шағын саудагерлердің карта айналымы, бүркеншік атпен; қаланың шағын бизнесті қолдау бағдарламалары үшін.',
        },
        ru: {
          title: 'Оборот малого бизнеса, помесячно (синтетические, псевдонимизированные)',
          description:
            'Оборот по картам согласившихся малых продавцов, псевдонимизированный; для городских программ поддержки малого бизнеса.',
        },
      },
      themes: ['ECON'],
      keywords: ['SME', 'merchants', 'turnover'],
      sensitivity: 'personal',
      updateFrequency: 'P1M',
      legalBasis: 'Merchants’ consent for economic analysis by the city',
      contactPoint: { name: 'Open data desk', email: 'open-data@kazyna-bank.example' },
      recordSchema: {
        primaryKey: ['merchantId', 'month'],
        subjectField: 'merchantId',
        timeField: 'month',
        schema: {
          type: 'object',
          required: ['merchantId', 'district', 'month', 'turnoverKzt'],
          properties: {
            merchantId: { type: 'string' },
            district: { type: 'string', enum: [...DISTRICTS] },
            month: { type: 'string', format: 'date-time' },
            turnoverKzt: { type: 'number', minimum: 0 },
          },
        },
      },
    },
    rows: (k: number, end: DateTime): Row[] => {
      const r = seededRandom(4000 + k);
      const month = iso(end.minus({ months: 1 }).startOf('month'));
      return Array.from({ length: 24 }, (_, i) => ({
        merchantId: `M-${String(i + 1).padStart(4, '0')}`,
        district: DISTRICTS[i % DISTRICTS.length],
        month,
        turnoverKzt: Math.round(2_000_000 + 9_000_000 * r()),
      }));
    },
  },
  {
    key: 'footfall',
    provider: 'dala',
    body: {
      ...common,
      title: 'Store footfall by month (synthetic)',
      description: 'Visitors counted at the entrances of each store.',
      translations: {
        kk: {
          title: 'Дүкендерге келушілер саны, ай сайын (синтетикалық)',
          description: 'Әр дүкеннің кіреберісінде саналған келушілер.',
        },
        ru: {
          title: 'Посещаемость магазинов по месяцам (синтетические)',
          description: 'Посетители, подсчитанные у входов каждого магазина.',
        },
      },
      themes: ['ECON'],
      keywords: ['retail', 'footfall'],
      sensitivity: 'internal',
      updateFrequency: 'P1M',
      legalBasis: 'Data-sharing agreement',
      contactPoint: { name: 'Analytics', email: 'analytics@dala-market.example' },
      recordSchema: {
        primaryKey: ['storeId', 'month'],
        timeField: 'month',
        schema: {
          type: 'object',
          required: ['storeId', 'district', 'month', 'visitors'],
          properties: {
            storeId: { type: 'string' },
            district: { type: 'string', enum: [...DISTRICTS] },
            month: { type: 'string', format: 'date-time' },
            visitors: { type: 'integer', minimum: 0 },
          },
        },
      },
    },
    rows: (k: number, end: DateTime): Row[] => {
      const r = seededRandom(5000 + k);
      const month = iso(end.minus({ months: 1 }).startOf('month'));
      return Array.from({ length: 12 }, (_, i) => ({
        storeId: `DALA-${String(i + 1).padStart(2, '0')}`,
        district: DISTRICTS[(i * 3) % DISTRICTS.length],
        month,
        visitors: Math.round(40_000 + 60_000 * r()),
      }));
    },
  },
  {
    key: 'prices',
    provider: 'tau',
    body: {
      ...common,
      title: 'Shelf prices of staple foods, monthly (synthetic)',
      description: 'Average shelf price of socially significant foods per store.',
      translations: {
        kk: {
          title: 'Негізгі азық-түлік бағасы, ай сайын (синтетикалық)',
          description: 'Әлеуметтік маңызы бар азық-түліктің әр дүкендегі орташа бағасы.',
        },
        ru: {
          title: 'Цены на основные продукты питания, помесячно (синтетические)',
          description: 'Средняя цена социально значимых продуктов в каждом магазине.',
        },
      },
      themes: ['ECON', 'AGRI'],
      keywords: ['prices', 'food', 'inflation'],
      sensitivity: 'public',
      updateFrequency: 'P1M',
      legalBasis: 'Data-sharing agreement',
      contactPoint: { name: 'IT', email: 'it@tau-grocery.example' },
      recordSchema: {
        primaryKey: ['storeId', 'month', 'product'],
        timeField: 'month',
        schema: {
          type: 'object',
          required: ['storeId', 'district', 'month', 'product', 'priceKzt'],
          properties: {
            storeId: { type: 'string' },
            district: { type: 'string', enum: [...DISTRICTS] },
            month: { type: 'string', format: 'date-time' },
            product: {
              type: 'string',
              enum: ['bread', 'milk', 'eggs', 'sugar', 'buckwheat', 'beef'],
            },
            priceKzt: { type: 'number', minimum: 0 },
          },
        },
      },
    },
    rows: (k: number, end: DateTime): Row[] => {
      const r = seededRandom(6000 + k);
      const month = iso(end.minus({ months: 1 }).startOf('month'));
      const base = { bread: 180, milk: 520, eggs: 950, sugar: 480, buckwheat: 690, beef: 3900 };
      const inflation = 1 + 0.008 * k; // prices creep up month by month
      return DISTRICTS.flatMap((district, i) =>
        Object.entries(base).map(([product, p]) => ({
          storeId: `TAU-${i + 1}`,
          district,
          month,
          product,
          priceKzt: Math.round(p * inflation * (0.95 + 0.1 * r())),
        })),
      );
    },
  },
  {
    key: 'outlets',
    provider: 'digital',
    body: {
      ...common,
      licence: 'CC-BY-4.0',
      title: 'Municipal service outlets (synthetic)',
      description:
        'Public service centres, libraries, clinics and municipal markets with their staffing, per district.',
      translations: {
        kk: {
          title: 'Муниципалдық қызмет көрсету орындары (синтетикалық)',
          description:
            'Халыққа қызмет көрсету орталықтары, кітапханалар, емханалар және муниципалдық базарлар, қызметкерлерімен, аудандар бойынша.',
        },
        ru: {
          title: 'Муниципальные точки обслуживания (синтетические)',
          description:
            'Центры обслуживания населения, библиотеки, поликлиники и муниципальные рынки с их штатом, по районам.',
        },
      },
      themes: ['GOVE', 'REGI'],
      keywords: ['public services', 'outlets', 'district'],
      sensitivity: 'public',
      updateFrequency: 'P1M',
      legalBasis: 'Open municipal data',
      citizenServices: ['public service centre queue booking', 'library membership'],
      contactPoint: { name: 'Open data team', email: 'data@digital.almaty.example' },
      recordSchema: {
        primaryKey: ['outletId'],
        schema: {
          type: 'object',
          required: ['outletId', 'district', 'kind', 'staff'],
          properties: {
            outletId: { type: 'string' },
            district: { type: 'string', enum: [...DISTRICTS] },
            kind: {
              type: 'string',
              enum: ['public-service-centre', 'library', 'clinic', 'market'],
            },
            name: { type: 'string' },
            staff: { type: 'integer', minimum: 0 },
          },
        },
      },
    },
    standardTerms: standardTerms(
      'Open municipal data under the city data charter',
      ['district', 'kind', 'name', 'staff'],
      'P30D',
    ),
    rows: (k: number): Row[] => {
      const kinds = ['public-service-centre', 'library', 'clinic', 'market'];
      return DISTRICTS.flatMap((district, d) =>
        kinds.map((kind, j) => ({
          outletId: `OUT-${d + 1}${j + 1}`,
          district,
          kind,
          name: `${district} ${kind.replace(/-/g, ' ')}`,
          // Staffing changes now and then; unchanged rows are recognised and not rewritten.
          staff: 8 + ((d * 7 + j * 5 + Math.floor(k / 4)) % 30),
        })),
      );
    },
  },
  {
    key: 'roadworks',
    provider: 'transport',
    body: {
      ...common,
      licence: 'CC-BY-4.0',
      title: 'Planned road works (synthetic)',
      description: 'Road works planned by the city, with the lanes they close.',
      translations: {
        kk: {
          title: 'Жоспарланған жол жөндеу жұмыстары (синтетикалық)',
          description: 'Қала жоспарлаған жол жұмыстары, жабылатын жолақтарымен.',
        },
        ru: {
          title: 'Плановые дорожные работы (синтетические)',
          description: 'Дорожные работы, запланированные городом, с перекрываемыми полосами.',
        },
      },
      themes: ['TRAN'],
      keywords: ['road works', 'traffic'],
      sensitivity: 'public',
      updateFrequency: 'P1M',
      legalBasis: 'Open municipal data',
      contactPoint: { name: 'Traffic desk', email: 'data@transport.almaty.example' },
      recordSchema: {
        primaryKey: ['worksId'],
        schema: {
          type: 'object',
          required: ['worksId', 'district', 'street', 'startsOn', 'endsOn', 'lanesClosed'],
          properties: {
            worksId: { type: 'string' },
            district: { type: 'string', enum: [...DISTRICTS] },
            street: { type: 'string' },
            startsOn: { type: 'string', format: 'date-time' },
            endsOn: { type: 'string', format: 'date-time' },
            lanesClosed: { type: 'integer', minimum: 0 },
          },
        },
      },
    },
    standardTerms: standardTerms(
      'Open municipal data under the city data charter',
      ['district', 'street', 'startsOn', 'endsOn', 'lanesClosed'],
      'P7D',
    ),
    rows: (k: number, end: DateTime): Row[] => {
      const r = seededRandom(7000 + k);
      const streets = ['Abay Ave', 'Al-Farabi Ave', 'Dostyk Ave', 'Tole Bi St', 'Raiymbek Ave'];
      return Array.from({ length: 6 }, (_, i) => ({
        worksId: `RW-${k}-${i + 1}`,
        district: DISTRICTS[(k + i) % DISTRICTS.length],
        street: streets[(k + i) % streets.length],
        startsOn: iso(end.plus({ days: 3 + i * 4 })),
        endsOn: iso(end.plus({ days: 10 + i * 6 })),
        lanesClosed: 1 + Math.floor(2 * r()),
      }));
    },
  },
];

/** When a provider delivers: on time (before due), late (after due, within grace), or not at all. */
export type Timeliness = 'on-time' | 'late' | 'missed';

export interface AgreementSpec {
  key: string;
  dataset: DatasetKey;
  consumer: PartyKey;
  request: Record<string, unknown>;
  /** The provider's counter-offer (only the terms that change); the consumer then accepts. */
  counter?: Record<string, unknown>;
  /**
   * The provider's habit, by delivery number k (1-based) and whether the city's punctuality decree
   * (the planted regulation effect, `DECREE`) is in force at the delivery's due time.
   */
  timeliness(k: number, decreeInForce: boolean): Timeliness;
}

const P = (s: string) => Duration.fromISO(s);

export const AGREEMENTS: readonly AgreementSpec[] = [
  {
    key: 'presence→digital',
    dataset: 'presence',
    consumer: 'digital',
    request: {
      purpose: 'urban-planning',
      purposeDescription:
        'Place new public service centres where people actually are during the day, per district.',
      legalBasis: 'City data charter, art. 4',
      fields: ['residents', 'visitors', 'peakHour'],
      deliveryFrequency: 'P1D',
      retentionDays: 730,
      changeNoticeDays: 14,
    },
    counter: { fields: ['residents', 'visitors'], deliveryFrequency: 'P7D' },
    timeliness: () => 'on-time', // the honest provider
  },
  {
    key: 'trips→transport',
    dataset: 'trips',
    consumer: 'transport',
    request: {
      purpose: 'public-transport-planning',
      purposeDescription:
        'Find districts where taxi demand and waiting times show gaps in the bus network.',
      legalBasis: 'City data charter, art. 4',
      fields: ['trips', 'avgWaitMinutes', 'avgFareKzt'],
      deliveryFrequency: 'P7D',
      retentionDays: 365,
      changeNoticeDays: 14,
    },
    // Fares are commercially sensitive: the aggregator offers trips and waiting times only.
    counter: { fields: ['trips', 'avgWaitMinutes'] },
    // The flaky one: misses now and then whatever the rules; late far more often before the decree.
    timeliness: (k, decree) =>
      k % 9 === 5 ? 'missed' : (decree ? k % 8 === 2 : k % 3 === 1) ? 'late' : 'on-time',
  },
  {
    key: 'spending→entrepreneurship',
    dataset: 'spending',
    consumer: 'entrepreneurship',
    request: {
      purpose: 'economic-analysis',
      purposeDescription:
        'Track consumer spending per district to target support for local businesses.',
      legalBasis: 'City data charter, art. 6',
      fields: ['transactions', 'amountKzt'],
      deliveryFrequency: 'P1M',
      retentionDays: 365,
    },
    counter: { retentionDays: 180 },
    timeliness: () => 'on-time',
  },
  {
    key: 'merchants→entrepreneurship',
    dataset: 'merchants',
    consumer: 'entrepreneurship',
    request: {
      purpose: 'economic-analysis',
      purposeDescription: 'Measure the effect of the small-business grant programme on turnover.',
      legalBasis: 'Merchants’ consent, recorded by the bank',
      fields: ['district', 'turnoverKzt'],
      deliveryFrequency: 'P1M',
      retentionDays: 365,
      onwardSharingProhibited: true,
    },
    timeliness: (k, decree) => ((decree ? k % 12 === 4 : k % 2 === 0) ? 'late' : 'on-time'),
  },
  {
    key: 'footfall→entrepreneurship',
    dataset: 'footfall',
    consumer: 'entrepreneurship',
    request: {
      purpose: 'economic-analysis',
      purposeDescription: 'Compare store footfall with spending to see where trade moves.',
      legalBasis: 'City data charter, art. 6',
      fields: ['district', 'visitors'],
      deliveryFrequency: 'P1M',
      retentionDays: 365,
      terminationNoticeDays: 14,
    },
    timeliness: (k) => (k === 2 ? 'late' : 'on-time'),
  },
  {
    key: 'prices→entrepreneurship',
    dataset: 'prices',
    consumer: 'entrepreneurship',
    request: {
      purpose: 'economic-analysis',
      purposeDescription:
        'Monitor staple food prices per district for the price stabilisation fund.',
      legalBasis: 'City data charter, art. 6',
      fields: ['district', 'product', 'priceKzt'],
      deliveryFrequency: 'P1M',
      retentionDays: 730,
    },
    counter: { retentionDays: 365 },
    timeliness: (k, decree) =>
      k % 11 === 8 ? 'missed' : (decree ? k % 10 === 3 : k % 3 === 0) ? 'late' : 'on-time',
  },
  {
    key: 'outlets→bank',
    dataset: 'outlets',
    consumer: 'bank',
    request: {
      purpose: 'service-improvement',
      purposeDescription: 'Place cash machines near municipal service points that lack them.',
      legalBasis: 'Open municipal data under the platform agreement',
      fields: ['district', 'kind', 'staff'],
      deliveryFrequency: 'P1M',
      retentionDays: 365,
    },
    timeliness: () => 'on-time',
  },
  {
    key: 'roadworks→taxi',
    dataset: 'roadworks',
    consumer: 'taxi',
    request: {
      purpose: 'traffic-management',
      purposeDescription: 'Route drivers around planned road works.',
      legalBasis: 'Open municipal data under the platform agreement',
      fields: ['district', 'street', 'startsOn', 'endsOn', 'lanesClosed'],
      deliveryFrequency: 'P1M',
      retentionDays: 90,
    },
    timeliness: (k, decree) => (!decree && k % 3 === 1 ? 'late' : 'on-time'),
  },
];

/**
 * The closing interviews the study holds with 12 key stakeholders at the end of the window
 * (docs/research.md §5), coded to the platform's codebook. What they say follows the story: the
 * taxi aggregator's unannounced change, the decree that made deliveries punctual, the footfall
 * provider leaving for another vendor. Invented, like everything here.
 */
export interface Interview {
  party: PartyKey;
  stakeholderRole: string;
  ratings: Array<{ construct: string; score: number }>;
  positive: string[];
  negative: string[];
  notes: string;
}

const r = (scores: Record<string, number>) =>
  Object.entries(scores).map(([construct, score]) => ({ construct, score }));

export const INTERVIEWS: readonly Interview[] = [
  {
    party: 'digital',
    stakeholderRole: 'Head of the data office',
    ratings: r({ trust: 5, commitment: 5, benefits: 5, communication: 4, 'shared-values': 5 }),
    positive: [
      'benefit-realised',
      'common-standards',
      'platform-transparency',
      'leadership-support',
    ],
    negative: ['staff-capacity'],
    notes: 'The presence × outlets view decided where two service centres went.',
  },
  {
    party: 'digital',
    stakeholderRole: 'Chief information officer',
    ratings: r({ trust: 4, commitment: 4, uncertainty: 2, 'termination-costs': 4 }),
    positive: ['public-interest', 'regulation-change'],
    negative: ['personal-data-risk'],
    notes: 'The decree settled arguments about deadlines; personal data still worries legal.',
  },
  {
    party: 'transport',
    stakeholderRole: 'Head of route planning',
    ratings: r({ trust: 2, communication: 1, opportunism: 4, 'functional-conflict': 4 }),
    positive: ['benefit-realised', 'dispute-handling'],
    negative: ['notice-of-changes', 'delivery-reliability'],
    notes: 'The fare column vanished without notice; the dispute was handled fairly.',
  },
  {
    party: 'transport',
    stakeholderRole: 'Lead data engineer',
    ratings: r({ trust: 3, communication: 2, benefits: 4 }),
    positive: ['regulation-change', 'data-quality'],
    negative: ['notice-of-changes'],
    notes: 'Trips arrive on time since the decree; schema changes still surprise us.',
  },
  {
    party: 'entrepreneurship',
    stakeholderRole: 'Deputy head of department',
    ratings: r({ trust: 3, benefits: 4, 'termination-costs': 2, 'propensity-to-leave': 3 }),
    positive: ['benefit-realised', 'regulation-change'],
    negative: ['delivery-reliability', 'legal-clarity'],
    notes: 'Spending data replaced a survey; retail prices came late before the decree.',
  },
  {
    party: 'entrepreneurship',
    stakeholderRole: 'Senior economic analyst',
    ratings: r({ benefits: 4, 'shared-values': 2 }),
    positive: ['data-quality'],
    negative: ['common-standards', 'staff-capacity'],
    notes: 'Each retailer codes districts its own way.',
  },
  {
    party: 'telecom',
    stakeholderRole: 'Head of public-sector data products',
    ratings: r({ trust: 4, commitment: 4, 'shared-values': 4, cooperation: 4 }),
    positive: ['common-standards', 'platform-transparency', 'legal-clarity'],
    negative: ['personal-data-risk'],
    notes: 'The register shows we deliver on time; that helps with other cities.',
  },
  {
    party: 'telecom',
    stakeholderRole: 'Data protection officer',
    ratings: r({ trust: 4, uncertainty: 2 }),
    positive: ['purpose-respect', 'legal-clarity'],
    negative: [],
    notes: 'Purpose limits are enforced at read time, which we can show our regulator.',
  },
  {
    party: 'taxi',
    stakeholderRole: 'Product manager, city partnerships',
    ratings: r({ trust: 2, communication: 2, acquiescence: 3, 'functional-conflict': 3 }),
    positive: ['dispute-handling', 'regulation-change'],
    negative: ['notice-of-changes', 'integration-effort'],
    notes: 'We shipped the new trips schema too fast; the ruling was fair.',
  },
  {
    party: 'bank',
    stakeholderRole: 'Head of analytics',
    ratings: r({ trust: 4, benefits: 4, cooperation: 4 }),
    positive: ['benefit-realised', 'common-standards', 'responsive-contact'],
    negative: [],
    notes: 'Outlets data placed cash machines near service centres.',
  },
  {
    party: 'dala',
    stakeholderRole: 'Head of IT',
    ratings: r({ trust: 3, 'propensity-to-leave': 5, 'termination-costs': 1 }),
    positive: ['responsive-contact'],
    negative: ['switching-alternatives', 'benefit-realised'],
    notes: 'A vendor offered footfall analytics as a service; leaving cost us little.',
  },
  {
    party: 'tau',
    stakeholderRole: 'Commercial director',
    ratings: r({ trust: 3, benefits: 2, communication: 3 }),
    positive: ['regulation-change'],
    negative: ['delivery-reliability', 'staff-capacity'],
    notes: 'Two people run our price feed; the decree made us automate it.',
  },
];

/** How many interviews name each theme, helping and hurting: what the summary must show. */
export function interviewThemeCounts(
  interviews: readonly Interview[] = INTERVIEWS,
): Record<string, { positive: number; negative: number }> {
  const out: Record<string, { positive: number; negative: number }> = {};
  for (const i of interviews)
    for (const side of ['positive', 'negative'] as const)
      for (const t of i[side]) (out[t] ??= { positive: 0, negative: 0 })[side]++;
  return out;
}

/** The ecosystem's owner of the integrated view (it reads presence and owns the outlets). */
export const VIEW = {
  owner: 'digital' as PartyKey,
  name: 'Presence × municipal outlets per district (synthetic)',
  left: 'presence' as DatasetKey,
  right: 'outlets' as DatasetKey,
};

export type Action =
  | { kind: 'register'; party: PartyKey }
  | { kind: 'adopt-standards'; party: PartyKey }
  | { kind: 'create-dataset'; dataset: DatasetKey }
  | { kind: 'standard-terms'; dataset: DatasetKey }
  | { kind: 'request'; agreement: string; validFrom: string; validTo: string }
  | { kind: 'counter'; agreement: string }
  | { kind: 'accept'; agreement: string; by: 'consumer' | 'provider' }
  | {
      kind: 'deliver';
      agreement: string;
      k: number;
      timeliness: Exclude<Timeliness, 'missed'>;
      dueAt: string;
    }
  | { kind: 'breaking-change'; dataset: DatasetKey }
  | { kind: 'regulation'; effectiveAt: string }
  | { kind: 'define-view' }
  | { kind: 'withdraw-consent'; dataset: DatasetKey; subjectId: string; purpose: string }
  | { kind: 'open-dispute'; agreement: string }
  | { kind: 'resolve-dispute'; agreement: string }
  | { kind: 'notice'; agreement: string; effectiveAt: string }
  | { kind: 'exit-survey'; agreement: string }
  | { kind: 'exit-interview'; index: number; heldAt: string }
  | { kind: 'rate'; agreement: string; score: number }
  | {
      kind: 'benefit';
      agreement: string;
      by: 'consumer' | 'provider';
      report: Record<string, unknown>;
      /** Taken on the integrated view: the runner names the view it defined. */
      onView?: boolean;
    };

export interface Step {
  at: DateTime;
  action: Action;
}

export interface Expected {
  participants: number;
  datasets: number;
  agreements: number;
  fulfilled: number;
  onTime: number;
  late: number;
  missed: number;
  /** on time / (fulfilled + missed), as the dashboard defines it. */
  onTimeRate: number;
  disputes: number;
  regulations: number;
  /**
   * The planted regulation effect: the monthly on-time rate (by due month, complete months only)
   * averaged before and after the punctuality decree, as planned. docs/research.md §4.
   */
  decree: {
    effectiveAt: string;
    indicator: 'deliveries.onTimeRate';
    monthsBefore: number;
    monthsAfter: number;
    onTimeRateBefore: number;
    onTimeRateAfter: number;
    /** The planned series itself: obligations due and kept on time per complete month. */
    monthly: Array<{ month: string; due: number; onTime: number }>;
  };
  /**
   * The planted null: the decree does not change how many deliveries are made (misses do not
   * depend on it), so `deliveries.fulfilled` per complete month, by due date as the dashboard counts
   * it, should show no
   * level change. The series as planned, for the checks to compare with.
   */
  nullEffect: {
    indicator: 'deliveries.fulfilled';
    monthly: Array<{ month: string; value: number }>;
  };
  benefitReports: number;
  interviews: number;
  interviewThemes: Record<string, { positive: number; negative: number }>;
  terminated: string[];
  withdrawnSubject: string;
}

export interface Plan {
  start: DateTime;
  end: DateTime;
  steps: Step[];
  expected: Expected;
}

/** Mean monthly on-time rate before and after the decree, over the complete months with dues. */
function decreeRates(
  dues: ReadonlyArray<{ due: DateTime; onTime: boolean }>,
  start: DateTime,
  end: DateTime,
  decreeAt: DateTime,
) {
  const months = new Map<string, { due: number; onTime: number; after: boolean }>();
  const first = start.plus({ months: 1 }).startOf('month');
  const last = end.startOf('month'); // exclusive: the current month is not complete
  for (const d of dues) {
    if (d.due < first || d.due >= last) continue;
    const key = d.due.toFormat('yyyy-MM');
    const m = months.get(key) ?? { due: 0, onTime: 0, after: d.due >= decreeAt };
    m.due++;
    if (d.onTime) m.onTime++;
    months.set(key, m);
  }
  const mean = (after: boolean) => {
    const rates = [...months.values()]
      .filter((m) => m.after === after)
      .map((m) => m.onTime / m.due);
    return { n: rates.length, rate: rates.reduce((a, b) => a + b, 0) / rates.length };
  };
  const before = mean(false);
  const after = mean(true);
  return {
    monthly: [...months].map(([month, m]) => ({ month, due: m.due, onTime: m.onTime })),
    monthsBefore: before.n,
    monthsAfter: after.n,
    onTimeRateBefore: before.rate,
    onTimeRateAfter: after.rate,
  };
}

/** Events per complete month of the window (the first and the current month are not complete). */
function monthlyCount(times: readonly DateTime[], start: DateTime, end: DateTime) {
  const first = start.plus({ months: 1 }).startOf('month');
  const last = end.startOf('month');
  const months = new Map<string, number>();
  for (let m = first; m < last; m = m.plus({ months: 1 })) months.set(m.toFormat('yyyy-MM'), 0);
  for (const t of times) {
    const key = t.setZone('utc').toFormat('yyyy-MM');
    if (months.has(key)) months.set(key, months.get(key)! + 1);
  }
  return [...months].map(([month, value]) => ({ month, value }));
}

/** Gives a step a fixed place within the window: `f` is the fraction of it (0–1). */
const within = (start: DateTime, end: DateTime, f: number) =>
  start.plus({ milliseconds: end.diff(start).as('milliseconds') * f });

/**
 * The scenario for `months` months ending at `end` (the full demo: 27). The story beats sit at
 * fixed fractions of the window, so a shortened run (a test) tells the same story.
 */
export function planAlmaty(opts: { months: number; end: Date }): Plan {
  const end = DateTime.fromJSDate(opts.end, { zone: 'utc' });
  const start = end.minus({ months: opts.months }).startOf('day').plus({ hours: 9 });
  const steps: Step[] = [];
  const add = (at: DateTime, action: Action) => steps.push({ at, action });
  const h = (n: number) => ({ hours: n });

  PARTIES.forEach((p, i) => add(start.plus({ minutes: i }), { kind: 'register', party: p.key }));
  PARTIES.filter((p) => p.adoptsStandards).forEach((p) =>
    add(start.plus(h(2)), { kind: 'adopt-standards', party: p.key }),
  );
  DATASETS.forEach((d, i) =>
    add(start.plus({ days: 1, minutes: 10 * i }), { kind: 'create-dataset', dataset: d.key }),
  );
  DATASETS.filter((d) => d.standardTerms).forEach((d, i) =>
    add(start.plus({ days: 1, hours: 3, minutes: 10 * i }), {
      kind: 'standard-terms',
      dataset: d.key,
    }),
  );
  const validFrom = start.plus({ days: 6 }).startOf('day');
  const validTo = end.plus({ years: 1 }).startOf('day');
  AGREEMENTS.forEach((a, i) => {
    add(start.plus({ days: 2, minutes: 15 * i }), {
      kind: 'request',
      agreement: a.key,
      validFrom: validFrom.toISO()!,
      validTo: validTo.toISO()!,
    });
    if (a.counter)
      add(start.plus({ days: 3, minutes: 15 * i }), { kind: 'counter', agreement: a.key });
    // Both parties accept the same term version: after a counter-offer the consumer first.
    add(start.plus({ days: 4, minutes: 15 * i }), {
      kind: 'accept',
      agreement: a.key,
      by: a.counter ? 'consumer' : 'provider',
    });
    add(start.plus({ days: 4, hours: 2, minutes: 15 * i }), {
      kind: 'accept',
      agreement: a.key,
      by: a.counter ? 'provider' : 'consumer',
    });
  });

  // Story beats.
  const at = (f: number) => within(start, end, f);
  const breakingAt = at(0.58);
  const noticeAt = at(0.7);
  const termination = noticeAt.plus({ days: 20 }).startOf('day');
  // The decree takes effect on the first of the month nearest the middle of the window, so the
  // series has about as many months on each side (docs/research.md §4 wants 12 or more).
  const decreeAt = at(0.5).plus({ days: 15 }).startOf('month');
  add(decreeAt, { kind: 'regulation', effectiveAt: decreeAt.toISO()! });
  add(breakingAt, { kind: 'breaking-change', dataset: 'trips' });
  add(breakingAt.plus({ days: 5 }), { kind: 'open-dispute', agreement: 'trips→transport' });
  add(breakingAt.plus({ days: 19 }), { kind: 'resolve-dispute', agreement: 'trips→transport' });
  add(at(0.6), {
    kind: 'withdraw-consent',
    dataset: 'merchants',
    subjectId: 'M-0007',
    purpose: 'economic-analysis',
  });
  add(noticeAt, {
    kind: 'notice',
    agreement: 'footfall→entrepreneurship',
    effectiveAt: termination.toISO()!,
  });
  add(noticeAt.plus({ days: 1 }), { kind: 'exit-survey', agreement: 'footfall→entrepreneurship' });
  const viewAt = validFrom.plus({ days: 35 });
  add(viewAt, { kind: 'define-view' });

  // Deliveries.
  let fulfilled = 0;
  let onTime = 0;
  let missed = 0;
  const dues: Array<{ due: DateTime; onTime: boolean }> = [];
  const grace = P('P3D');
  for (const a of AGREEMENTS) {
    const step = P((a.counter?.deliveryFrequency ?? a.request.deliveryFrequency) as string);
    const stopAt =
      a.key === 'footfall→entrepreneurship'
        ? termination.minus({ days: 1 })
        : end.minus({ hours: 1 });
    for (let k = 1; ; k++) {
      const due = validFrom.plus(step.mapUnits((x) => x * k));
      if (due.plus({ days: 2 }) > stopAt) break;
      let t = a.timeliness(k, due >= decreeAt);
      // A miss counts only once its grace has passed before the window closes.
      if (t === 'missed' && due.plus(grace).plus({ days: 1 }) > end) t = 'on-time';
      dues.push({ due, onTime: t === 'on-time' });
      if (t === 'missed') {
        missed++;
        continue;
      }
      fulfilled++;
      if (t === 'on-time') onTime++;
      const deliverAt = t === 'on-time' ? due.minus({ hours: 2 }) : due.plus({ hours: 20 });
      add(deliverAt, { kind: 'deliver', agreement: a.key, k, timeliness: t, dueAt: due.toISO()! });
      // Consumers rate a delivery now and then (proof of transaction: they received it).
      if (k % 6 === 3 && (a.key === 'presence→digital' || a.key === 'trips→transport'))
        add(deliverAt.plus({ hours: 3 }), {
          kind: 'rate',
          agreement: a.key,
          score: a.key === 'presence→digital' ? 5 : 2,
        });
    }
  }

  // What the agreements brought, reported by the parties themselves (groups D–F, self-reported).
  const benefits: Array<
    [number, string, 'consumer' | 'provider', Record<string, unknown>, { onView?: boolean }?]
  > = [
    [
      0.45,
      'trips→transport',
      'consumer',
      {
        kind: 'decision-supported',
        count: 3,
        description: 'Three bus routes extended into districts with long taxi waits.',
      },
    ],
    [
      0.45,
      'presence→digital',
      'consumer',
      {
        kind: 'citizen-service',
        users: 48_000,
        service: 'Public service centres, Alatau and Turksib (synthetic)',
        description: 'Residents served by two public service centres placed by presence data.',
      },
      { onView: true },
    ],
    [
      0.45,
      'presence→digital',
      'consumer',
      {
        kind: 'decision-supported',
        count: 2,
        description:
          'Two public service centres sited where many residents meet few municipal outlets.',
      },
      { onView: true },
    ],
    [
      0.5,
      'spending→entrepreneurship',
      'consumer',
      {
        kind: 'cost-avoided',
        amountKzt: 18_500_000,
        description: 'Survey of district spending no longer commissioned.',
      },
    ],
    [
      0.9,
      'presence→digital',
      'consumer',
      {
        kind: 'staff-hours-saved',
        hours: 1_200,
        description: 'Manual pedestrian counts replaced.',
      },
    ],
    [
      0.9,
      'outlets→bank',
      'consumer',
      {
        kind: 'derived-product',
        count: 1,
        description: 'Cash machine placement map near service centres.',
      },
    ],
    [
      0.95,
      'trips→transport',
      'consumer',
      {
        kind: 'citizen-service',
        users: 210_000,
        description: 'Riders on the extended routes in the last quarter.',
      },
    ],
  ];
  for (const [f, agreement, by, report, how] of benefits) {
    const when = at(f);
    add(when, {
      kind: 'benefit',
      agreement,
      by,
      // Linked to the view only once it exists (a short window may end before it is defined).
      ...(how?.onView && when > viewAt ? { onView: true } : {}),
      report: {
        ...report,
        periodFrom: validFrom.toISO(),
        periodTo: when.minus({ days: 1 }).toISO(),
      },
    });
  }

  // The study's closing interviews, in the window's last days (held the day before recording).
  INTERVIEWS.forEach((_, index) => {
    const when = at(0.985).plus({ hours: 2 * index });
    add(when, { kind: 'exit-interview', index, heldAt: when.minus({ days: 1 }).toISO()! });
  });

  steps.sort((x, y) => x.at.toMillis() - y.at.toMillis());
  return {
    start,
    end,
    steps,
    expected: {
      participants: PARTIES.length,
      datasets: DATASETS.length,
      agreements: AGREEMENTS.length,
      fulfilled,
      onTime,
      late: fulfilled - onTime,
      missed,
      onTimeRate: onTime / (fulfilled + missed),
      disputes: 1,
      regulations: 1,
      decree: {
        effectiveAt: decreeAt.toISO()!,
        indicator: 'deliveries.onTimeRate',
        ...decreeRates(dues, start, end, decreeAt),
      },
      nullEffect: {
        indicator: 'deliveries.fulfilled',
        monthly: monthlyCount(
          steps.flatMap((x) =>
            x.action.kind === 'deliver' ? [DateTime.fromISO(x.action.dueAt, { zone: 'utc' })] : [],
          ),
          start,
          end,
        ),
      },
      benefitReports: benefits.length,
      interviews: INTERVIEWS.length,
      interviewThemes: interviewThemeCounts(),
      terminated: ['footfall→entrepreneurship'],
      withdrawnSubject: 'M-0007',
    },
  };
}
