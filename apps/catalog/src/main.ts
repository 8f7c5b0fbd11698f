import '@dx/observability/register'; // must stay first: instruments http and pg before they load
import { bootstrap } from '@dx/service-kit';
import { AppModule } from './app.module';

void bootstrap(AppModule, {
  service: 'catalog',
  description: 'Participants, identity (OAuth2 client credentials, JWKS), datasets and discovery.',
});
