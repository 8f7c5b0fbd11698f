export const SENSITIVITIES = [
  'public',
  'internal',
  'confidential',
  'personal-aggregated',
  'personal',
] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

/**
 * `public`: anyone may see the metadata (it is in the DCAT-AP export); `participants`: only
 * authenticated participants. The records themselves are only ever read through an agreement.
 */
export const VISIBILITIES = ['public', 'participants'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** Sensitivities whose metadata must not be advertised publicly. */
const NOT_PUBLICLY_LISTED: ReadonlySet<Sensitivity> = new Set(['confidential', 'personal']);

export function publicVisibilityAllowed(sensitivity: Sensitivity): boolean {
  return !NOT_PUBLICLY_LISTED.has(sensitivity);
}

export {
  DATA_THEMES,
  DATA_THEME_CODES,
  dataThemeUri,
  parseFrequency,
  accrualPeriodicityUri,
  type DataTheme,
} from '@dx/dataspace';
