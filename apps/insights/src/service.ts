import type { BootstrapOptions } from '@dx/service-kit';

/** How the insights service presents itself: its name and, in its OpenAPI document, what it does. */
export const SERVICE: BootstrapOptions = {
  service: 'insights',
  description: 'Read models and the dashboard API for relationship health, operations and impact.',
};
