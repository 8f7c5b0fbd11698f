import type { BootstrapOptions } from '@dx/service-kit';

/** How the trust service presents itself: its name and, in its OpenAPI document, what it does. */
export const SERVICE: BootstrapOptions = {
  service: 'trust',
  description: 'Evidence ledger, explainable trust scores with uncertainty, commitment index.',
};
