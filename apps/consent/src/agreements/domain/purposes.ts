/**
 * The controlled purpose list (codes in the spirit of W3C DPV purposes, for city data sharing).
 * A request names one code and describes it in free text; consent records and the public register
 * use the same codes.
 */
export const PURPOSES = {
  'urban-planning': 'Planning of city services, land use and infrastructure',
  'public-transport-planning': 'Planning and scheduling of public transport',
  'traffic-management': 'Managing road traffic and road works',
  'environmental-monitoring': 'Monitoring air, water, noise and other environmental conditions',
  'public-safety': 'Public safety and emergency preparedness',
  'economic-analysis': 'Analysis of economic activity and local business conditions',
  'service-improvement': "Improving a party's own services to residents or customers",
  'research-statistics': 'Statistics and research without decisions about individuals',
  'tax-and-licensing': 'Administration of permits, licences and local taxes',
} as const;

export type PurposeCode = keyof typeof PURPOSES;
export const PURPOSE_CODES = Object.keys(PURPOSES) as PurposeCode[];
