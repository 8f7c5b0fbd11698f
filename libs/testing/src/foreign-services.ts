/**
 * Loopback origins that are not ours (a data-space connector a test runs beside the platform):
 * the contract check (setup-contract.ts) leaves their answers alone, since our OpenAPI documents do
 * not describe them.
 */
export const FOREIGN_ORIGINS = new Set<string>();

export const markForeign = (url: string): void => {
  FOREIGN_ORIGINS.add(new URL(url).origin);
};
