import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { meter, type Logger } from '@dx/observability';
import { IntervalTask, PLATFORM_LOGGER, SERVICE_CONFIG, TimeDrivenWork } from '@dx/service-kit';
import type { TrustConfig } from '../../config/trust.config';
import { CreditCleanMonthsHandler } from './credit-clean-months.handler';
import { PublishCommitmentHandler } from './publish-commitment.handler';
import { checkDrift } from '../persistence/verify-state';

const drift = meter().createHistogram('dx_trust_drift_max', {
  description:
    'Largest difference between the incremental state or a stored score and its recomputation from the ledger, per drift check',
});
const driftMismatches = meter().createCounter('dx_trust_drift_mismatches_total', {
  description: 'States and scores over the 1e-9 tolerance found by drift checks',
});

/**
 * Time-driven work: every TRUST_SCHEDULER_INTERVAL_MS (the first pass one interval after boot) the
 * integrity credit of completed months is given and every participant's commitment index is
 * published if it moved (tenure grows with time alone); every TRUST_VERIFY_INTERVAL_MS every state and
 * stored score is recomputed from the ledger and compared (drift is logged as an error and counted
 * in `dx_trust_drift_mismatches_total`; repair with `npm run trust:verify -- --rebuild`). Failures
 * are logged and retried next pass.
 */
@Injectable()
export class TrustScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: IntervalTask;
  private readonly verify: IntervalTask;

  constructor(
    cleanMonths: CreditCleanMonthsHandler,
    commitment: PublishCommitmentHandler,
    dataSource: DataSource,
    @Inject(SERVICE_CONFIG) config: TrustConfig,
    @Inject(PLATFORM_LOGGER) logger: Logger,
    timeDriven: TimeDrivenWork,
  ) {
    this.verify = new IntervalTask(
      'trust drift check',
      config.TRUST_VERIFY_INTERVAL_MS,
      async () => {
        const report = await checkDrift(dataSource);
        drift.record(report.maxDifference);
        driftMismatches.add(report.mismatches);
        if (report.mismatches > 0)
          logger.error(report, 'trust drift: incremental state or scores differ from the ledger');
        else logger.info(report, 'trust drift check: state and scores equal the ledger');
      },
      logger,
    );
    const pass = async (): Promise<void> => {
      const credits = await cleanMonths.execute();
      if (credits) logger.info({ credits }, 'integrity credit for clean months');
      const moved = await commitment.executeAll();
      if (moved) logger.info({ participants: moved }, 'commitment indices published');
    };
    this.task = new IntervalTask(
      'trust scheduler pass',
      config.TRUST_SCHEDULER_INTERVAL_MS,
      pass,
      logger,
    );
    timeDriven.register('trust scheduler pass', pass);
  }

  onApplicationBootstrap(): void {
    this.task.start();
    this.verify.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.task.stop(), this.verify.stop()]);
  }
}
