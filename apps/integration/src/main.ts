import '@dx/observability/register'; // must stay first: instruments http and pg before they load
import { bootstrap } from '@dx/service-kit';
import { AppModule, STREAMED_BODY_ROUTES } from './app.module';

void bootstrap(AppModule, {
  service: 'integration',
  description:
    'Deliveries, validation and quality, record store, governed access, integrated views.',
  streamedBodyRoutes: STREAMED_BODY_ROUTES,
});
