import { Duration } from 'luxon';

/*
 * The EU Publications Office vocabularies DCAT-AP names (data themes, frequencies), shared by the
 * catalog (validation, its DCAT-AP export) and the data-space catalogue.
 */

/**
 * Dataset themes are the EU data-theme vocabulary that DCAT-AP requires for `dcat:theme`, so the
 * export needs no mapping table and harvesters understand it.
 */
export const DATA_THEMES = {
  AGRI: 'Agriculture, fisheries, forestry and food',
  ECON: 'Economy and finance',
  EDUC: 'Education, culture and sport',
  ENER: 'Energy',
  ENVI: 'Environment',
  GOVE: 'Government and public sector',
  HEAL: 'Health',
  INTR: 'International issues',
  JUST: 'Justice, legal system and public safety',
  REGI: 'Regions and cities',
  SOCI: 'Population and society',
  TECH: 'Science and technology',
  TRAN: 'Transport',
} as const;
export type DataTheme = keyof typeof DATA_THEMES;
export const DATA_THEME_CODES = Object.keys(DATA_THEMES) as DataTheme[];
export const dataThemeUri = (code: string): string =>
  `http://publications.europa.eu/resource/authority/data-theme/${code}`;

/** Parses an ISO-8601 duration; undefined when it is not one or is not positive. */
export function parseFrequency(iso: string): Duration | undefined {
  const d = Duration.fromISO(iso);
  if (!d.isValid || d.toMillis() <= 0) return undefined;
  return d;
}

/** EU frequency vocabulary entries for `dct:accrualPeriodicity`, by exact duration. */
const FREQUENCIES: Array<[string, string]> = [
  ['PT1M', 'UPDATE_CONT'],
  ['PT1H', 'HOURLY'],
  ['PT2H', 'BIHOURLY'],
  ['PT3H', 'TRIHOURLY'],
  ['PT12H', 'TWICE_A_DAY'],
  ['P1D', 'DAILY'],
  ['P7D', 'WEEKLY'],
  ['P1W', 'WEEKLY'],
  ['P14D', 'BIWEEKLY'],
  ['P2W', 'BIWEEKLY'],
  ['P1M', 'MONTHLY'],
  ['P2M', 'BIMONTHLY'],
  ['P3M', 'QUARTERLY'],
  ['P6M', 'ANNUAL_2'],
  ['P1Y', 'ANNUAL'],
];

/**
 * Maps our exact cadence to the nearest controlled term; durations without a term are `OTHER`
 * (the exact duration stays in our API as `updateFrequency`).
 */
export function accrualPeriodicityUri(iso: string): string {
  const d = parseFrequency(iso);
  const normalised = d?.toISO();
  const match = FREQUENCIES.find(([candidate]) => candidate === normalised);
  return `http://publications.europa.eu/resource/authority/frequency/${match ? match[1] : 'OTHER'}`;
}
