import '@dx/observability/register'; // must stay first: instruments http and pg before they load
import { bootstrap } from '@dx/service-kit';
import { AppModule } from './app.module';

void bootstrap(AppModule, {
  service: 'insights',
  description: 'Read models and the dashboard API for relationship health, operations and impact.',
});
