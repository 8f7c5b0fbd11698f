import '@dx/observability/register'; // must stay first: instruments http and pg before they load
import { bootstrap } from '@dx/service-kit';
import { AppModule } from './app.module';
import { SERVICE } from './service';

void bootstrap(AppModule, SERVICE);
