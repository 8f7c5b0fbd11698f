import type { BootstrapOptions } from '@dx/service-kit';

/** How the consent service presents itself: its name and, in its OpenAPI document, what it does. */
export const SERVICE: BootstrapOptions = {
  service: 'consent',
  description: 'Agreements (commitments), obligations, subject consent, governance.',
};
