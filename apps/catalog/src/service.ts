import type { BootstrapOptions } from '@dx/service-kit';

/** How the catalog service presents itself: its name and, in its OpenAPI document, what it does. */
export const SERVICE: BootstrapOptions = {
  service: 'catalog',
  description: 'Participants, identity (OAuth2 client credentials, JWKS), datasets and discovery.',
};
