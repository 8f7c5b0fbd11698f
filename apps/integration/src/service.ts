import type { BootstrapOptions } from '@dx/service-kit';
import { STREAMED_BODY_ROUTES } from './app.module';

/** How the integration service presents itself: its name and, in its OpenAPI document, what it does. */
export const SERVICE: BootstrapOptions = {
  service: 'integration',
  description:
    'Deliveries, validation and quality, record store, governed access, integrated views.',
  streamedBodyRoutes: STREAMED_BODY_ROUTES,
};
