import '@dx/observability/register'; // must stay first: instruments http and pg before they load
import { bootstrap } from '@dx/service-kit';
import { AppModule } from './app.module';

void bootstrap(AppModule, {
  service: 'trust',
  description: 'Evidence ledger, explainable trust scores with uncertainty, commitment index.',
});
